package dev.peapod.printers;

import dev.peapod.core.PeapodException;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import org.apiguardian.api.API;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * The {@code Events:} section {@code kubectl describe} prints under an object (kubernetes v1.33:
 * staging/src/k8s.io/kubectl/pkg/describe/describe.go, DescribeEvents and tabbedString;
 * staging/src/k8s.io/kubectl/pkg/util/event/sorted_event_list.go, SortableEvents).
 *
 * <p>Sorted by the time the event was last seen (the series' last observation, else lastTimestamp,
 * else eventTime). AGE is the first time it was seen, and for a repeated event
 * {@code <last seen> (x<count> over <first seen>)}, e.g. {@code 10s (x4 over 2m)}. FROM is the source
 * component, else the reporting controller. Columns are aligned as describe's tabwriter aligns them
 * (minimum width 0, padding 2); the message is not padded. Time comes in as {@code now}.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class EventDescriber {
    private static final int PADDING = 2;

    private EventDescriber() {
    }

    /** {@code Events:\t<none>} for none, else the header, the dashes and one line per event, as describe prints them. */
    public static String describe(List<Event> events, Instant now) {
        if (events == null || now == null) {
            throw new PeapodException("EventDescriber.describe(events, now): " + (events == null ? "events" : "now")
                    + " must not be null");
        }
        if (events.isEmpty()) {
            return "Events:\t<none>\n";
        }
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(EventDescriber::lastSeen, Comparator.nullsFirst(Comparator.naturalOrder())));
        List<List<String>> lines = new ArrayList<>();
        lines.add(List.of("  Type", "Reason", "Age", "From", "Message"));
        lines.add(List.of("  ----", "------", "----", "----", "-------"));
        for (Event e : sorted) {
            lines.add(List.of("  " + orEmpty(e.getType()), orEmpty(e.getReason()), age(e, now), from(e),
                    EventPrinter.trimSpace(orEmpty(e.getMessage()))));
        }
        return "Events:\n" + align(lines);
    }

    /**
     * The events of several objects, one {@code kubectl describe}-style section per involved object
     * (headed {@code <kind>/<name> in <namespace>}, or without the namespace for a cluster-scoped object),
     * in the order each object's earliest event was last seen; blank lines between the sections.
     */
    public static String describePerObject(List<Event> events, Instant now) {
        if (events == null || now == null) {
            throw new PeapodException("EventDescriber.describePerObject(events, now): "
                    + (events == null ? "events" : "now") + " must not be null");
        }
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(EventDescriber::lastSeen, Comparator.nullsFirst(Comparator.naturalOrder())));
        Map<String, List<Event>> perObject = new LinkedHashMap<>();
        for (Event e : sorted) {
            perObject.computeIfAbsent(heading(e.getInvolvedObject()), k -> new ArrayList<>()).add(e);
        }
        List<String> sections = new ArrayList<>();
        perObject.forEach((heading, list) -> sections.add(heading + "\n" + describe(list, now)));
        return String.join("\n", sections);
    }

    private static String heading(ObjectReference ref) {
        ObjectReference r = ref == null ? new ObjectReference() : ref;
        String name = orEmpty(r.getKind()).toLowerCase(Locale.ROOT) + "/" + orEmpty(r.getName());
        return r.getNamespace() == null || r.getNamespace().isEmpty() ? name : name + " in " + r.getNamespace();
    }

    /** SortableEvents' eventTime: the series' last observation, else lastTimestamp, else eventTime. */
    private static Instant lastSeen(Event e) {
        if (e.getSeries() != null && e.getSeries().getLastObservedTime() != null) {
            return ApiTime.parseMicro("series.lastObservedTime", e.getSeries().getLastObservedTime().getTime());
        }
        if (e.getLastTimestamp() != null && !e.getLastTimestamp().isEmpty()) {
            return ApiTime.parse("lastTimestamp", e.getLastTimestamp());
        }
        return e.getEventTime() == null ? null : ApiTime.parseMicro("eventTime", e.getEventTime().getTime());
    }

    private static String age(Event e, Instant now) {
        boolean noEventTime = e.getEventTime() == null || e.getEventTime().getTime() == null
                || e.getEventTime().getTime().isEmpty();
        String first = noEventTime ? ApiTime.since(ApiTime.parse("firstTimestamp", e.getFirstTimestamp()), now)
                : ApiTime.since(ApiTime.parseMicro("eventTime", e.getEventTime().getTime()), now);
        if (e.getSeries() != null) {
            String last = ApiTime.since(e.getSeries().getLastObservedTime() == null ? null
                    : ApiTime.parseMicro("series.lastObservedTime", e.getSeries().getLastObservedTime().getTime()), now);
            return last + " (x" + (e.getSeries().getCount() == null ? 0 : e.getSeries().getCount()) + " over " + first + ")";
        }
        if (e.getCount() != null && e.getCount() > 1) {
            String last = ApiTime.since(ApiTime.parse("lastTimestamp", e.getLastTimestamp()), now);
            return last + " (x" + e.getCount() + " over " + first + ")";
        }
        return first;
    }

    private static String from(Event e) {
        String component = e.getSource() == null ? "" : orEmpty(e.getSource().getComponent());
        return component.isEmpty() ? orEmpty(e.getReportingComponent()) : component;
    }

    /** Go's text/tabwriter with minwidth 0 and padding 2: every cell but the last padded to its column's widest plus 2. */
    private static String align(List<List<String>> lines) {
        int columns = lines.get(0).size() - 1;
        int[] widths = new int[columns];
        for (List<String> line : lines) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], line.get(c).codePointCount(0, line.get(c).length()) + PADDING);
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> line : lines) {
            for (int c = 0; c < line.size(); c++) {
                String cell = line.get(c);
                out.append(cell);
                if (c < columns) {
                    out.append(" ".repeat(widths[c] - cell.codePointCount(0, cell.length())));
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
