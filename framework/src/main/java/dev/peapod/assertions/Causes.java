package dev.peapod.assertions;

import dev.peapod.timeline.Fact;
import dev.peapod.timeline.TimelineEntry;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cause chain of a failure, read from the pod's typed timeline: only the facts about the
 * subject and the probe or condition in question (a slice, not a dump), each as a clause of the
 * failure's first sentence, oldest first. The probe streaks are counted as the kubelet counts
 * them: a run of the same result reaches the threshold at its {@code failureThreshold}-th (or
 * {@code successThreshold}-th) result, and an errored run is not counted (kubernetes:
 * pkg/kubelet/prober/worker.go, resultRun).
 */
final class Causes {
    /** What a check is about, which decides the facts that explain it. */
    enum Topic {
        /** Restart counts, crash-looping, waiting, running and terminated states: exits, liveness and startup probes, hooks, back-off. */
        RESTARTS,
        /** Readiness: the readiness and startup probes, and whatever stopped the container running. */
        READINESS,
        /** The pod's phase: exits, hooks and scheduling. */
        PHASE,
        /** Where the pod is: the scheduler's decisions. */
        NODE,
        /** No cause: the check is about something the timeline does not explain. */
        NONE
    }

    /**
     * The topic of a pod condition: Ready and ContainersReady follow the probes and the containers'
     * runs, Initialized the init containers' exits; others have no cause chain (PodScheduled carries
     * the scheduler's own message).
     */
    static Topic forCondition(String type) {
        return switch (type) {
            case "Ready", "ContainersReady" -> Topic.READINESS;
            case "Initialized" -> Topic.PHASE;
            default -> Topic.NONE;
        };
    }

