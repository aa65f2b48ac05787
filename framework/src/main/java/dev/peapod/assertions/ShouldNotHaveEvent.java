package dev.peapod.assertions;

import io.fabric8.kubernetes.api.model.Event;

import java.util.List;

/** An event with that reason (and message part) is about the pod or the container, and should not be. */
final class ShouldNotHaveEvent extends PodFailure {

    private ShouldNotHaveEvent(Subject subject, String expected, String found, String timeline) {
        super("Expecting %s to have no event %s, but it has:\n%s", timeline, unquoted(subject), unquoted(expected),
                unquoted(found));
    }

    /**
     * @param messageContaining null when any message counts
     * @param found             the events that match, not empty
     */
    static ShouldNotHaveEvent shouldNotHaveEvent(Subject subject, String reason, String messageContaining, List<Event> found,
                                                 String timeline) {
        return new ShouldNotHaveEvent(subject, Events.describe(reason, messageContaining), Events.lines(found), timeline);
    }
}
