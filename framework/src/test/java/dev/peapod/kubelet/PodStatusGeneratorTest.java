package dev.peapod.kubelet;

import dev.peapod.runtime.ContainerExit;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The status as a pure function of the pod, the runtime snapshot, the caches, the old status and the instant. */
class PodStatusGeneratorTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private static Pod pod() {
        return new PodBuilder().withNewMetadata().withName("web").withNamespace("default").withUid("u1").endMetadata()
                .withNewSpec()
                .addNewContainer().withName("app").withImage("nginx:1.25")
                .withNewReadinessProbe().withNewHttpGet().withPath("/ready").withNewPort(80).endHttpGet().endReadinessProbe()
                .endContainer()
                .endSpec().build();
    }

    private static PodStatusGenerator.Caches caches(Map<String, ProbeResult> results, PodStatusGenerator.Waiting waiting) {
        return new PodStatusGenerator.Caches() {
            @Override
            public ProbeResult result(ProbeType type, String containerId) {
                return results.get(type.lower() + "/" + containerId);
            }

            @Override
            public PodStatusGenerator.Waiting waiting(String container) {
                return waiting;
            }
        };
    }

    private static PodCondition condition(PodStatus status, String type) {
        return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    @Test
    void anExitedContainerWithACachedReasonWaitsAndShowsTheExitAsLastState() {
        // given: the second run exited 1 at 40 s; CrashLoopBackOff is in the reason cache
        RuntimeSnapshot runtime = new RuntimeSnapshot("10.244.1.2", List.of(new RuntimeSnapshot.Container("app", "c2",
                RuntimeSnapshot.State.EXITED, T0.plusSeconds(30), new ContainerExit(T0.plusSeconds(40), 1, "Error"), 1,
                new ContainerExit(T0.plusSeconds(20), 1, "Error"), "c1", T0, "nginx:1.25")));
        var waiting = new PodStatusGenerator.Waiting("CrashLoopBackOff", "back-off 10s restarting failed container=app");
        // when
        PodStatus status = PodStatusGenerator.generate(pod(), runtime, caches(Map.of(), waiting), null, T0.plusSeconds(45),
                "172.18.0.2", T0, false);
        // then
        ContainerStatus app = status.getContainerStatuses().get(0);
        assertThat(status.getPhase()).isEqualTo("Running");
        assertThat(app.getRestartCount()).isEqualTo(1);
        assertThat(app.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
        assertThat(app.getLastState().getTerminated().getFinishedAt()).isEqualTo("2025-01-01T00:00:40Z");
        assertThat(app.getLastState().getTerminated().getContainerID()).isEqualTo("c2");
        assertThat(app.getReady()).isFalse();
        assertThat(app.getStarted()).isFalse();
        assertThat(condition(status, "ContainersReady").getMessage()).isEqualTo("containers with unready status: [app]");
        assertThat(condition(status, "ContainersReady").getLastTransitionTime()).isEqualTo("2025-01-01T00:00:45Z");
    }

    @Test
    void aStatusDependsOnTheClockOnlyWhileOneOfItsConditionsFlipsAgainstThePodsOwn() {
        // given: a running, ready container; the pod's API status has none of the kubelet's conditions yet
        RuntimeSnapshot runtime = new RuntimeSnapshot("10.244.1.2", List.of(new RuntimeSnapshot.Container("app", "c2",
                RuntimeSnapshot.State.RUNNING, T0, null, 0, null, null, null, "nginx:1.25")));
        var caches = caches(Map.of("readiness/c2", ProbeResult.SUCCESS), null);
        PodStatus first = PodStatusGenerator.generate(pod(), runtime, caches, null, T0.plusSeconds(10), "172.18.0.2", T0, false);
        // when: the API has that status back (the kubelet's write came through), and the same inputs again
        Pod published = new PodBuilder(pod()).withStatus(first).build();
        PodStatus again = PodStatusGenerator.generate(published, runtime, caches, first, T0.plusSeconds(70), "172.18.0.2", T0, false);
        // then: every condition keeps its lastTransitionTime, so the status does not depend on the clock and may be reused
        assertThat(PodStatusGenerator.transitionsAt(pod(), first)).isTrue();
        assertThat(PodStatusGenerator.transitionsAt(published, again)).isFalse();
        assertThat(again).isEqualTo(first);
        assertThat(condition(again, "Ready").getLastTransitionTime()).isEqualTo("2025-01-01T00:00:10Z");
        // and: readiness lost flips Ready, which transitions at the new instant
        PodStatus unready = PodStatusGenerator.generate(published, runtime, caches(Map.of(), null), first, T0.plusSeconds(80),
                "172.18.0.2", T0, false);
        assertThat(PodStatusGenerator.transitionsAt(published, unready)).isTrue();
        assertThat(condition(unready, "Ready").getLastTransitionTime()).isEqualTo("2025-01-01T00:01:20Z");
    }

    @Test
    void readinessComesFromTheResultsCacheOfTheCurrentContainerId() {
        // given: a running container whose readiness succeeded; a stale result for an old id is ignored
        RuntimeSnapshot runtime = new RuntimeSnapshot("10.244.1.2", List.of(new RuntimeSnapshot.Container("app", "c2",
                RuntimeSnapshot.State.RUNNING, T0, null, 0, null, null, null, "nginx:1.25")));
        // when
        PodStatus ready = PodStatusGenerator.generate(pod(), runtime,
                caches(Map.of("readiness/c2", ProbeResult.SUCCESS), null), null, T0.plusSeconds(10), "172.18.0.2", T0, false);
        PodStatus stale = PodStatusGenerator.generate(pod(), runtime,
                caches(Map.of("readiness/c1", ProbeResult.SUCCESS), null), null, T0.plusSeconds(10), "172.18.0.2", T0, false);
        // then
        assertThat(ready.getContainerStatuses().get(0).getReady()).isTrue();
        assertThat(condition(ready, "Ready").getStatus()).isEqualTo("True");
        assertThat(stale.getContainerStatuses().get(0).getReady()).isFalse();
        assertThat(ready.getPodIP()).isEqualTo("10.244.1.2");
        assertThat(ready.getStartTime()).isEqualTo("2025-01-01T00:00:00Z");
    }
}
