package dev.peapod.kubelet;

import io.fabric8.kubernetes.api.model.Event;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Probe timing and results per reference §2 and errata part A, on the canonical timing model (DESIGN §5). */
class ProbeTimingTest {
    private final Scenario s = new Scenario();

    private static final String LIVENESS_HTTP = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              nodeName: node-1
              containers:
              - name: app
                image: example/web:1.25
                livenessProbe:
                  httpGet: {path: /healthz, port: 8080}
            """;

    @Test
    void livenessFailingFromThirtySecondsKillsOnTheThirdFailureAndRestartsAtOnce() {
        // given: defaults period 10 s, failureThreshold 3; ticks at 10, 20, 30, ...
        s.cluster.container("web", "app").httpReturns(8080, "/healthz", 500).fromStart(Duration.ofSeconds(30));
        s.apply(LIVENESS_HTTP);
        // when
        s.at(49);
        // then: failures at 30 and 40 only
        assertThat(s.container("web", "app").getRestartCount()).isZero();
        assertThat(s.events("web", "Unhealthy")).singleElement().satisfies(e -> {
            assertThat(e.getMessage()).isEqualTo("Liveness probe failed: HTTP probe failed with statuscode: 500");
            assertThat(e.getCount()).isEqualTo(2);
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getInvolvedObject().getFieldPath()).isEqualTo("spec.containers{app}");
        });
        // when: the third failure at 50 s
        s.at(50);
        // then: killed and restarted immediately, same node, name, uid and IP (kuberuntime_manager.go computePodActions)
        var status = s.container("web", "app");
        assertThat(status.getRestartCount()).isEqualTo(1);
        assertThat(status.getState().getRunning().getStartedAt()).isEqualTo("2025-01-01T00:00:50Z");
        assertThat(status.getLastState().getTerminated().getFinishedAt()).isEqualTo("2025-01-01T00:00:50Z");
        assertThat(s.events("web", "Killing")).singleElement().extracting(Event::getMessage)
                .isEqualTo("Container app failed liveness probe, will be restarted");
        assertThat(s.pod("web").getSpec().getNodeName()).isEqualTo("node-1");
        assertThat(s.pod("web").getStatus().getPodIP()).isEqualTo("10.244.1.2");
        assertThat(s.phase("web")).isEqualTo("Running");
    }

    @Test
    void aLivenessFailureWithRestartPolicyNeverAndNothingElseRunningStopsThePod() {
        // given: computePodActions keeps nothing and starts nothing, so KillPod: "Stopping container" with
        // the pod's grace period (kuberuntime_manager.go; errata A omission 7), not the probe's message
        s.cluster.container("web", "app").httpReturns(8080, "/healthz", 500);
        s.cluster.container("web", "app").diesOnSigterm();
        s.apply(LIVENESS_HTTP.replace("  nodeName: node-1", "  nodeName: node-1\n  restartPolicy: Never"));
        // when
        s.at(30);
        // then: killed by SIGTERM (128 + 15), never restarted, Failed
        assertThat(s.events("web", "Killing")).singleElement().extracting(Event::getMessage).isEqualTo("Stopping container app");
        assertThat(s.container("web", "app").getState().getTerminated().getExitCode()).isEqualTo(143);
        assertThat(s.container("web", "app").getState().getTerminated().getReason()).isEqualTo("Error");
        assertThat(s.phase("web")).isEqualTo("Failed");
    }

    @Test
    void aLivenessFailureWithRestartPolicyNeverBesideARunningContainerKillsOnlyThatOne() {
        // given: errata A-11: no ", will be restarted" with Never; the other container is kept
        s.cluster.container("web", "app").httpReturns(8080, "/healthz", 500);
        s.cluster.container("web", "app").diesOnSigterm();
        s.apply(LIVENESS_HTTP.replace("  nodeName: node-1", "  nodeName: node-1\n  restartPolicy: Never")
                + "  - {name: side, image: \"example/sidecar:1.36\"}\n");
        // when
        s.at(30);
        // then
        assertThat(s.events("web", "Killing")).singleElement().extracting(Event::getMessage)
                .isEqualTo("Container app failed liveness probe");
        assertThat(s.container("web", "app").getState().getTerminated().getExitCode()).isEqualTo(143);
        assertThat(s.container("web", "side").getState().getRunning()).isNotNull();
        assertThat(s.phase("web")).isEqualTo("Running");
    }

    @Test
    void aSidecarFailingLivenessIsRestartedAsAnInitContainer() {
        // given: computeInitContainerActions: "Init container <c> failed liveness probe", always restarted
        s.cluster.container("web", "proxy").httpReturns(9901, "/ready", 500).onStarts(1);
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  restartPolicy: Never
                  initContainers:
                  - name: proxy
                    image: "envoy:1.30"
                    restartPolicy: Always
                    livenessProbe: {httpGet: {path: /ready, port: 9901}}
                  containers:
                  - {name: app, image: "example/web:1.25"}
                """);
        // when
        s.at(30);
        // then
        assertThat(s.events("web", "Killing")).singleElement().extracting(Event::getMessage)
                .isEqualTo("Init container proxy failed liveness probe");
        assertThat(s.container("web", "proxy").getRestartCount()).isEqualTo(1);
        assertThat(s.container("web", "proxy").getState().getRunning()).isNotNull();
    }

    @Test
    void readinessWithInitialDelayFifteenAndPeriodTenTurnsReadyAtTwentySeconds() {
        // given
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: example/web:1.25
                    readinessProbe:
                      httpGet: {path: /ready, port: 8080}
                      initialDelaySeconds: 15
                      periodSeconds: 10
                """);
        // when / then: a readiness probe starts as Failure (worker.go newWorker)
        s.at(19);
        assertThat(s.container("web", "app").getReady()).isFalse();
        assertThat(s.condition("web", "Ready").getStatus()).isEqualTo("False");
        assertThat(s.condition("web", "Ready").getMessage()).isEqualTo("containers with unready status: [app]");
        assertThat(s.condition("web", "Ready").getReason()).isEqualTo("ContainersNotReady");
        s.at(20);
        assertThat(s.container("web", "app").getReady()).isTrue();
        assertThat(s.condition("web", "Ready").getStatus()).isEqualTo("True");
        assertThat(s.condition("web", "Ready").getLastTransitionTime()).isEqualTo("2025-01-01T00:00:20Z");
    }

    @Test
    void readinessWithoutDelayIsProbedAtOnceWhenTheContainerStarts() {
        // given: the start triggers the readiness worker (prober_manager UpdatePodStatus manual trigger)
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: example/web:1.25
                    readinessProbe:
                      tcpSocket: {port: 8080}
                      periodSeconds: 30
                """);
        // when
        s.at(0);
        // then
        assertThat(s.container("web", "app").getReady()).isTrue();
    }

    @Test
    void failingReadinessNeverRestartsTheContainer() {
        // given
        s.cluster.container("web", "app").httpReturns(8181, "/ready", 503);
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: example/web:1.25
                    readinessProbe:
                      httpGet: {path: /ready, port: 8181}
                """);
        // when
        s.at(600);
        // then
        assertThat(s.container("web", "app").getRestartCount()).isZero();
        assertThat(s.container("web", "app").getReady()).isFalse();
        assertThat(dev.peapod.printers.PodPrinter.row(s.pod("web"), s.cluster.now()))
                .extracting("ready", "status", "restarts").containsExactly("0/1", "Running", "0");
        assertThat(s.events("web", "Unhealthy")).singleElement().satisfies(e -> {
            assertThat(e.getMessage()).isEqualTo("Readiness probe failed: HTTP probe failed with statuscode: 503");
            assertThat(e.getCount()).isEqualTo(61); // at 0 (start trigger), then every 10 s to 600
        });
    }

    @Test
    void startupProbeWithThirtyTimesTenSecondsProtectsAFourMinuteStart() {
        // given: the app opens its port after 4 minutes
        s.cluster.container("web", "app").listensAfter(Duration.ofMinutes(4));
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: example/web:1.25
                    startupProbe:
                      httpGet: {path: /healthz, port: 8080}
                      failureThreshold: 30
                      periodSeconds: 10
                    livenessProbe:
                      httpGet: {path: /healthz, port: 8080}
                    readinessProbe:
                      httpGet: {path: /healthz, port: 8080}
                      periodSeconds: 30
                """);
        // when / then: 23 refused startup probes (10..230 s), success at 240 s
        s.at(239);
        assertThat(s.container("web", "app").getStarted()).isFalse();
        assertThat(s.events("web", "Unhealthy")).singleElement().satisfies(e -> {
            assertThat(e.getMessage()).isEqualTo("Startup probe failed: Get \"http://10.244.1.2:8080/healthz\": "
                    + "dial tcp 10.244.1.2:8080: connect: connection refused");
            assertThat(e.getCount()).isEqualTo(23);
        });
        s.at(240);
        // then: started, and readiness probed at once after the startup success (DESIGN §5 item 4)
        assertThat(s.container("web", "app").getStarted()).isTrue();
        assertThat(s.container("web", "app").getReady()).isTrue();
        s.at(900);
        assertThat(s.container("web", "app").getRestartCount()).isZero();
    }

    private static final String STARTUP_EVERY_FIVE = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              nodeName: node-1
              containers:
              - name: app
                image: example/web:1.25
                startupProbe:
                  httpGet: {path: /healthz, port: 8080}
                  periodSeconds: 5
                livenessProbe:
                  httpGet: {path: /healthz, port: 8080}
                  periodSeconds: 7
            """;

    /** The seconds since start of the startup probe's runs. */
    private List<Long> startupProbes() {
        return s.cluster.timeline().forPod("default", "web", dev.peapod.timeline.Fact.ProbeRan.class).stream()
                .filter(e -> ((dev.peapod.timeline.Fact.ProbeRan) e.fact()).probe() == dev.peapod.timeline.Fact.Probe.STARTUP)
                .map(e -> e.sinceStart().getSeconds()).toList();
    }

    @Test
    void aDecidedStartupProbeTicksForNothingUntilARestartAndThenOnItsOwnGrid() {
        // given: started at the first tick (5 s); the run crashes at 23 s, off the 5 s grid
        s.cluster.container("web", "app").exitsWith(1).after(Duration.ofSeconds(23)).onStarts(1);
        s.apply(STARTUP_EVERY_FIVE);
        s.at(10);
        long steady = s.cluster.context().loop().eventsRun();
        s.at(20);
        // then: the started container's startup worker schedules nothing (worker.go doProbe returns early)
        long between = s.cluster.context().loop().eventsRun() - steady;
        // when
        s.at(60);
        // then: the new run is probed on the grid of the worker's anchor (5 s), not 5 s after the restart
        assertThat(s.container("web", "app").getRestartCount()).isEqualTo(1);
        assertThat(startupProbes()).containsExactly(5L, 25L);
        assertThat(between).isEqualTo(4); // the liveness tick at 14 s and the node's heartbeats; the startup ticks at 15 and 20 s are gone
    }

    @Test
    void aLivenessKillBringsTheStartupTicksBackOnTheirGrid() {
        // given: liveness fails from 20 s (ticks 21, 28, 35: killed at 35); the app takes 6 s to stop
        s.cluster.container("web", "app").httpReturns(8080, "/healthz", 500).fromStart(Duration.ofSeconds(20));
        s.cluster.container("web", "app").shutsDownIn(Duration.ofSeconds(6));
        s.apply(STARTUP_EVERY_FIVE);
        // when
        s.at(60);
        // then: restarted as the kill returns at 41 s; the startup probe's next tick is 45 s
        assertThat(s.container("web", "app").getRestartCount()).isEqualTo(1);
        assertThat(s.container("web", "app").getState().getRunning().getStartedAt()).isEqualTo("2025-01-01T00:00:41Z");
        assertThat(startupProbes()).containsExactly(5L, 45L);
    }

    @Test
    void startupProbeOnAPathTheAppDoesNotServeRestartsWithBackOff() {
        // given: the seed's nginx with startupProbe on /api/successStart, which answers 404
        s.cluster.container("nginx", "nginx").httpReturns(80, "/api/successStart", 404);
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: nginx}
                spec:
                  nodeName: node-1
                  containers:
                  - name: nginx
                    image: example/web:latest
                    ports: [{name: http, containerPort: 80}]
                    startupProbe:
                      httpGet: {path: /api/successStart, port: 80}
                """);
        // when: startup fails 3 times in a row every 30 s. Each kill is followed by a start in the same
        // SyncPod, backed off against the run before the killed one (computePodActions, doBackOff):
        // kill 30 s: no earlier run, restart at once; 60 s: run before ended 30 s, entry -> 10 s, restart;
        // 90 s: 30 s ago >= 10 s, entry -> 20 s, restart; 120 s: 30 s >= 20 s, entry -> 40 s, restart;
        // 150 s: 30 s < 40 s: CrashLoopBackOff until 40 s after the exit at 150 s.
        s.at(120);
        assertThat(s.container("nginx", "nginx").getRestartCount()).isEqualTo(4);
        assertThat(s.events("nginx", "BackOff")).isEmpty();
        assertThat(s.events("nginx", "Killing")).singleElement().satisfies(e -> {
            assertThat(e.getMessage()).isEqualTo("Container nginx failed startup probe, will be restarted");
            assertThat(e.getCount()).isEqualTo(4);
        });
        s.at(150);
        assertThat(s.events("nginx", "BackOff")).singleElement().extracting(Event::getMessage)
                .isEqualTo("Back-off restarting failed container nginx in pod nginx_default(" + s.pod("nginx").getMetadata().getUid() + ")");
        // then: exactly what the seed's kubectl showed at 2m57s
        s.at(177);
        var status = s.container("nginx", "nginx");
        assertThat(status.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
        assertThat(status.getState().getWaiting().getMessage())
                .isEqualTo("back-off 40s restarting failed container=nginx pod=nginx_default(" + s.pod("nginx").getMetadata().getUid() + ")");
        assertThat(status.getLastState().getTerminated().getFinishedAt()).isEqualTo("2025-01-01T00:02:30Z");
        assertThat(dev.peapod.printers.PodPrinter.row(s.pod("nginx"), s.cluster.now()))
                .extracting("ready", "status", "restarts", "age").containsExactly("0/1", "CrashLoopBackOff", "4 (27s ago)", "2m57s");
        s.at(189);
        assertThat(s.container("nginx", "nginx").getRestartCount()).isEqualTo(4);
        s.at(190);
        assertThat(s.container("nginx", "nginx").getRestartCount()).isEqualTo(5);
    }

    @Test
    void livenessShortcutFailsOnlyTheNextThreeLivenessProbes() {
        // given
        var pod = s.apply(LIVENESS_HTTP);
        var container = pod.getSpec().getContainers().get(0);
        s.cluster.container("web", "app")
                .probeFails(dev.peapod.runtime.Requester.LIVENESS_PROBE, container.getLivenessProbe(), container)
                .nextTimes(3);
        // when
        s.at(100);
        // then: failures at 10, 20, 30; killed at 30; the restarted container stays healthy
        assertThat(s.container("web", "app").getRestartCount()).isEqualTo(1);
        assertThat(s.events("web", "Unhealthy")).singleElement().extracting(Event::getCount).isEqualTo(3);
    }

    @Test
    void execProbeTimeoutIsAFailureWithUpstreamsText() {
        // given
        s.cluster.container("web", "app").execHangs(List.of("cat", "/tmp/healthy"));
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: example/tool
                    livenessProbe:
                      exec: {command: [cat, /tmp/healthy]}
                      timeoutSeconds: 2
                """);
        // when: probes at 10, 20, 30 each time out 2 s later
        s.at(32);
        // then
        assertThat(s.events("web", "Unhealthy")).singleElement().satisfies(e -> {
            assertThat(e.getMessage()).isEqualTo("Liveness probe failed: command \"cat /tmp/healthy\" timed out");
            assertThat(e.getCount()).isEqualTo(3);
            assertThat(e.getLastTimestamp()).isEqualTo("2025-01-01T00:00:32Z");
        });
        assertThat(s.container("web", "app").getRestartCount()).isEqualTo(1);
    }

    @Test
    void aLivenessStreakCarriesOverARestartTheProbeDidNotCause() {
        // given: errata A-2: two failures, then the app crashes by itself; the next container dies on its first failure
        s.cluster.container("web", "app").httpReturns(8080, "/healthz", 500).from(Duration.ofSeconds(15));
        s.cluster.container("web", "app").exitsWith(1).after(Duration.ofSeconds(35)).onStarts(1);
        s.apply(LIVENESS_HTTP);
        // when: failures at 20 and 30; exit at 35 and restart at once; the failure at 40 is the third in a row
        s.at(40);
        // then
        assertThat(s.events("web", "Killing")).singleElement().extracting(Event::getLastTimestamp)
                .isEqualTo("2025-01-01T00:00:40Z");
        // and the second restart waits out the 10 s back-off
        s.at(49);
        assertThat(s.container("web", "app").getRestartCount()).isEqualTo(1);
        s.at(50);
        assertThat(s.container("web", "app").getRestartCount()).isEqualTo(2);
    }

    @Test
    void noLivenessProbingWhileThePodTerminates() {
        // given: an app that takes 20 s to shut down and fails liveness from 15 s
        s.cluster.container("web", "app").httpReturns(8080, "/healthz", 500).fromStart(Duration.ofSeconds(15))
                .forRequester(dev.peapod.runtime.Requester.LIVENESS_PROBE);
        s.cluster.container("web", "app").shutsDownIn(Duration.ofSeconds(20));
        s.apply(LIVENESS_HTTP);
        s.at(5);
        // when
        s.cluster.deletePod("web");
        s.at(24);
        // then: no Unhealthy events during termination (worker.go stops liveness on deletionTimestamp)
        assertThat(s.events("web", "Unhealthy")).isEmpty();
        assertThat(s.events("web", "Killing")).singleElement().extracting(Event::getMessage).isEqualTo("Stopping container app");
        s.at(25);
        assertThat(s.cluster.findPod("default", "web")).isEmpty();
    }

    @Test
    void aLivenessKillUsesTheProbesOwnGracePeriod() {
        // given: the app ignores SIGTERM; the pod allows 30 s but the probe only 5 s (setTerminationGracePeriod)
        s.cluster.container("web", "app").httpReturns(8080, "/healthz", 500).onStarts(1);
        s.cluster.container("web", "app").ignoresSigterm();
        s.apply(LIVENESS_HTTP + "      terminationGracePeriodSeconds: 5\n");
        // when: killed at 30 s
        s.at(34);
        assertThat(s.container("web", "app").getRestartCount()).isZero();
        s.at(35);
        // then: SIGKILL 5 s after SIGTERM, exit 137, restarted at once
        var last = s.container("web", "app").getLastState().getTerminated();
        assertThat(last.getExitCode()).isEqualTo(137);
        assertThat(last.getReason()).isEqualTo("Error");
        assertThat(last.getFinishedAt()).isEqualTo("2025-01-01T00:00:35Z");
        assertThat(s.container("web", "app").getRestartCount()).isEqualTo(1);
    }

    @Test
    void theBackOffOfAProbeKillsRestartIsDecidedWhenTheKillReturns() {
        // given: liveness fails at once (threshold 1, ticks every 10 s); the app ignores SIGTERM, so every kill takes
        // the pod's 25 s grace period before SIGKILL
        s.cluster.container("web", "app").httpReturns(8080, "/healthz", 500);
        s.cluster.container("web", "app").ignoresSigterm();
        s.apply(LIVENESS_HTTP.replace("  nodeName: node-1", "  nodeName: node-1\n  terminationGracePeriodSeconds: 25")
                + "      failureThreshold: 1\n");
        // when: SyncPod's killContainer returns only when the container has stopped, and only then does the same
        // SyncPod start it, with doBackOff against the run before the killed one (kuberuntime_manager.go SyncPod).
        // Kill 10 s, stop 35: no earlier run, start at once; kill 40, stop 65: entry -> 10 s, start; kill 70, stop 95:
        // the run before stopped 30 s ago >= 10 s (5 s at the kill, which must not count), entry -> 20 s, start
        s.at(94);
        assertThat(s.container("web", "app").getRestartCount()).isEqualTo(2);
        s.at(95);
        // then
        assertThat(s.container("web", "app").getRestartCount()).isEqualTo(3);
        assertThat(s.events("web", "BackOff")).isEmpty();
        // when: kill 100, stop 125: 30 s >= 20 s, entry -> 40 s, start; kill 130, stop 155: 30 s < 40 s, back off
        s.at(156);
        // then: the back-off runs from the killed run's exit at 155 s
        var status = s.container("web", "app");
        assertThat(status.getRestartCount()).isEqualTo(4);
        assertThat(status.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
        assertThat(status.getState().getWaiting().getMessage())
                .isEqualTo("back-off 40s restarting failed container=app pod=web_default(" + s.pod("web").getMetadata().getUid() + ")");
        assertThat(status.getLastState().getTerminated().getExitCode()).isEqualTo(137);
        assertThat(status.getLastState().getTerminated().getFinishedAt()).isEqualTo("2025-01-01T00:02:35Z");
        assertThat(s.events("web", "BackOff")).isNotEmpty();
        s.at(194);
        assertThat(s.container("web", "app").getRestartCount()).isEqualTo(4);
        s.at(195);
        assertThat(s.container("web", "app").getRestartCount()).isEqualTo(5);
    }

    @Test
    void theRuntimeNeverStopsAContainerWithLessThanTwoSeconds() {
        // given: pod grace 1 s; the runtime floors it at 2 s (kuberuntime minimumGracePeriodInSeconds)
        s.cluster.container("web", "app").httpReturns(8080, "/healthz", 500).onStarts(1);
        s.cluster.container("web", "app").ignoresSigterm();
        s.apply(LIVENESS_HTTP.replace("  nodeName: node-1", "  nodeName: node-1\n  terminationGracePeriodSeconds: 1"));
        // when
        s.at(32);
        // then
        assertThat(s.container("web", "app").getLastState().getTerminated().getFinishedAt()).isEqualTo("2025-01-01T00:00:32Z");
    }

    @Test
    void aRestartKeepsThePodsNameUidNodeAndIp() {
        // given
        s.cluster.container("web", "app").httpReturns(8080, "/healthz", 500).onStarts(1, 2, 3);
        var before = s.apply(LIVENESS_HTTP);
        s.at(1);
        var ip = s.pod("web").getStatus().getPodIP();
        // when
        s.at(600);
        // then (reference §0 rule 12)
        var after = s.pod("web");
        assertThat(s.container("web", "app").getRestartCount()).isEqualTo(3);
        assertThat(after.getMetadata().getUid()).isEqualTo(before.getMetadata().getUid());
        assertThat(after.getMetadata().getName()).isEqualTo("web");
        assertThat(after.getSpec().getNodeName()).isEqualTo("node-1");
        assertThat(after.getStatus().getPodIP()).isEqualTo(ip);
    }
}
