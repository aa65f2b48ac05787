package dev.peapod.assertions;

/**
 * The container's {@code started} is not true: it is not running, or its startup probe has not
 * succeeded yet (kubernetes: pkg/kubelet/prober/prober_manager.go, UpdatePodStatus).
 */
final class ShouldBeStarted extends PodFailure {

    private ShouldBeStarted(Subject subject, String actual, Evidence timeline) {
        super("Expecting %s to be started, but %s.", timeline, unquoted(subject), unquoted(actual));
    }

    static ShouldBeStarted shouldBeStarted(Subject subject, String actual, Evidence timeline) {
        return new ShouldBeStarted(subject, actual, timeline);
    }

    static ShouldBeStarted shouldBeStarted(Subject subject, String actual, String timeline) {
        return shouldBeStarted(subject, actual, Evidence.of(timeline));
    }
}
