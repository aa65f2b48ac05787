package dev.peapod.assertions;

import dev.peapod.FakeCluster;
import dev.peapod.core.PeapodException;
import dev.peapod.printers.PodPrinter;
import dev.peapod.printers.PodRow;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.error.ErrorMessageFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.peapod.assertions.ShouldBePendingWithSchedulingMessage.shouldBePendingWithSchedulingMessage;
import static dev.peapod.assertions.ShouldBeRunningOn.shouldBeRunningOn;
import static dev.peapod.assertions.ShouldBeTerminated.shouldBeTerminated;
import static dev.peapod.assertions.ShouldBeWaiting.shouldBeWaiting;
import static dev.peapod.assertions.ShouldBecomeWithin.shouldBecomeWithin;
import static dev.peapod.assertions.ShouldExist.shouldExist;
import static dev.peapod.assertions.ShouldHaveCondition.shouldHaveCondition;
import static dev.peapod.assertions.ShouldHaveContainer.shouldHaveContainer;
import static dev.peapod.assertions.ShouldHaveEvent.shouldHaveEvent;
import static dev.peapod.assertions.ShouldHaveLastTerminationState.shouldHaveLastTerminationState;
import static dev.peapod.assertions.ShouldHavePhase.shouldHavePhase;
import static dev.peapod.assertions.ShouldHaveRestarted.shouldHaveRestarted;
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
 * <p>{@code container("app")} scopes the container checks to one container. Without a scope,
 * {@code isReady()}, {@code isNotReady()} and {@code isCrashLooping()} are about the pod, and the
 * single-container checks ({@code hasRestarted}, {@code isWaiting}, ...) take the pod's only app
 * container. Checks of the pod as a whole (phase, node, conditions, kubectl) ignore the scope.
 *
 * <p>The pod's identity (uid, node, IP) is remembered when this object is created, which is what
 * {@link #isStillOnTheSameNode()} compares with: create it before the behaviour under test.
 *
 * <p>AssertJ's own methods ({@code satisfies}, {@code extracting}) see {@code actual}: the pod as it
 * was when this object was created.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class PodAssert extends AbstractAssert<PodAssert, Pod> {
    private static final Set<String> CONDITION_STATUSES = Set.of("True", "False", "Unknown");

    private final PodSource source;
    private final String container;     // null: the pod, or its only app container
    private final FirstSeen firstSeen;  // shared with the container-scoped copies of this object

    PodAssert(PodSource source, String container, FirstSeen firstSeen) {
        super(firstLook(source, firstSeen), PodAssert.class);
        this.source = source;
        this.container = container;
        this.firstSeen = firstSeen;
    }

    private static Pod firstLook(PodSource source, FirstSeen firstSeen) {
        Optional<Pod> pod = source.read();
        pod.ifPresent(p -> firstSeen.observe(p, source.elapsed()));
        return pod.orElse(null);
    }

    // ---------------------------------------------------------------- scope

    /** The same pod, with the container checks about this container (an init container or sidecar too). */
    public PodAssert container(String name) {
        PodAssert scoped = new PodAssert(source, Arguments.requireText(name, "name"), firstSeen);
        return info.hasDescription() ? scoped.as(info.description()) : scoped;
    }

    // ---------------------------------------------------------------- restarts and container states

    /** The scoped (or only) container's restartCount is exactly {@code times}. */
    public PodAssert hasRestarted(int times) {
        requireNotNegative(times, "times");
        Pod pod = current();
        String name = oneContainer(pod, "hasRestarted(" + times + ")");
        int restarts = PodFacts.restartCount(pod, name);
        if (restarts != times) throw failure(shouldHaveRestarted(subject(name), times, restarts, timeline()));
        return myself;
    }

    /** A container (the scoped one, or any) waits with reason CrashLoopBackOff. The phase stays Running meanwhile. */
    public PodAssert isCrashLooping() {
        return verify(PodStates.crashLooping(container), ShouldBeCrashLooping::shouldBeCrashLooping);
    }

    /** The scoped (or only) container is waiting with this reason, e.g. CrashLoopBackOff, ImagePullBackOff. */
    public PodAssert isWaiting(String reason) {
        Arguments.requireText(reason, "reason");
        Pod pod = current();
        String name = oneContainer(pod, "isWaiting(\"" + reason + "\")");
        Optional<ContainerStatus> status = PodFacts.status(pod, name);
        if (status.isEmpty() || !PodFacts.isWaiting(status.get(), reason))
            throw failure(shouldBeWaiting(subject(name), reason, state(pod, name), timeline()));
        return myself;
    }

    /** The scoped (or only) container's current state is terminated with this exit code and reason. */
    public PodAssert isTerminated(int exitCode, String reason) {
        Arguments.requireText(reason, "reason");
        Pod pod = current();
        String name = oneContainer(pod, "isTerminated(" + exitCode + ", \"" + reason + "\")");
        ContainerStateTerminated terminated = PodFacts.status(pod, name)
                .map(s -> s.getState() == null ? null : s.getState().getTerminated()).orElse(null);
        if (!PodFacts.terminatedWith(terminated, exitCode, reason))
            throw failure(shouldBeTerminated(subject(name), exitCode, reason, state(pod, name), timeline()));
        return myself;
    }

    /** The scoped (or only) container's {@code lastState.terminated} has this exit code and reason. */
    public PodAssert hasLastTerminationState(int exitCode, String reason) {
        Arguments.requireText(reason, "reason");
        Pod pod = current();
        String name = oneContainer(pod, "hasLastTerminationState(" + exitCode + ", \"" + reason + "\")");
        ContainerStateTerminated last = PodFacts.status(pod, name).map(PodFacts::lastTermination).orElse(null);
        if (!PodFacts.terminatedWith(last, exitCode, reason))
            throw failure(shouldHaveLastTerminationState(subject(name), exitCode, reason, lastTermination(last), timeline()));
        return myself;
    }

    // ---------------------------------------------------------------- readiness

    /** The pod's Ready condition is True; with a container scope, that container is {@code ready}. */
    public PodAssert isReady() {
        return verify(PodStates.ready(container), ShouldBeReady::shouldBeReady);
    }

    /** The pod's Ready condition is not True; with a container scope, that container is not {@code ready}. */
    public PodAssert isNotReady() {
        return verify(PodStates.notReady(container), ShouldNotBeReady::shouldNotBeReady);
    }

    // ---------------------------------------------------------------- phase

    /** The pod's phase: Pending, Running, Succeeded, Failed (or the deprecated Unknown). */
    public PodAssert hasPhase(String phase) {
        requirePodScope("hasPhase(\"" + phase + "\")");
        return verify(PodStates.phase(requirePhase(phase)), (subject, actual, timeline) ->
                shouldHavePhase(subject, phase, actual, timeline));
    }

    public PodAssert isPending() {
        return hasPhase("Pending");
    }

    /** The pod's phase is Running; with a container scope, that container's state is running. */
    public PodAssert isRunning() {
        if (container == null) {
            return hasPhase("Running");
        }
        return verify(PodStates.running(container), ShouldBeRunning::shouldBeRunning);
    }

    public PodAssert hasSucceeded() {
        return hasPhase("Succeeded");
    }

    public PodAssert hasFailed() {
        return hasPhase("Failed");
    }

    // ---------------------------------------------------------------- node and identity

    /** The pod is bound to this node ({@code spec.nodeName}) and its phase is Running. */
    public PodAssert isRunningOn(String node) {
        Arguments.requireText(node, "node");
        Pod pod = current();
        if (!node.equals(PodFacts.node(pod)) || !"Running".equals(PodFacts.phase(pod)))
            throw failure(shouldBeRunningOn(subject(null), node, PodFacts.node(pod), PodFacts.describePhase(pod), timeline()));
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

    /** An event with this reason is about the pod (or, with a container scope, that container). */
    public PodAssert hasEvent(String reason) {
        return checkEvent(Arguments.requireText(reason, "reason"), null);
    }

    /** An event with this reason and a message containing this text is about the pod (or the scoped container). */
    public PodAssert hasEvent(String reason, String messageContaining) {
        return checkEvent(Arguments.requireText(reason, "reason"), Arguments.requireText(messageContaining, "messageContaining"));
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

    /** Waits for the pod (or the scoped container) to be ready: {@code becomesReady().within(ofSeconds(30))}. */
    public PodWait becomesReady() {
        return new PodWait(this, "becomesReady()", container, PodStates.ready(container), null);
    }

    public PodWait becomesNotReady() {
        return new PodWait(this, "becomesNotReady()", container, PodStates.notReady(container), null);
    }

    /**
     * Waits until the scoped (or only) container's restartCount reaches {@code times}; it must then be
     * exactly {@code times}, so a container that had already restarted more often fails.
     */
    public PodWait restarts(int times) {
        requireNotNegative(times, "times");
        String check = "restarts(" + times + ")";
        String name = source.read().map(pod -> oneContainer(pod, check)).orElse(container); // the pod may come later
        return new PodWait(this, check, name, PodStates.restarted(name, times), () -> hasRestarted(times));
    }

    public PodWait becomesCrashLooping() {
        return new PodWait(this, "becomesCrashLooping()", container, PodStates.crashLooping(container), null);
    }

    /**
     * Runs the cluster until the state holds, at most {@code limit} of virtual time, stopping at the
     * first instant it holds. The pod need not exist yet when the wait starts.
     *
     * @param about the container the state is about, for the message; null for the pod
     */
    PodAssert awaitState(String wait, String about, PodState state, Duration limit) {
        FakeCluster cluster = source.requireCluster(wait + ".within(...)");
        if (limit == null || limit.isNegative()) {
            throw new PeapodException("within(limit): limit must not be " + (limit == null ? "null" : "negative, but was " + limit));
        }
        source.read().ifPresent(this::requireScopedContainer);
        boolean held = Waiting.run(cluster, c -> source.read().map(pod -> {
            firstSeen.observe(pod, source.elapsed());
            return state.holds().test(pod);
        }).orElse(false), limit);
        if (!held) throw failure(shouldBecomeWithin(subject(about), state.toBecome(), limit,
                source.time().at(cluster.now()), source.read().map(p -> state.actual().apply(p, source.time()))
                        .orElse("it does not exist"), timeline()));
        return myself;
    }

    // ---------------------------------------------------------------- the parts of a check

    /** The factories of the checks that share a {@link PodState}: subject, what it is instead, timeline. */
    @FunctionalInterface
    interface Failure {
        ErrorMessageFactory create(Subject subject, String actual, String timeline);
    }

    private PodAssert verify(PodState state, Failure failure) {
        Pod pod = current();
        requireScopedContainer(pod);
        if (!state.holds().test(pod)) throw failure(failure.create(subject(container), state.actual().apply(pod, source.time()),
                timeline()));
        return myself;
    }

    private PodAssert checkCondition(String type, String status, String reason) {
        Arguments.requireText(type, "type");
        requireConditionStatus(status);
        Pod pod = current();
        Optional<PodCondition> condition = PodFacts.condition(pod, type);
        boolean holds = condition.map(c -> status.equals(c.getStatus())
                && (reason == null || reason.equals(c.getReason()))).orElse(false);
        if (!holds) throw failure(shouldHaveCondition(subject(null), type, status, reason,
                actualCondition(pod, type, condition), timeline()));
        return myself;
    }

    private PodAssert checkEvent(String reason, String messageContaining) {
        String check = "hasEvent(\"" + reason + "\"" + (messageContaining == null ? "" : ", \"" + messageContaining + "\"") + ")";
        List<Event> events = source.events(check);
        requireScopedContainer(current());
        List<Event> about = events.stream().filter(this::isAboutScope).toList();
        boolean found = about.stream().anyMatch(e -> reason.equals(e.getReason())
                && (messageContaining == null || (e.getMessage() != null && e.getMessage().contains(messageContaining))));
        if (!found) throw failure(shouldHaveEvent(subject(container), reason, messageContaining, about, timeline()));
        return myself;
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

    private String oneContainer(Pod pod, String check) {
        requireScopedContainer(pod);
        return PodFacts.oneContainer(pod, container, check);
    }

    private void requireContainer(Pod pod) {
        List<String> names = PodFacts.containerNames(pod);
        if (!names.contains(container)) throw failure(shouldHaveContainer(subject(container), names, timeline()));
    }

    private void requireScopedContainer(Pod pod) {
        if (container != null) requireContainer(pod);
    }

    private boolean isAboutScope(Event event) {
        String fieldPath = event.getInvolvedObject() == null ? null : event.getInvolvedObject().getFieldPath();
        return container == null || ("spec.containers{" + container + "}").equals(fieldPath)
                || ("spec.initContainers{" + container + "}").equals(fieldPath);
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

    private String state(Pod pod, String name) {
        return PodFacts.describeState(pod, name, source.time());
    }

    private String lastTermination(ContainerStateTerminated last) {
        return last == null ? "it has no last termination state"
                : "its last termination was " + PodFacts.describeTermination(last) + " at " + source.time().at(last.getFinishedAt());
    }

    private String actualCondition(Pod pod, String type, Optional<PodCondition> condition) {
        if (condition.isPresent()) {
            return "it has " + PodFacts.describeCondition(condition.get(), source.time());
        }
        String others = PodFacts.listConditions(pod);
        return "it has no " + type + " condition (" + (others.isEmpty() ? "it has no conditions" : "its conditions: " + others) + ")";
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

    private AssertionError failure(ErrorMessageFactory factory) {
        return assertionError(factory);
    }

    // ---------------------------------------------------------------- arguments

    private void requirePodScope(String check) {
        if (container != null) {
            throw new PeapodException(check + " checks the pod's phase, and a container has no phase: on container \""
                    + container + "\" use isRunning(), isWaiting(reason) or isTerminated(exitCode, reason)");
        }
    }

    private static String requirePhase(String phase) {
        Arguments.requireText(phase, "phase");
        if (Arguments.PHASES.contains(phase)) {
            return phase;
        }
        String hint = PodFacts.CRASH_LOOP_BACK_OFF.equals(phase) ? ": CrashLoopBackOff is a container's waiting reason, use isCrashLooping()"
                : "";
        throw new PeapodException("phase must be one of Pending, Running, Succeeded, Failed, Unknown, but was \"" + phase + "\"" + hint);
    }

    private static void requireConditionStatus(String status) {
        Arguments.requireText(status, "status");
        if (!CONDITION_STATUSES.contains(status)) {
            throw new PeapodException("status must be True, False or Unknown, but was \"" + status + "\"");
        }
    }

    private static void requireNotNegative(int value, String name) {
        if (value < 0) {
            throw new PeapodException(name + " must not be negative, but was " + value);
        }
    }
}
