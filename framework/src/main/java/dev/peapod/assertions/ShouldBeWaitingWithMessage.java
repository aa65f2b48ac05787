package dev.peapod.assertions;

/** The container is not waiting with that reason, or its waiting message lacks the expected text. */
final class ShouldBeWaitingWithMessage extends PodFailure {

    private ShouldBeWaitingWithMessage(Subject subject, String reason, String messageContaining, String actual, Evidence timeline) {
        super("Expecting %s to be waiting with reason %s and a message containing %s, but it is %s.", timeline,
                unquoted(subject), unquoted(reason), messageContaining, unquoted(actual));
    }

    /** @param actual the state with its waiting message, e.g. {@code waiting (CrashLoopBackOff: back-off 40s ...)} */
    static ShouldBeWaitingWithMessage shouldBeWaitingWithMessage(Subject subject, String reason, String messageContaining,
                                                                 String actual, Evidence timeline) {
        return new ShouldBeWaitingWithMessage(subject, reason, messageContaining, actual, timeline);
    }

    static ShouldBeWaitingWithMessage shouldBeWaitingWithMessage(Subject subject, String reason, String messageContaining,
                                                                 String actual, String timeline) {
        return shouldBeWaitingWithMessage(subject, reason, messageContaining, actual, Evidence.of(timeline));
    }
}
