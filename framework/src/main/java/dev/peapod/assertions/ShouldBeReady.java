package dev.peapod.assertions;

/** The pod's Ready condition is not True, or the container's {@code ready} is false. */
final class ShouldBeReady extends PodFailure {

    private ShouldBeReady(Subject subject, String actual, Evidence timeline) {
        super("Expecting %s to be ready, but %s.", timeline, unquoted(subject), unquoted(actual));
    }

    static ShouldBeReady shouldBeReady(Subject subject, String actual, Evidence timeline) {
        return new ShouldBeReady(subject, actual, timeline);
    }

    static ShouldBeReady shouldBeReady(Subject subject, String actual, String timeline) {
        return shouldBeReady(subject, actual, Evidence.of(timeline));
    }
}