    /** The streaks of one probe shown, the last ones: older ones repeat the same story. */
    private static final int STREAKS_SHOWN = 2;
    /** Instants listed one by one up to this many; more are said as first, second, … last (n times). */
    private static final int INSTANTS_LISTED = 4;
    private static final Pattern BACK_OFF = Pattern.compile("^back-off (\\S+) restarting");
    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+)(h|m|s)");

    private Causes() {
    }

    /** A clause and the first entry it tells of: the chain is in the order of recording of those. */
    private record Clause(TimelineEntry first, String text) {
    }

    /**
     * The clauses explaining a check on {@code container} (null: the whole pod) of a pod, oldest first.
     *
     * @param pod the pod now, for its current waiting state; empty when it does not exist
     */
    static List<String> of(List<TimelineEntry> entries, Optional<Pod> pod, String container, Topic topic) {
        Causes.Writer writer = new Writer(container, pod);
        List<Clause> clauses = new ArrayList<>();
        switch (topic) {
            case RESTARTS -> {
                clauses.addAll(writer.scheduling(entries, false));
                clauses.addAll(writer.exits(entries));
                clauses.addAll(writer.streaks(entries, Fact.Probe.STARTUP, Fact.Probe.LIVENESS));
                clauses.addAll(writer.hooks(entries));
                clauses.addAll(writer.kills(entries));
            }
            case READINESS -> {
                clauses.addAll(writer.scheduling(entries, false));
                clauses.addAll(writer.exits(entries));
                clauses.addAll(writer.streaks(entries, Fact.Probe.STARTUP, Fact.Probe.LIVENESS, Fact.Probe.READINESS));
                clauses.addAll(writer.hooks(entries));
            }
            case PHASE -> {
                clauses.addAll(writer.scheduling(entries, false));
                clauses.addAll(writer.exits(entries));
                clauses.addAll(writer.hooks(entries));
                clauses.addAll(writer.kills(entries));
            }
            case NODE -> clauses.addAll(writer.scheduling(entries, true));
            case NONE -> {
                return List.of();
            }
        }
        java.util.Map<TimelineEntry, Integer> order = new java.util.IdentityHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            order.put(entries.get(i), i);
        }
        clauses.sort(Comparator.comparing(c -> order.get(c.first()))); // as recorded: a hook's failure before the exit it caused
        List<String> words = new ArrayList<>(clauses.stream().map(Clause::text).toList());
        if (topic == Topic.RESTARTS || topic == Topic.READINESS) {
            pod.flatMap(p -> writer.backOff(p, entries)).ifPresent(words::add);
        }
        return words;
    }

    /** Words the clauses about one container ({@code it}) or a whole pod ({@code container app}). */
    private static final class Writer {
        private final String container; // null: every container of the pod
        private final Optional<Pod> pod;

        Writer(String container, Optional<Pod> pod) {
            this.container = container;
            this.pod = pod;
        }

        /**
         * Whether the kubelet starts a container again after killing it (a failed liveness or startup probe): a
         * sidecar (an init container with restartPolicy Always) always, any other unless the pod's restartPolicy is
         * Never (its exit code, 137, is a failure, which OnFailure restarts). Empty when the pod is not known.
         */
        Optional<Boolean> restartsAfterKill(String name) {
            return pod.map(p -> {
                var spec = p.getSpec();
                if (spec != null && spec.getInitContainers() != null && spec.getInitContainers().stream()
                        .anyMatch(c -> name.equals(c.getName()) && "Always".equals(c.getRestartPolicy()))) {
                    return true;
                }
                return spec == null || !"Never".equals(spec.getRestartPolicy());
            });
        }

        private boolean about(String name) {
            return container == null || container.equals(name);
        }

        /** {@code it} for the container in question, {@code container app} when the check is on the pod. */
        private String who(String name) {
            return container == null ? "container " + name : "it";
        }

        private String whose(String name) {
            return container == null ? "container " + name + "'s" : "its";
        }

        /** Exits, one clause per exit code and reason: {@code it exited with code 1 (Error) at 00:00:05 and 00:00:25}. */
        List<Clause> exits(List<TimelineEntry> entries) {
            Map<String, List<Duration>> byCause = new LinkedHashMap<>();
            Map<String, String> names = new LinkedHashMap<>();
            Map<String, TimelineEntry> firsts = new LinkedHashMap<>();
            for (TimelineEntry e : entries) {
                if (e.fact() instanceof Fact.ContainerExited exit && about(exit.container())) {
                    String key = exit.container() + "\u0000" + exit.exitCode() + "\u0000" + exit.reason();
                    byCause.computeIfAbsent(key, k -> new ArrayList<>()).add(e.sinceStart());
                    firsts.putIfAbsent(key, e);
                    names.put(key, who(exit.container()) + " exited with code " + exit.exitCode() + " (" + exit.reason() + ")");
                }
            }
            List<Clause> clauses = new ArrayList<>();
            byCause.forEach((key, at) -> clauses.add(new Clause(firsts.get(key), names.get(key) + " at " + counted(at))));
            return clauses;
        }

        /**
         * The last failing streaks of these probes (and a readiness success streak short of its
         * threshold), each with its threshold and whether the run reached it.
         */
        List<Clause> streaks(List<TimelineEntry> entries, Fact.Probe... probes) {
            Map<String, List<Streak>> byProbe = new LinkedHashMap<>();
            Map<String, Streak> open = new LinkedHashMap<>();
            for (TimelineEntry e : entries) {
                if (!(e.fact() instanceof Fact.ProbeRan ran) || !about(ran.container()) || !List.of(probes).contains(ran.probe())
                        || ran.outcome() == Fact.Outcome.ERROR) { // errored runs are not counted (worker.go)
                    continue;
                }
                String key = ran.container() + "\u0000" + ran.probe();
                Streak current = open.get(key);
                if (current == null || current.outcome != ran.outcome() || ran.run() != current.runs.size() + current.firstRun) {
                    current = new Streak(e, ran.container(), ran.probe(), ran.outcome(), ran.run(), ran.threshold());
                    open.put(key, current);
                    byProbe.computeIfAbsent(key, k -> new ArrayList<>()).add(current);
                }
                current.runs.add(e.sinceStart());
            }
            List<Clause> clauses = new ArrayList<>();
            for (List<Streak> streaks : byProbe.values()) {
                List<Streak> failing = new ArrayList<>();
                for (int i = 0; i < streaks.size(); i++) {
                    Streak s = streaks.get(i);
                    boolean last = i == streaks.size() - 1;
                    // a success streak only explains while it is the current one and short of successThreshold
                    if (s.outcome == Fact.Outcome.FAILURE || last && s.probe == Fact.Probe.READINESS && !s.reached()) {
                        failing.add(s);
                    }
                }
                for (Streak s : failing.subList(Math.max(0, failing.size() - STREAKS_SHOWN), failing.size())) {
                    clauses.add(new Clause(s.first, s.words(whose(s.container), restartsAfterKill(s.container))));
                }
            }
            return clauses;
        }

        /** Failed lifecycle hooks: {@code its PostStart hook failed at 00:00:00: ...}. */
        List<Clause> hooks(List<TimelineEntry> entries) {
            List<Clause> clauses = new ArrayList<>();
            for (TimelineEntry e : entries) {
                if (e.fact() instanceof Fact.HookRan hook && about(hook.container())) {
                    if (hook.stage() == Fact.HookStage.FAILED) {
                        clauses.add(new Clause(e, whose(hook.container()) + " " + hook.hook() + " hook failed at "
                                + clock(e.sinceStart()) + ": " + hook.message()));
                    } else if (hook.stage() == Fact.HookStage.OVERRAN) {
                        clauses.add(new Clause(e, whose(hook.container()) + " " + hook.hook()
                                + " hook was still running at " + clock(e.sinceStart()) + ", after " + hook.message()));
                    }
                }
            }
            return clauses;
        }

        /** SIGKILLs: the grace period ran out ({@code it got SIGKILL at 00:01:20}). */
        List<Clause> kills(List<TimelineEntry> entries) {
            Map<String, List<Duration>> byContainer = new LinkedHashMap<>();
            Map<String, TimelineEntry> firsts = new LinkedHashMap<>();
            for (TimelineEntry e : entries) {
                if (e.fact() instanceof Fact.Signalled signal && about(signal.container()) && "SIGKILL".equals(signal.signal())) {
                    byContainer.computeIfAbsent(signal.container(), k -> new ArrayList<>()).add(e.sinceStart());
                    firsts.putIfAbsent(signal.container(), e);
                }
            }
            List<Clause> clauses = new ArrayList<>();
            byContainer.forEach((name, at) -> clauses.add(new Clause(firsts.get(name), who(name)
                    + " got SIGKILL at " + counted(at) + " (its grace period ran out)")));
            return clauses;
        }

        /**
         * The scheduler's failures (the last message, with how often it was said), and with {@code binding}
         * where it bound or nominated the pod.
         */
        List<Clause> scheduling(List<TimelineEntry> entries, boolean binding) {
            List<Duration> unschedulable = new ArrayList<>();
            TimelineEntry firstUnschedulable = null;
            String message = null;
            List<Clause> clauses = new ArrayList<>();
            for (TimelineEntry e : entries) {
                if (e.fact() instanceof Fact.Unschedulable u) {
                    unschedulable.add(e.sinceStart());
                    firstUnschedulable = firstUnschedulable == null ? e : firstUnschedulable;
                    message = u.message();
                } else if (binding && e.fact() instanceof Fact.Scheduled s) {
                    clauses.add(new Clause(e, "the scheduler bound it to node \"" + s.node() + "\" at "
                            + clock(e.sinceStart())));
                } else if (binding && e.fact() instanceof Fact.Nominated n) {
                    clauses.add(new Clause(e, "the scheduler nominated it to node \"" + n.node() + "\" at "
                            + clock(e.sinceStart()) + (n.victims().isEmpty() ? "" : ", preempting " + String.join(", ", n.victims()))));
                }
            }
            if (!unschedulable.isEmpty()) {
                Duration last = unschedulable.get(unschedulable.size() - 1);
                String boundLater = binding ? "" : entries.stream()
                        .filter(e -> e.fact() instanceof Fact.Scheduled && e.sinceStart().compareTo(last) >= 0).findFirst()
                        .map(e -> "; it bound it to node \"" + ((Fact.Scheduled) e.fact()).node() + "\" at " + clock(e.sinceStart()))
                        .orElse("");
                clauses.add(new Clause(firstUnschedulable, "the scheduler found no node for it at " + counted(unschedulable)
                        + ": " + message + boundLater));
            }
            return clauses;
        }

        /**
         * The container waits in CrashLoopBackOff now: the back-off, the exit it counts from and the
         * earliest instant of the next restart (the kubelet restarts it at its first sync once the
         * back-off since the exit has passed: kuberuntime_manager.go doBackOff).
         */
        Optional<String> backOff(Pod pod, List<TimelineEntry> entries) {
            for (ContainerStatus status : PodFacts.statuses(pod)) {
                if (!about(status.getName()) || status.getState() == null || status.getState().getWaiting() == null) {
                    continue;
                }
                ContainerStateWaiting waiting = status.getState().getWaiting();
                if (!PodFacts.CRASH_LOOP_BACK_OFF.equals(waiting.getReason()) || waiting.getMessage() == null) {
                    continue;
                }
                Matcher m = BACK_OFF.matcher(waiting.getMessage());
                Optional<Duration> lastExit = lastExit(entries, status.getName());
                if (!m.find() || lastExit.isEmpty()) {
                    continue;
                }
                Optional<Duration> delay = goDuration(m.group(1));
                if (delay.isEmpty()) {
                    continue;
                }
                return Optional.of(who(status.getName()) + " waits in CrashLoopBackOff (back-off " + m.group(1)
                        + " after its exit at " + clock(lastExit.get()) + "), so it restarts at "
                        + clock(lastExit.get().plus(delay.get())) + " at the earliest");
            }
            return Optional.empty();
        }

        private static Optional<Duration> lastExit(List<TimelineEntry> entries, String name) {
            Duration last = null;
            for (TimelineEntry e : entries) {
                if (e.fact() instanceof Fact.ContainerExited exit && exit.container().equals(name)) {
                    last = e.sinceStart();
                }
            }
            return Optional.ofNullable(last);
        }
    }

    /** A run of the same result of one probe, as the kubelet's worker counts it. */
    private static final class Streak {
        final TimelineEntry first;
        final String container;
        final Fact.Probe probe;
        final Fact.Outcome outcome;
        final int firstRun;
        final int threshold;
        final List<Duration> runs = new ArrayList<>();

        Streak(TimelineEntry first, String container, Fact.Probe probe, Fact.Outcome outcome, int firstRun, int threshold) {
            this.first = first;
            this.container = container;
            this.probe = probe;
            this.outcome = outcome;
            this.firstRun = firstRun;
            this.threshold = threshold;
        }

        int lastRun() {
            return firstRun + runs.size() - 1;
        }

        boolean reached() {
            return lastRun() >= threshold;
        }

        /** {@code its liveness probe failed at 00:00:10 and 00:00:20 (failureThreshold 3 not reached)}. */
        String words(String whose, Optional<Boolean> restarts) {
            boolean failed = outcome == Fact.Outcome.FAILURE;
            String field = failed ? "failureThreshold" : "successThreshold";
            String what = whose + " " + probe.label().toLowerCase(java.util.Locale.ROOT) + " probe "
                    + (failed ? "failed" : "succeeded") + " at " + instants(runs);
            if (firstRun > 1) {
                what += " (continuing a streak of " + (firstRun - 1) + ")";
            }
            if (!reached()) {
                String count = runs.size() > INSTANTS_LISTED ? lastRun() + " in a row, " : "";
                return what + " (" + count + field + " " + threshold + " not reached)";
            }
            Duration reachedAt = runs.get(Math.max(0, threshold - firstRun));
            String then = !failed ? "it is ready" : probe == Fact.Probe.READINESS ? "it is not ready"
                    : restarts.map(r -> r ? "the kubelet kills the container to restart it"
                            : "the kubelet kills the container, and restartPolicy Never starts it no more").orElse("the kubelet kills the container");
            String streak = lastRun() > threshold || runs.size() > INSTANTS_LISTED ? lastRun() + " in a row, " : "";
            return what + " (" + streak + field + " " + threshold + " reached at " + clock(reachedAt) + ": " + then + ")";
        }
    }

    /** {@code 00:00:10}, {@code 00:00:10 and 00:00:20}; past four, {@code 00:00:10, 00:00:20, … 00:05:00}. */
    static String instants(List<Duration> at) {
        List<String> clocks = at.stream().map(Causes::clock).toList();
        if (clocks.size() <= INSTANTS_LISTED) {
            return VirtualTime.list(clocks);
        }
        return clocks.get(0) + ", " + clocks.get(1) + ", … " + clocks.get(clocks.size() - 1);
    }

    /** As {@link #instants}, and how many when they are not all listed: {@code 00:00:10, 00:00:20, … 00:05:00 (12 times)}. */
    static String counted(List<Duration> at) {
        return instants(at) + (at.size() > INSTANTS_LISTED ? " (" + at.size() + " times)" : "");
    }

    private static String clock(Duration sinceStart) {
        return TimelineEntry.clock(sinceStart);
    }

    /** A Go duration as the kubelet's messages write it: {@code 10s}, {@code 1m20s}, {@code 5m0s}. */
    static Optional<Duration> goDuration(String text) {
        Matcher m = GO_DURATION_PART.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                return Optional.empty();
            }
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            });
            end = m.end();
        }
        return end == text.length() && end > 0 ? Optional.of(total) : Optional.empty();
    }
}
