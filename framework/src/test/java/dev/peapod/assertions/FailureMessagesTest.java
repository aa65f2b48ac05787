package dev.peapod.assertions;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import org.assertj.core.description.TextDescription;
import org.assertj.core.error.ErrorMessageFactory;
import org.assertj.core.presentation.StandardRepresentation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.BDDAssertions.then;

/**
 * The exact text of every failure factory, from fixed inputs (as AssertJ's
 * {@code ShouldContain_create_Test} does): strings from users are quoted, Peapod's phrases are not,
 * and every pod failure ends with the timeline it was given.
 */
class FailureMessagesTest {
    private static final Subject WEB = Subject.pod("default", "web");
    private static final Subject APP = WEB.container("app");
    private static final String TIMELINE = "  00:00:00  container app started\n  00:00:10  (now)";
    private static final String TAIL = "\nTimeline (virtual time):\n" + TIMELINE;

    @Test
    void shouldHaveRestartedSaysBothCountsInWords() {
        // given
        ErrorMessageFactory factory = ShouldHaveRestarted.shouldHaveRestarted(APP, 1, 0, TIMELINE);
        // when
        String message = create(factory);
        // then
        then(message).isEqualTo("[web] Expecting container \"app\" of pod default/web to have restarted 1 time, but it"
                + " restarted 0 times." + TAIL);
    }

    @Test
    void readinessFactoriesPutTheActualStateAfterBut() {
        then(create(ShouldBeReady.shouldBeReady(WEB, "its condition is Ready=False", TIMELINE)))
                .isEqualTo("[web] Expecting pod default/web to be ready, but its condition is Ready=False." + TAIL);
        then(create(ShouldNotBeReady.shouldNotBeReady(APP, "it is ready: it is running since 00:00:00", TIMELINE)))
                .isEqualTo("[web] Expecting container \"app\" of pod default/web not to be ready, but it is ready: it is"
                        + " running since 00:00:00." + TAIL);
    }

    @Test
    void containerStateFactoriesNameReasonAndExitCode() {
        then(create(ShouldBeCrashLooping.shouldBeCrashLooping(WEB, "no container is: app is running since 00:00:00", TIMELINE)))
                .isEqualTo("[web] Expecting pod default/web to be crash-looping (waiting with reason CrashLoopBackOff), but"
                        + " no container is: app is running since 00:00:00." + TAIL);
        then(create(ShouldBeWaiting.shouldBeWaiting(APP, "ImagePullBackOff", "running since 00:00:00", TIMELINE)))
                .isEqualTo("[web] Expecting container \"app\" of pod default/web to be waiting with reason ImagePullBackOff,"
                        + " but it is running since 00:00:00." + TAIL);
        then(create(ShouldBeTerminated.shouldBeTerminated(APP, 137, "OOMKilled", "waiting (CrashLoopBackOff)", TIMELINE)))
                .isEqualTo("[web] Expecting container \"app\" of pod default/web to be terminated with exit code 137"
                        + " (OOMKilled), but it is waiting (CrashLoopBackOff)." + TAIL);
        then(create(ShouldHaveLastTerminationState.shouldHaveLastTerminationState(APP, 143, "Error",
                "it has no last termination state", TIMELINE)))
                .isEqualTo("[web] Expecting container \"app\" of pod default/web to have last terminated with exit code 143"
                        + " (Error), but it has no last termination state." + TAIL);
        then(create(ShouldBeRunning.shouldBeRunning(APP, "it is waiting (ContainerCreating)", TIMELINE)))
                .isEqualTo("[web] Expecting container \"app\" of pod default/web to be running, but it is waiting"
                        + " (ContainerCreating)." + TAIL);
    }

