package dev.peapod.assertions;

/** restartCount is not the expected number (reference §3.2: the first run is 0, each restart adds 1). */
final class ShouldHaveRestarted extends PodFailure {

    private ShouldHaveRestarted(Subject subject, int expected, int actual, Evidence timeline) {
        super("Expecting %s to have restarted %s, but it restarted %s.", timeline,
                unquoted(subject), unquoted(VirtualTime.times(expected)), unquoted(VirtualTime.times(actual)));
    }

    static ShouldHaveRestarted shouldHaveRestarted(Subject subject, int expected, int actual, Evidence timeline) {
        return new ShouldHaveRestarted(subject, expected, actual, timeline);
    }

    static ShouldHaveRestarted shouldHaveRestarted(Subject subject, int expected, int actual, String timeline) {
        return shouldHaveRestarted(subject, expected, actual, Evidence.of(timeline));
    }
}
