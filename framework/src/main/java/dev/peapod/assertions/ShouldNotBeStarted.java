package dev.peapod.assertions;

/** The container's {@code started} is true. */
final class ShouldNotBeStarted extends PodFailure {

    private ShouldNotBeStarted(Subject subject, String actual, Evidence timeline) {
        super("Expecting %s not to be started, but %s.", timeline, unquoted(subject), unquoted(actual));
    }

    static ShouldNotBeStarted shouldNotBeStarted(Subject subject, String actual, Evidence timeline) {
        return new ShouldNotBeStarted(subject, actual, timeline);
    }

    static ShouldNotBeStarted shouldNotBeStarted(Subject subject, String actual, String timeline) {
        return shouldNotBeStarted(subject, actual, Evidence.of(timeline));
    }
}