    @Test
    void newContainerFactoriesNameStartedWaitingMessageAndFinishedAt() {
        then(create(ShouldBeStarted.shouldBeStarted(APP, "it is not started: it is running since 00:00:00", TIMELINE)))
                .isEqualTo("[web] Expecting container \"app\" of pod default/web to be started, but it is not started: it is"
                        + " running since 00:00:00." + TAIL);
        then(create(ShouldNotBeStarted.shouldNotBeStarted(APP, "it is started: it is running since 00:00:00", TIMELINE)))
                .isEqualTo("[web] Expecting container \"app\" of pod default/web not to be started, but it is started: it is"
                        + " running since 00:00:00." + TAIL);
        then(create(ShouldBeWaitingWithMessage.shouldBeWaitingWithMessage(APP, "CrashLoopBackOff", "back-off 40s",
                "waiting (CrashLoopBackOff: back-off 20s restarting failed container=app pod=web_default(u))", TIMELINE)))
                .isEqualTo("[web] Expecting container \"app\" of pod default/web to be waiting with reason CrashLoopBackOff"
                        + " and a message containing \"back-off 40s\", but it is waiting (CrashLoopBackOff: back-off 20s"
                        + " restarting failed container=app pod=web_default(u))." + TAIL);
        then(create(ShouldHaveLastTerminatedAt.shouldHaveLastTerminatedAt(APP, "00:00:10",
                "its last termination was exit code 1 (Error) at 00:00:25", TIMELINE)))
                .isEqualTo("[web] Expecting container \"app\" of pod default/web to have last terminated at 00:00:10, but its"
                        + " last termination was exit code 1 (Error) at 00:00:25." + TAIL);
    }

    @Test
    void shouldHaveHappenedAtListsTheActualInstants() {
        then(create(ShouldHaveHappenedAt.shouldHaveHappenedAt(APP, "restarted", List.of("00:00:50", "00:01:40"),
                List.of("00:00:50", "00:01:40", "00:02:30"), TIMELINE)))
                .isEqualTo("[web] Expecting container \"app\" of pod default/web to have restarted at 00:00:50 and 00:01:40,"
                        + " but it restarted at 00:00:50, 00:01:40 and 00:02:30." + TAIL);
        then(create(ShouldHaveHappenedAt.shouldHaveHappenedAt(APP, "exited", List.of("00:00:05"), List.of(), TIMELINE)))
                .isEqualTo("[web] Expecting container \"app\" of pod default/web to have exited at 00:00:05, but it never"
                        + " exited." + TAIL);
    }

    @Test
    void podFactoriesNamePhaseNodeAndCondition() {
        then(create(ShouldHavePhase.shouldHavePhase(WEB, "Succeeded", "it has phase Failed (DeadlineExceeded: Pod was"
                + " active on the node longer than the specified deadline)", TIMELINE)))
                .isEqualTo("[web] Expecting pod default/web to have phase Succeeded, but it has phase Failed"
                        + " (DeadlineExceeded: Pod was active on the node longer than the specified deadline)." + TAIL);
        then(create(ShouldBeRunningOn.shouldBeRunningOn(WEB, "node-2", null, "phase Pending", TIMELINE)))
                .isEqualTo("[web] Expecting pod default/web to be running on node \"node-2\", but it is not bound to any"
                        + " node (phase Pending)." + TAIL);
        then(create(ShouldHaveCondition.shouldHaveCondition(WEB, "PodScheduled", "False", "Unschedulable",
                "it has PodScheduled=True since 00:00:00", TIMELINE)))
                .isEqualTo("[web] Expecting pod default/web to have condition PodScheduled=False with reason Unschedulable,"
                        + " but it has PodScheduled=True since 00:00:00." + TAIL);
    }

    @Test
    void statusReasonFactoriesQuoteTheMessageButNotTheReason() {
        String actual = "phase Failed (OutOfcpu: Pod was rejected: Node didn't have enough resource: cpu, requested: 5000,"
                + " used: 0, capacity: 4000)";
        then(create(ShouldHaveStatusReason.shouldHaveStatusReason(WEB, "OutOfmemory", actual, TIMELINE)))
                .isEqualTo("[web] Expecting pod default/web to have status reason OutOfmemory, but it has " + actual + "."
                        + TAIL);
        then(create(ShouldHaveStatusReason.shouldHaveStatusMessage(WEB, "Pod was rejected: x", actual, TIMELINE)))
                .isEqualTo("[web] Expecting pod default/web to have the status message \"Pod was rejected: x\", but it has "
                        + actual + "." + TAIL);
    }

