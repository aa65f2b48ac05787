package dev.peapod.kubelet;

import io.fabric8.kubernetes.api.model.PodCondition;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Conditions as the kubelet writes them (pkg/kubelet/status/generate.go, reference §5, errata B-5). */
class PodConditionsTest {
    private final Scenario s = new Scenario();

    private static String describe(PodCondition c) {
        return c.getType() + "=" + c.getStatus() + (c.getReason() == null ? "" : " " + c.getReason())
                + (c.getMessage() == null ? "" : " \"" + c.getMessage() + "\"") + " @" + c.getLastTransitionTime();
    }

    @Test
    void aRunningPodWithAnUnreadyContainerListsConditionsInTheKubeletsOrder() {
        // given: b never gets ready; a has no readiness probe
        s.cluster.container("web", "b").httpReturns(80, "/ready", 500);
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  containers:
                  - {name: b, image: "example/web:1.25", readinessProbe: {httpGet: {path: /ready, port: 80}}}
                  - {name: a, image: "example/web:1.25"}
                """);
        // when
        s.at(30);
        // then: the scheduler's PodScheduled keeps its time; the kubelet appends its own in upstream order
        assertThat(s.pod("web").getStatus().getConditions()).extracting(PodConditionsTest::describe).containsExactly(
                "PodReadyToStartContainers=True @2025-01-01T00:00:00Z",
                "Initialized=True @2025-01-01T00:00:00Z",
                "Ready=False ContainersNotReady \"containers with unready status: [b]\" @2025-01-01T00:00:00Z",
                "ContainersReady=False ContainersNotReady \"containers with unready status: [b]\" @2025-01-01T00:00:00Z",
                "PodScheduled=True @2025-01-01T00:00:00Z");
        // and container statuses are sorted by name (errata A-8)
        assertThat(s.pod("web").getStatus().getContainerStatuses()).extracting("name").containsExactly("a", "b");
    }

    @Test
    void readyFlipsOnlyWhenTheContainerBecomesReady() {
        // given
        s.cluster.container("web", "b").httpReturns(80, "/ready", 500).until(java.time.Duration.ofSeconds(45));
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  containers:
                  - {name: b, image: "example/web:1.25", readinessProbe: {httpGet: {path: /ready, port: 80}}}
                """);
        // when: probes at 0, 10, ..., 40 fail; 50 succeeds
        s.at(60);
        // then
        assertThat(s.condition("web", "Ready")).extracting(PodConditionsTest::describe).isEqualTo("Ready=True @2025-01-01T00:00:50Z");
        assertThat(s.condition("web", "Initialized").getLastTransitionTime()).isEqualTo("2025-01-01T00:00:00Z");
    }

    @Test
    void aPodWhoseSidecarAndAppBothWaitInCrashLoopBackOffIsNotInitialized() {
        // given: both exit 1 five seconds after every start; they run 0-5, 5-10, 20-25, then back off until 45
        s.cluster.container("web", "sidecar").exitsWith(1).after(java.time.Duration.ofSeconds(5));
        s.cluster.container("web", "app").exitsWith(1).after(java.time.Duration.ofSeconds(5));
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  initContainers:
                  - {name: sidecar, image: "envoy:1.30", restartPolicy: Always}
                  containers:
                  - {name: app, image: "example/web:1.25"}
                """);
        // when: the requeue at 35 s publishes both waiting
        s.at(40);
        // then: HasAnyRegularContainerStarted counts only API statuses running or terminated, so a
        // crash-looping app does not keep the pod initialized (generate.go GeneratePodInitializedCondition)
        assertThat(s.container("web", "sidecar").getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
        assertThat(s.container("web", "app").getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
        assertThat(describe(s.condition("web", "Initialized"))).isEqualTo(
                "Initialized=False ContainersNotInitialized \"containers with incomplete status: [sidecar]\" @2025-01-01T00:00:35Z");
        // (ready while they ran 20-25 s; sidecars listed first, errata B-5)
        assertThat(describe(s.condition("web", "ContainersReady"))).isEqualTo(
                "ContainersReady=False ContainersNotReady \"containers with unready status: [sidecar app]\" @2025-01-01T00:00:25Z");
        // getPhase's podHasInitialized is runtime-based (HasAnyActiveRegularContainerStarted): still Running
        assertThat(s.phase("web")).isEqualTo("Running");
        // and once both run again, the pod is initialized again
        s.at(46);
        assertThat(describe(s.condition("web", "Initialized"))).isEqualTo("Initialized=True @2025-01-01T00:00:45Z");
    }

    @Test
    void aPodWithSchedulingGatesIsGatedFromCreation() {
        // when
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  schedulingGates: [{name: example.com/quota}]
                  containers: [{name: a, image: "example/web:1.25"}]
                """);
        s.at(60);
        // then: pkg/registry/core/pod/strategy.go applySchedulingGatedCondition; kubectl shows SchedulingGated
        assertThat(s.pod("web").getStatus().getConditions()).extracting(c -> c.getType() + "=" + c.getStatus() + " "
                + c.getReason() + " " + c.getMessage()).containsExactly(
                "PodScheduled=False SchedulingGated Scheduling is blocked due to non-empty scheduling gates");
        assertThat(dev.peapod.printers.PodPrinter.row(s.pod("web"), s.cluster.now()).status()).isEqualTo("SchedulingGated");
        assertThat(s.events("web", "FailedScheduling")).isEmpty();
        assertThat(List.of(s.phase("web"))).containsExactly("Pending");
    }

    @Test
    void theTimelineShowsWhenThePodTurnsReadyAndUnready() {
        // given: readiness every 5 s; the app fails it from 60 s to 90 s of cluster time
        s.cluster.container("web", "b").httpReturns(80, "/ready", 500).from(java.time.Duration.ofSeconds(60))
                .until(java.time.Duration.ofSeconds(90));
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  containers:
                  - {name: b, image: "example/web:1.25", readinessProbe: {httpGet: {path: /ready, port: 80}, periodSeconds: 5}}
                """);
        // when: failures at 60, 65, 70 s reach the threshold; the probe at 90 s succeeds
        s.at(100);
        // then
        assertThat(s.cluster.timeline().forPod("default", "web")).filteredOn(e -> e.text().startsWith("pod "))
                .extracting(e -> e.format()).containsExactly(
                        "00:00:00  pod phase Running",
                        "00:00:00  pod ready",
                        "00:01:10  pod not ready: containers with unready status: [b]",
                        "00:01:30  pod ready");
    }
}
