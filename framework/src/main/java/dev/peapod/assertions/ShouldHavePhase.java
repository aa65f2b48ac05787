package dev.peapod.assertions;

/** The pod's phase differs (reference §4: a crash-looping pod stays Running). */
final class ShouldHavePhase extends PodFailure {

    private ShouldHavePhase(Subject subject, String phase, String actual, Evidence timeline) {
        super("Expecting %s to have phase %s, but %s.", timeline, unquoted(subject), unquoted(phase), unquoted(actual));
    }

    static ShouldHavePhase shouldHavePhase(Subject subject, String phase, String actual, Evidence timeline) {
        return new ShouldHavePhase(subject, phase, actual, timeline);
    }

    static ShouldHavePhase shouldHavePhase(Subject subject, String phase, String actual, String timeline) {
        return shouldHavePhase(subject, phase, actual, Evidence.of(timeline));
    }
}