    @Test
    void nodeFactoriesDoNotContradictThemselvesOnACompletedPod() {
        then(create(ShouldBeRunningOn.shouldBeRunningOn(WEB, "node-1", "node-1", "phase Succeeded", TIMELINE)))
                .isEqualTo("[web] Expecting pod default/web to be running on node \"node-1\", but it is not running there"
                        + " (phase Succeeded)." + TAIL);
        then(create(ShouldBeRunningOn.shouldBeRunningOn(WEB, "node-2", "node-1", "phase Running", TIMELINE)))
                .isEqualTo("[web] Expecting pod default/web to be running on node \"node-2\", but it is on node \"node-1\""
                        + " (phase Running)." + TAIL);
        then(create(ShouldBeOnNode.shouldBeOnNode(WEB, "node-2", "node-1", "phase Succeeded", TIMELINE)))
                .isEqualTo("[web] Expecting pod default/web to be on node \"node-2\", but it is on node \"node-1\""
                        + " (phase Succeeded)." + TAIL);
        then(create(ShouldBeOnNode.shouldBeOnNode(WEB, "node-2", null, "phase Pending", TIMELINE)))
                .isEqualTo("[web] Expecting pod default/web to be on node \"node-2\", but it is not bound to any node"
                        + " (phase Pending)." + TAIL);
    }

    @Test
    void conditionFactoriesNameTheFieldExpected() {
        String actual = "it has Ready=False since 00:00:50 (ContainersNotReady: containers with unready status: [app])";
        then(create(ShouldHaveCondition.shouldHaveConditionReason(WEB, "Ready", "PodCompleted", actual, TIMELINE)))
                .isEqualTo("[web] Expecting pod default/web to have condition Ready with reason PodCompleted, but it has"
                        + " Ready=False since 00:00:50 (ContainersNotReady: containers with unready status: [app])." + TAIL);
        then(create(ShouldHaveConditionMessage.shouldHaveConditionMessage(WEB, "Ready", "[log]", false, actual, TIMELINE)))
                .isEqualTo("[web] Expecting pod default/web to have condition Ready with the message \"[log]\", but it has"
                        + " Ready=False since 00:00:50 (ContainersNotReady: containers with unready status: [app])." + TAIL);
        then(create(ShouldHaveConditionMessage.shouldHaveConditionMessage(WEB, "Ready", "log", true, actual, TIMELINE)))
                .isEqualTo("[web] Expecting pod default/web to have condition Ready with a message containing \"log\", but it"
                        + " has Ready=False since 00:00:50 (ContainersNotReady: containers with unready status: [app])." + TAIL);
        then(create(ShouldHaveTransitionedAt.shouldHaveTransitionedAt(WEB, "Ready", "00:00:40", actual, TIMELINE)))
                .isEqualTo("[web] Expecting pod default/web to have condition Ready last transitioned at 00:00:40, but it has"
                        + " Ready=False since 00:00:50 (ContainersNotReady: containers with unready status: [app])." + TAIL);
    }

    @Test
    void shouldExistListsThePodsOfTheNamespace() {
        then(create(ShouldExist.shouldExist(APP, List.of("db", "web-0"), TIMELINE)))
                .isEqualTo("[web] Expecting pod default/web to exist, but it does not (pods in namespace default: db,"
                        + " web-0)." + TAIL);
        then(create(ShouldExist.shouldExist(WEB, List.of(), TIMELINE)))
                .isEqualTo("[web] Expecting pod default/web to exist, but it does not (there are no pods in namespace"
                        + " default)." + TAIL);
        then(create(ShouldHaveContainer.shouldHaveContainer(WEB.container("ap"), List.of("app", "log"), TIMELINE)))
                .isEqualTo("[web] Expecting pod default/web to have a container \"ap\", but its containers are"
                        + " [\"app\", \"log\"]." + TAIL);
    }

