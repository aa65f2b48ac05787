package dev.peapod.assertions;

/**
 * The pod is not Pending with PodScheduled False, reason Unschedulable and exactly the scheduler's
 * message (reference §5, §11.2). Both messages go on lines of their own: they are long.
 */
final class ShouldBePendingWithSchedulingMessage extends PodFailure {

    private ShouldBePendingWithSchedulingMessage(Subject subject, String message, String actual, Evidence timeline) {
        super("Expecting %s to be Pending and unschedulable with the message:\n  %s\nbut %s", timeline,
                unquoted(subject), message, unquoted(actual));
    }

    static ShouldBePendingWithSchedulingMessage shouldBePendingWithSchedulingMessage(Subject subject, String message,
                                                                                     String actual, Evidence timeline) {
        return new ShouldBePendingWithSchedulingMessage(Subject.pod(subject.namespace(), subject.pod()), message, actual,
                timeline);
    }

    static ShouldBePendingWithSchedulingMessage shouldBePendingWithSchedulingMessage(Subject subject, String message,
                                                                                     String actual, String timeline) {
        return shouldBePendingWithSchedulingMessage(subject, message, actual, Evidence.of(timeline));
    }
}
