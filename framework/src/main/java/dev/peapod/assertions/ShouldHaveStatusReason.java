package dev.peapod.assertions;

/** The pod's status.reason or status.message is another one (or missing): DeadlineExceeded, OutOfcpu, Evicted... */
final class ShouldHaveStatusReason extends PodFailure {

    private ShouldHaveStatusReason(String format, Subject subject, Object expected, String actual, String timeline) {
        super(format, timeline, unquoted(subject), expected, unquoted(actual));
    }

    /** {@code status.reason}: a word the kubelet sets, shown unquoted. */
    static ShouldHaveStatusReason shouldHaveStatusReason(Subject subject, String reason, String actual, String timeline) {
        return new ShouldHaveStatusReason("Expecting %s to have status reason %s, but it has %s.", subject,
                unquoted(reason), actual, timeline);
    }

    /** {@code status.message}: the whole message, quoted. */
    static ShouldHaveStatusReason shouldHaveStatusMessage(Subject subject, String message, String actual, String timeline) {
        return new ShouldHaveStatusReason("Expecting %s to have the status message %s, but it has %s.", subject,
                message, actual, timeline);
    }
}
