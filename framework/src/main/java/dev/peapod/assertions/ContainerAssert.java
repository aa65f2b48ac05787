package dev.peapod.assertions;

import dev.peapod.ContainerView;
import dev.peapod.FakeCluster;
import dev.peapod.core.PeapodException;
import dev.peapod.timeline.ContainerHistory;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.WritableAssertionInfo;
import org.assertj.core.error.ErrorMessageFactory;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.Optional;

import static dev.peapod.assertions.ShouldBeTerminated.shouldBeTerminated;
import static dev.peapod.assertions.ShouldBeWaiting.shouldBeWaiting;
import static dev.peapod.assertions.ShouldBeWaitingWithMessage.shouldBeWaitingWithMessage;
import static dev.peapod.assertions.ShouldHaveLastTerminatedAt.shouldHaveLastTerminatedAt;
import static dev.peapod.assertions.ShouldExist.shouldExist;
import static dev.peapod.assertions.ShouldHaveFile.shouldHaveFile;
import static dev.peapod.assertions.ShouldHaveFileContent.shouldHaveFileContent;
import static dev.peapod.assertions.ShouldHaveLogLine.shouldHaveLogLine;
import static dev.peapod.assertions.ShouldHaveContainer.shouldHaveContainer;
import static dev.peapod.assertions.ShouldHaveEvent.shouldHaveEvent;
import static dev.peapod.assertions.ShouldHaveHappenedAt.shouldHaveHappenedAt;
import static dev.peapod.assertions.ShouldHaveEventCount.shouldHaveEventCount;
import static dev.peapod.assertions.ShouldNotHaveEvent.shouldNotHaveEvent;
import static dev.peapod.assertions.ShouldHaveLastTerminationState.shouldHaveLastTerminationState;
import static dev.peapod.assertions.ShouldHaveRestarted.shouldHaveRestarted;
import static dev.peapod.assertions.ShouldHaveTerminated.shouldHave;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Checks on one container of a pod (an app container, an init container or a sidecar), worded as
 * its behaviour: {@code assertThat(cluster).pod("web").container("app").hasRestarted(1).isReady()}.
 * Like its {@link PodAssert}, it reads the pod again at every check and ends every failure message
 * with the pod's timeline; {@link #pod()} goes back to the pod's checks.
 *
 * <p>AssertJ's own methods ({@code satisfies}, {@code extracting}) see {@code actual}: the container's
 * status as it was when this object was created (null before the kubelet wrote one).
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ContainerAssert extends AbstractAssert<ContainerAssert, ContainerStatus> {
    private final PodAssert pod;        // the way back
    private final PodSource source;
    private final FirstSeen firstSeen;  // the pod's, shared with its PodAssert
    private final String name;

    ContainerAssert(PodAssert pod, PodSource source, FirstSeen firstSeen, String name) {
        super(source.read().flatMap(p -> PodFacts.status(p, name)).orElse(null), ContainerAssert.class);
        this.pod = pod;
        this.source = source;
        this.firstSeen = firstSeen;
        this.name = name;
    }

    /**
     * Takes on the pod's description, failure message and representation, so a check made through
     * the pod ({@code as("after the rollout")}, {@code withFailMessage(..)}) fails as the pod's own would.
     */
    ContainerAssert inheriting(WritableAssertionInfo pod) {
        if (pod.hasDescription()) as(pod.description());
        if (pod.overridingErrorMessage() != null) overridingErrorMessage(pod::overridingErrorMessage);
        return withRepresentation(pod.representation());
    }

    /** The checks of the pod this container belongs to: {@code container("app").hasRestarted(1).pod().isStillOnTheSameNode()}. */
    public PodAssert pod() {
        return pod;
    }

    // ---------------------------------------------------------------- restarts and states

    /** restartCount is exactly {@code times}: 0 for the first run, and each restart adds 1. */
    public ContainerAssert hasRestarted(int times) {
        Arguments.requireNotNegative(times, "times");
        int restarts = PodFacts.restartCount(current(), name);
        if (restarts != times) throw failure(shouldHaveRestarted(subject(), times, restarts, evidence(Causes.Topic.RESTARTS)));
        source.passed(subject(), "to have restarted " + VirtualTime.times(times));
        return myself;
    }

    /** The container waits with reason CrashLoopBackOff. The pod's phase stays Running meanwhile. */
    public ContainerAssert isCrashLooping() {
        return verify(PodStates.crashLooping(name), ShouldBeCrashLooping::shouldBeCrashLooping);
    }

    /** The container is waiting with this reason, e.g. CrashLoopBackOff, ImagePullBackOff, ContainerCreating. */
    public ContainerAssert isWaiting(String reason) {
        Arguments.requireText(reason, "reason");
        Pod pod = current();
        Optional<ContainerStatus> status = PodFacts.status(pod, name);
        if (status.isEmpty() || !PodFacts.isWaiting(status.get(), reason))
            throw failure(shouldBeWaiting(subject(), reason, state(pod), evidence(Causes.Topic.RESTARTS)));
        source.passed(subject(), "to be waiting with reason " + reason);
        return myself;
    }

    /**
     * The container is waiting with this reason and a message containing this text, e.g.
     * {@code isWaiting("CrashLoopBackOff", "back-off 20s restarting failed container=app")}.
     */
    public ContainerAssert isWaiting(String reason, String messageContaining) {
        Arguments.requireText(reason, "reason");
        Arguments.requireText(messageContaining, "messageContaining");
        Pod pod = current();
        Optional<ContainerStatus> status = PodFacts.status(pod, name);
        if (status.isEmpty() || !PodFacts.isWaiting(status.get(), reason) || !waitingMessage(status.get()).contains(messageContaining))
            throw failure(shouldBeWaitingWithMessage(subject(), reason, messageContaining,
                    PodFacts.describeStateWithMessage(pod, name, source.time()), evidence(Causes.Topic.RESTARTS)));
        return myself;
    }

    /** The container's current state is terminated with this exit code and reason. */
    public ContainerAssert isTerminated(int exitCode, String reason) {
        Arguments.requireText(reason, "reason");
        Pod pod = current();
        ContainerStateTerminated terminated = PodFacts.status(pod, name)
                .map(s -> s.getState() == null ? null : s.getState().getTerminated()).orElse(null);
        if (!PodFacts.terminatedWith(terminated, exitCode, reason))
            throw failure(shouldBeTerminated(subject(), exitCode, reason, state(pod), evidence(Causes.Topic.RESTARTS)));
        source.passed(subject(), "to be terminated with exit code " + exitCode + " (" + reason + ")");
        return myself;
    }

    /** The container's {@code lastState.terminated} has this exit code and reason: the run before this one. */
    public ContainerAssert hasLastTerminationState(int exitCode, String reason) {
        Arguments.requireText(reason, "reason");
        ContainerStateTerminated last = lastTermination(current());
        if (!PodFacts.terminatedWith(last, exitCode, reason))
            throw failure(shouldHaveLastTerminationState(subject(), exitCode, reason, describeLast(last), evidence(Causes.Topic.RESTARTS)));
        return myself;
    }

    /**
     * {@code lastState.terminated.finishedAt} is this instant of virtual time since the cluster
     * started, to the second (the API's timestamps have no fraction): when the run before this one ended.
     */
    public ContainerAssert lastTerminatedAt(Duration sinceStart) {
        String check = "lastTerminatedAt(" + VirtualTime.argument(sinceStart) + ")";
        source.requireInstant(sinceStart, check);
        ContainerStateTerminated last = lastTermination(current());
        if (last == null || !source.isAt(last.getFinishedAt(), sinceStart, check))
            throw failure(shouldHaveLastTerminatedAt(subject(), source.time().sinceStart(sinceStart), describeLast(last), timeline()));
        return myself;
    }

    /**
     * The container's {@code started} is true: it runs and its startup probe, if it has one, has
     * succeeded. Liveness and readiness probes wait for it (kubernetes: pkg/kubelet/prober/worker.go).
     */
    public ContainerAssert isStarted() {
        return verify(PodStates.started(name), ShouldBeStarted::shouldBeStarted);
    }

    /** The container's {@code started} is false: not running, or its startup probe has not succeeded yet. */
    public ContainerAssert isNotStarted() {
        return verify(PodStates.notStarted(name), ShouldNotBeStarted::shouldNotBeStarted);
    }

    /** The container's state is running (whatever the pod's phase). */
    public ContainerAssert isRunning() {
        return verify(PodStates.running(name), ShouldBeRunning::shouldBeRunning);
    }

    // ---------------------------------------------------------------- history: starts, restarts and exits

    /**
     * The container's runs started at exactly these instants of virtual time since the cluster
     * started, the first run included: {@code startedAt(ZERO, ofSeconds(50), ofSeconds(100))}.
     * Read from the timeline's typed facts ({@link ContainerHistory}), to the millisecond.
     */
    public ContainerAssert startedAt(Duration... sinceStart) {
        return checkHistory("startedAt", "started", sinceStart, ContainerHistory::startedAt);
    }

    /**
     * The container restarted at exactly these instants since the cluster started, and at no other:
     * {@code restartedAt(ofSeconds(50), ofSeconds(100))}. A restart is a run after the first one.
     */
    public ContainerAssert restartedAt(Duration... sinceStart) {
        return checkHistory("restartedAt", "restarted", sinceStart, ContainerHistory::restartedAt);
    }

    /** The container's runs exited at exactly these instants since the cluster started, and at no other. */
    public ContainerAssert exitedAt(Duration... sinceStart) {
        return checkHistory("exitedAt", "exited", sinceStart, ContainerHistory::exitedAt);
    }

    // ---------------------------------------------------------------- termination and lifecycle hooks
    // These read the timeline (ContainerHistory), which outlives the pod: they may be asked after the
    // pod has left the store, as a deleted pod does once its containers are gone.

    /**
     * The runtime sent SIGTERM at exactly these instants since the cluster started, e.g.
     * {@code receivedSigtermAt(ofSeconds(15))}: the start of each stop (after the preStop hook).
     */
    public ContainerAssert receivedSigtermAt(Duration... sinceStart) {
        return checkHistory("receivedSigtermAt", "received SIGTERM", sinceStart, ContainerHistory::sigtermAt);
    }

    /**
     * The runtime sent the container's stop signal at exactly these instants, whichever it is: SIGTERM,
     * or its image's STOPSIGNAL (nginx's SIGQUIT, httpd's SIGWINCH).
     */
    public ContainerAssert receivedStopSignalAt(Duration... sinceStart) {
        return checkHistory("receivedStopSignalAt", "received its stop signal", sinceStart, ContainerHistory::stopSignalAt);
    }

    /**
     * The runtime sent this signal ({@code SIGTERM}, {@code SIGKILL}, or an image's STOPSIGNAL such as
     * nginx's {@code SIGQUIT} or httpd's {@code SIGWINCH}) at exactly these instants.
     */
    public ContainerAssert receivedSignalAt(String signal, Duration... sinceStart) {
        ContainerHistory.StepKind kind;
        try {
            kind = ContainerHistory.StepKind.valueOf(signal);
        } catch (IllegalArgumentException | NullPointerException e) {
            kind = null;
        }
        if (kind == null || !(kind.isStopSignal() || kind == ContainerHistory.StepKind.SIGKILL)) {
            throw new PeapodException("receivedSignalAt(signal, ...): the runtime sends SIGTERM, SIGQUIT, SIGWINCH (an "
                    + "image's stop signal) or SIGKILL, but the signal was " + (signal == null ? "null" : "\"" + signal + "\""));
        }
        ContainerHistory.StepKind wanted = kind;
        return checkHistory("receivedSignalAt", "received " + signal, sinceStart, h -> h.at(wanted));
    }

    /** The runtime sent SIGKILL at exactly these instants: each stop whose grace period ran out. */
    public ContainerAssert receivedSigkillAt(Duration... sinceStart) {
        return checkHistory("receivedSigkillAt", "received SIGKILL", sinceStart, ContainerHistory::sigkillAt);
    }

    /**
     * The container's last run ended by SIGKILL at the end of its grace period: it got SIGTERM, did not
     * exit, and was killed with exit code 137.
     */
    public ContainerAssert wasKilledAfterTheGracePeriod() {
        ContainerHistory history = source.history(name, "wasKilledAfterTheGracePeriod()");
        requireKnown(history);
        Optional<ContainerHistory.Exit> last = history.runs().isEmpty() ? Optional.empty()
                : history.runs().get(history.runs().size() - 1).exit();
        List<Duration> kills = history.sigkillAt();
        boolean killed = last.isPresent() && last.get().exitCode() == 137 && kills.contains(last.get().at());
        if (!killed) {
            String actual = history.runs().isEmpty() ? "it never ran" : last.isEmpty() ? "its last run has not ended"
                    : "its last run exited with code " + last.get().exitCode() + " (" + last.get().reason() + ") at "
                    + source.time().sinceStart(last.get().at()) + (kills.isEmpty() ? " and it never got SIGKILL"
                    : ", not by the SIGKILL at " + VirtualTime.list(clock(kills)));
            throw failure(shouldHave(subject(), "to have been killed after the grace period (SIGKILL, exit code 137)",
                    actual, timeline()));
        }
        return myself;
    }

    /** Its postStart hook failed at least once (FailedPostStartHook). */
    public ContainerAssert postStartHookFailed() {
        return checkHookEnded("postStartHookFailed()", "postStart", ContainerHistory.StepKind.POST_START_STARTED,
                ContainerHistory.StepKind.POST_START_FAILED, "fail", "failed");
    }

    /** Its postStart hook ran and returned without error at least once. */
    public ContainerAssert postStartHookSucceeded() {
        return checkHookEnded("postStartHookSucceeded()", "postStart", ContainerHistory.StepKind.POST_START_STARTED,
                ContainerHistory.StepKind.POST_START_SUCCEEDED, "succeed", "succeeded");
    }

    /** Its preStop hook ran and returned without error at least once. */
    public ContainerAssert preStopHookSucceeded() {
        return checkHookEnded("preStopHookSucceeded()", "preStop", ContainerHistory.StepKind.PRE_STOP_STARTED,
                ContainerHistory.StepKind.PRE_STOP_SUCCEEDED, "succeed", "succeeded");
    }

    /** Its preStop hook failed at least once (FailedPreStopHook). */
    public ContainerAssert preStopHookFailed() {
        return checkHookEnded("preStopHookFailed()", "preStop", ContainerHistory.StepKind.PRE_STOP_STARTED,
                ContainerHistory.StepKind.PRE_STOP_FAILED, "fail", "failed");
    }

    /**
     * Every SIGTERM the container got came after its preStop hook had run: the hook started and
     * returned, or used up the grace period, before the signal.
     */
    public ContainerAssert preStopHookRanBeforeSigterm() {
        ContainerHistory history = source.history(name, "preStopHookRanBeforeSigterm()");
        requireKnown(history);
        if (!history.preStopRanBeforeEachSigterm()) {
            List<Duration> started = history.at(ContainerHistory.StepKind.PRE_STOP_STARTED);
            List<Duration> sigterms = history.sigtermAt();
            String actual = sigterms.isEmpty() ? "it never got SIGTERM"
                    : started.isEmpty() ? "its preStop hook never ran (SIGTERM at " + VirtualTime.list(clock(sigterms)) + ")"
                    : "its preStop hook started at " + VirtualTime.list(clock(started)) + " and SIGTERM came at "
                    + VirtualTime.list(clock(sigterms)) + ", not each after a hook that had ended";
            throw failure(shouldHave(subject(), "to have run its preStop hook before SIGTERM", actual, timeline()));
        }
        return myself;
    }

    /**
     * This container's first run ended before {@code other}'s first run started: an init container
     * that ran to completion before the next init container or the app containers.
     */
    public ContainerAssert ranBefore(String other) {
        dev.peapod.core.Checks.notNull(other, "other");
        ContainerHistory mine = source.history(name, "ranBefore(\"" + other + "\")");
        ContainerHistory theirs = source.history(other, "ranBefore(\"" + other + "\")");
        requireKnown(mine);
        source.read().ifPresent(pod -> {
            List<String> names = PodFacts.containerNames(pod);
            if (!names.contains(other)) throw failure(shouldHaveContainer(source.subject().container(other), names, timeline()));
        });
        Optional<ContainerHistory.Exit> end = mine.runs().isEmpty() ? Optional.empty() : mine.runs().get(0).exit();
        Optional<Duration> start = theirs.startedAt().stream().findFirst();
        if (end.isEmpty() || start.isEmpty() || start.get().compareTo(end.get().at()) < 0) {
            String actual = mine.runs().isEmpty() ? "it never ran"
                    : end.isEmpty() ? "its first run has not ended"
                    : start.isEmpty() ? "it ended at " + source.time().sinceStart(end.get().at()) + " and \"" + other + "\" never started"
                    : "it ended at " + source.time().sinceStart(end.get().at()) + " and \"" + other + "\" started at "
                    + source.time().sinceStart(start.get());
            throw failure(shouldHave(subject(), "to have run to its end before container \"" + other + "\" started", actual,
                    timeline()));
        }
        return myself;
    }

    /** The hook ended this way at least once; the failure says when it ran and that it never did. */
    private ContainerAssert checkHookEnded(String check, String hook, ContainerHistory.StepKind started,
                                           ContainerHistory.StepKind ended, String verb, String never) {
        ContainerHistory history = source.history(name, check);
        requireKnown(history);
        if (history.at(ended).isEmpty()) {
            List<Duration> runs = history.at(started);
            String actual = runs.isEmpty() ? "its " + hook + " hook never ran"
                    : "its " + hook + " hook ran at " + VirtualTime.list(clock(runs)) + (runs.size() == 1 ? "" : ",")
                    + " and never " + never;
            throw failure(shouldHave(subject(), "to have had its " + hook + " hook " + verb, actual, timeline()));
        }
        return myself;
    }

    // ---------------------------------------------------------------- readiness

    /** The container's {@code ready} is true. */
    public ContainerAssert isReady() {
        return verify(PodStates.ready(name), ShouldBeReady::shouldBeReady);
    }

    /** The container's {@code ready} is false. */
    public ContainerAssert isNotReady() {
        return verify(PodStates.notReady(name), ShouldNotBeReady::shouldNotBeReady);
    }

    // ---------------------------------------------------------------- events

    /** An event with this reason is about this container ({@code involvedObject.fieldPath}). */
    public ContainerAssert hasEvent(String reason) {
        return checkEvent(Arguments.requireText(reason, "reason"), null);
    }

    /** An event with this reason and a message containing this text is about this container. */
    public ContainerAssert hasEvent(String reason, String messageContaining) {
        return checkEvent(Arguments.requireText(reason, "reason"), Arguments.requireText(messageContaining, "messageContaining"));
    }

    /** No event with this reason is about this container, e.g. {@code hasNoEvent("Unhealthy")}. */
    public ContainerAssert hasNoEvent(String reason) {
        return checkNoEvent(Arguments.requireText(reason, "reason"), null);
    }

    /** No event with this reason and a message containing this text is about this container. */
    public ContainerAssert hasNoEvent(String reason, String messageContaining) {
        return checkNoEvent(Arguments.requireText(reason, "reason"), Arguments.requireText(messageContaining, "messageContaining"));
    }

    /**
     * Events with this reason about this container were reported exactly {@code times} times in all. Like
     * upstream's recorder, Peapod folds a repeat of an event (same reason, message and source) into
     * the stored Event and raises its {@code count} (kubernetes: client-go tools/record
     * events_cache.go), so this is the sum of the matching Events' {@code count}, what
     * {@code kubectl describe} shows as {@code x3 over 30s}, and not the number of Event objects.
     */
    public ContainerAssert hasEventCount(String reason, int times) {
        return checkEventCount(Arguments.requireText(reason, "reason"), null, Arguments.requireNotNegative(times, "times"));
    }

    /** As {@link #hasEventCount(String, int)}, counting only the events whose message contains this text. */
    public ContainerAssert hasEventCount(String reason, String messageContaining, int times) {
        return checkEventCount(Arguments.requireText(reason, "reason"),
                Arguments.requireText(messageContaining, "messageContaining"), Arguments.requireNotNegative(times, "times"));
    }

    // ---------------------------------------------------------------- waits on the virtual clock

    /** Waits for the container to be ready: {@code container("app").becomesReady().within(ofSeconds(30))}. */
    public PodWait<ContainerAssert> becomesReady() {
        return await("becomesReady()", PodStates.ready(name), null);
    }

    public PodWait<ContainerAssert> becomesNotReady() {
        return await("becomesNotReady()", PodStates.notReady(name), null);
    }

    /**
     * Waits until restartCount reaches {@code times}; it must then be exactly {@code times}, so a
     * container that had already restarted more often fails.
     */
    public PodWait<ContainerAssert> restarts(int times) {
        Arguments.requireNotNegative(times, "times");
        return await("restarts(" + times + ")", PodStates.restarted(name, times), () -> hasRestarted(times));
    }

    public PodWait<ContainerAssert> becomesCrashLooping() {
        return await("becomesCrashLooping()", PodStates.crashLooping(name), null);
    }

    // ---------------------------------------------------------------- the parts of a check

    private ContainerAssert verify(PodState state, PodAssert.Failure failure) {
        Pod pod = current();
        if (!state.holds().test(pod)) throw failure(failure.create(subject(), state.actual().apply(pod, source.time()),
                evidence(state.topic())));
        source.passed(subject(), state.toBe());
        return myself;
    }

    private ContainerAssert checkEvent(String reason, String messageContaining) {
        List<Event> about = events(PodAssert.describeCall("hasEvent", reason, messageContaining, null));
        if (Events.matching(about, reason, messageContaining).isEmpty())
            throw failure(shouldHaveEvent(subject(), reason, messageContaining, about, timeline()));
        return myself;
    }

    private ContainerAssert checkNoEvent(String reason, String messageContaining) {
        List<Event> found = Events.matching(events(PodAssert.describeCall("hasNoEvent", reason, messageContaining, null)),
                reason, messageContaining);
        if (!found.isEmpty()) throw failure(shouldNotHaveEvent(subject(), reason, messageContaining, found, timeline()));
        return myself;
    }

    private ContainerAssert checkEventCount(String reason, String messageContaining, int times) {
        List<Event> events = events(PodAssert.describeCall("hasEventCount", reason, messageContaining, times));
        List<Event> matching = Events.matching(events, reason, messageContaining);
        int count = Events.occurrences(matching);
        if (count != times) throw failure(shouldHaveEventCount(subject(), reason, messageContaining, times, count,
                matching, events, timeline()));
        return myself;
    }

    private ContainerAssert checkHistory(String method, String verb, Duration[] expected,
                                         Function<ContainerHistory, List<Duration>> instants) {
        List<Duration> wanted = requireInstants(method, expected);
        ContainerHistory history = source.history(name, method + "(...)");
        requireKnown(history);
        List<Duration> actual = instants.apply(history);
        if (!actual.equals(wanted)) throw failure(shouldHaveHappenedAt(subject(), verb, clock(wanted), clock(actual), timeline()));
        return myself;
    }

    /**
     * A history check needs the pod in the store (and this container in it), or, once the pod has left
     * the store, a timeline that knew the container: a deleted pod's history stays checkable.
     */
    private void requireKnown(ContainerHistory history) {
        if (source.read().isPresent() || history.runs().isEmpty() && history.steps().isEmpty()) current();
    }

    private static List<Duration> requireInstants(String method, Duration[] instants) {
        if (instants == null || instants.length == 0) {
            throw new PeapodException(method + "(...) needs at least one instant since the cluster started, e.g. "
                    + method + "(Duration.ofSeconds(50))");
        }
        for (Duration instant : instants) {
            if (instant == null || instant.isNegative()) {
                throw new PeapodException(method + "(...): an instant since the cluster started must not be "
                        + (instant == null ? "null" : "negative, but was " + instant));
            }
        }
        return List.of(instants);
    }

    private List<String> clock(List<Duration> instants) {
        return instants.stream().map(source.time()::sinceStart).toList();
    }

    /** The events about this container, oldest first; fails if the pod or container does not exist. */
    private List<Event> events(String check) {
        List<Event> events = source.events(check);
        current();
        return Events.about(events, name);
    }

    private PodWait<ContainerAssert> await(String wait, PodState state, Runnable afterwards) {
        return new PodWait<>(limit -> {
            source.requireCluster(wait + ".within(...)");
            source.read().ifPresent(this::requireContainer);
            Optional<ErrorMessageFactory> timedOut = StateWait.await(source, firstSeen, wait, subject(), state, limit);
            if (timedOut.isPresent()) throw failure(timedOut.get());
            if (afterwards != null) afterwards.run();
            else source.passed(subject(), state.toBecome() + " within " + VirtualTime.length(limit));
        }, this);
    }

    // ---------------------------------------------------------------- files and logs

    /**
     * The running container has a file at {@code path}, as it sees it through its mounts;
     * {@code .withContent("hello\n")} checks its bytes. Fails when the file is missing or a directory,
     * or the container does not run.
     */
    public ContainerFileAssert hasFile(String path) {
        Arguments.requireText(path, "path");
        readFile(path);
        return new ContainerFileAssert(this, path, () -> readFile(path));
    }

    /** A line of the current run's log ({@code kubectl logs}: stdout and stderr) is exactly {@code line}. */
    public ContainerAssert hasLogLine(String line) {
        if (line == null) throw new PeapodException("hasLogLine(line): line must not be null");
        FakeCluster cluster = source.requireCluster("hasLogLine(...)");
        current();
        List<String> lines;
        try {
            lines = logLines(view(cluster).logs());
        } catch (PeapodException none) {
            throw failure(shouldHaveLogLine(subject(), line, none.getMessage(), timeline()));
        }
        if (!lines.contains(line)) throw failure(shouldHaveLogLine(subject(), line, lines, timeline()));
        return myself;
    }

    /** The file's contents now; the failure when there is none. */
    String readFile(String path) {
        FakeCluster cluster = source.requireCluster("hasFile(...)");
        current();
        try {
            return view(cluster).file(path);
        } catch (PeapodException unreadable) {
            throw failure(shouldHaveFile(subject(), path, unreadable.getMessage(), timeline()));
        }
    }

    void checkFileContent(String path, String expected, String actual) {
        if (!expected.equals(actual)) throw failure(shouldHaveFileContent(subject(), path, expected, actual, timeline()));
    }

    void checkFileIncludes(String path, String text, String actual) {
        if (!actual.contains(text)) throw failure(ShouldHaveFileContent.shouldIncludeText(subject(), path, text, actual, timeline()));
    }

    private ContainerView view(FakeCluster cluster) {
        Subject subject = subject();
        return cluster.inContainer(subject.namespace(), subject.pod(), name);
    }

    private static List<String> logLines(String logs) {
        return logs.isEmpty() ? List.of() : List.of(logs.substring(0, logs.length() - 1).split("\n", -1));
    }

    /** The pod as it is now; fails if it or this container does not exist. */
    private Pod current() {
        if (!source.isLive() && source.read().isEmpty()) isNotNull(); // a null Pod object: AssertJ says so
        Optional<Pod> pod = source.read();
        if (pod.isEmpty()) throw failure(shouldExist(source.subject(), source.podNames(), timeline()));
        firstSeen.observe(pod.get(), source.elapsed());
        requireContainer(pod.get());
        return pod.get();
    }

    private void requireContainer(Pod pod) {
        List<String> names = PodFacts.containerNames(pod);
        if (!names.contains(name)) throw failure(shouldHaveContainer(subject(), names, timeline()));
    }

    private ContainerStateTerminated lastTermination(Pod pod) {
        return PodFacts.status(pod, name).map(PodFacts::lastTermination).orElse(null);
    }

    private String describeLast(ContainerStateTerminated last) {
        return last == null ? "it has no last termination state"
                : "its last termination was " + PodFacts.describeTermination(last) + " at " + source.time().at(last.getFinishedAt());
    }

    private static String waitingMessage(ContainerStatus status) {
        String message = status.getState().getWaiting().getMessage();
        return message == null ? "" : message;
    }

    private String state(Pod pod) {
        return PodFacts.describeState(pod, name, source.time());
    }

    private Subject subject() {
        return source.subject().container(name);
    }

    private String timeline() {
        return source.timeline();
    }

    /** The instant, causes and timeline of a failure about this container. */
    private Evidence evidence(Causes.Topic topic) {
        return source.evidence(name, topic);
    }

    /** The failure to throw, put on the pod's timeline first: the picture shows where a check failed. */
    private AssertionError failure(ErrorMessageFactory factory) {
        return source.failed(subject(), assertionError(factory));
    }
}
