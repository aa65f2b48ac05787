package dev.peapod.assertions;

/** No container waits with reason CrashLoopBackOff. */
final class ShouldBeCrashLooping extends PodFailure {

    private ShouldBeCrashLooping(Subject subject, String actual, Evidence timeline) {
        super("Expecting %s to be crash-looping (waiting with reason CrashLoopBackOff), but %s.", timeline,
                unquoted(subject), unquoted(actual));
    }

    static ShouldBeCrashLooping shouldBeCrashLooping(Subject subject, String actual, Evidence timeline) {
        return new ShouldBeCrashLooping(subject, actual, timeline);
    }

    static ShouldBeCrashLooping shouldBeCrashLooping(Subject subject, String actual, String timeline) {
        return shouldBeCrashLooping(subject, actual, Evidence.of(timeline));
    }
}
