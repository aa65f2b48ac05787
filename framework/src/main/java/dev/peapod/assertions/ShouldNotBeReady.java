package dev.peapod.assertions;

/** The pod's Ready condition is True, or the container's {@code ready} is true. */
final class ShouldNotBeReady extends PodFailure {

    private ShouldNotBeReady(Subject subject, String actual, Evidence timeline) {
        super("Expecting %s not to be ready, but %s.", timeline, unquoted(subject), unquoted(actual));
    }

    static ShouldNotBeReady shouldNotBeReady(Subject subject, String actual, Evidence timeline) {
        return new ShouldNotBeReady(subject, actual, timeline);
    }

    static ShouldNotBeReady shouldNotBeReady(Subject subject, String actual, String timeline) {
        return shouldNotBeReady(subject, actual, Evidence.of(timeline));
    }
}