    @Test
    void shouldStillBeOnTheSameNodeListsWhatChanged() {
        // given
        FirstSeen first = new FirstSeen();
        var pod = Scenarios.web("node-1");
        pod.getMetadata().setUid("uid-1");
        first.observe(pod, Duration.ZERO); // no IP yet: the message shows <none>
        // when
        String message = create(ShouldStillBeOnTheSameNode.shouldStillBeOnTheSameNode(WEB, first, "00:00:00", "uid-2",
                "node-2", "10.244.2.2", TIMELINE));
        String gone = create(ShouldStillBeOnTheSameNode.shouldStillExist(WEB, first, "00:00:00", TIMELINE));
        // then
        then(message).isEqualTo("[web] Expecting pod default/web to still be on node \"node-1\" with uid uid-1 and IP"
                + " <none>, as when first seen at 00:00:00, but its uid is now uid-2 (it is a new pod) and its node is"
                + " now \"node-2\"." + TAIL);
        then(gone).isEqualTo("[web] Expecting pod default/web to still be on node \"node-1\" with uid uid-1 and IP <none>,"
                + " as when first seen at 00:00:00, but it no longer exists." + TAIL);
    }

    @Test
    void shouldHaveEventListsTheEventsWithTheirCounts() {
        // given
        List<Event> events = List.of(
                new EventBuilder().withType("Normal").withReason("Started").withMessage("Started container app").withCount(1).build(),
                new EventBuilder().withType("Warning").withReason("BackOff").withMessage("Back-off restarting failed container"
                        + " app in pod web_default(u)").withCount(4).build());
        // when
        String message = create(ShouldHaveEvent.shouldHaveEvent(WEB, "Killing", "liveness", events, TIMELINE));
        String none = create(ShouldHaveEvent.shouldHaveEvent(APP, "Pulled", null, List.of(), TIMELINE));
        // then
        then(message).isEqualTo("""
                [web] Expecting pod default/web to have an event with reason Killing and a message containing "liveness",\
                 but it has none; its events are:
                  Normal Started: Started container app
                  Warning BackOff: Back-off restarting failed container app in pod web_default(u) (x4)""" + TAIL);
        then(none).isEqualTo("[web] Expecting container \"app\" of pod default/web to have an event with reason Pulled,"
                + " but it has no events." + TAIL);
    }

    @Test
    void shouldNotHaveEventListsTheEventsFound() {
        // given
        List<Event> found = List.of(new EventBuilder().withType("Warning").withReason("Unhealthy")
                .withMessage("Liveness probe failed: HTTP probe failed with statuscode: 500").withCount(3).build());
        // when
        String message = create(ShouldNotHaveEvent.shouldNotHaveEvent(APP, "Unhealthy", "Liveness", found, TIMELINE));
        // then
        then(message).isEqualTo("""
                [web] Expecting container "app" of pod default/web to have no event with reason Unhealthy and a message \
                containing "Liveness", but it has:
                  Warning Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 500 (x3)""" + TAIL);
    }

    @Test
    void shouldHaveEventCountSaysHowOftenAndListsTheEvents() {
        // given
        Event started = new EventBuilder().withType("Normal").withReason("Started").withMessage("Started container app")
                .withCount(2).build();
        Event unhealthy = new EventBuilder().withType("Warning").withReason("Unhealthy").withMessage("Liveness probe failed:"
                + " HTTP probe failed with statuscode: 500").withCount(3).build();
        // when
        String fewer = create(ShouldHaveEventCount.shouldHaveEventCount(WEB, "Unhealthy", null, 4, 3, List.of(unhealthy),
                List.of(started, unhealthy), TIMELINE));
        String none = create(ShouldHaveEventCount.shouldHaveEventCount(WEB, "Killing", "liveness", 1, 0, List.of(),
                List.of(started, unhealthy), TIMELINE));
        String noEvents = create(ShouldHaveEventCount.shouldHaveEventCount(APP, "Killing", null, 1, 0, List.of(), List.of(),
                TIMELINE));
        // then
        then(fewer).isEqualTo("""
                [web] Expecting pod default/web to have had an event with reason Unhealthy 4 times, but it had it 3 times:
                  Warning Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 500 (x3)""" + TAIL);
        then(none).isEqualTo("""
                [web] Expecting pod default/web to have had an event with reason Killing and a message containing \
                "liveness" 1 time, but it had it 0 times; its events are:
                  Normal Started: Started container app (x2)
                  Warning Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 500 (x3)""" + TAIL);
        then(noEvents).isEqualTo("[web] Expecting container \"app\" of pod default/web to have had an event with reason"
                + " Killing 1 time, but it has no events." + TAIL);
    }

