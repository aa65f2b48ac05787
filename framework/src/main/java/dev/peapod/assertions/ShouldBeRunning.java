package dev.peapod.assertions;

/** The container's state is not running. */
final class ShouldBeRunning extends PodFailure {

    private ShouldBeRunning(Subject subject, String actual, Evidence timeline) {
        super("Expecting %s to be running, but %s.", timeline, unquoted(subject), unquoted(actual));
    }

    static ShouldBeRunning shouldBeRunning(Subject subject, String actual, Evidence timeline) {
        return new ShouldBeRunning(subject, actual, timeline);
    }

    static ShouldBeRunning shouldBeRunning(Subject subject, String actual, String timeline) {
        return shouldBeRunning(subject, actual, Evidence.of(timeline));
    }
}
