package dev.peapod.assertions;

/**
 * A container's termination or lifecycle hooks did not go as expected: it was not killed after its
 * grace period, its postStart hook did not fail, its preStop hook did not run before SIGTERM, or it
 * did not run before another container. The message says what happened instead.
 */
final class ShouldHaveTerminated extends PodFailure {

    private ShouldHaveTerminated(Subject subject, String expected, String actual, String timeline) {
        super("Expecting %s %s, but %s.", timeline, unquoted(subject), unquoted(expected), unquoted(actual));
    }

    /**
     * @param expected what was expected, after the subject: {@code to have been killed after the grace period}
     * @param actual   what happened: {@code it exited with 0 (Completed) at 00:00:15 and never got SIGKILL}
     */
    static ShouldHaveTerminated shouldHave(Subject subject, String expected, String actual, String timeline) {
        return new ShouldHaveTerminated(subject, expected, actual, timeline);
    }
}
