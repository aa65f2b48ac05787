package dev.peapod.assertions;

/** The pod lacks a condition, or has it with another status or reason. */
final class ShouldHaveCondition extends PodFailure {

    private ShouldHaveCondition(Subject subject, String expected, String actual, Evidence timeline) {
        super("Expecting %s to have condition %s, but %s.", timeline, unquoted(subject), unquoted(expected),
                unquoted(actual));
    }

    /** @param reason null when any reason will do */
    static ShouldHaveCondition shouldHaveCondition(Subject subject, String type, String status, String reason,
                                                   String actual, Evidence timeline) {
        String expected = type + "=" + status + (reason == null ? "" : " with reason " + reason);
        return new ShouldHaveCondition(subject, expected, actual, timeline);
    }

    static ShouldHaveCondition shouldHaveCondition(Subject subject, String type, String status, String reason,
                                                   String actual, String timeline) {
        return shouldHaveCondition(subject, type, status, reason, actual, Evidence.of(timeline));
    }

    /** {@code condition("Ready").hasReason("PodCompleted")}: the condition with that reason, whatever its status. */
    static ShouldHaveCondition shouldHaveConditionReason(Subject subject, String type, String reason, String actual,
                                                         Evidence timeline) {
        return new ShouldHaveCondition(subject, type + " with reason " + reason, actual, timeline);
    }

    static ShouldHaveCondition shouldHaveConditionReason(Subject subject, String type, String reason, String actual,
                                                         String timeline) {
        return shouldHaveConditionReason(subject, type, reason, actual, Evidence.of(timeline));
    }
}