    @Test
    void shouldShowInKubectlIndentsTheTableKubectlPrints() {
        // given
        String table = "NAME   READY   STATUS    RESTARTS   AGE\nweb    1/1     Running   0          15s\n";
        // when
        String message = create(ShouldShowInKubectl.shouldShowInKubectl(APP, "0/1", "Error", "1", table, TIMELINE));
        // then
        then(message).isEqualTo("""
                [web] Expecting kubectl get pods to show pod default/web with READY 0/1, STATUS Error and RESTARTS 1, but \
                it shows:
                  NAME   READY   STATUS    RESTARTS   AGE
                  web    1/1     Running   0          15s""" + TAIL);
    }

    @Test
    void shouldBePendingWithSchedulingMessageQuotesTheExpectedMessageOnItsOwnLine() {
        then(create(ShouldBePendingWithSchedulingMessage.shouldBePendingWithSchedulingMessage(APP,
                "no nodes available to schedule pods", "it has no PodScheduled condition (phase Pending).", TIMELINE)))
                .isEqualTo("""
                        [web] Expecting pod default/web to be Pending and unschedulable with the message:
                          "no nodes available to schedule pods"
                        but it has no PodScheduled condition (phase Pending).""" + TAIL);
    }

    @Test
    void shouldBecomeWithinSaysTheLimitAndWhereTheClockStopped() {
        then(create(ShouldBecomeWithin.shouldBecomeWithin(APP, "to restart 3 times", Duration.ofSeconds(90), "00:01:30",
                "it has restarted 1 time", TIMELINE)))
                .isEqualTo("[web] Expecting container \"app\" of pod default/web to restart 3 times within 1m30s of virtual"
                        + " time, but at 00:01:30 it has restarted 1 time." + TAIL);
    }

    @Test
    void waitTimedOutNamesTheAliasLimitAndWindow() {
        // given
        WaitSettings wait = new WaitSettings("web ready", Duration.ofMillis(1500));
        // when
        String plain = WaitTimedOut.waitTimedOut(wait, "00:00:00", "00:00:01.500").create();
        String aboutPod = WaitTimedOut.waitTimedOut(wait, "00:00:00", "00:00:01.500", WEB, "to be ready",
                "its condition is Ready=False", TIMELINE).create();
        String asserted = WaitTimedOut.waitTimedOut(wait, "00:00:00", "00:00:01.500", new AssertionError("last")).create();
        // then
        then(plain).isEqualTo("Wait \"web ready\" timed out after 1s500ms of virtual time (00:00:00 to 00:00:01.500): the"
                + " condition was still false.");
        then(aboutPod).isEqualTo("Wait \"web ready\" timed out after 1s500ms of virtual time (00:00:00 to 00:00:01.500):"
                + " expecting pod default/web to be ready, but its condition is Ready=False." + TAIL);
        then(asserted).isEqualTo("Wait \"web ready\" timed out after 1s500ms of virtual time (00:00:00 to 00:00:01.500);"
                + " the last check failed with:\nlast");
    }

    @Test
    void aPercentSignInATimelineIsPrintedAsItIs() {
        // given: the timeline goes in as an argument, never into the format
        String timeline = "  00:00:01  Readiness probe failed: disk 100% full";
        // when
        String message = create(ShouldBeReady.shouldBeReady(WEB, "it is not", timeline));
        // then
        then(message).endsWith("disk 100% full");
    }

    private static String create(ErrorMessageFactory factory) {
        return factory.create(new TextDescription("web"), StandardRepresentation.STANDARD_REPRESENTATION);
    }
}
