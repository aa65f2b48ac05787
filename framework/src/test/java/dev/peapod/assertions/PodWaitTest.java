package dev.peapod.assertions;

import dev.peapod.FakeCluster;
import dev.peapod.core.PeapodException;
import org.junit.jupiter.api.Test;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.BDDAssertions.then;

/**
 * The fluent waits of {@link PodAssert}: they move the virtual clock to the first instant the pod
 * gets there and no further, and fail with the pod's timeline when the time runs out.
 */
class PodWaitTest {

    @Test
    void becomesReadyStopsTheClockAtTheFirstSuccessfulReadinessTick() {
        // given: readiness answers 503 for the first 25 s of each start; ticks come every 10 s (DESIGN §5)
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.container("web", "app").httpReturns(8080, "/ready", 503).untilStart(ofSeconds(25));
        cluster.apply(Scenarios.webWithReadiness("node-1"));
        // when
        assertThat(cluster).pod("web").becomesReady().within(ofMinutes(1)).isReady();
        // then: the tick at 30 s is the first success, and successThreshold is 1
        then(cluster.elapsed()).isEqualTo(ofSeconds(30));
    }

    @Test
    void becomesNotReadyStopsAtTheThirdFailedReadinessProbe() {
        // given: readiness fails from 30 s after start
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.container("web", "app").httpReturns(8080, "/ready", 503).fromStart(ofSeconds(30));
        cluster.apply(Scenarios.webWithReadiness("node-1"));
        // when
        assertThat(cluster).pod("web").becomesNotReady().within(ofMinutes(1));
        // then: failures at 30, 40 and 50 s reach failureThreshold 3 (reference §2.4)
        then(cluster.elapsed()).isEqualTo(ofSeconds(50));
    }

    @Test
    void restartsStopsAtTheLivenessKillThatRestartsTheContainer() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        // when
        PodAssert web = assertThat(cluster).pod("web").restarts(1).within(ofMinutes(2));
        // then: the third failure at 50 s kills it, and the first restart is immediate (reference §3.3)
        then(cluster.elapsed()).isEqualTo(ofSeconds(50));
        web.isStillOnTheSameNode().isReady();
    }

    @Test
    void becomesCrashLoopingStopsWhenTheBackOffIsFirstShown() {
        // given: the container exits 1 five seconds after each start
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.container("web", "app").exitsWith(1).after(ofSeconds(5));
        cluster.apply(Scenarios.web("node-1"));
        // when
        assertThat(cluster).pod("web").container("app").becomesCrashLooping().within(ofMinutes(1));
        // then: crash at 25 s with a 20 s back-off. The liveness tick at 30 s finds the container not running and
        // writes Failure (kubernetes: pkg/kubelet/prober/worker.go, doProbe), which syncs the pod, and that sync
        // publishes the waiting reason (errata A-7), earlier than the back-off requeue at 35 s
        then(cluster.elapsed()).isEqualTo(ofSeconds(30));
    }

    @Test
    void aWaitForAStateThatAlreadyHoldsTakesNoTime() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        // when
        assertThat(cluster).pod("web").becomesReady().within(ofSeconds(30));
        // then
        then(cluster.elapsed()).isZero();
    }

    @Test
    void becomesReadyFailsAtTheLimitWithThePodsStateAndTimeline() {
        // given: readiness never succeeds; it is probed at the start (manual trigger, errata A-4), then every 10 s
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.container("web", "app").httpReturns(8080, "/ready", 503);
        cluster.apply(Scenarios.webWithReadiness("node-1"));
        // when / then
        assertThatThrownBy(() -> assertThat(cluster).pod("web").becomesReady().within(ofSeconds(20)))
                .isInstanceOf(AssertionError.class)
                .hasMessage("""
                        Expecting pod default/web to become ready within 20s of virtual time, but at 00:00:20 its \
                        condition is Ready=False since 00:00:00 (ContainersNotReady: containers with unready status: [app]); \
                        container app's readiness probe failed at 00:00:00, 00:00:10 and 00:00:20 (failureThreshold 3 reached \
                        at 00:00:20: it is not ready).
                        Timeline (virtual time):
                          00:00:00  Pulled: Container image "example/web:1.25" already present on machine
                          00:00:00  Created: Created container: app
                          00:00:00  Started: Started container app
                          00:00:00  container app started
                          00:00:00  pod phase Running
                          00:00:00  Readiness probe failed: HTTP probe failed with statuscode: 503  (1 of 3)
                          00:00:10  Readiness probe failed: HTTP probe failed with statuscode: 503  (2 of 3)
                          00:00:20  Readiness probe failed: HTTP probe failed with statuscode: 503  (3 of 3)
                          00:00:20  (now)""");
        then(cluster.elapsed()).isEqualTo(ofSeconds(20));
    }

    @Test
    void restartsFailsNamingTheOnlyContainerWhenTheTimeRunsOut() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        // when / then
        assertThatThrownBy(() -> assertThat(cluster).pod("web").restarts(2).within(ofSeconds(60)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container \"app\" of pod default/web to restart 2 times within 1m of"
                        + " virtual time, but at 00:01:00 it has restarted 1 time; its liveness probe failed at 00:00:30, 00:00:40"
                        + " and 00:00:50 (failureThreshold 3 reached at 00:00:50: the kubelet kills the container to restart it);"
                        + " it exited with code 0 (Completed) at 00:00:50.\n");
    }

    @Test
    void restartsFailsWhenTheContainerHadAlreadyRestartedMoreOften() {
        // given: two restarts by 2 minutes
        FakeCluster cluster = Scenarios.failingLiveness();
        cluster.advance(ofMinutes(2));
        // when / then
        assertThatThrownBy(() -> assertThat(cluster).pod("web").restarts(1).within(ofSeconds(30)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container \"app\" of pod default/web to have restarted 1 time by 00:02:00,"
                        + " but it restarted 2 times; its liveness probe failed at 00:00:30, 00:00:40 and 00:00:50 (failureThreshold 3"
                        + " reached at 00:00:50: the kubelet kills the container to restart it); it exited with code 0 (Completed) at"
                        + " 00:00:50 and 00:01:40; its liveness probe failed at 00:01:20, 00:01:30 and 00:01:40 (failureThreshold 3"
                        + " reached at 00:01:40: the kubelet kills the container to restart it).\n");
        then(cluster.elapsed()).isEqualTo(ofMinutes(2));
    }

    @Test
    void aWaitForAPodThatNeverAppearsSaysItDoesNotExist() {
        // given
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        // when / then
        assertThatThrownBy(() -> assertThat(cluster).pod("web").becomesReady().within(ofSeconds(10)))
                .isInstanceOf(AssertionError.class)
                .hasMessage("""
                        Expecting pod default/web to become ready within 10s of virtual time, but at 00:00:10 it does not exist.
                        Timeline (virtual time):
                          (nothing happened to this pod)
                          00:00:10  (now)""");
    }

    @Test
    void aPodObjectCannotWaitAndANegativeLimitIsRefused() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        // when / then
        assertThatThrownBy(() -> assertThat(cluster.pod("web")).becomesReady().within(ofSeconds(10)))
                .isInstanceOf(PeapodException.class)
                .hasMessage("becomesReady().within(...) needs the cluster, not a Pod object: write"
                        + " assertThat(cluster).pod(\"web\").becomesReady().within(...)");
        assertThatThrownBy(() -> assertThat(cluster).pod("web").becomesReady().within(ofSeconds(-1)))
                .isInstanceOf(PeapodException.class)
                .hasMessage("within(limit): limit must not be negative, but was -1s");
    }
}
