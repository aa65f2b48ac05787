package dev.peapod.assertions;

/** The container's current state is not that termination. */
final class ShouldBeTerminated extends PodFailure {

    private ShouldBeTerminated(Subject subject, int exitCode, String reason, String actual, Evidence timeline) {
        super("Expecting %s to be terminated with exit code %s (%s), but it is %s.", timeline, unquoted(subject),
                exitCode, unquoted(reason), unquoted(actual));
    }

    static ShouldBeTerminated shouldBeTerminated(Subject subject, int exitCode, String reason, String actual,
                                                 Evidence timeline) {
        return new ShouldBeTerminated(subject, exitCode, reason, actual, timeline);
    }

    static ShouldBeTerminated shouldBeTerminated(Subject subject, int exitCode, String reason, String actual,
                                                 String timeline) {
        return shouldBeTerminated(subject, exitCode, reason, actual, Evidence.of(timeline));
    }
}
