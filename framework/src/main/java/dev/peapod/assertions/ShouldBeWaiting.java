package dev.peapod.assertions;

/** The container is not waiting, or waits for another reason. */
final class ShouldBeWaiting extends PodFailure {

    private ShouldBeWaiting(Subject subject, String reason, String actual, Evidence timeline) {
        super("Expecting %s to be waiting with reason %s, but it is %s.", timeline, unquoted(subject), unquoted(reason),
                unquoted(actual));
    }

    static ShouldBeWaiting shouldBeWaiting(Subject subject, String reason, String actual, Evidence timeline) {
        return new ShouldBeWaiting(subject, reason, actual, timeline);
    }

    static ShouldBeWaiting shouldBeWaiting(Subject subject, String reason, String actual, String timeline) {
        return shouldBeWaiting(subject, reason, actual, Evidence.of(timeline));
    }
}
