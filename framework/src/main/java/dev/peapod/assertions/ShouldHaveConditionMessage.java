package dev.peapod.assertions;

/** The condition is missing, or its message is another one (or lacks the expected text). */
final class ShouldHaveConditionMessage extends PodFailure {

    private ShouldHaveConditionMessage(Subject subject, String type, String how, String message, String actual,
                                       String timeline) {
        super("Expecting %s to have condition %s with %s %s, but %s.", timeline, unquoted(subject), unquoted(type),
                unquoted(how), message, unquoted(actual));
    }

    /** @param containing whether the expected message is a part of the message, not all of it */
    static ShouldHaveConditionMessage shouldHaveConditionMessage(Subject subject, String type, String message,
                                                                 boolean containing, String actual, String timeline) {
        return new ShouldHaveConditionMessage(subject, type, containing ? "a message containing" : "the message", message,
                actual, timeline);
    }
}
