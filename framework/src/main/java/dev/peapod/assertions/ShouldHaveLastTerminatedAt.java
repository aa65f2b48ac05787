package dev.peapod.assertions;

/** {@code lastState.terminated.finishedAt} is missing or another instant. */
final class ShouldHaveLastTerminatedAt extends PodFailure {

    private ShouldHaveLastTerminatedAt(Subject subject, String at, String actual, String timeline) {
        super("Expecting %s to have last terminated at %s, but %s.", timeline, unquoted(subject), unquoted(at),
                unquoted(actual));
    }

    /** @param actual {@code its last termination was exit code 137 (Error) at 00:00:52}, or that it has none */
    static ShouldHaveLastTerminatedAt shouldHaveLastTerminatedAt(Subject subject, String at, String actual, String timeline) {
        return new ShouldHaveLastTerminatedAt(subject, at, actual, timeline);
    }
}
