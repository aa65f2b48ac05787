package dev.peapod.assertions;

import dev.peapod.FakeCluster;
import dev.peapod.core.PeapodException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The checks of {@link ContainerAssert} that {@link PodAssertTest} does not already cover through a
 * pod's container: started, the waiting message, the last termination's instant and the run instants.
 */
class ContainerAssertTest {
    /** The timeline of {@link Scenarios#failingLiveness()} up to 00:00:15, before any failure. */
    private static final String FIRST_15_SECONDS = """
            Timeline (virtual time):
              00:00:00  Pulled: Container image "example/web:1.25" already present on machine
              00:00:00  Created: Created container: app
              00:00:00  Started: Started container app
              00:00:00  container app started
              00:00:00  pod phase Running
              00:00:00  pod ready
              00:00:10  Liveness probe succeeded
              00:00:15  (now)""";

    @Test
    void isWaitingWithAMessageReadsTheBackOffOfTheWait() {
        // given: exits 1 five seconds after each start
        FakeCluster cluster = Scenarios.crashingEveryFiveSeconds();
        // when: crashes at 5, 10 (back-off 10 s), 25 (back-off 20 s) (kubernetes: pkg/kubelet/kuberuntime, doBackOff)
        cluster.advance(ofSeconds(35));
        // then
        assertThatCode(() -> assertThat(cluster).pod("web").container("app")
                .isWaiting("CrashLoopBackOff", "back-off 20s restarting failed container=app pod=web_default(")
                .hasRestarted(2)).doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(cluster).pod("web").container("app").isWaiting("CrashLoopBackOff", "back-off 40s"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container \"app\" of pod default/web to be waiting with reason"
                        + " CrashLoopBackOff and a message containing \"back-off 40s\" by 00:00:35, but it is waiting"
                        + " (CrashLoopBackOff: back-off 20s restarting failed container=app pod=web_default(")
                .hasMessageContaining("); it exited with code 1 (Error) at 00:00:05, 00:00:10 and 00:00:25; it waits in"
                        + " CrashLoopBackOff (back-off 20s after its exit at 00:00:25), so it restarts at 00:00:45 at the earliest.\n");
    }

    @Test
    void lastTerminatedAtIsTheInstantTheRunBeforeThisOneEnded() {
        // given
        FakeCluster cluster = Scenarios.crashingEveryFiveSeconds();
        // when: the third run ends at 25 s
        cluster.advance(ofSeconds(35));
        // then
        assertThatCode(() -> assertThat(cluster).pod("web").container("app").hasLastTerminationState(1, "Error")
                .lastTerminatedAt(ofSeconds(25))).doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(cluster).pod("web").container("app").lastTerminatedAt(ofSeconds(10)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container \"app\" of pod default/web to have last terminated at 00:00:10,"
                        + " but its last termination was exit code 1 (Error) at 00:00:25.\n");
        assertThatThrownBy(() -> assertThat(cluster.pod("web")).container("app").lastTerminatedAt(ofSeconds(25)))
                .isInstanceOf(PeapodException.class)
                .hasMessageStartingWith("lastTerminatedAt(25s) needs the cluster, not a Pod object");
    }

