package dev.peapod.assertions;

import java.util.List;

/**
 * A container's starts, restarts or exits happened at other instants than expected (from the
 * timeline's typed facts, {@code ContainerHistory}); the message lists the actual instants.
 */
final class ShouldHaveHappenedAt extends PodFailure {

    private ShouldHaveHappenedAt(Subject subject, String verb, String expected, String actual, String timeline) {
        super("Expecting %s to have %s at %s, but it %s.", timeline, unquoted(subject), unquoted(verb), unquoted(expected),
                unquoted(actual));
    }

    /**
     * @param verb     {@code started}, {@code restarted} or {@code exited}
     * @param expected the instants expected, as the timeline writes them ({@code 00:00:50}); not empty
     * @param actual   the instants they happened at, perhaps none
     */
    static ShouldHaveHappenedAt shouldHaveHappenedAt(Subject subject, String verb, List<String> expected, List<String> actual,
                                                     String timeline) {
        String happened = actual.isEmpty() ? "never " + verb : verb + " at " + VirtualTime.list(actual);
        return new ShouldHaveHappenedAt(subject, verb, VirtualTime.list(expected), happened, timeline);
    }
}
