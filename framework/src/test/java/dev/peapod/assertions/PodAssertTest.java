package dev.peapod.assertions;

import dev.peapod.FakeCluster;
import dev.peapod.core.PeapodException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static dev.peapod.assertions.Scenarios.NO_NODE_MATCHES_SELECTOR;
import static dev.peapod.assertions.Scenarios.UNSCHEDULABLE;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every check of {@link PodAssert}, passing and failing, driven through the real engine. Exact
 * messages, timeline included, are pinned for the checks users meet most; the others pin their
 * first line. Upstream values (reasons, kubectl cells) are those of the behaviour sheet.
 */
class PodAssertTest {
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

    // ---------------------------------------------------------------- hasRestarted

    @Test
    void containerRestartedByItsLivenessProbeHasRestartedOnce() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        // when: failures at 30, 40 and 50 s kill it at 50 s; the first restart is immediate (reference §3.3)
        cluster.advance(ofSeconds(60));
        // then
        assertThatCode(() -> assertThat(cluster).pod("web").hasRestarted(1).container("app").hasRestarted(1))
                .doesNotThrowAnyException();
    }

    @Test
    void hasRestartedFailsWithBothCountsAndThePodsTimeline() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        // when
        cluster.advance(ofSeconds(15));
        // then
        assertThatThrownBy(() -> assertThat(cluster).pod("web").hasRestarted(1))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting container \"app\" of pod default/web to have restarted 1 time by 00:00:15, but it restarted 0"
                        + " times.\n"
                        + FIRST_15_SECONDS);
    }

    @Test
    void hasRestartedAsksWhichContainerWhenThePodHasSeveral() {
        // given
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.apply(Scenarios.webWithSidecar("node-1"));
        // when / then
        assertThatThrownBy(() -> assertThat(cluster).pod("web").hasRestarted(0))
                .isInstanceOf(PeapodException.class)
                .hasMessage("hasRestarted(0) is about one container, but pod default/web has 2 containers [app, log]:"
                        + " name one, e.g. assertThat(cluster).pod(\"web\").container(\"app\")");
        assertThatCode(() -> assertThat(cluster).pod("web").container("log").hasRestarted(0)).doesNotThrowAnyException();
    }

    @Test
    void scopingToAContainerThePodLacksFailsListingItsContainers() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        cluster.advance(ofSeconds(15));
        // when / then
        assertThatThrownBy(() -> assertThat(cluster).pod("web").container("ap").hasRestarted(0))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting pod default/web to have a container \"ap\", but its containers are [\"app\"].\n"
                        + FIRST_15_SECONDS);
    }

    @Test
    void aPodThatDoesNotExistFailsNamingThePodsThatDo() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        // when / then
        assertThatThrownBy(() -> assertThat(cluster).pod("wbe").isReady())
                .isInstanceOf(AssertionError.class)
                .hasMessage("""
                        Expecting pod default/wbe to exist, but it does not (pods in namespace default: web).
                        Timeline (virtual time):
                          (nothing happened to this pod)
                          00:00:00  (now)""");
    }

    // ---------------------------------------------------------------- crash-looping and container states

    @Test
    void containerThatKeepsExitingIsCrashLoopingWhilePhaseStaysRunning() {
        // given: exits 1 five seconds after each start
        FakeCluster cluster = crashingEveryFiveSeconds();
        // when: crashes at 5, 10 (back-off 10 s), 25 (back-off 20 s); the requeue at 35 s shows the wait (errata A-7)
        cluster.advance(ofSeconds(35));
        // then
        assertThatCode(() -> assertThat(cluster).pod("web")
                .isCrashLooping()
                .isRunning() // reference rule 6: phase Running, never "CrashLoopBackOff"
                .isWaiting("CrashLoopBackOff")
                .hasLastTerminationState(1, "Error")
                .hasRestarted(2)
                .isNotReady()
                .container("app").isCrashLooping()).doesNotThrowAnyException();
    }

    @Test
    void isCrashLoopingFailsSayingWhatEachContainerIsDoing() {
        // given
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.apply(Scenarios.webWithSidecar("node-1"));
        // when / then
        assertThatThrownBy(() -> assertThat(cluster).pod("web").isCrashLooping())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting pod default/web to be crash-looping (waiting with reason CrashLoopBackOff)"
                        + " by 00:00:00, but no container is: app is running since 00:00:00; log is running since 00:00:00.\n"
                        + "Timeline (virtual time):\n");
    }

    @Test
    void betweenExitAndTheNextSyncTheContainerIsTerminatedNotWaiting() {
        // given
        FakeCluster cluster = crashingEveryFiveSeconds();
        // when: the second crash at 10 s; the requeue comes at 20 s (errata A-7)
        cluster.advance(ofSeconds(15));
        // then
        assertThatCode(() -> assertThat(cluster).pod("web").isTerminated(1, "Error").hasLastTerminationState(1, "Error"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(cluster).pod("web").isWaiting("CrashLoopBackOff"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container \"app\" of pod default/web to be waiting with reason"
                        + " CrashLoopBackOff by 00:00:15, but it is terminated with exit code 1 (Error); it exited with code 1 (Error)"
                        + " at 00:00:05 and 00:00:10.\n");
    }

    @Test
    void isTerminatedAndHasLastTerminationStateFailWithTheActualState() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        cluster.advance(ofSeconds(15));
        // when / then
        assertThatThrownBy(() -> assertThat(cluster).pod("web").isTerminated(1, "Error"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting container \"app\" of pod default/web to be terminated with exit code 1 (Error)"
                        + " by 00:00:15, but it is running since 00:00:00.\n" + FIRST_15_SECONDS);
        assertThatThrownBy(() -> assertThat(cluster).pod("web").hasLastTerminationState(0, "Completed"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting container \"app\" of pod default/web to have last terminated with exit code 0"
                        + " (Completed) by 00:00:15, but it has no last termination state.\n" + FIRST_15_SECONDS);
    }

    @Test
    void lastTerminationOfALivenessKillIsTheGracefulExitZero() {
        // given: the default app exits 0 on SIGTERM, so a liveness kill reads Completed (reference §3.5)
        FakeCluster cluster = Scenarios.failingLiveness();
        cluster.advance(ofSeconds(60));
        // when / then
        assertThatThrownBy(() -> assertThat(cluster).pod("web").hasLastTerminationState(137, "Error"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container \"app\" of pod default/web to have last terminated with exit"
                        + " code 137 (Error) by 00:01:00, but its last termination was exit code 0 (Completed) at 00:00:50; its"
                        + " liveness probe failed at 00:00:30, 00:00:40 and 00:00:50 (failureThreshold 3 reached at 00:00:50: the"
                        + " kubelet kills the container to restart it); it exited with code 0 (Completed) at 00:00:50.\n");
        assertThatCode(() -> assertThat(cluster).pod("web").hasLastTerminationState(0, "Completed")).doesNotThrowAnyException();
    }

    // ---------------------------------------------------------------- readiness

    @Test
    void isReadyFailsWithTheReadyConditionAndThePodsTimeline() {
        // given: the readiness endpoint answers 503; readiness is probed when the container starts (the status
        // generation's manual trigger, errata A-4), and the re-sync its first result causes at the same instant does
        // not probe again (ProbeWorker.trigger); the next probe is the tick at 10 s
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.container("web", "app").httpReturns(8080, "/ready", 503);
        cluster.apply(Scenarios.webWithReadiness("node-1"));
        // when
        cluster.advance(ofSeconds(5));
        // then
        assertThatThrownBy(() -> assertThat(cluster).pod("web").isReady())
                .isInstanceOf(AssertionError.class)
                .hasMessage("""
                        Expecting pod default/web to be ready by 00:00:05, but its condition is Ready=False since 00:00:00 \
                        (ContainersNotReady: containers with unready status: [app]); container app's readiness probe \
                        failed at 00:00:00 (failureThreshold 3 not reached).
                        Timeline (virtual time):
                          00:00:00  Pulled: Container image "example/web:1.25" already present on machine
                          00:00:00  Created: Created container: app
                          00:00:00  Started: Started container app
                          00:00:00  container app started
                          00:00:00  pod phase Running
                          00:00:00  Readiness probe failed: HTTP probe failed with statuscode: 503  (1 of 3)
                          00:00:05  (now)""");
        assertThatCode(() -> assertThat(cluster).pod("web").isNotReady().container("app").isNotReady())
                .doesNotThrowAnyException();
    }

    @Test
    void isNotReadyFailsOnAReadyPodAndOnAReadyContainer() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        cluster.advance(ofSeconds(15));
        // when / then
        assertThatCode(() -> assertThat(cluster).pod("web").isReady().container("app").isReady()).doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(cluster).pod("web").isNotReady())
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting pod default/web not to be ready by 00:00:15, but its condition is Ready=True since 00:00:00.\n"
                        + FIRST_15_SECONDS);
        assertThatThrownBy(() -> assertThat(cluster).pod("web").container("app").isNotReady())
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting container \"app\" of pod default/web not to be ready by 00:00:15, but it is ready: it is running"
                        + " since 00:00:00.\n" + FIRST_15_SECONDS);
    }

    // ---------------------------------------------------------------- node and identity

    @Test
    void isRunningOnFailsNamingTheNodeThePodIsOn() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        cluster.advance(ofSeconds(15));
        // when / then
        assertThatCode(() -> assertThat(cluster).pod("web").isRunningOn("node-1")).doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(cluster).pod("web").isRunningOn("node-2"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting pod default/web to be running on node \"node-2\" by 00:00:15, but it is on node \"node-1\""
                        + " (phase Running).\n" + FIRST_15_SECONDS);
    }

    @Test
    void aPodThatRanToCompletionIsOnItsNodeButNotRunningThere() {
        // given: restartPolicy Never, the job exits 0 after 5 s
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.container("batch", "job").exitsWith(0).after(ofSeconds(5));
        cluster.apply(Scenarios.batch("node-1"));
        // when
        cluster.advance(ofSeconds(10));
        // then: spec.nodeName stays set on a completed pod
        assertThatCode(() -> assertThat(cluster).pod("batch").hasSucceeded().isOnNode("node-1")).doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(cluster).pod("batch").isRunningOn("node-1"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting pod default/batch to be running on node \"node-1\" by 00:00:10, but it is not running"
                        + " there (phase Succeeded).\n");
        assertThatThrownBy(() -> assertThat(cluster).pod("batch").isOnNode("node-2"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("""
                        Expecting pod default/batch to be on node "node-2" by 00:00:10, but it is on node "node-1" (phase Succeeded).
                        Timeline (virtual time):
                          00:00:00  Pulled: Container image "example/sidecar:1.36" already present on machine
                          00:00:00  Created: Created container: job
                          00:00:00  Started: Started container job
                          00:00:00  container job started
                          00:00:00  pod phase Running
                          00:00:00  pod ready
                          00:00:05  container job exited with code 0 (Completed)
                          00:00:05  pod phase Succeeded
                          00:00:05  pod not ready (PodCompleted)
                          00:00:10  (now)""");
    }

    @Test
    void aPendingPodIsOnNoNode() {
        // given: it asks for more cpu than node-1 has
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.apply(Scenarios.webRequestingCpu("8"));
        // when / then
        assertThatThrownBy(() -> assertThat(cluster).pod("web").isOnNode("node-1"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting pod default/web to be on node \"node-1\" by 00:00:00, but it is not bound to any"
                        + " node (phase Pending); the scheduler found no node for it at 00:00:00: " + UNSCHEDULABLE + "\n");
    }

    @Test
    void aPodWithoutNodeNameIsPendingAndNotRunningOnAnyNode() {
        // given: it asks for more cpu than node-1 has, so the scheduler cannot bind it
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.apply(Scenarios.webRequestingCpu("8"));
        // when / then
        assertThatCode(() -> assertThat(cluster).pod("web").isPending().hasPhase("Pending")).doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(cluster).pod("web").isRunningOn("node-1"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting pod default/web to be running on node \"node-1\" by 00:00:00, but it is not"
                        + " bound to any node (phase Pending); the scheduler found no node for it at 00:00:00: " + UNSCHEDULABLE + "\n");
    }

    @Test
    void aPodRestartedByItsLivenessProbeIsStillOnTheSameNode() {
        // given: the PodAssert remembers the pod before the failures
        FakeCluster cluster = Scenarios.failingLiveness();
        PodAssert web = assertThat(cluster).pod("web");
        // when
        cluster.advance(Duration.ofMinutes(2));
        // then: reference rule 12, uid, node and IP survive container restarts
        assertThatCode(() -> web.hasRestarted(2).isStillOnTheSameNode().isRunningOn("node-1")).doesNotThrowAnyException();
    }

    @Test
    void aReplacedPodIsNotStillOnTheSameNode() {
        // given
        FakeCluster cluster = FakeCluster.withNodes("node-1", "node-2");
        cluster.apply(Scenarios.web("node-1"));
        PodAssert web = assertThat(cluster).pod("web");
        String firstUid = cluster.pod("web").getMetadata().getUid();
        // when: deleted and created again on the other node, as a controller would
        cluster.deletePod("web");
        cluster.advance(ofSeconds(5));
        cluster.apply(Scenarios.web("node-2"));
        // then
        String newUid = cluster.pod("web").getMetadata().getUid();
        assertThatThrownBy(web::isStillOnTheSameNode)
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting pod default/web to still be on node \"node-1\" with uid " + firstUid
                        + " and IP 10.244.1.2, as when first seen at 00:00:00, but its uid is now " + newUid
                        + " (it is a new pod), its node is now \"node-2\" and its IP is now 10.244.2.2.\n"
                        + "Timeline (virtual time):\n");
    }

    @Test
    void aDeletedPodIsNotStillOnTheSameNode() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        PodAssert web = assertThat(cluster).pod("web");
        // when
        cluster.deletePod("web");
        cluster.advance(ofSeconds(5));
        // then
        assertThatThrownBy(web::isStillOnTheSameNode)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(", as when first seen at 00:00:00, but it no longer exists.\n");
    }

    @Test
    void isStillOnTheSameNodeRefusesToCompareAPodWithItself() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        cluster.advance(ofSeconds(15));
        // when / then: made in the same statement, it would pass whatever happened before
        assertThatThrownBy(() -> assertThat(cluster).pod("web").isStillOnTheSameNode())
                .isInstanceOf(PeapodException.class)
                .hasMessage("isStillOnTheSameNode() proves nothing about pod default/web here: nothing has happened to the"
                        + " pod since this PodAssert first saw it at 00:00:15. Keep a PodAssert from before the behaviour"
                        + " under test: PodAssert web = assertThat(cluster).pod(\"web\"); ... web.isStillOnTheSameNode();");
    }

    @Test
    void aPodAssertMadeBeforeThePodExistsHasNothingToCompareWith() {
        // given
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        PodAssert web = assertThat(cluster).pod("web");
        // when
        cluster.apply(Scenarios.web("node-1"));
        cluster.advance(ofSeconds(30));
        // then
        assertThatThrownBy(web::isStillOnTheSameNode)
                .isInstanceOf(PeapodException.class)
                .hasMessageStartingWith("isStillOnTheSameNode() proves nothing about pod default/web here: this PodAssert"
                        + " had not seen the pod before now.");
    }

    // ---------------------------------------------------------------- phase

    @Test
    void podThatRanToCompletionHasSucceededAndOneThatExitedOneHasFailed() {
        // given: restartPolicy Never
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.container("batch", "job").exitsWith(0).after(ofSeconds(5));
        cluster.apply(Scenarios.batch("node-1"));
        FakeCluster failing = FakeCluster.withNodes("node-1");
        failing.container("batch", "job").exitsWith(1).after(ofSeconds(5));
        failing.apply(Scenarios.batch("node-1"));
        // when
        cluster.advance(ofSeconds(10));
        failing.advance(ofSeconds(10));
        // then
        assertThatCode(() -> assertThat(cluster).pod("batch").hasSucceeded().isTerminated(0, "Completed")
                .showsInKubectl("0/1", "Completed", "0")).doesNotThrowAnyException();
        assertThatCode(() -> assertThat(failing).pod("batch").hasFailed().isTerminated(1, "Error")
                .showsInKubectl("0/1", "Error", "0")).doesNotThrowAnyException(); // reference §8: Error, not Failed
    }

    @Test
    void hasPhaseFailsWithTheActualPhase() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        cluster.advance(ofSeconds(15));
        // when / then
        assertThatThrownBy(() -> assertThat(cluster).pod("web").hasSucceeded())
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting pod default/web to have phase Succeeded by 00:00:15, but it has phase Running.\n" + FIRST_15_SECONDS);
    }

    @Test
    void aPodPastItsActiveDeadlineHasFailedWithReasonDeadlineExceeded() {
        // given: restartPolicy Never, 20 s deadline (pkg/kubelet/active_deadline.go)
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        io.fabric8.kubernetes.api.model.Pod batch = Scenarios.batch("node-1");
        batch.getSpec().setActiveDeadlineSeconds(20L);
        cluster.apply(batch);
        // when
        cluster.advance(ofSeconds(30));
        // then
        assertThatCode(() -> assertThat(cluster).pod("batch").hasFailed().hasReason("DeadlineExceeded")
                .hasStatusMessage("Pod was active on the node longer than the specified deadline"))
                .doesNotThrowAnyException();
    }

    @Test
    void hasReasonAndHasStatusMessageFailWithThePhaseReasonAndMessage() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        cluster.advance(ofSeconds(15));
        // when / then
        assertThatThrownBy(() -> assertThat(cluster).pod("web").hasReason("DeadlineExceeded"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting pod default/web to have status reason DeadlineExceeded by 00:00:15, but it has phase Running.\n"
                        + FIRST_15_SECONDS);
        assertThatThrownBy(() -> assertThat(cluster).pod("web").hasStatusMessage("Pod was rejected: x"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting pod default/web to have the status message \"Pod was rejected: x\" by 00:00:15, but it has phase"
                        + " Running.\n" + FIRST_15_SECONDS);
    }

    @Test
    void phaseArgumentsThatAreNotPhasesAreRejectedWithAHint() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        // when / then
        assertThatThrownBy(() -> assertThat(cluster).pod("web").hasPhase("CrashLoopBackOff"))
                .isInstanceOf(PeapodException.class)
                .hasMessage("phase must be one of Pending, Running, Succeeded, Failed, Unknown, but was \"CrashLoopBackOff\":"
                        + " CrashLoopBackOff is a container's waiting reason, use isCrashLooping()");
    }

    @Test
    void isRunningOnAContainerChecksTheContainerNotThePhase() {
        // given: crash-looping, so the phase is Running but the container is not
        FakeCluster cluster = crashingEveryFiveSeconds();
        cluster.advance(ofSeconds(35));
        // when / then
        assertThatThrownBy(() -> assertThat(cluster).pod("web").container("app").isRunning())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container \"app\" of pod default/web to be running by 00:00:35, but it is"
                        + " waiting (CrashLoopBackOff); it exited with code 1 (Error) at 00:00:05, 00:00:10 and 00:00:25; it waits in"
                        + " CrashLoopBackOff (back-off 20s after its exit at 00:00:25), so it restarts at 00:00:45 at the earliest.\n");
    }

    // ---------------------------------------------------------------- conditions and events

    @Test
    void hasConditionChecksStatusAndReason() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        cluster.advance(ofSeconds(15));
        // when / then
        assertThatCode(() -> assertThat(cluster).pod("web").hasCondition("Ready", "True").hasCondition("PodScheduled", "True"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(cluster).pod("web").hasCondition("Ready", "False"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting pod default/web to have condition Ready=False by 00:00:15, but it has Ready=True since 00:00:00.\n"
                        + FIRST_15_SECONDS);
        assertThatThrownBy(() -> assertThat(cluster).pod("web").hasCondition("DisruptionTarget", "True", "EvictionByEvictionAPI"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting pod default/web to have condition DisruptionTarget=True with reason"
                        + " EvictionByEvictionAPI by 00:00:15, but it has no DisruptionTarget condition (its conditions:"
                        + " PodReadyToStartContainers=True, Initialized=True, Ready=True, ContainersReady=True, PodScheduled=True).\n");
        assertThatThrownBy(() -> assertThat(cluster).pod("web").hasCondition("Ready", "true"))
                .isInstanceOf(PeapodException.class)
                .hasMessage("status must be True, False or Unknown, but was \"true\"");
    }

    @Test
    void hasEventFindsTheKillingEventOfALivenessRestart() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        // when
        cluster.advance(ofSeconds(60));
        // then: reference rule 3 and errata A-11
        assertThatCode(() -> assertThat(cluster).pod("web")
                .hasEvent("Killing", "Container app failed liveness probe, will be restarted")
                .hasEvent("Unhealthy")
                .container("app").hasEvent("Started")).doesNotThrowAnyException();
    }

    @Test
    void hasEventFailsListingTheEventsThePodHas() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        cluster.advance(ofSeconds(45));
        // when / then
        assertThatThrownBy(() -> assertThat(cluster).pod("web").hasEvent("Unhealthy", "statuscode: 503"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("""
                        Expecting pod default/web to have an event with reason Unhealthy and a message containing \
                        "statuscode: 503", but it has none; its events are:
                          Normal Pulled: Container image "example/web:1.25" already present on machine
                          Normal Created: Created container: app
                          Normal Started: Started container app
                          Warning Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 500 (x2)
                        Timeline (virtual time):
                        """);
    }

    @Test
    void hasEventOnAContainerLooksOnlyAtThatContainersEvents() {
        // given
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.apply(Scenarios.webWithSidecar("node-1"));
        // when / then
        assertThatThrownBy(() -> assertThat(cluster).pod("web").container("log").hasEvent("Pulled", "example/web"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("""
                        Expecting container "log" of pod default/web to have an event with reason Pulled and a message \
                        containing "example/web", but it has none; its events are:
                          Normal Pulled: Container image "example/sidecar:1.36" already present on machine
                          Normal Created: Created container: log
                          Normal Started: Started container log
                        Timeline""");
    }

    @Test
    void hasNoEventPassesBeforeTheFirstFailureAndFailsNamingTheEventAfterIt() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        // when
        cluster.advance(ofSeconds(15));
        // then
        assertThatCode(() -> assertThat(cluster).pod("web").hasNoEvent("Unhealthy").hasNoEvent("Started", "log")
                .container("app").hasNoEvent("Killing")).doesNotThrowAnyException();
        cluster.advance(ofSeconds(30));
        assertThatThrownBy(() -> assertThat(cluster).pod("web").hasNoEvent("Unhealthy"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("""
                        Expecting pod default/web to have no event with reason Unhealthy, but it has:
                          Warning Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 500 (x2)
                        Timeline (virtual time):
                        """);
        assertThatThrownBy(() -> assertThat(cluster).pod("web").container("app").hasNoEvent("Unhealthy", "statuscode: 500"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container \"app\" of pod default/web to have no event with reason Unhealthy"
                        + " and a message containing \"statuscode: 500\", but it has:\n");
    }

    @Test
    void hasEventCountCountsTheRepeatsFoldedIntoOneEvent() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        // when: failures at 30, 40 and 50 s are one Unhealthy event with count 3 (client-go events_cache.go)
        cluster.advance(ofSeconds(60));
        // then
        assertThatCode(() -> assertThat(cluster).pod("web").hasEventCount("Unhealthy", 3).hasEventCount("Killing", 1)
                .hasEventCount("BackOff", 0).hasEventCount("Started", 2)
                .container("app").hasEventCount("Unhealthy", "statuscode: 500", 3)).doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(cluster).pod("web").hasEventCount("Unhealthy", 2))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("""
                        Expecting pod default/web to have had an event with reason Unhealthy 2 times, but it had it 3 times:
                          Warning Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 500 (x3)
                        Timeline (virtual time):
                        """);
    }

    // ---------------------------------------------------------------- kubectl

    @Test
    void showsInKubectlComparesRestartsWholeOrByCount() {
        // given
        FakeCluster cluster = crashingEveryFiveSeconds();
        // when
        cluster.advance(ofSeconds(35));
        // then: reference §8, the back-off's waiting reason wins and RESTARTS counts from the last exit (25 s)
        assertThatCode(() -> assertThat(cluster).pod("web")
                .showsInKubectl("0/1", "CrashLoopBackOff", "2 (10s ago)")
                .showsInKubectl("0/1", "CrashLoopBackOff", "2")).doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(cluster).pod("web").showsInKubectl("0/1", "CrashLoopBackOff", "2 (5s ago)"))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void showsInKubectlFailsPrintingWhatKubectlShows() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        // when
        cluster.advance(ofSeconds(15));
        // then
        assertThatThrownBy(() -> assertThat(cluster).pod("web").showsInKubectl("0/1", "CrashLoopBackOff", "1"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("""
                        Expecting kubectl get pods to show pod default/web with READY 0/1, STATUS CrashLoopBackOff and \
                        RESTARTS 1, but it shows:
                          NAME   READY   STATUS    RESTARTS   AGE
                          web    1/1     Running   0          15s
                        """ + FIRST_15_SECONDS);
    }

    // ---------------------------------------------------------------- scheduling

    @Test
    void unschedulablePodIsPendingWithTheSchedulersMessage() {
        // given: node-1 has 4 cpu allocatable
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        // when: the scheduler tries a pod that requests 8 (reference §5, §11.2)
        cluster.apply(Scenarios.webRequestingCpu("8"));
        // then
        assertThatCode(() -> assertThat(cluster).pod("web").isPendingWithSchedulingMessage(UNSCHEDULABLE)
                .hasCondition("PodScheduled", "False", "Unschedulable")
                .hasEvent("FailedScheduling", UNSCHEDULABLE)).doesNotThrowAnyException();
    }

    @Test
    void isPendingWithSchedulingMessageFailsShowingBothMessages() {
        // given: unschedulable for another reason than the one expected: no node has the label it selects
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.apply(Scenarios.webSelectingNode("disktype", "ssd"));
        // when / then
        assertThatCode(() -> assertThat(cluster).pod("web").isPendingWithSchedulingMessage(NO_NODE_MATCHES_SELECTOR))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(cluster).pod("web").isPendingWithSchedulingMessage(UNSCHEDULABLE))
                .isInstanceOf(AssertionError.class)
                .hasMessage("""
                        Expecting pod default/web to be Pending and unschedulable with the message:
                          "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No \
                        preemption victims found for incoming pod."
                        but its condition is PodScheduled=False (Unschedulable) with the message:
                          "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: \
                        0/1 nodes are available: 1 Preemption is not helpful for scheduling."
                        Timeline (virtual time):
                          00:00:00  unschedulable: 0/1 nodes are available: 1 node(s) didn't match Pod's node \
                        affinity/selector. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.
                          00:00:00  (now)""");
    }

    @Test
    void isPendingWithSchedulingMessageFailsOnAPodTheSchedulerHasNotSeen() {
        // given: a pod for a scheduler the cluster does not run; the default-scheduler leaves it alone, so nothing
        // writes a PodScheduled condition
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.apply(Scenarios.webForScheduler("other-scheduler"));
        // when / then
        assertThatThrownBy(() -> assertThat(cluster).pod("web").isPendingWithSchedulingMessage(UNSCHEDULABLE))
                .isInstanceOf(AssertionError.class)
                .hasMessage("""
                        Expecting pod default/web to be Pending and unschedulable with the message:
                          "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No \
                        preemption victims found for incoming pod."
                        but it has no PodScheduled condition (phase Pending).
                        Timeline (virtual time):
                          (nothing happened to this pod)
                          00:00:00  (now)""");
    }

    @Test
    void isPendingWithSchedulingMessageFailsOnARunningPod() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        // when / then
        assertThatThrownBy(() -> assertThat(cluster).pod("web").isPendingWithSchedulingMessage(UNSCHEDULABLE))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("\nbut it is scheduled: PodScheduled=True, on node \"node-1\" (phase Running).\n");
    }

    // ---------------------------------------------------------------- descriptions and snapshots

    @Test
    void aDescriptionGivenOnTheClusterPrefixesThePodsFailures() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        // when / then
        assertThatThrownBy(() -> assertThat(cluster).as("after the rollout").pod("web").container("app").hasRestarted(3))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("[after the rollout] Expecting container \"app\" of pod default/web to have restarted"
                        + " 3 times by 00:00:00, but it restarted 0 times.\n");
    }

    @Test
    void aPodObjectCanBeCheckedButHasNoTimelineEventsOrClock() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        var snapshot = cluster.pod("web");
        // when / then
        assertThatCode(() -> assertThat(snapshot).isRunning().isReady().hasRestarted(0)).doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(snapshot).isNotReady())
                .isInstanceOf(AssertionError.class)
                .hasMessage("""
                        Expecting pod default/web not to be ready, but its condition is Ready=True since 2025-01-01T00:00:00Z.
                        Timeline (virtual time):
                          (none: a Pod object has no timeline; assert with assertThat(cluster).pod("web") to see it)""");
        assertThatThrownBy(() -> assertThat(snapshot).hasEvent("Started"))
                .isInstanceOf(PeapodException.class)
                .hasMessage("hasEvent(\"Started\") needs the cluster, not a Pod object: write"
                        + " assertThat(cluster).pod(\"web\").hasEvent(\"Started\")");
    }

    private static FakeCluster crashingEveryFiveSeconds() {
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.container("web", "app").exitsWith(1).after(ofSeconds(5));
        cluster.apply(Scenarios.web("node-1"));
        return cluster;
    }
}
