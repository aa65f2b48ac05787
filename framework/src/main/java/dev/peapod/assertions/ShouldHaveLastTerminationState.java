package dev.peapod.assertions;

/** {@code lastState.terminated} is missing or differs (reference §3.2: it holds only the most recent exit). */
final class ShouldHaveLastTerminationState extends PodFailure {

    private ShouldHaveLastTerminationState(Subject subject, int exitCode, String reason, String actual, Evidence timeline) {
        super("Expecting %s to have last terminated with exit code %s (%s), but %s.", timeline, unquoted(subject),
                exitCode, unquoted(reason), unquoted(actual));
    }

    static ShouldHaveLastTerminationState shouldHaveLastTerminationState(Subject subject, int exitCode, String reason,
                                                                         String actual, Evidence timeline) {
        return new ShouldHaveLastTerminationState(subject, exitCode, reason, actual, timeline);
    }

    static ShouldHaveLastTerminationState shouldHaveLastTerminationState(Subject subject, int exitCode, String reason,
                                                                         String actual, String timeline) {
        return shouldHaveLastTerminationState(subject, exitCode, reason, actual, Evidence.of(timeline));
    }
}
