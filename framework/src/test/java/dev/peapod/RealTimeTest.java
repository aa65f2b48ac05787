package dev.peapod;

import dev.peapod.core.PeapodException;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Time that runs with the wall clock (issue #14): a test that waits in real time with Awaitility sees the
 * cluster move on its own; closing the handle stops time; failures on the driver's thread reach the test.
 */
class RealTimeTest {
    private static final String RESTARTING = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              nodeName: node-1
              containers:
              - name: app
                image: nginx:1.25
                livenessProbe:
                  httpGet: {path: /healthz, port: 8080}
                  periodSeconds: 1
            """;

    private static int restarts(FakeCluster cluster) {
        Pod pod = cluster.pod("web");
        return pod.getStatus().getContainerStatuses() == null || pod.getStatus().getContainerStatuses().isEmpty() ? 0
                : pod.getStatus().getContainerStatuses().get(0).getRestartCount();
    }

    @Test
    void aTestThatWaitsInWallTimeSeesTheClusterMoveAndTimeStandsStillOnceClosed() throws Exception {
        try (FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node("node-1"))) {
            cluster.container("web", "app").httpReturns(8080, "/healthz", 500).fromStart(Duration.ofSeconds(30));
            cluster.applyYaml(RESTARTING);
            // when: time runs at 1,000x while the test only waits, and reads, in wall time
            try (RealTime clock = cluster.runInRealTime(1000)) {
                assertThat(clock.speed()).isEqualTo(1000.0);
                assertThat(clock).hasToString("RealTime[1000x]");
                await().atMost(30, TimeUnit.SECONDS).until(() -> restarts(cluster) >= 1);
                // a verb while time runs: it holds the engine between two instants
                cluster.editNode("node-1").label("zone", "a");
                assertThat(cluster.node("node-1").getMetadata().getLabels()).containsEntry("zone", "a");
            }
            // then: the liveness kill happened in virtual time (30 s of failing start, 3 failures), and time stopped
            Duration stopped = cluster.elapsed();
            assertThat(stopped).isGreaterThanOrEqualTo(Duration.ofSeconds(33));
            Thread.sleep(50);
            assertThat(cluster.elapsed()).isEqualTo(stopped);
            assertThat(cluster.timeline().toString())
                    .contains("time runs with the wall clock at 1000x: what follows depends on when requests arrive")
                    .contains("time stands still again (real time stopped); it moves when the test says so");
            // and the test drives time again
            cluster.advance(Duration.ofSeconds(5));
            assertThat(cluster.elapsed()).isEqualTo(stopped.plusSeconds(5));
        }
    }

    @Test
    void theTestsOwnAdvanceAndRunUntilWhileTimeRunsNeverMoveTheClockBack() throws Exception {
        try (FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node("node-1"))) {
            cluster.applyYaml(RESTARTING);
            try (RealTime clock = cluster.runInRealTime(1000)) {
                Duration last = cluster.elapsed();
                for (int i = 0; i < 40; i++) {
                    // each moves time further while the driver also does; neither may find the clock past its deadline
                    if (i % 2 == 0) {
                        cluster.advance(Duration.ofSeconds(1));
                    } else {
                        cluster.runUntil(c -> false, Duration.ofMillis(700));
                    }
                    Thread.sleep(2);
                    Duration now = cluster.elapsed();
                    assertThat(now).isGreaterThan(last);
                    last = now;
                }
                assertThat(clock.isRunning()).isTrue();
            }
        }
    }

    @Test
    void peapodsOwnWaitsWhileTimeRunsLetAnOperatorOnItsOwnThreadAct() throws Exception {
        try (FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node("node-1"))) {
            io.fabric8.kubernetes.client.KubernetesClient client = cluster.client();
            try (RealTime clock = cluster.runInRealTime(10)) {
                // an "operator" on its own thread that acts through the API after 100 ms of wall time (a virtual second)
                CompletableFuture<Void> operator = CompletableFuture.runAsync(() -> {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    client.configMaps().resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata()
                            .withName("made").endMetadata().build()).create();
                });
                // when: Peapod's own wait, with a virtual minute to spare (6 s of wall time at 10x)
                boolean made = cluster.runUntil(c -> c.context().store().get(io.fabric8.kubernetes.api.model.ConfigMap.class,
                        "default", "made").isPresent(), Duration.ofMinutes(1));
                // then: it waited in wall time with the driver, so the operator acted long before the minute was up
                assertThat(made).isTrue();
                assertThat(cluster.elapsed()).isLessThan(Duration.ofSeconds(50));
                operator.get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theTestsThreadSteppingTheLoopDirectlyWhileTimeRunsLeavesTheDriverRunning() throws Exception {
        try (FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node("node-1"))) {
            try (RealTime clock = cluster.runInRealTime(1000)) {
                for (int i = 0; i < 20; i++) {
                    // the engine itself, outside a verb: taken lazily, given back when idle
                    cluster.context().loop().runUntil(() -> false, Duration.ofMillis(500));
                    Thread.sleep(2);
                }
                Duration before = cluster.elapsed();
                await().atMost(10, TimeUnit.SECONDS).until(() -> cluster.elapsed().compareTo(before.plusSeconds(5)) > 0);
                assertThat(clock.isRunning()).isTrue();
            }
        }
    }

    @Test
    void aRequestWhileTimeRunsLandsBetweenTwoInstants() throws Exception {
        try (FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node("node-1"));
             RealTime clock = cluster.runInRealTime(60)) {
            String thread = CompletableFuture.supplyAsync(() -> cluster.context().loop().exclusive("GET",
                    () -> Thread.currentThread().getName())).get(10, TimeUnit.SECONDS);
            assertThat(thread).isNotEqualTo("peapod-real-time");
            assertThat(clock.isRunning()).isTrue();
        }
    }

    @Test
    void whatFailsOnTheDriversThreadStopsTimeAndIsThrownWhenTheHandleCloses() throws Exception {
        try (FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node("node-1"))) {
            cluster.settle();
            cluster.inbox().submit(() -> cluster.context().loop().scheduleAfter(Duration.ofSeconds(5), "broken component",
                    () -> {
                        throw new IllegalStateException("a component failed");
                    }));
            RealTime clock = cluster.runInRealTime(1000);
            await().atMost(30, TimeUnit.SECONDS).until(() -> !clock.isRunning());
            assertThat(clock).hasToString("RealTime[1000x, stopped]");
            assertThatThrownBy(clock::close).isInstanceOf(IllegalStateException.class).hasMessage("a component failed");
            clock.close(); // once thrown, closing again is quiet
        }
    }

    @Test
    void closingTheClusterStopsTime() {
        RealTime clock;
        try (FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node("node-1"))) {
            clock = cluster.runInRealTime(60);
        }
        assertThat(clock.isRunning()).isFalse();
    }

    @Test
    void aSecondDriverOrASpeedBelowOneIsRefusedSayingWhy() {
        try (FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node("node-1"))) {
            assertThatThrownBy(() -> cluster.runInRealTime(0.5)).isInstanceOf(PeapodException.class).hasMessage(
                    "a real-time speed is how many virtual seconds pass in a wall second, 1 or more (for example 60 or 1000),"
                            + " but was 0.5");
            assertThatThrownBy(() -> cluster.runInRealTime(Double.NaN)).isInstanceOf(PeapodException.class)
                    .hasMessageEndingWith("but was NaN");
            try (RealTime clock = cluster.runInRealTime(60)) {
                assertThatThrownBy(() -> cluster.runInRealTime(120)).isInstanceOf(PeapodException.class)
                        .hasMessage("time already runs in real time at 60x; close that RealTime before starting another");
            }
        }
    }
}
