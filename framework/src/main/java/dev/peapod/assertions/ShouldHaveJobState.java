package dev.peapod.assertions;

/** A Job is not what the check expects: its state as kubectl shows it and its conditions, then its timeline. */
final class ShouldHaveJobState extends PodFailure {

    private ShouldHaveJobState(String job, String expected, String actual, String timeline) {
        super("Expecting %s %s, but %s.", timeline, unquoted(job), unquoted(expected), unquoted(actual));
    }

    static ShouldHaveJobState shouldHaveJobState(String job, String expected, String actual, String timeline) {
        return new ShouldHaveJobState(job, expected, actual, timeline);
    }
}
