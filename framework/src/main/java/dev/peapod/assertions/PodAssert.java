package dev.peapod.assertions;

import dev.peapod.core.PeapodException;
import dev.peapod.printers.PodPrinter;
import dev.peapod.printers.PodRow;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.error.ErrorMessageFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.peapod.assertions.ShouldBePendingWithSchedulingMessage.shouldBePendingWithSchedulingMessage;
import static dev.peapod.assertions.ShouldBeOnNode.shouldBeOnNode;
import static dev.peapod.assertions.ShouldBeRunningOn.shouldBeRunningOn;
import static dev.peapod.assertions.ShouldExist.shouldExist;
import static dev.peapod.assertions.ShouldHaveCondition.shouldHaveCondition;
import static dev.peapod.assertions.ShouldHaveEvent.shouldHaveEvent;
import static dev.peapod.assertions.ShouldHaveEventCount.shouldHaveEventCount;
import static dev.peapod.assertions.ShouldNotHaveEvent.shouldNotHaveEvent;
import static dev.peapod.assertions.ShouldHavePhase.shouldHavePhase;
import static dev.peapod.assertions.ShouldHaveStatusReason.shouldHaveStatusMessage;
import static dev.peapod.assertions.ShouldHaveStatusReason.shouldHaveStatusReason;
import static dev.peapod.assertions.ShouldShowInKubectl.shouldShowInKubectl;
import static dev.peapod.assertions.ShouldStillBeOnTheSameNode.shouldStillBeOnTheSameNode;
import static dev.peapod.assertions.ShouldStillBeOnTheSameNode.shouldStillExist;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Checks on one pod, worded as its behaviour: {@code hasRestarted(1)}, {@code isCrashLooping()},
 * {@code isStillOnTheSameNode()}. Made by {@code assertThat(cluster).pod("web")}, it reads the pod
 * from the cluster again at every check, so one {@code PodAssert} can be kept across
 * {@code cluster.advance(...)}; every failure message ends with the pod's timeline in virtual time.
 *
 * <p>{@code container("app")} gives the checks of one container, a {@link ContainerAssert}, and its
 * {@code pod()} comes back here. On the pod, {@code isReady()}, {@code isNotReady()} and
 * {@code isCrashLooping()} are about the pod, and the single-container checks ({@code hasRestarted},
 * {@code isWaiting}, ...) are shortcuts for the pod's only app container.
 *
 * <p>The pod's identity (uid, node, IP) is remembered when this object is created, which is what
 * {@link #isStillOnTheSameNode()} compares with: create it before the behaviour under test.
 *
 * <p>AssertJ's own methods ({@code satisfies}, {@code extracting}) see {@code actual}: the pod as it
 * was when this object was created.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class PodAssert extends AbstractAssert<PodAssert, Pod> {
    private final PodSource source;
    private final FirstSeen firstSeen;  // shared with this pod's ContainerAsserts

    PodAssert(PodSource source, FirstSeen firstSeen) {
        super(firstLook(source, firstSeen), PodAssert.class);
        this.source = source;
        this.firstSeen = firstSeen;
    }

    private static Pod firstLook(PodSource source, FirstSeen firstSeen) {
        Optional<Pod> pod = source.read();
        pod.ifPresent(p -> firstSeen.observe(p, source.elapsed()));
        return pod.orElse(null);
    }

    // ---------------------------------------------------------------- containers

    /** The checks of one container of this pod: an app container, an init container or a sidecar. */
    public ContainerAssert container(String name) {
        return new ContainerAssert(this, source, firstSeen, Arguments.requireText(name, "name")).inheriting(info);
    }

    /** The only app container's restartCount is exactly {@code times}; {@code container(name)} for a pod with several. */
    public PodAssert hasRestarted(int times) {
        Arguments.requireNotNegative(times, "times");
        onlyContainer("hasRestarted(" + times + ")").hasRestarted(times);
        return myself;
    }

    /** A container, init containers included, waits with reason CrashLoopBackOff. The phase stays Running meanwhile. */
    public PodAssert isCrashLooping() {
        return verify(PodStates.crashLooping(null), ShouldBeCrashLooping::shouldBeCrashLooping);
    }

    /** The only app container is waiting with this reason, e.g. CrashLoopBackOff, ImagePullBackOff. */
    public PodAssert isWaiting(String reason) {
        Arguments.requireText(reason, "reason");
        onlyContainer("isWaiting(\"" + reason + "\")").isWaiting(reason);
        return myself;
    }

    /** The only app container's current state is terminated with this exit code and reason. */
    public PodAssert isTerminated(int exitCode, String reason) {
        Arguments.requireText(reason, "reason");
        onlyContainer("isTerminated(" + exitCode + ", \"" + reason + "\")").isTerminated(exitCode, reason);
        return myself;
    }

    /** The only app container's {@code lastState.terminated} has this exit code and reason. */
    public PodAssert hasLastTerminationState(int exitCode, String reason) {
        Arguments.requireText(reason, "reason");
        onlyContainer("hasLastTerminationState(" + exitCode + ", \"" + reason + "\")").hasLastTerminationState(exitCode, reason);
        return myself;
    }

    // ---------------------------------------------------------------- readiness

    /** The pod's Ready condition is True. */
    public PodAssert isReady() {
        return verify(PodStates.ready(null), ShouldBeReady::shouldBeReady);
    }

    /** The pod's Ready condition is not True. */
    public PodAssert isNotReady() {
        return verify(PodStates.notReady(null), ShouldNotBeReady::shouldNotBeReady);
    }

    // ---------------------------------------------------------------- phase

    /** The pod's phase: Pending, Running, Succeeded, Failed (or the deprecated Unknown). */
    public PodAssert hasPhase(String phase) {
        return verify(PodStates.phase(requirePhase(phase)), (subject, actual, timeline) ->
                shouldHavePhase(subject, phase, actual, timeline));
    }

    public PodAssert isPending() {
        return hasPhase("Pending");
    }

    /** The pod's phase is Running; {@code container(name).isRunning()} checks a container's state. */
    public PodAssert isRunning() {
        return hasPhase("Running");
    }

    public PodAssert hasSucceeded() {
        return hasPhase("Succeeded");
    }

    public PodAssert hasFailed() {
        return hasPhase("Failed");
    }

    /**
     * The pod's {@code status.reason} is exactly this: {@code DeadlineExceeded} (activeDeadlineSeconds),
     * {@code OutOfcpu}, {@code NodeAffinity}, ... (the kubelet's admission). {@code hasFailed().hasReason(..)}
     * says "failed with reason".
     */
    public PodAssert hasReason(String reason) {
        Arguments.requireText(reason, "reason");
        return verify(new PodState("to have status reason " + reason, "to get status reason " + reason,
                        pod -> pod.getStatus() != null && reason.equals(pod.getStatus().getReason()),
                        (pod, time) -> PodFacts.describePhase(pod), Causes.Topic.PHASE),
                (subject, actual, timeline) -> shouldHaveStatusReason(subject, reason, actual, timeline));
    }

    /** The pod's {@code status.message} is exactly this, e.g. {@code Pod was rejected: Node didn't have enough resource: ...}. */
    public PodAssert hasStatusMessage(String message) {
        Arguments.requireText(message, "message");
        return verify(new PodState("to have the status message " + message, "to get the status message " + message,
                        pod -> pod.getStatus() != null && message.equals(pod.getStatus().getMessage()),
                        (pod, time) -> PodFacts.describePhase(pod), Causes.Topic.PHASE),
                (subject, actual, timeline) -> shouldHaveStatusMessage(subject, message, actual, timeline));
    }

    // ---------------------------------------------------------------- node and identity

    /** The pod is bound to this node ({@code spec.nodeName}) and its phase is Running; {@link #isOnNode} for any phase. */
    public PodAssert isRunningOn(String node) {
        Arguments.requireText(node, "node");
        Pod pod = current();
        if (!node.equals(PodFacts.node(pod)) || !"Running".equals(PodFacts.phase(pod)))
            throw failure(shouldBeRunningOn(subject(null), node, PodFacts.node(pod), PodFacts.describePhase(pod), evidence(Causes.Topic.NODE)));
        source.passed(subject(null), "to be running on node \"" + node + "\"");
        return myself;
    }

    /**
     * The pod is bound to this node ({@code spec.nodeName}), in any phase: it holds for a pod that ran
     * there to completion too, where {@link #isRunningOn} does not.
     */
    public PodAssert isOnNode(String node) {
        Arguments.requireText(node, "node");
        Pod pod = current();
        if (!node.equals(PodFacts.node(pod)))
            throw failure(shouldBeOnNode(subject(null), node, PodFacts.node(pod), PodFacts.describePhase(pod), evidence(Causes.Topic.NODE)));
        source.passed(subject(null), "to be on node \"" + node + "\"");
        return myself;
    }

    /**
     * The pod is still the one this object first saw: the same uid (not a new Pod object), node and
     * pod IP. Container restarts keep all three (reference rule 12). Create the {@code PodAssert}
     * before the behaviour under test; asked before anything happened to the pod, this check would
     * prove nothing, so it says so with a {@link PeapodException}.
     */
    public PodAssert isStillOnTheSameNode() {
        source.requireCluster("isStillOnTheSameNode()");
        if (firstSeen.uid() == null) {
            current(); // fails when there is no such pod; otherwise this is the first sighting
            throw nothingToCompare("this PodAssert had not seen the pod before now");
        }
        String seenAt = source.time().sinceStart(firstSeen.at());
        Optional<Pod> now = source.read();
        if (now.isEmpty()) throw failure(shouldStillExist(subject(null), firstSeen, seenAt, timeline()));
        Pod pod = now.get();
        if (firstSeen.isUnchanged(pod, source.elapsed()))
            throw nothingToCompare("nothing has happened to the pod since this PodAssert first saw it at " + seenAt);
        if (!sameIdentity(pod)) throw failure(shouldStillBeOnTheSameNode(subject(null), firstSeen, seenAt,
                pod.getMetadata().getUid(), PodFacts.node(pod), PodFacts.podIp(pod), timeline()));
        return myself;
    }

    // ---------------------------------------------------------------- conditions and events

    /** The pod has a condition of this type with this status (True, False or Unknown). */
    public PodAssert hasCondition(String type, String status) {
        return checkCondition(type, status, null);
    }

    /** The pod has a condition of this type, status and reason, e.g. PodScheduled, False, Unschedulable. */
    public PodAssert hasCondition(String type, String status, String reason) {
        return checkCondition(type, status, Arguments.requireText(reason, "reason"));
    }

    /** The checks of one of the pod's conditions, field by field: {@code condition("Ready").hasReason("PodCompleted")}. */
    public ConditionAssert condition(String type) {
        return new ConditionAssert(this, source, firstSeen, Arguments.requireText(type, "type")).inheriting(info);
    }

    /** An event with this reason is about the pod or one of its containers. */
    public PodAssert hasEvent(String reason) {
        return checkEvent(Arguments.requireText(reason, "reason"), null);
    }

    /** An event with this reason and a message containing this text is about the pod or one of its containers. */
    public PodAssert hasEvent(String reason, String messageContaining) {
        return checkEvent(Arguments.requireText(reason, "reason"), Arguments.requireText(messageContaining, "messageContaining"));
    }

    /** No event with this reason is about the pod or one of its containers, e.g. {@code hasNoEvent("Unhealthy")}. */
    public PodAssert hasNoEvent(String reason) {
        return checkNoEvent(Arguments.requireText(reason, "reason"), null);
    }

    /** No event with this reason and a message containing this text is about the pod or one of its containers. */
    public PodAssert hasNoEvent(String reason, String messageContaining) {
        return checkNoEvent(Arguments.requireText(reason, "reason"), Arguments.requireText(messageContaining, "messageContaining"));
    }

    /**
     * Events with this reason about the pod or one of its containers were reported exactly {@code times} times in all. Like
     * upstream's recorder, Peapod folds a repeat of an event (same reason, message and source) into
     * the stored Event and raises its {@code count} (kubernetes: client-go tools/record
     * events_cache.go), so this is the sum of the matching Events' {@code count}, what
     * {@code kubectl describe} shows as {@code x3 over 30s}, and not the number of Event objects.
     */
    public PodAssert hasEventCount(String reason, int times) {
        return checkEventCount(Arguments.requireText(reason, "reason"), null, Arguments.requireNotNegative(times, "times"));
    }

    /** As {@link #hasEventCount(String, int)}, counting only the events whose message contains this text. */
    public PodAssert hasEventCount(String reason, String messageContaining, int times) {
        return checkEventCount(Arguments.requireText(reason, "reason"),
                Arguments.requireText(messageContaining, "messageContaining"), Arguments.requireNotNegative(times, "times"));
    }

    // ---------------------------------------------------------------- kubectl and scheduling

    /**
     * {@code kubectl get pods} shows these READY, STATUS and RESTARTS cells now, e.g.
     * {@code showsInKubectl("0/1", "CrashLoopBackOff", "4 (27s ago)")}. RESTARTS is compared whole when
     * the expected text has its {@code (... ago)} part, and by the count alone when it has not.
     */
    public PodAssert showsInKubectl(String ready, String status, String restarts) {
        Arguments.requireText(ready, "ready");
        Arguments.requireText(status, "status");
        Arguments.requireText(restarts, "restarts");
        Pod pod = current();
        PodRow row = PodPrinter.row(pod, source.now());
        if (!ready.equals(row.ready()) || !status.equals(row.status()) || !restartsMatch(row.restarts(), restarts))
            throw failure(shouldShowInKubectl(subject(null), ready, status, restarts,
                    PodPrinter.table(List.of(pod), source.now(), false), timeline()));
        return myself;
    }

    /** The pod is Pending, and PodScheduled is False with reason Unschedulable and exactly this message. */
    public PodAssert isPendingWithSchedulingMessage(String message) {
        Arguments.requireText(message, "message");
        Pod pod = current();
        Optional<PodCondition> scheduled = PodFacts.condition(pod, "PodScheduled");
        boolean unschedulable = scheduled.map(c -> "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason())
                && message.equals(c.getMessage())).orElse(false);
        if (!unschedulable || !"Pending".equals(PodFacts.phase(pod)))
            throw failure(shouldBePendingWithSchedulingMessage(subject(null), message, scheduling(pod, scheduled), timeline()));
        return myself;
    }

    // ---------------------------------------------------------------- waits on the virtual clock

    /** Waits for the pod to be ready: {@code becomesReady().within(ofSeconds(30))}. */
    public PodWait<PodAssert> becomesReady() {
        return await("becomesReady()", null, PodStates.ready(null), null);
    }

    public PodWait<PodAssert> becomesNotReady() {
        return await("becomesNotReady()", null, PodStates.notReady(null), null);
    }

    /**
     * Waits until the only app container's restartCount reaches {@code times}; it must then be
     * exactly {@code times}, so a container that had already restarted more often fails.
     */
    public PodWait<PodAssert> restarts(int times) {
        Arguments.requireNotNegative(times, "times");
        String check = "restarts(" + times + ")";
        String name = source.read().map(pod -> PodFacts.oneContainer(pod, null, check)).orElse(null); // the pod may come later
        return await(check, name, PodStates.restarted(name, times), () -> hasRestarted(times));
    }

    /** Waits until a container of the pod, init containers included, waits with reason CrashLoopBackOff. */
    public PodWait<PodAssert> becomesCrashLooping() {
        return await("becomesCrashLooping()", null, PodStates.crashLooping(null), null);
    }

    /** @param about the container the state is about, for the message; null for the pod */
    private PodWait<PodAssert> await(String wait, String about, PodState state, Runnable afterwards) {
        return new PodWait<>(limit -> {
            Optional<ErrorMessageFactory> timedOut = StateWait.await(source, firstSeen, wait, subject(about), state, limit);
            if (timedOut.isPresent()) throw failure(timedOut.get());
            if (afterwards != null) afterwards.run();
            else source.passed(subject(about), state.toBecome() + " within " + VirtualTime.length(limit));
        }, this);
    }

    // ---------------------------------------------------------------- the parts of a check

    /** The factories of the checks that share a {@link PodState}: subject, what it is instead, timeline. */
    @FunctionalInterface
    interface Failure {
        ErrorMessageFactory create(Subject subject, String actual, Evidence timeline);
    }

    private PodAssert verify(PodState state, Failure failure) {
        Pod pod = current();
        if (!state.holds().test(pod)) throw failure(failure.create(subject(null), state.actual().apply(pod, source.time()),
                evidence(state.topic())));
        source.passed(subject(null), state.toBe());
        return myself;
    }

    private PodAssert checkCondition(String type, String status, String reason) {
        Arguments.requireText(type, "type");
        Arguments.requireConditionStatus(status);
        Pod pod = current();
        Optional<PodCondition> condition = PodFacts.condition(pod, type);
        boolean holds = condition.map(c -> status.equals(c.getStatus())
                && (reason == null || reason.equals(c.getReason()))).orElse(false);
        if (!holds) throw failure(shouldHaveCondition(subject(null), type, status, reason,
                PodFacts.describeCondition(pod, type, condition, source.time()), evidence(Causes.forCondition(type))));
        source.passed(subject(null), "to have condition " + type + "=" + status + (reason == null ? "" : " with reason " + reason));
        return myself;
    }

    private PodAssert checkEvent(String reason, String messageContaining) {
        List<Event> events = events(describeCall("hasEvent", reason, messageContaining, null));
        if (Events.matching(events, reason, messageContaining).isEmpty())
            throw failure(shouldHaveEvent(subject(null), reason, messageContaining, events, timeline()));
        return myself;
    }

    private PodAssert checkNoEvent(String reason, String messageContaining) {
        List<Event> found = Events.matching(events(describeCall("hasNoEvent", reason, messageContaining, null)),
                reason, messageContaining);
        if (!found.isEmpty()) throw failure(shouldNotHaveEvent(subject(null), reason, messageContaining, found, timeline()));
        return myself;
    }

    private PodAssert checkEventCount(String reason, String messageContaining, int times) {
        List<Event> events = events(describeCall("hasEventCount", reason, messageContaining, times));
        List<Event> matching = Events.matching(events, reason, messageContaining);
        int count = Events.occurrences(matching);
        if (count != times) throw failure(shouldHaveEventCount(subject(null), reason, messageContaining, times, count,
                matching, events, timeline()));
        return myself;
    }

    /** The events about the pod, oldest first; fails if the pod does not exist. */
    private List<Event> events(String check) {
        List<Event> events = source.events(check);
        current();
        return events;
    }

    /** The pod as it is now, or a failure saying it does not exist. */
    private Pod current() {
        isNotNullUnlessLive();
        Optional<Pod> pod = source.read();
        if (pod.isEmpty()) throw failure(shouldExist(subject(null), source.podNames(), timeline()));
        firstSeen.observe(pod.get(), source.elapsed());
        return pod.get();
    }

    private void isNotNullUnlessLive() {
        if (!source.isLive()) isNotNull();
    }

    /** The pod's only app container, for the single-container shortcuts; {@code check} names the method in the error. */
    private ContainerAssert onlyContainer(String check) {
        return container(PodFacts.oneContainer(current(), null, check));
    }

    /** {@code hasEventCount("Unhealthy", 3)}: how the user called an events check, for the error a Pod object gets. */
    static String describeCall(String method, String reason, String messageContaining, Integer times) {
        return method + "(\"" + reason + "\"" + (messageContaining == null ? "" : ", \"" + messageContaining + "\"")
                + (times == null ? "" : ", " + times) + ")";
    }

    private boolean sameIdentity(Pod pod) {
        return firstSeen.uid().equals(pod.getMetadata().getUid())
                && (firstSeen.node() == null || firstSeen.node().equals(PodFacts.node(pod)))
                && (firstSeen.podIp() == null || firstSeen.podIp().equals(PodFacts.podIp(pod)));
    }

    private PeapodException nothingToCompare(String why) {
        String name = source.subject().pod();
        return new PeapodException("isStillOnTheSameNode() proves nothing about pod " + source.subject().podKey() + " here: "
                + why + ". Keep a PodAssert from before the behaviour under test: PodAssert " + name
                + " = assertThat(cluster).pod(\"" + name + "\"); ... " + name + ".isStillOnTheSameNode();");
    }

    private String scheduling(Pod pod, Optional<PodCondition> scheduled) {
        if (scheduled.isEmpty()) {
            return "it has no PodScheduled condition (" + PodFacts.describePhase(pod) + ").";
        }
        PodCondition c = scheduled.get();
        if ("True".equals(c.getStatus())) {
            return "it is scheduled: PodScheduled=True, on node \"" + PodFacts.node(pod) + "\" (" + PodFacts.describePhase(pod) + ").";
        }
        if (!"Pending".equals(PodFacts.phase(pod)) && "Unschedulable".equals(c.getReason())) {
            return "it has " + PodFacts.describePhase(pod) + ".";
        }
        return "its condition is PodScheduled=" + c.getStatus() + " (" + c.getReason() + ") with the message:\n  \""
                + c.getMessage() + "\"";
    }

    private static boolean restartsMatch(String actual, String expected) {
        if (expected.contains("(")) {
            return actual.equals(expected);
        }
        int space = actual.indexOf(' ');
        return (space < 0 ? actual : actual.substring(0, space)).equals(expected.trim());
    }

    private Subject subject(String containerName) {
        Subject pod = source.subject();
        return containerName == null ? pod : pod.container(containerName);
    }

    private String timeline() {
        return source.timeline();
    }

    /** The instant, causes and timeline of a failure about the pod. */
    private Evidence evidence(Causes.Topic topic) {
        return source.evidence(null, topic);
    }

    /** The failure to throw, put on the pod's timeline first: the picture shows where a check failed. */
    private AssertionError failure(ErrorMessageFactory factory) {
        return source.failed(subject(null), assertionError(factory));
    }

    // ---------------------------------------------------------------- arguments

    private static String requirePhase(String phase) {
        Arguments.requireText(phase, "phase");
        if (Arguments.PHASES.contains(phase)) {
            return phase;
        }
        String hint = PodFacts.CRASH_LOOP_BACK_OFF.equals(phase) ? ": CrashLoopBackOff is a container's waiting reason, use isCrashLooping()"
                : "";
        throw new PeapodException("phase must be one of Pending, Running, Succeeded, Failed, Unknown, but was \"" + phase + "\"" + hint);
    }
}
