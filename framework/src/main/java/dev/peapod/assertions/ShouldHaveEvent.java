package dev.peapod.assertions;

import io.fabric8.kubernetes.api.model.Event;

import java.util.List;

/** No event with that reason (and message part) is about the pod or the container checked. */
final class ShouldHaveEvent extends PodFailure {

    private ShouldHaveEvent(Subject subject, String expected, String actual, String timeline) {
        super("Expecting %s to have an event %s, but %s", timeline, unquoted(subject), unquoted(expected),
                unquoted(actual));
    }

    /** @param messageContaining null when any message will do */
    static ShouldHaveEvent shouldHaveEvent(Subject subject, String reason, String messageContaining, List<Event> events,
                                           String timeline) {
        String expected = Events.describe(reason, messageContaining);
        String actual = events.isEmpty() ? "it has no events."
                : "it has none; its events are:\n" + Events.lines(events);
        return new ShouldHaveEvent(subject, expected, actual, timeline);
    }
}
