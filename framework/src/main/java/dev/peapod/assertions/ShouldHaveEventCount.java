package dev.peapod.assertions;

import io.fabric8.kubernetes.api.model.Event;

import java.util.List;

/**
 * The matching events were reported another number of times: the sum of their {@code count}, which
 * the recorder raises each time it folds a repeat into the stored event.
 */
final class ShouldHaveEventCount extends PodFailure {

    private ShouldHaveEventCount(Subject subject, String expected, String times, String actual, String timeline) {
        super("Expecting %s to have had an event %s %s, but %s", timeline, unquoted(subject), unquoted(expected),
                unquoted(times), unquoted(actual));
    }

    /**
     * @param messageContaining null when any message counts
     * @param matching          the events that match, perhaps none
     * @param events            all the events about the subject, listed when none matches
     */
    static ShouldHaveEventCount shouldHaveEventCount(Subject subject, String reason, String messageContaining, int expected,
                                                     int actual, List<Event> matching, List<Event> events, String timeline) {
        String found = !matching.isEmpty() ? "it had it " + VirtualTime.times(actual) + ":\n" + Events.lines(matching)
                : events.isEmpty() ? "it has no events."
                : "it had it 0 times; its events are:\n" + Events.lines(events);
        return new ShouldHaveEventCount(subject, Events.describe(reason, messageContaining), VirtualTime.times(expected),
                found, timeline);
    }
}
