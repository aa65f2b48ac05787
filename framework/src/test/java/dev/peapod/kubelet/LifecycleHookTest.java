package dev.peapod.kubelet;

import dev.peapod.timeline.Fact;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Lifecycle hooks (kuberuntime_container.go startContainer step 4, killContainer, executePreStopHook; lifecycle/handlers.go). */
class LifecycleHookTest {
    private final Scenario s = new Scenario();

    /** Hooks, signals, Killing and hook events, exits and starts, as "seconds text", in timeline order. */
    private List<String> story() {
        return s.cluster.timeline().forPod("default", "web").stream()
                .filter(e -> e.fact() instanceof Fact.HookRan || e.fact() instanceof Fact.Signalled
                        || e.fact() instanceof Fact.ContainerExited || e.fact() instanceof Fact.ContainerStarted
                        || e.fact() instanceof Fact.EventRecorded ev && (ev.reason().equals("Killing")
                        || ev.reason().endsWith("Hook") || ev.reason().equals("BackOff")))
                .map(e -> e.sinceStart().getSeconds() + " " + e.text())
                .toList();
    }

    private void delete(long grace) {
        s.cluster.context().store().delete(Pod.class, "default", "web", grace);
        s.cluster.context().loop().settle();
    }

    @Test
    void aPreStopSleepOfFiveSecondsDelaysSigtermByFiveSeconds() {
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: example/web:1
                    lifecycle:
                      preStop: {sleep: {seconds: 5}}
                """);
        s.at(10);
        delete(30);
        s.at(60);
        assertThat(story()).containsExactly(
                "0 container app started",
                "10 Killing: Stopping container app",
                "10 container app: PreStop hook started",
                "15 container app: PreStop hook succeeded",
                "15 container app got SIGTERM",
                "15 container app exited with code 0 (Completed)");
        assertThat(s.cluster.pods()).isEmpty();
    }

    @Test
    void aPreStopThatOverrunsTheGracePeriodGetsTheTwoSecondExtension() {
        // given: a busybox shell as PID 1 (it ignores SIGTERM) and a preStop that sleeps 40 s
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: busybox:1.36
                    command: ["sh", "-c", "while true; do sleep 1; done"]
                    lifecycle:
                      preStop:
                        exec: {command: ["sh", "-c", "sleep 40"]}
                """);
        String uid = s.pod("web").getMetadata().getUid();
        s.at(10);
        delete(30);
        s.at(100);
        // then: the kubelet waits 30 s for the hook, 30 - 30 = 0 -> the 2 s minimum: SIGTERM at 40, SIGKILL at 42;
        // the hook's exec dies with the container (137): FailedPreStopHook
        assertThat(story()).containsExactly(
                "0 container app started",
                "10 Killing: Stopping container app",
                "10 container app: PreStop hook started",
                "40 container app: PreStop hook still running after the grace period of 30s, the kubelet goes on",
                "40 container app got SIGTERM",
                "42 container app got SIGKILL",
                "42 container app exited with code 137 (Error)",
                "42 container app: PreStop hook failed: Exec lifecycle hook ([sh -c sleep 40]) for Container \"app\" in Pod \"web_default("
                        + uid + ")\" failed - error: command 'sh -c sleep 40' exited with 137: , message: \"\"",
                "42 FailedPreStopHook: PreStopHook failed");
    }

    @Test
    void aShellAsPidOneThatIgnoresSigtermDiesAtExactlyTheGracePeriodWith137() {
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: busybox:1.36
                    command: ["sh", "-c", "while true; do sleep 1; done"]
                """);
        s.at(10);
        delete(30);
        s.at(100);
        assertThat(story()).containsExactly(
                "0 container app started",
                "10 Killing: Stopping container app",
                "10 container app got SIGTERM",
                "40 container app got SIGKILL",
                "40 container app exited with code 137 (Error)");
    }

    @Test
    void theContainerIsNotRunningUntilItsPostStartHookCompletes() {
        // given: a postStart hook that takes 5 s, and a readiness probe every second
        s.cluster.container("web", "app").postStart().takes(Duration.ofSeconds(5));
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: example/web:1
                    lifecycle:
                      postStart: {exec: {command: ["sh", "-c", "echo hello > /tmp/ready"]}}
                    readinessProbe: {exec: {command: [cat, /tmp/ready]}, periodSeconds: 1}
                """);
        // when: 3 s in, the kubelet still waits for the hook (SyncPod is blocked in startContainer)
        s.at(3);
        // then: the status is the one published before the start, and no probe has run
        assertThat(s.container("web", "app").getState().getWaiting().getReason()).isEqualTo("ContainerCreating");
        assertThat(s.cluster.podTable()).contains("web    0/1     ContainerCreating   0          3s");
        assertThat(s.cluster.timeline().forPod("default", "web", Fact.ProbeRan.class)).isEmpty();
        // and at 5 s the hook ends: Running, probed, ready
        s.at(6);
        assertThat(s.container("web", "app").getState().getRunning().getStartedAt()).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(s.condition("web", "Ready").getLastTransitionTime()).isEqualTo("2025-01-01T00:00:05Z");
        assertThat(story()).containsExactly(
                "0 container app started",
                "0 container app: PostStart hook started",
                "5 container app: PostStart hook succeeded");
    }

    @Test
    void aFailingPostStartHookKillsTheContainerAndTheRestartPolicyAppliesWithTheCrashBackOff() {
        // given: the hook fails on the first three starts; the preStop hook runs on each kill
        s.cluster.container("web", "app").postStart().fails().onStarts(1, 2, 3);
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: example/web:1
                    lifecycle:
                      postStart:
                        exec: {command: ["sh", "-c", "echo hi > /tmp/x"]}
                      preStop: {sleep: {seconds: 1}}
                """);
        String uid = s.pod("web").getMetadata().getUid();
        String message = "Exec lifecycle hook ([sh -c echo hi > /tmp/x]) for Container \"app\" in Pod \"web_default(" + uid
                + ")\" failed - error: command 'sh -c echo hi > /tmp/x' exited with 1: , message: \"\"";
        // when: 1 s in, the first run has been killed and its restart is blocked in its own failing hook
        s.at(1);
        // then: the status the restarting SyncPod published: PostStartHookError with the hook's message
        var status = s.container("web", "app");
        assertThat(status.getState().getWaiting().getReason()).isEqualTo("PostStartHookError");
        assertThat(status.getState().getWaiting().getMessage()).isEqualTo(message);
        assertThat(status.getLastState().getTerminated().getExitCode()).isZero();
        assertThat(s.cluster.podTable()).contains("web    0/1     PostStartHookError   0          1s");
        s.at(100);
        // the first restart is at once, then the back-off doubles from 10 s (kuberuntime_manager.go doBackOff)
        assertThat(story()).containsExactly(
                "0 container app started",
                "0 container app: PostStart hook started",
                "0 container app: PostStart hook failed: " + message,
                "0 FailedPostStartHook: PostStartHook failed",
                "0 Killing: FailedPostStartHook",
                "0 container app: PreStop hook started",
                "1 container app: PreStop hook succeeded",
                "1 container app got SIGTERM",
                "1 container app exited with code 0 (Completed)",
                "1 container app started (restart 1)",
                "1 container app: PostStart hook started",
                "1 container app: PostStart hook failed: " + message,
                "1 FailedPostStartHook: PostStartHook failed",
                "1 Killing: FailedPostStartHook",
                "1 container app: PreStop hook started",
                "2 container app: PreStop hook succeeded",
                "2 container app got SIGTERM",
                "2 container app exited with code 0 (Completed)",
                "2 BackOff: Back-off restarting failed container app in pod web_default(" + uid + ")",
                "12 container app started (restart 2)",
                "12 container app: PostStart hook started",
                "12 container app: PostStart hook failed: " + message,
                "12 FailedPostStartHook: PostStartHook failed",
                "12 Killing: FailedPostStartHook",
                "12 container app: PreStop hook started",
                "13 container app: PreStop hook succeeded",
                "13 container app got SIGTERM",
                "13 container app exited with code 0 (Completed)",
                "13 BackOff: Back-off restarting failed container app in pod web_default(" + uid + ")",
                "23 BackOff: Back-off restarting failed container app in pod web_default(" + uid + ")",
                "33 container app started (restart 3)",
                "33 container app: PostStart hook started",
                "33 container app: PostStart hook succeeded");
        assertThat(s.cluster.podTable()).contains("web    1/1     Running   3 (87s ago)   100s");
        // the event never carries the hook's message (kuberuntime_container.go: secrets must not leak)
        assertThat(s.events("web", "FailedPostStartHook")).singleElement()
                .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"))
                .satisfies(e -> assertThat(e.getCount()).isEqualTo(3));
    }

    @Test
    void aJobStylePodWithASidecarCompletesWhenItsMainContainerDoesAndTheSidecarsPreStopRunsFirst() {
        // given: restartPolicy Never, a sidecar that ignores SIGTERM with a 3 s preStop, and a main container done at 5 s
        s.cluster.container("web", "app").exitsWith(0).after(Duration.ofSeconds(5));
        s.cluster.container("web", "proxy").ignoresSigterm();
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  restartPolicy: Never
                  initContainers:
                  - name: proxy
                    image: example/sidecar:1
                    restartPolicy: Always
                    lifecycle:
                      preStop: {sleep: {seconds: 3}}
                  containers:
                  - name: app
                    image: example/web:1
                    lifecycle:
                      preStop: {httpGet: {port: 8080, path: /quit}}
                """);
        s.at(100);
        // then: app's preStop never runs (it exited by itself); the sidecar is killed with the pod's 30 s,
        // its preStop takes 3 of them, and SIGKILL comes 27 s after SIGTERM
        assertThat(story()).containsExactly(
                "0 container proxy started",
                "0 container app started",
                "5 container app exited with code 0 (Completed)",
                "5 Killing: Stopping container proxy",
                "5 container proxy: PreStop hook started",
                "8 container proxy: PreStop hook succeeded",
                "8 container proxy got SIGTERM",
                "35 container proxy got SIGKILL",
                "35 container proxy exited with code 137 (Error)");
        assertThat(s.phase("web")).isEqualTo("Succeeded");
        assertThat(s.cluster.podTable()).contains("web    0/2     Completed   0          100s");
    }

    @Test
    void hooksReachTheContainersFilesAndPortsAndAnHttpHookFailsOnlyOnATransportError() {
        // given: nginx writes a file in its postStart hook; its preStop asks a port nothing listens on
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  terminationGracePeriodSeconds: 10
                  containers:
                  - name: app
                    image: nginx:1.27
                    lifecycle:
                      postStart: {exec: {command: ["/bin/sh", "-c", "echo Hello from the postStart handler > /usr/share/message"]}}
                      preStop: {httpGet: {port: 8080, path: /quit}}
                  - name: page
                    image: example/web:1
                    ports: [{containerPort: 8081}]
                    lifecycle:
                      preStop: {httpGet: {port: 8081, path: /missing}}
                """);
        String uid = s.pod("web").getMetadata().getUid();
        s.at(5);
        assertThat(s.cluster.inContainer("web", "app").file("/usr/share/message")).isEqualTo("Hello from the postStart handler\n");
        // when
        delete(10);
        s.at(30);
        // then: app's refused request fails its hook (FailedPreStopHook) and SIGTERM follows at once; page's
        // request is answered (a 404 is no error to runHTTPHandler)
        assertThat(story()).containsExactly(
                "0 container app started",
                "0 container app: PostStart hook started",
                "0 container app: PostStart hook succeeded",
                "0 container page started",
                "5 Killing: Stopping container app",
                "5 container app: PreStop hook started",
                "5 container app: PreStop hook failed: HTTP lifecycle hook (/quit) for Container \"app\" in Pod \"web_default(" + uid
                        + ")\" failed - error: Get \"http://10.244.1.2:8080/quit\": dial tcp 10.244.1.2:8080: connect: connection refused",
                "5 FailedPreStopHook: PreStopHook failed",
                "5 container app got SIGQUIT",
                "5 Killing: Stopping container page",
                "5 container page: PreStop hook started",
                "5 container page: PreStop hook succeeded",
                "5 container page got SIGTERM",
                "5 container app exited with code 0 (Completed)",
                "5 container page exited with code 0 (Completed)");
    }

    @Test
    void nginxQuitsThroughItsPreStopHookBeforeTheGracePeriodEnds() {
        // the seeds' lifecycle-demo: preStop runs "nginx -s quit", so nginx is on its way out when the runtime sends the
        // image's STOPSIGNAL (SIGQUIT, docker-nginx's Dockerfile), and it exits 0
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: nginx:1.27
                    lifecycle:
                      preStop: {exec: {command: ["/usr/sbin/nginx", "-s", "quit"]}}
                """);
        s.at(5);
        delete(30);
        s.at(60);
        assertThat(story()).containsExactly(
                "0 container app started",
                "5 Killing: Stopping container app",
                "5 container app: PreStop hook started",
                "5 container app: PreStop hook succeeded",
                "5 container app got SIGQUIT",
                "5 container app exited with code 0 (Completed)");
        assertThat(s.cluster.pods()).isEmpty();
    }

    @Test
    void aPodDeletedWhileItsPostStartHookRunsIsKilledOnceTheHookHasReturned() {
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: example/web:1
                    lifecycle:
                      postStart: {sleep: {seconds: 20}}
                """);
        s.at(10);
        delete(30);
        // then: SyncPod runs on context.WithoutCancel (kubelet.go), so the hook is not cut short: the pod is
        // Terminating, and SyncTerminatingPod kills once the hook has returned at 20 s
        assertThat(s.cluster.podTable()).contains("web    0/1     Terminating   0          10s");
        s.at(100);
        assertThat(story()).containsExactly(
                "0 container app started",
                "0 container app: PostStart hook started",
                "20 container app: PostStart hook succeeded",
                "20 Killing: Stopping container app",
                "20 container app got SIGTERM",
                "20 container app exited with code 0 (Completed)");
        assertThat(s.cluster.pods()).isEmpty();
    }

    @Test
    void aLivenessKillRunsThePreStopHookWithTheProbesGracePeriod() {
        s.cluster.container("web", "app").httpReturns(8080, "/healthz", 500).fromStart(Duration.ofSeconds(10)).onStarts(1);
        s.cluster.container("web", "app").ignoresSigterm();
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: example/web:1
                    livenessProbe: {httpGet: {port: 8080, path: /healthz}, periodSeconds: 10, terminationGracePeriodSeconds: 8}
                    lifecycle:
                      preStop: {sleep: {seconds: 5}}
                """);
        s.at(100);
        assertThat(story()).startsWith(
                "0 container app started",
                "30 Killing: Container app failed liveness probe, will be restarted",
                "30 container app: PreStop hook started",
                "35 container app: PreStop hook succeeded",
                "35 container app got SIGTERM",
                "38 container app got SIGKILL",
                "38 container app exited with code 137 (Error)",
                "38 container app started (restart 1)");
    }

    @Test
    void aCrashLoopingSecondInitContainerNeverRerunsTheFirst() {
        // given: init-db runs 3 s and succeeds; migrate fails after 2 s on every start
        s.cluster.container("web", "init-db").exitsWith(0).after(Duration.ofSeconds(3));
        s.cluster.container("web", "migrate").exitsWith(1).after(Duration.ofSeconds(2));
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  initContainers:
                  - {name: init-db, image: example/tool:1}
                  - {name: migrate, image: example/tool:1}
                  containers:
                  - {name: app, image: example/web:1}
                """);
        s.at(120);
        // then: init-db ran once; migrate restarts at upstream's back-off (at once, then 10 s, 20 s, 40 s)
        var history = s.cluster.timeline().containerHistory("default", "web", "init-db");
        assertThat(history.startedAt()).containsExactly(Duration.ZERO);
        assertThat(s.cluster.timeline().containerHistory("default", "web", "migrate").startedAt())
                .containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(17), Duration.ofSeconds(39),
                        Duration.ofSeconds(81));
        assertThat(s.cluster.timeline().containerHistory("default", "web", "app").runs()).isEmpty();
        assertThat(s.container("web", "init-db").getRestartCount()).isZero();
        assertThat(s.container("web", "migrate").getRestartCount()).isEqualTo(4);
        assertThat(s.cluster.podTable()).contains("web    0/1     Init:CrashLoopBackOff   4 (37s ago)   2m");
    }

    @Test
    void readinessKeepsProbingWhileThePreStopHookRunsAndAnHttpsHookFallsBackToHttp() {
        // given: readiness fails from 15 s; the preStop hook asks for https on a plain HTTP port and then sleeps
        s.cluster.container("web", "app").httpReturns(8080, "/ready", 500).fromStart(Duration.ofSeconds(15));
        s.cluster.container("web", "app").preStop().takes(Duration.ofSeconds(10));
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: example/web:1
                    ports: [{containerPort: 8080}]
                    readinessProbe: {httpGet: {port: 8080, path: /ready}, periodSeconds: 5, failureThreshold: 1}
                    livenessProbe: {httpGet: {port: 8080, path: /ready}, periodSeconds: 5, failureThreshold: 1}
                    lifecycle:
                      postStart: {httpGet: {port: 8080, path: /started, scheme: HTTPS}}
                      preStop: {httpGet: {port: 8080, path: /drain}}
                """);
        s.at(10);
        delete(30);
        s.at(18);
        // then: the readiness failure at 15 s makes the terminating pod not ready; liveness stopped at the deletion
        assertThat(s.condition("web", "Ready").getStatus()).isEqualTo("False");
        assertThat(s.events("web", "Killing")).singleElement().satisfies(e -> assertThat(e.getMessage()).isEqualTo("Stopping container app"));
        assertThat(s.events("web", "Unhealthy")).singleElement()
                .satisfies(e -> assertThat(e.getMessage()).isEqualTo("Readiness probe failed: HTTP probe failed with statuscode: 500"));
        assertThat(s.events("web", "LifecycleHTTPFallback")).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getInvolvedObject().getFieldPath()).isNull();
            assertThat(e.getMessage()).isEqualTo("request to HTTPS lifecycle hook 10.244.1.2:8080 got HTTP response, retry with HTTP succeeded");
        });
        s.at(60);
        assertThat(s.cluster.timeline().containerHistory("default", "web", "app").sigtermAt()).containsExactly(Duration.ofSeconds(20));
    }

    @Test
    void theExitCodesOfATerminationDecideTheFinalPhase() {
        // given: three pods deleted at 10 s: one exits 0 on SIGTERM, one dies of it (143), one ignores it (137)
        s.cluster.container("dies", "app").diesOnSigterm();
        s.cluster.container("stubborn", "app").ignoresSigterm();
        for (String name : List.of("graceful", "dies", "stubborn")) {
            s.apply("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: %s}
                    spec:
                      nodeName: node-1
                      terminationGracePeriodSeconds: 5
                      containers:
                      - {name: app, image: example/web:1}
                    """.formatted(name));
        }
        s.at(10);
        for (String name : List.of("graceful", "dies", "stubborn")) {
            s.cluster.context().store().delete(Pod.class, "default", name, null);
        }
        s.at(30);
        // then: the final status (podIsTerminal) takes its phase from the exit codes (kubelet_pods.go getPhase)
        assertThat(finalPhaseAndExit("graceful")).isEqualTo("10 Succeeded 0");
        assertThat(finalPhaseAndExit("dies")).isEqualTo("10 Failed 143");
        assertThat(finalPhaseAndExit("stubborn")).isEqualTo("15 Failed 137");
        assertThat(s.cluster.pods()).isEmpty();
    }

    private String finalPhaseAndExit(String pod) {
        var phases = s.cluster.timeline().forPod("default", pod, Fact.PhaseChanged.class);
        var last = phases.get(phases.size() - 1);
        var exit = s.cluster.timeline().containerHistory("default", pod, "app").runs().get(0).exit().orElseThrow();
        return last.sinceStart().getSeconds() + " " + ((Fact.PhaseChanged) last.fact()).phase() + " " + exit.exitCode();
    }

    @Test
    void aHangingHttpPostStartHookFailsWithEofWhenItsContainerDiesAndTheDeadRunsPreStopStillRuns() {
        // given: the port hangs; the first run exits 2 at 5 s while the kubelet waits for its postStart request
        s.cluster.container("web", "app").hangs(8080);
        s.cluster.container("web", "app").exitsWith(2).after(Duration.ofSeconds(5)).onStarts(1);
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: example/web:1
                    lifecycle:
                      postStart: {httpGet: {port: 8080, path: /warm}}
                      preStop: {sleep: {seconds: 2}}
                  - name: b
                    image: example/web:1
                """);
        String uid = s.pod("web").getMetadata().getUid();
        s.at(60);
        // then: the request ends in EOF with its container; the kill of the dead run still runs its preStop
        // (killContainer never checks the state), so the blocked SyncPod starts b only at 7 s, and the
        // fresh sync restarts app at once (its first crash); its new hook hangs again
        assertThat(story()).containsExactly(
                "0 container app started",
                "0 container app: PostStart hook started",
                "5 container app exited with code 2 (Error)",
                "5 container app: PostStart hook failed: HTTP lifecycle hook (/warm) for Container \"app\" in Pod \"web_default("
                        + uid + ")\" failed - error: Get \"http://10.244.1.2:8080/warm\": EOF",
                "5 FailedPostStartHook: PostStartHook failed",
                "5 Killing: FailedPostStartHook",
                "5 container app: PreStop hook started",
                "7 container app: PreStop hook succeeded",
                "7 container b started",
                "7 container app started (restart 1)",
                "7 container app: PostStart hook started");
        // the last published status is the fresh sync's, before the restart: app waits in PostStartHookError
        assertThat(s.container("web", "app").getState().getWaiting().getReason()).isEqualTo("PostStartHookError");
    }

    @Test
    void aSyncPodBlockedInAPostStartHookGoesOnWithThePodItBeganWithAfterADeletion() {
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: example/web:1
                    lifecycle:
                      postStart: {sleep: {seconds: 10}}
                  - name: b
                    image: example/web:1
                    lifecycle:
                      preStop: {httpGet: {port: http, path: /quit}}
                """);
        String uid = s.pod("web").getMetadata().getUid();
        s.at(5);
        delete(3);
        s.at(60);
        // then: SyncPod (on context.WithoutCancel) starts b after the hook, and SyncTerminatingPod then kills both;
        // b's hook names a port b does not declare (probe/util.go ResolveContainerPort)
        assertThat(story()).containsExactly(
                "0 container app started",
                "0 container app: PostStart hook started",
                "10 container app: PostStart hook succeeded",
                "10 container b started",
                "10 Killing: Stopping container app",
                "10 container app got SIGTERM",
                "10 Killing: Stopping container b",
                "10 container b: PreStop hook started",
                "10 container b: PreStop hook failed: HTTP lifecycle hook (/quit) for Container \"b\" in Pod \"web_default(" + uid
                        + ")\" failed - error: strconv.Atoi: parsing \"http\": invalid syntax",
                "10 FailedPreStopHook: PreStopHook failed",
                "10 container b got SIGTERM",
                "10 container app exited with code 0 (Completed)",
                "10 container b exited with code 0 (Completed)");
    }

    @Test
    void anExecHookThatWaitsRunsInTheImagesShellInVirtualTimeAndAHookOnlyScriptKeepsTheProgram() {
        // given: nginx's preStop sleeps 20 s in its shell; busybox's shell (PID 1) ignores SIGTERM, and its
        // script says only that its preStop takes 3 s
        s.cluster.container("web", "shell").preStop().takes(Duration.ofSeconds(3));
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: nginx:1.27
                    lifecycle:
                      preStop: {exec: {command: ["sh", "-c", "sleep 20"]}}
                  - name: shell
                    image: busybox:1.36
                    command: ["sh", "-c", "while true; do sleep 1; done"]
                    lifecycle:
                      preStop: {exec: {command: ["sh", "-c", "echo bye"]}}
                """);
        s.at(10);
        delete(30);
        s.at(60);
        // nginx's image stops it with SIGQUIT (STOPSIGNAL), not SIGTERM
        assertThat(s.cluster.timeline().containerHistory("default", "web", "app").stopSignalAt()).containsExactly(Duration.ofSeconds(30));
        assertThat(s.cluster.timeline().containerHistory("default", "web", "app").at(
                dev.peapod.timeline.ContainerHistory.StepKind.SIGQUIT)).containsExactly(Duration.ofSeconds(30));
        assertThat(s.cluster.timeline().containerHistory("default", "web", "app").sigtermAt()).isEmpty();
        assertThat(s.cluster.timeline().containerHistory("default", "web", "shell").sigtermAt()).containsExactly(Duration.ofSeconds(13));
        // the shell still ignores SIGTERM: SIGKILL at 13 + (30 - 3) = 40
        assertThat(s.cluster.timeline().containerHistory("default", "web", "shell").sigkillAt()).containsExactly(Duration.ofSeconds(40));
    }

    @Test
    void aLivenessKillBlocksThePodWorkerUntilTheRunHasStopped() {
        // given: a's liveness fails from 25 s and a ignores SIGTERM (grace 20 s); b's readiness fails from 35 s
        s.cluster.container("web", "a").httpReturns(8080, "/healthz", 500).fromStart(Duration.ofSeconds(25)).onStarts(1);
        s.cluster.container("web", "a").ignoresSigterm();
        s.cluster.container("web", "b").httpReturns(8081, "/ready", 500).fromStart(Duration.ofSeconds(35));
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  terminationGracePeriodSeconds: 20
                  containers:
                  - name: a
                    image: example/web:1
                    livenessProbe: {httpGet: {port: 8080, path: /healthz}, periodSeconds: 10, failureThreshold: 1}
                  - name: b
                    image: example/web:1
                    readinessProbe: {httpGet: {port: 8081, path: /ready}, periodSeconds: 5, failureThreshold: 1}
                """);
        s.at(45);
        // then: SyncPod kills a at 30 s and waits for it (kuberuntime_manager.go step 3), but b's readiness failure at
        // 35 s reaches the status at once (the status manager's SetContainerReadiness does not wait for the worker)
        assertThat(s.condition("web", "Ready").getStatus()).isEqualTo("False");
        assertThat(s.condition("web", "Ready").getLastTransitionTime()).isEqualTo("2025-01-01T00:00:35Z");
        // and a, still being killed, is not restarted before its kill returns
        assertThat(s.cluster.timeline().containerHistory("default", "web", "a").restartedAt()).isEmpty();
        s.at(60);
        // a is SIGKILLed at 50 s and restarted at once by the same SyncPod
        assertThat(s.cluster.timeline().containerHistory("default", "web", "a").restartedAt()).containsExactly(Duration.ofSeconds(50));
    }

    @Test
    void theRuntimeStopsAContainerWithItsImagesStopSignal() {
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - {name: nginx, image: "nginx:1.27"}
                  - {name: app, image: example/web:1}
                """);
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: apache}
                spec:
                  nodeName: node-1
                  containers:
                  - {name: httpd, image: "httpd:2.4"}
                """);
        s.at(5);
        delete(30);
        s.cluster.context().store().delete(Pod.class, "default", "apache", 30L);
        s.at(10);
        // docker-nginx: STOPSIGNAL SIGQUIT; docker-library/httpd: STOPSIGNAL SIGWINCH; an image without one: SIGTERM
        assertThat(s.cluster.timeline().forPod("default", "web", Fact.Signalled.class)).extracting(e -> e.text())
                .containsExactly("container nginx got SIGQUIT", "container app got SIGTERM");
        assertThat(s.cluster.timeline().forPod("default", "apache", Fact.Signalled.class)).extracting(e -> e.text())
                .containsExactly("container httpd got SIGWINCH");
        assertThat(s.cluster.timeline().containerHistory("default", "apache", "httpd").stopSignalAt()).containsExactly(Duration.ofSeconds(5));
        dev.peapod.assertions.PeapodAssertions.assertThat(s.cluster).pod("web").container("nginx")
                .receivedSignalAt("SIGQUIT", Duration.ofSeconds(5)).receivedStopSignalAt(Duration.ofSeconds(5));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.peapod.assertions.PeapodAssertions.assertThat(s.cluster)
                        .pod("web").container("nginx").receivedSignalAt("SIGHUP", Duration.ofSeconds(5)))
                .hasMessage("receivedSignalAt(signal, ...): the runtime sends SIGTERM, SIGQUIT, SIGWINCH (an image's stop signal) "
                        + "or SIGKILL, but the signal was \"SIGHUP\"");
    }

    @Test
    void aShellInAnNginxImageTrapsTheImagesStopSignal() {
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: nginx:1.27
                    command: ["sh", "-c", "trap 'exit 3' QUIT; while true; do sleep 1; done"]
                """);
        s.at(5);
        delete(30);
        s.at(10);
        // containerd sends the image's STOPSIGNAL (SIGQUIT) to PID 1 whatever it runs: the shell's QUIT trap exits 3
        assertThat(s.cluster.timeline().containerHistory("default", "web", "app").runs().get(0).exit().orElseThrow().exitCode())
                .isEqualTo(3);
    }

    @Test
    void aSecondLivenessFailureDuringAKillWaitsForTheNextSyncPodAndTheKilledContainerRestartsFirst() {
        // given: a fails liveness at 30 s, b at 40 s, while a is being killed; both ignore SIGTERM; grace 20 s
        s.cluster.container("web", "a").httpReturns(8080, "/healthz", 500).fromStart(Duration.ofSeconds(25)).onStarts(1);
        s.cluster.container("web", "b").httpReturns(8080, "/healthz", 500).fromStart(Duration.ofSeconds(35)).onStarts(1);
        for (String c : List.of("a", "b")) {
            s.cluster.container("web", c).ignoresSigterm();
        }
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  terminationGracePeriodSeconds: 20
                  containers:
                  - name: a
                    image: example/web:1
                    livenessProbe: {httpGet: {port: 8080, path: /healthz}, periodSeconds: 10, failureThreshold: 1}
                  - name: b
                    image: example/web:1
                    livenessProbe: {httpGet: {port: 8080, path: /healthz}, periodSeconds: 10, failureThreshold: 1}
                """);
        s.at(100);
        // then: the SyncPod of a's failure kills a (30-50) and then restarts it; b's failure (40 s) waits, and its kill
        // comes with the next SyncPod (50-70)
        assertThat(s.cluster.timeline().containerHistory("default", "web", "a").restartedAt()).containsExactly(Duration.ofSeconds(50));
        assertThat(s.cluster.timeline().containerHistory("default", "web", "b").sigkillAt()).containsExactly(Duration.ofSeconds(70));
        assertThat(s.cluster.timeline().containerHistory("default", "web", "b").restartedAt()).containsExactly(Duration.ofSeconds(70));
    }

    @Test
    void aPodDeletedWhilePendingEndsFailedAsTerminatePodMarksIt() {
        s.cluster.imageCannotBePulled("example/missing:1");
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - {name: app, image: "example/missing:1"}
                """);
        s.at(5);
        delete(30);
        s.at(10);
        // then: the final status before the pod leaves the API: Failed ("Marking terminal pod as failed")
        assertThat(s.cluster.timeline().forPod("default", "web", Fact.PhaseChanged.class)).extracting(e -> e.text())
                .containsExactly("pod phase Failed");
        assertThat(s.cluster.pods()).isEmpty();
    }

    @Test
    void aPodInitializedByARunningSidecarHasItsWaitingAppContainerReportedUnknownAtItsDeadline() {
        s.cluster.imageCannotBePulled("example/missing:1");
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  activeDeadlineSeconds: 20
                  initContainers:
                  - {name: proxy, image: example/sidecar:1, restartPolicy: Always}
                  containers:
                  - {name: app, image: "example/missing:1"}
                """);
        s.at(60);
        // then: hasPodInitialized counts a running, started sidecar; TerminatePod reports the waiting app unknown
        assertThat(s.phase("web")).isEqualTo("Failed");
        assertThat(s.container("web", "app").getState().getTerminated().getReason()).isEqualTo("ContainerStatusUnknown");
    }

    @Test
    void aRunStartedBySyncPodThatThenWaitsForAPullIsNotProbedUntilAStatusShowsIt() {
        // given: b's image takes 10 s to pull; a starts first and has a readiness probe every second
        s.cluster.image("example/slow:1").pullTakes(Duration.ofSeconds(10));
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: a
                    image: example/web:1
                    readinessProbe: {httpGet: {port: 8080, path: /ready}, periodSeconds: 1}
                  - {name: b, image: "example/slow:1", imagePullPolicy: Always}
                """);
        s.at(20);
        // then: SyncPod started a at 0 s and waited in b's pull until 10 s; the prober waits for a status with a's run
        // (readiness's trigger on the publish at 10 s: prober_manager UpdatePodStatus)
        assertThat(s.cluster.timeline().forPod("default", "web", Fact.ProbeRan.class).get(0).sinceStart())
                .isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void anImagePulledByDigestKeepsItsDigestAsImageId() {
        String digest = "sha256:" + "ab".repeat(32);
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - {name: app, image: "example/web@%s"}
                """.formatted(digest));
        s.at(5);
        // containerd's imageRef for a pull by digest is the repository's digest the pod named
        assertThat(s.container("web", "app").getImageID()).isEqualTo("docker.io/example/web@" + digest);
    }
}
