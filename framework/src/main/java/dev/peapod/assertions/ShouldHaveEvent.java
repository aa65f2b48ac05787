package dev.peapod.assertions;

import io.fabric8.kubernetes.api.model.Event;

import java.util.List;
import java.util.stream.Collectors;

/** No event with that reason (and message part) is about the pod or the scoped container. */
final class ShouldHaveEvent extends PodFailure {

    private ShouldHaveEvent(Subject subject, String expected, String actual, String timeline) {
        super("Expecting %s to have an event %s, but %s", timeline, unquoted(subject), unquoted(expected),
                unquoted(actual));
    }

    /** @param messageContaining null when any message will do */
    static ShouldHaveEvent shouldHaveEvent(Subject subject, String reason, String messageContaining, List<Event> events,
                                           String timeline) {
        String expected = "with reason " + reason
                + (messageContaining == null ? "" : " and a message containing \"" + messageContaining + "\"");
        String actual = events.isEmpty() ? "it has no events."
                : "it has none; its events are:\n" + events.stream().map(ShouldHaveEvent::line).collect(Collectors.joining("\n"));
        return new ShouldHaveEvent(subject, expected, actual, timeline);
    }

    /** {@code   Warning Unhealthy: Liveness probe failed: ... (x3)}, the count as kubectl describe shows it. */
    private static String line(Event event) {
        int count = event.getCount() == null ? 1 : event.getCount();
        return "  " + event.getType() + " " + event.getReason() + ": " + event.getMessage() + (count > 1 ? " (x" + count + ")" : "");
    }
}
