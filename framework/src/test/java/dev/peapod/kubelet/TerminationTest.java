package dev.peapod.kubelet;

import dev.peapod.timeline.Fact;
import dev.peapod.timeline.TimelineEntry;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SyncTerminatingPod: the kill order with sidecars (kuberuntime_container.go killContainersWithSyncResult,
 * kuberuntime_termination_order.go) and a grace period that can only shrink (pod_workers.go UpdatePod).
 */
class TerminationTest {
    private final Scenario s = new Scenario();

    private static final String WITH_SIDECARS = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              nodeName: node-1
              initContainers:
              - {name: proxy, image: "envoy:1.30", restartPolicy: Always}
              - {name: logs, image: "fluent-bit:3.0", restartPolicy: Always}
              containers:
              - {name: a, image: "nginx:1.25"}
              - {name: b, image: "nginx:1.25"}
            """;

    /** Killing events and exits, as "seconds text", in timeline order. */
    private List<String> kills() {
        return s.cluster.timeline().forPod("default", "web").stream()
                .filter(e -> e.fact() instanceof Fact.ContainerExited
                        || e.fact() instanceof Fact.EventRecorded ev && ev.reason().equals("Killing"))
                .map(e -> e.sinceStart().getSeconds() + " " + e.text())
                .toList();
    }

    private void delete(long grace) {
        s.cluster.context().store().delete(Pod.class, "default", "web", grace);
        s.cluster.context().loop().settle();
    }

    @Test
    void appContainersStopFirstThenSidecarsInReverseOrder() {
        // given: a stops 5 s after SIGTERM, b 3 s; logs 2 s; proxy at once
        s.cluster.container("web", "a").shutsDownIn(Duration.ofSeconds(5));
        s.cluster.container("web", "b").shutsDownIn(Duration.ofSeconds(3));
        s.cluster.container("web", "logs").shutsDownIn(Duration.ofSeconds(2));
        s.apply(WITH_SIDECARS);
        s.at(10);
        // when: deleted with the default 30 s
        delete(30);
        s.at(60);
        // then: every container gets its Killing event at once, app containers first; the sidecars get
        // SIGTERM only when the app containers have exited (15 s), the last sidecar first
        assertThat(kills()).containsExactly(
                "10 Killing: Stopping container a",
                "10 Killing: Stopping container b",
                "10 Killing: Stopping container logs",
                "10 Killing: Stopping container proxy",
                "13 container b exited with code 0 (Completed)",
                "15 container a exited with code 0 (Completed)",
                "17 container logs exited with code 0 (Completed)",
                "17 container proxy exited with code 0 (Completed)");
        assertThat(s.cluster.pods()).isEmpty();
    }

    @Test
    void aSidecarWaitingForItsTurnPastTheGracePeriodGetsTheMinimumTwoSeconds() {
        // given: a ignores SIGTERM, so it is killed at the end of the 10 s grace period
        s.cluster.container("web", "a").ignoresSigterm();
        s.cluster.container("web", "proxy").ignoresSigterm();
        s.apply(WITH_SIDECARS);
        s.at(10);
        // when
        delete(10);
        s.at(60);
        // then: logs and proxy wait the whole grace period; each then has 10 - 10 -> 2 s (minimumGracePeriodInSeconds)
        assertThat(kills()).containsExactly(
                "10 Killing: Stopping container a",
                "10 Killing: Stopping container b",
                "10 Killing: Stopping container logs",
                "10 Killing: Stopping container proxy",
                "10 container b exited with code 0 (Completed)",
                "20 container a exited with code 137 (Error)",
                "20 container logs exited with code 0 (Completed)",
                "22 container proxy exited with code 137 (Error)");
    }

    @Test
    void aSecondShorterDeletionDoesNotCutShortTheKillUnderWay() {
        // given: one container that ignores SIGTERM, deleted with 60 s at 10 s
        s.cluster.container("web", "a").ignoresSigterm();
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - {name: a, image: "nginx:1.25"}
                """);
        s.at(10);
        delete(60);
        // when: deleted again at 20 s with 5 s
        s.at(20);
        delete(5);
        s.at(100);
        // then: one Killing event, SIGKILL at 70 s. pod_workers.go UpdatePod shortens the grace period and
        // cancels the worker's context, but SyncTerminatingPod kills on context.Background()
        // (kubelet.go, kubernetes issue #113606), so the first StopContainer runs out its 60 s.
        assertThat(kills()).containsExactly(
                "10 Killing: Stopping container a",
                "70 container a exited with code 137 (Error)");
        assertThat(s.cluster.pods()).isEmpty();
    }

    @Test
    void aLongerSecondDeletionChangesNothing() {
        // given
        s.cluster.container("web", "a").ignoresSigterm();
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - {name: a, image: "nginx:1.25"}
                """);
        s.at(10);
        delete(20);
        // when
        s.at(15);
        delete(60);
        s.at(100);
        // then: the grace period only shrinks
        assertThat(kills()).containsExactly("10 Killing: Stopping container a", "30 container a exited with code 137 (Error)");
    }

    @Test
    void aShorterDeletionDoesNotCutShortASidecarsWaitForItsTurn() {
        // given: the app and the sidecar ignore SIGTERM; deleted with 60 s at 10 s
        s.cluster.container("web", "a").ignoresSigterm();
        s.cluster.container("web", "proxy").ignoresSigterm();
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  initContainers:
                  - {name: proxy, image: "envoy:1.30", restartPolicy: Always}
                  containers:
                  - {name: a, image: "nginx:1.25"}
                """);
        s.at(10);
        delete(60);
        // when: deleted again at 20 s with 5 s
        s.at(20);
        delete(5);
        s.at(100);
        // then: the kill under way runs on (kubelet.go SyncTerminatingPod, kubernetes issue #113606): a gets SIGKILL at
        // 70 s; proxy's turn comes then, with 60 - 60 s waited -> the 2 s minimum, so SIGKILL at 72 s
        // (kuberuntime_termination_order.go waitForTurn, kuberuntime_container.go killContainer)
        assertThat(kills()).containsExactly(
                "10 Killing: Stopping container a",
                "10 Killing: Stopping container proxy",
                "70 container a exited with code 137 (Error)",
                "72 container proxy exited with code 137 (Error)");
        assertThat(s.cluster.pods()).isEmpty();
    }

    @Test
    void aForceDeletedPodsContainersAreStillKilledWithTheTwoSecondFloor() {
        // given: a ignores SIGTERM, b stops at once
        s.cluster.container("web", "a").ignoresSigterm();
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - {name: a, image: "nginx:1.25"}
                  - {name: b, image: "nginx:1.25"}
                """);
        s.at(10);
        // when: kubectl delete --force --grace-period=0
        delete(0);
        s.at(100);
        // then: the object is gone at once, but the kubelet still kills (HandlePodRemoves -> deletePod ->
        // UpdatePod SyncPodKill, kubelet.go); calculateEffectiveGracePeriod keeps the deletion's 0 as an override
        // and raises it to 1 s (PR #124063, v1.31), and the runtime's 2 s floor applies
        assertThat(s.cluster.pods()).isEmpty();
        assertThat(kills()).containsExactly(
                "10 Killing: Stopping container a",
                "10 Killing: Stopping container b",
                "10 container b exited with code 0 (Completed)",
                "12 container a exited with code 137 (Error)");
        assertThat(s.cluster.timeline().containerHistory("default", "web", "a").exitedAt())
                .containsExactly(Duration.ofSeconds(12));
    }

    @Test
    void signalsAreTypedFactsThatShowWhenASidecarGetsItsTurn() {
        // given: the app and the sidecar ignore SIGTERM
        s.cluster.container("web", "a").ignoresSigterm();
        s.cluster.container("web", "proxy").ignoresSigterm();
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  terminationGracePeriodSeconds: 20
                  initContainers:
                  - {name: proxy, image: "envoy:1.30", restartPolicy: Always}
                  containers:
                  - {name: a, image: "nginx:1.25"}
                """);
        s.at(10);
        // when
        s.cluster.deletePod("web");
        s.at(100);
        // then: both Killing events at 10 s (a is nginx, whose image's STOPSIGNAL is SIGQUIT), but the sidecar's SIGTERM waits for its turn, which comes when a
        // is SIGKILLed at 30 s; its grace is then 20 - 20 s waited -> the 2 s floor (kuberuntime_termination_order.go)
        assertThat(s.cluster.timeline().forPod("default", "web", Fact.Signalled.class))
                .extracting(e -> e.sinceStart().getSeconds() + " " + e.text())
                .containsExactly("10 container a got SIGQUIT", "30 container a got SIGKILL",
                        "30 container proxy got SIGTERM", "32 container proxy got SIGKILL");
        assertThat(s.cluster.timeline().describe("default", "web")).doesNotContain("got SIG");
    }
}
