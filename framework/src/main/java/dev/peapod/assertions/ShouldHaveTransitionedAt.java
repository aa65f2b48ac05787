package dev.peapod.assertions;

/** The condition is missing, or its {@code lastTransitionTime} is another instant. */
final class ShouldHaveTransitionedAt extends PodFailure {

    private ShouldHaveTransitionedAt(Subject subject, String type, String at, String actual, String timeline) {
        super("Expecting %s to have condition %s last transitioned at %s, but %s.", timeline, unquoted(subject),
                unquoted(type), unquoted(at), unquoted(actual));
    }

    static ShouldHaveTransitionedAt shouldHaveTransitionedAt(Subject subject, String type, String at, String actual,
                                                             String timeline) {
        return new ShouldHaveTransitionedAt(subject, type, at, actual, timeline);
    }
}