    @Test
    void aContainerIsStartedOnlyOnceItsStartupProbeSucceeds() {
        // given: the app answers its startup probe with 500 for 25 s after each start; probes every 10 s
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.container("web", "app").httpReturns(8080, "/healthz", 500).untilStart(ofSeconds(25));
        cluster.apply(Scenarios.webWithStartup("node-1"));
        // when
        cluster.advance(ofSeconds(15));
        // then: running, but not started until the probe at 30 s succeeds (kubernetes: prober_manager.go, UpdatePodStatus)
        assertThatCode(() -> assertThat(cluster).pod("web").container("app").isRunning().isNotStarted())
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(cluster).pod("web").container("app").isStarted())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container \"app\" of pod default/web to be started by 00:00:15, but it is not"
                        + " started: it is running since 00:00:00; its startup probe failed at 00:00:10 (failureThreshold 30 not"
                        + " reached).\n");
        cluster.advance(ofSeconds(15));
        assertThatCode(() -> assertThat(cluster).pod("web").container("app").isStarted()).doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(cluster).pod("web").container("app").isNotStarted())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container \"app\" of pod default/web not to be started by 00:00:30, but it is started:"
                        + " it is running since 00:00:00.\n");
    }

    @Test
    void restartedAtNamesTheInstantsOfEachRestart() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        // when: liveness fails 30 s after each start; the third failure kills it, and it restarts at once (reference §3.3)
        cluster.advance(Duration.ofMinutes(2));
        // then
        assertThatCode(() -> assertThat(cluster).pod("web").container("app")
                .startedAt(Duration.ZERO, ofSeconds(50), ofSeconds(100))
                .restartedAt(ofSeconds(50), ofSeconds(100))
                .exitedAt(ofSeconds(50), ofSeconds(100))
                .hasRestarted(2)).doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(cluster).pod("web").container("app").restartedAt(ofSeconds(50)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container \"app\" of pod default/web to have restarted at 00:00:50, but it"
                        + " restarted at 00:00:50 and 00:01:40.\nTimeline (virtual time):\n");
        assertThatThrownBy(() -> assertThat(cluster).pod("web").container("app").restartedAt())
                .isInstanceOf(PeapodException.class)
                .hasMessage("restartedAt(...) needs at least one instant since the cluster started, e.g."
                        + " restartedAt(Duration.ofSeconds(50))");
    }

    @Test
    void aContainerThatNeverRestartedSaysSo() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        // when
        cluster.advance(ofSeconds(15));
        // then
        assertThatThrownBy(() -> assertThat(cluster).pod("web").container("app").restartedAt(ofSeconds(50)))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting container \"app\" of pod default/web to have restarted at 00:00:50, but it never"
                        + " restarted.\n" + FIRST_15_SECONDS);
        assertThatThrownBy(() -> assertThat(cluster.pod("web")).container("app").startedAt(Duration.ZERO))
                .isInstanceOf(PeapodException.class)
                .hasMessageStartingWith("startedAt(...) needs the cluster, not a Pod object");
    }

    @Test
    void aContainerHasNoPhaseChecks() {
        // given: a container has a state, not a phase; the pod's phase checks used to reject a container scope at
        // run time, and ContainerAssert now has none to call
        // when
        var methods = java.util.Arrays.stream(ContainerAssert.class.getDeclaredMethods()).map(java.lang.reflect.Method::getName);
        // then
        org.assertj.core.api.Assertions.assertThat(methods).doesNotContain("hasPhase", "isPending", "hasSucceeded", "hasFailed")
                .contains("isRunning", "isWaiting", "isTerminated");
    }

    @Test
    void podGoesBackToThePodAssertThatRemembersThePodsIdentity() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        PodAssert web = assertThat(cluster).pod("web");
        // when
        cluster.advance(ofSeconds(60));
        // then
        assertThatCode(() -> web.container("app").hasRestarted(1).pod().isStillOnTheSameNode()).doesNotThrowAnyException();
        org.assertj.core.api.Assertions.assertThat(web.container("app").pod()).isSameAs(web);
    }

    @Test
    void aContainerWaitReturnsTheContainerToGoOnChecking() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        // when
        ContainerAssert app = assertThat(cluster).pod("web").container("app").restarts(1).within(Duration.ofMinutes(2));
        // then: the third failure at 50 s kills it and it restarts at once (reference §3.3)
        org.assertj.core.api.Assertions.assertThat(cluster.elapsed()).isEqualTo(ofSeconds(50));
        assertThatCode(() -> app.restartedAt(ofSeconds(50)).exitedAt(ofSeconds(50))).doesNotThrowAnyException();
    }

    @Test
    void aContainerWaitOnAContainerThePodLacksFailsListingItsContainers() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        // when / then
        assertThatThrownBy(() -> assertThat(cluster).pod("web").container("ap").becomesReady().within(ofSeconds(10)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting pod default/web to have a container \"ap\", but its containers are [\"app\"].\n");
    }

    @Test
    void aShortcutThroughThePodFailsWithThePodsOwnFailMessage() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        // when / then: hasRestarted on the pod delegates to its only container's ContainerAssert
        assertThatThrownBy(() -> assertThat(cluster).pod("web").withFailMessage("web should have restarted").hasRestarted(3))
                .isInstanceOf(AssertionError.class)
                .hasMessage("web should have restarted");
        assertThatThrownBy(() -> assertThat(cluster).pod("web").as("rollout").condition("Ready").hasStatus("False"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("[rollout] Expecting pod default/web to have condition Ready=False by 00:00:00, but it has Ready=True");
    }
}
