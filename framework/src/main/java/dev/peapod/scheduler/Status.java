package dev.peapod.scheduler;

import java.util.List;

/**
 * A plugin's answer for one pod on one node, as the scheduling framework's Status: a code, the
 * reasons that go into the FitError histogram, and the plugin that gave it
 * (kubernetes: pkg/scheduler/framework/interface.go, Status).
 */
record Status(Code code, List<String> reasons, String plugin) {
    /** The codes the default plugins use. */
    enum Code {
        SUCCESS,
        /** Preemption may help: DefaultPreemption tries this node. */
        UNSCHEDULABLE,
        /** Preemption cannot help: "Preemption is not helpful for scheduling". */
        UNSCHEDULABLE_AND_UNRESOLVABLE,
        /** The plugin has nothing to do for this pod; its later extension points are skipped. */
        SKIP
    }

    static final Status SUCCESS = new Status(Code.SUCCESS, List.of(), "");
    static final Status SKIP = new Status(Code.SKIP, List.of(), "");

    Status {
        reasons = List.copyOf(reasons);
    }

    static Status unschedulable(List<String> reasons) {
        return new Status(Code.UNSCHEDULABLE, reasons, "");
    }

    static Status unschedulable(String reason) {
        return unschedulable(List.of(reason));
    }

    static Status unresolvable(String reason) {
        return new Status(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, List.of(reason), "");
    }

    Status withPlugin(String name) {
        return new Status(code, reasons, name);
    }

    boolean isSuccess() {
        return code == Code.SUCCESS;
    }

    /** Unschedulable or UnschedulableAndUnresolvable (Status.IsRejected). */
    boolean isRejected() {
        return code == Code.UNSCHEDULABLE || code == Code.UNSCHEDULABLE_AND_UNRESOLVABLE;
    }

    /** The reasons joined with ", ", as Status.Message. */
    String message() {
        return String.join(", ", reasons);
    }
}
