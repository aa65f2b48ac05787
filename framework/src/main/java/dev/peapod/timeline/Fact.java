package dev.peapod.timeline;

import org.apiguardian.api.API;

import java.util.Objects;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * What happened, as data: a timeline entry's typed content. The entry's text is derived from it, so
 * reports can draw pictures and assertions can explain failures from the same facts the text shows.
 * Container facts name their container; pod facts have none.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public sealed interface Fact {

    /** The sort of entry, for filtering: pod, container, probe or event. */
    TimelineEntry.Kind kind();

    /** The container the fact is about; empty for pod-level facts. */
    default String container() {
        return "";
    }

    /** The text the timeline prints for this fact. */
    String text();

    /** The three probe types, named as upstream's events name them. */
    enum Probe {
        STARTUP("Startup"), READINESS("Readiness"), LIVENESS("Liveness");

        private final String label;

        Probe(String label) {
            this.label = label;
        }

        /** {@code Liveness}, {@code Readiness}, {@code Startup}. */
        public String label() {
            return label;
        }
    }

    /** How one probe run ended: an errored run is reported and not counted (worker.go). */
    enum Outcome { SUCCESS, FAILURE, ERROR }

    /**
     * A container (re)started; {@code restartCount} is 0 for the first run. {@code role} says where the pod
     * declares it, {@code init}, {@code sidecar} (an init container with restartPolicy Always) or {@code app},
     * for the timeline picture's lanes; empty when the recorder does not say.
     */
    record ContainerStarted(String container, int restartCount, String containerId, String role) implements Fact {
        public ContainerStarted {
            Objects.requireNonNull(container, "container");
            role = role == null ? "" : role;
        }

        /** A start whose role is not said. */
        public ContainerStarted(String container, int restartCount, String containerId) {
            this(container, restartCount, containerId, "");
        }

        @Override
        public TimelineEntry.Kind kind() {
            return TimelineEntry.Kind.CONTAINER;
        }

        @Override
        public String text() {
            return "container " + container + " started" + (restartCount > 0 ? " (restart " + restartCount + ")" : "");
        }
    }

    /** A container's process ended, with its exit code and containerd's reason (Completed, Error, OOMKilled). */
    record ContainerExited(String container, int exitCode, String reason) implements Fact {
        public ContainerExited {
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public TimelineEntry.Kind kind() {
            return TimelineEntry.Kind.CONTAINER;
        }

        @Override
        public String text() {
            return "container " + container + " exited with code " + exitCode + " (" + reason + ")";
        }
    }

    /**
     * One probe run: its outcome, the handler's output, and the streak it extends ({@code run} of
     * {@code threshold}; both 0 for an errored run, which is not counted).
     */
    record ProbeRan(String container, Probe probe, Outcome outcome, String output, int run, int threshold) implements Fact {
        public ProbeRan {
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(probe, "probe");
            Objects.requireNonNull(outcome, "outcome");
            output = output == null ? "" : output;
        }

        @Override
        public TimelineEntry.Kind kind() {
            return TimelineEntry.Kind.PROBE;
        }

        @Override
        public String text() {
            return switch (outcome) {
                case ERROR -> probe.label() + " probe errored and resulted in unknown state: " + output.stripTrailing();
                // an exec probe's output ends with its newline: the entry stays on one line, its streak after it
                case FAILURE -> probe.label() + " probe failed: " + output.stripTrailing() + "  " + streak();
                case SUCCESS -> probe.label() + " probe succeeded" + (threshold > 1 ? "  " + streak() : "");
            };
        }

        /** {@code (2 of 3)} up to the threshold; past it the worker keeps counting, as upstream's resultRun does. */
        private String streak() {
            return run <= threshold ? "(" + run + " of " + threshold + ")" : "(" + run + " in a row)";
        }
    }

    /** The pod's phase changed (the first phase a pod gets is not a change). */
    record PhaseChanged(String phase) implements Fact {
        @Override
        public TimelineEntry.Kind kind() {
            return TimelineEntry.Kind.POD;
        }

        @Override
        public String text() {
            return "pod phase " + phase;
        }
    }

    /** The pod's Ready condition flipped; an unready pod carries the condition's reason and message. */
    record ReadyChanged(boolean ready, String reason, String message) implements Fact {
        @Override
        public TimelineEntry.Kind kind() {
            return TimelineEntry.Kind.POD;
        }

        @Override
        public String text() {
            if (ready) {
                return "pod ready";
            }
            return "pod not ready" + (message == null ? " (" + reason + ")" : ": " + message);
        }
    }

    /** The scheduler bound the pod to a node. */
    record Scheduled(String node) implements Fact {
        @Override
        public TimelineEntry.Kind kind() {
            return TimelineEntry.Kind.POD;
        }

        @Override
        public String text() {
            return "scheduled to node " + node;
        }
    }

    /** The scheduler found no node; the message is the PodScheduled condition's. */
    record Unschedulable(String message) implements Fact {
        @Override
        public TimelineEntry.Kind kind() {
            return TimelineEntry.Kind.POD;
        }

        @Override
        public String text() {
            return "unschedulable: " + message;
        }
    }

    /**
     * Preemption made room for the pod: it is nominated to the node while the victims, lower-priority
     * pods given as {@code namespace/name}, end gracefully.
     */
    record Nominated(String node, java.util.List<String> victims) implements Fact {
        public Nominated {
            victims = java.util.List.copyOf(victims);
        }

        @Override
        public TimelineEntry.Kind kind() {
            return TimelineEntry.Kind.POD;
        }

        @Override
        public String text() {
            return "nominated to node " + node + (victims.isEmpty() ? "" : ", preempting " + String.join(", ", victims));
        }
    }

    /**
     * Time started or stopped running with the wall clock ({@code FakeCluster.runInRealTime}): the entries
     * between the two depend on when requests arrived, so they may differ from run to run.
     */
    record ClockMode(String what) implements Fact {
        public ClockMode {
            Objects.requireNonNull(what, "what");
        }

        @Override
        public TimelineEntry.Kind kind() {
            return TimelineEntry.Kind.POD;
        }

        @Override
        public String text() {
            return what;
        }
    }

    /**
     * Something upstream would do that Peapod does not simulate, said on the timeline so that no spec
     * passes because it was quietly ignored.
     */
    record NotSimulated(String container, String what) implements Fact {
        public NotSimulated {
            container = container == null ? "" : container;
            Objects.requireNonNull(what, "what");
        }

        @Override
        public TimelineEntry.Kind kind() {
            return TimelineEntry.Kind.POD;
        }

        @Override
        public String text() {
            return what;
        }
    }

    /**
     * A warning of the API server for an accepted write, in its words, as kubectl prints it:
     * {@code Warning: spec.containers[0].resources.limits[memory]: fractional byte value "100m" is invalid, must be an integer}.
     */
    record ApiWarning(String warning) implements Fact {
        public ApiWarning {
            Objects.requireNonNull(warning, "warning");
        }

        @Override
        public TimelineEntry.Kind kind() {
            return TimelineEntry.Kind.POD;
        }

        @Override
        public String text() {
            return "Warning: " + warning;
        }
    }

    /**
     * The runtime delivered a signal to a container's process: SIGTERM when a stop begins, SIGKILL when
     * the grace period ran out before the process ended (the termination sequence, DESIGN §6).
     */
    record Signalled(String container, String signal) implements Fact {
        public Signalled {
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(signal, "signal");
        }

        @Override
        public TimelineEntry.Kind kind() {
            return TimelineEntry.Kind.SIGNAL;
        }

        @Override
        public String text() {
            return "container " + container + " got " + signal;
        }
    }

    /**
     * Something done to a node or its kubelet (a partition, a stopped kubelet, a machine that failed
     * or came back), on the node's timeline and on the timelines of the pods it touched.
     */
    record NodeAction(String action) implements Fact {
        public NodeAction {
            Objects.requireNonNull(action, "action");
        }

        @Override
        public TimelineEntry.Kind kind() {
            return TimelineEntry.Kind.POD;
        }

        @Override
        public String text() {
            return action;
        }
    }

    /**
     * What a controller did that upstream records no event for (the namespace controller's deletions,
     * its conditions, the finalizer it removes), under the object it acted for.
     */
    record ControllerAction(String controller, String action) implements Fact {
        public ControllerAction {
            Objects.requireNonNull(controller, "controller");
            Objects.requireNonNull(action, "action");
        }

        @Override
        public TimelineEntry.Kind kind() {
            return TimelineEntry.Kind.POD;
        }

        @Override
        public String text() {
            return controller + ": " + action;
        }
    }

    /** An event recorded about the pod or one of its containers. */
    record EventRecorded(String container, String type, String reason, String message) implements Fact {
        public EventRecorded {
            container = container == null ? "" : container;
        }

        @Override
        public TimelineEntry.Kind kind() {
            return TimelineEntry.Kind.EVENT;
        }

        @Override
        public String text() {
            return reason + ": " + message;
        }
    }

    /**
     * A test checked an assertion about the pod (or one of its containers) at this instant: {@code check}
     * says which, {@code hasRestarted(1)}, and a failed check carries its message's first sentence. Drawn
     * on the picture's assertions lane; the text views leave it out.
     */
    record Asserted(String container, String check, boolean passed, String message) implements Fact {
        public Asserted {
            container = container == null ? "" : container;
            Objects.requireNonNull(check, "check");
            message = message == null ? "" : message;
        }

        @Override
        public TimelineEntry.Kind kind() {
            return TimelineEntry.Kind.ASSERTION;
        }

        @Override
        public String text() {
            return passed ? "assertion " + check + " passed" : "assertion failed: " + message;
        }
    }

    /** Where a lifecycle hook run is: started, ended well or badly, or left running past its grace period. */
    enum HookStage { STARTED, SUCCEEDED, FAILED, OVERRAN }

    /**
     * A container's lifecycle hook ({@code PostStart} or {@code PreStop}) started, ended, or was still
     * running when the kubelet stopped waiting for it (a preStop that used up the grace period). A
     * failure carries upstream's message (the one the waiting reason PostStartHookError shows; the
     * event says only "PostStartHook failed"); an overrun says how long the kubelet waited.
     */
    record HookRan(String container, String hook, HookStage stage, String message) implements Fact {
        public HookRan {
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(hook, "hook");
            Objects.requireNonNull(stage, "stage");
            message = message == null ? "" : message;
        }

        @Override
        public TimelineEntry.Kind kind() {
            return TimelineEntry.Kind.CONTAINER;
        }

        @Override
        public String text() {
            String what = "container " + container + ": " + hook + " hook ";
            return switch (stage) {
                case STARTED -> what + "started";
                case SUCCEEDED -> what + "succeeded";
                case FAILED -> what + "failed: " + message;
                case OVERRAN -> what + "still running after " + message + ", the kubelet goes on";
            };
        }
    }
}
