package dev.peapod.events;

import io.fabric8.kubernetes.api.model.Event;
import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/** How Peapod orders Events for a reader: the order they happened in, which the store's name order is not. */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Events {
    /**
     * Oldest first: by first occurrence, then by the hex nanoseconds recorded events carry in their
     * names ({@link EventRecorder}), then by name for events created some other way.
     */
    private static final Comparator<Event> OLDEST_FIRST =
            Comparator.comparing((Event e) -> Objects.requireNonNullElse(e.getFirstTimestamp(), ""))
                    .thenComparingLong(Events::recordedNanos)
                    .thenComparing(e -> e.getMetadata().getName());

    private Events() {
    }

    /** A sorted copy of {@code events}, oldest first; the argument is not changed. */
    public static List<Event> oldestFirst(List<Event> events) {
        Objects.requireNonNull(events, "events");
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(OLDEST_FIRST);
        return sorted;
    }

    /** The {@code <object>.<hex nanoseconds>} suffix EventRecorder gives; other names sort after it. */
    static long recordedNanos(Event event) {
        String name = event.getMetadata().getName();
        try {
            return Long.parseUnsignedLong(name.substring(name.lastIndexOf('.') + 1), 16);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
