package dev.peapod.assertions;

/** The pod's status.reason or status.message is another one (or missing): DeadlineExceeded, OutOfcpu, Evicted... */
final class ShouldHaveStatusReason extends PodFailure {

    private ShouldHaveStatusReason(String format, Subject subject, Object expected, String actual, Evidence timeline) {
        super(format, timeline, unquoted(subject), expected, unquoted(actual));
    }

    /** {@code status.reason}: a word the kubelet sets, shown unquoted. */
    static ShouldHaveStatusReason shouldHaveStatusReason(Subject subject, String reason, String actual, Evidence timeline) {
        return new ShouldHaveStatusReason("Expecting %s to have status reason %s, but it has %s.", subject,
                unquoted(reason), actual, timeline);
    }

    static ShouldHaveStatusReason shouldHaveStatusReason(Subject subject, String reason, String actual, String timeline) {
        return shouldHaveStatusReason(subject, reason, actual, Evidence.of(timeline));
    }

    /** {@code status.message}: the whole message, quoted. */
    static ShouldHaveStatusReason shouldHaveStatusMessage(Subject subject, String message, String actual, Evidence timeline) {
        return new ShouldHaveStatusReason("Expecting %s to have the status message %s, but it has %s.", subject,
                message, actual, timeline);
    }

    static ShouldHaveStatusReason shouldHaveStatusMessage(Subject subject, String message, String actual, String timeline) {
        return shouldHaveStatusMessage(subject, message, actual, Evidence.of(timeline));
    }
}
