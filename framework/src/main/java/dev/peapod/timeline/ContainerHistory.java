package dev.peapod.timeline;

import org.apiguardian.api.API;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * One container's runs, oldest first, each with the instants it started and exited in virtual time
 * since the cluster started: what a spec says as "restarted at 50 s and 100 s", read from the
 * timeline's typed facts ({@link Fact.ContainerStarted}, {@link Fact.ContainerExited}) rather than
 * from its text. Get it with {@code cluster.timeline().containerHistory("default", "web", "app")}.
 *
 * <p>Besides its runs, the history keeps the termination steps of the container, in timeline order:
 * the signals the runtime delivered and the lifecycle hooks' starts and ends
 * ({@link Fact.Signalled}, {@link Fact.HookRan}), so a spec can say "SIGTERM at 15 s" or "the preStop
 * hook ran before SIGTERM".
 *
 * <p>The timeline knows pods by namespace and name, so a pod deleted and created again under the
 * same name continues the same history; its first run has restart count 0 again.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ContainerHistory(String namespace, String pod, String container, List<Run> runs, List<Step> steps) {

    public ContainerHistory {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(container, "container");
        runs = List.copyOf(runs);
        steps = List.copyOf(steps);
    }

    /** A history of runs alone, with no signal or hook steps. */
    public ContainerHistory(String namespace, String pod, String container, List<Run> runs) {
        this(namespace, pod, container, runs, List.of());
    }

    /** What a termination step is: a signal delivered, or a lifecycle hook's start or end. */
    public enum StepKind {
        SIGTERM, SIGKILL,
        /** The stop signal of images whose config says STOPSIGNAL (nginx: SIGQUIT, httpd: SIGWINCH), in SIGTERM's place. */
        SIGQUIT, SIGWINCH,
        POST_START_STARTED, POST_START_SUCCEEDED, POST_START_FAILED,
        PRE_STOP_STARTED, PRE_STOP_SUCCEEDED, PRE_STOP_FAILED,
        /** The kubelet stopped waiting for a preStop hook still running: the grace period was used up. */
        PRE_STOP_OVERRAN;

        static StepKind of(Fact.HookRan hook) {
            String prefix = hook.hook().equals("PostStart") ? "POST_START_" : "PRE_STOP_";
            return valueOf(prefix + hook.stage().name());
        }

        /** The signal that starts a stop: SIGTERM, or the image's STOPSIGNAL. */
        public boolean isStopSignal() {
            return this == SIGTERM || this == SIGQUIT || this == SIGWINCH;
        }

        /** A preStop hook's end as the kubelet sees it: it returned, or the grace period ran out. */
        public boolean endsPreStop() {
            return this == PRE_STOP_SUCCEEDED || this == PRE_STOP_FAILED || this == PRE_STOP_OVERRAN;
        }
    }

    /**
     * One termination step, at a virtual instant since the cluster started; {@code message} is a failed
     * hook's message, else empty.
     */
    public record Step(Duration at, StepKind kind, String message) {
        public Step {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(kind, "kind");
            message = message == null ? "" : message;
        }
    }

    /**
     * One run of the container: one process, from its start to its exit.
     *
     * @param restartCount the status's restartCount during this run: 0 for the first run
     * @param containerId  the runtime's id of this run's container
     * @param startedAt    virtual time since the cluster started
     * @param exit         empty while the run goes on
     */
    public record Run(int restartCount, String containerId, Duration startedAt, Optional<Exit> exit) {
        public Run {
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(exit, "exit");
        }

        /** Whether this run started as a restart, not as the container's first run. */
        public boolean isRestart() {
            return restartCount > 0;
        }

        Run exited(Exit end) {
            return new Run(restartCount, containerId, startedAt, Optional.of(end));
        }
    }

    /**
     * How a run ended.
     *
     * @param at       virtual time since the cluster started
     * @param exitCode the process's exit code: 137 after SIGKILL, 143 after SIGTERM
     * @param reason   containerd's reason: Completed, Error, OOMKilled
     */
    public record Exit(Duration at, int exitCode, String reason) {
        public Exit {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Pairs each start with the exit that follows it. The kubelet records an exit only for a started
     * container, so an exit with no open run cannot happen; it is skipped rather than invented.
     */
    static ContainerHistory of(String namespace, String pod, String container, List<TimelineEntry> entries) {
        List<Run> runs = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        boolean open = false;
        for (TimelineEntry entry : entries) {
            if (!container.equals(entry.container())) {
                continue;
            }
            if (entry.fact() instanceof Fact.ContainerStarted started) {
                runs.add(new Run(started.restartCount(), started.containerId(), entry.sinceStart(), Optional.empty()));
                open = true;
            } else if (entry.fact() instanceof Fact.ContainerExited exited && open) {
                int last = runs.size() - 1;
                runs.set(last, runs.get(last).exited(new Exit(entry.sinceStart(), exited.exitCode(), exited.reason())));
                open = false;
            } else if (entry.fact() instanceof Fact.Signalled signalled) {
                steps.add(new Step(entry.sinceStart(), StepKind.valueOf(signalled.signal()), ""));
            } else if (entry.fact() instanceof Fact.HookRan hook) {
                steps.add(new Step(entry.sinceStart(), StepKind.of(hook), hook.stage() == Fact.HookStage.FAILED ? hook.message() : ""));
            }
        }
        return new ContainerHistory(namespace, pod, container, runs, steps);
    }

    /** When each run started, the first run included. */
    public List<Duration> startedAt() {
        return runs.stream().map(Run::startedAt).toList();
    }

    /** When each restart started: every run but the first ones (restart count 0). */
    public List<Duration> restartedAt() {
        return runs.stream().filter(Run::isRestart).map(Run::startedAt).toList();
    }

    /** When each run that has ended exited. */
    public List<Duration> exitedAt() {
        return runs.stream().flatMap(r -> r.exit().stream()).map(Exit::at).toList();
    }

    /** When each step of this kind happened, oldest first: {@code at(StepKind.SIGTERM)}. */
    public List<Duration> at(StepKind kind) {
        Objects.requireNonNull(kind, "kind");
        return steps.stream().filter(s -> s.kind() == kind).map(Step::at).toList();
    }

    /** When the runtime sent SIGTERM: the start of each stop of an image with no STOPSIGNAL. */
    public List<Duration> sigtermAt() {
        return at(StepKind.SIGTERM);
    }

    /** When the runtime sent the stop signal, whichever it is (SIGTERM, nginx's SIGQUIT, httpd's SIGWINCH): the start of each stop. */
    public List<Duration> stopSignalAt() {
        return steps.stream().filter(s -> s.kind().isStopSignal()).map(Step::at).toList();
    }

    /** When the runtime sent SIGKILL: each stop whose grace period ran out. */
    public List<Duration> sigkillAt() {
        return at(StepKind.SIGKILL);
    }

    /**
     * Whether every stop signal the container got (SIGTERM, or its image's STOPSIGNAL) came after a
     * preStop hook that had started and ended (returned, or used up the grace period) since the previous
     * one; false when there was none.
     */
    public boolean preStopRanBeforeEachSigterm() {
        boolean started = false;
        boolean ended = false;
        boolean anySigterm = false;
        for (Step step : steps) {
            if (step.kind() == StepKind.PRE_STOP_STARTED) {
                started = true;
                ended = false;
            } else if (step.kind().endsPreStop() && started) {
                ended = true;
            } else if (step.kind().isStopSignal()) {
                if (!started || !ended) {
                    return false;
                }
                anySigterm = true;
                started = false;
                ended = false;
            }
        }
        return anySigterm;
    }
}
