package dev.peapod.printers;

import dev.peapod.core.PeapodException;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.ObjectReference;
import org.apiguardian.api.API;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * {@code kubectl get events} as the API server's table printer computes it (kubernetes:
 * pkg/printers/internalversion/printers.go, printEvent, formatEventSource, translateMicroTimestampSince).
 * Time comes in as {@code now}; nothing here reads a clock. Events are printed in the order given:
 * upstream's printEventList does not sort.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class EventPrinter {
    private static final List<String> HEADERS = List.of("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE");
    private static final List<String> WIDE_HEADERS = List.of("LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT",
            "SOURCE", "MESSAGE", "FIRST SEEN", "COUNT", "NAME");

    private EventPrinter() {
    }

    /** Every column of one Event, wide ones included, as printEvent fills the cells at {@code now}. */
    public static EventRow row(Event event, Instant now) {
        if (event == null || now == null) {
            throw new PeapodException("EventPrinter.row(event, now): " + (event == null ? "event" : "now")
                    + " must not be null");
        }
        String firstSeen = ApiTime.since(ApiTime.parse("firstTimestamp", event.getFirstTimestamp()), now);
        if (isUnset(event.getFirstTimestamp())) {
            firstSeen = ApiTime.since(ApiTime.parseMicro("eventTime", microTime(event.getEventTime())), now);
        }
        String lastSeen = isUnset(event.getLastTimestamp()) ? firstSeen
                : ApiTime.since(ApiTime.parse("lastTimestamp", event.getLastTimestamp()), now);
        int count = event.getCount() == null ? 0 : event.getCount();
        if (event.getSeries() != null) {
            lastSeen = ApiTime.since(ApiTime.parseMicro("series.lastObservedTime",
                    microTime(event.getSeries().getLastObservedTime())), now);
            count = event.getSeries().getCount() == null ? 0 : event.getSeries().getCount();
        } else if (count == 0) {
            count = 1; // singleton events of the new API carry no count
        }
        ObjectReference ref = event.getInvolvedObject() == null ? new ObjectReference() : event.getInvolvedObject();
        String kind = orEmpty(ref.getKind()).toLowerCase(Locale.ROOT);
        String object = orEmpty(ref.getName()).isEmpty() ? kind : kind + "/" + ref.getName();
        return new EventRow(lastSeen, orEmpty(event.getType()), orEmpty(event.getReason()), object,
                orEmpty(ref.getFieldPath()), source(event), trimSpace(orEmpty(event.getMessage())), firstSeen, count,
                orEmpty(event.getMetadata().getName()));
    }

    /**
     * The text {@code kubectl get events [-o wide]} prints for these Events, in the order given, aligned
     * as kubectl aligns it; an empty string for none.
     */
    public static String table(List<Event> events, Instant now, boolean wide) {
        if (events == null) {
            throw new PeapodException("EventPrinter.table(events, now, wide): events must not be null");
        }
        if (events.isEmpty()) {
            return "";
        }
        List<List<String>> lines = new ArrayList<>();
        lines.add(wide ? WIDE_HEADERS : HEADERS);
        for (Event event : events) {
            lines.add(row(event, now).cells(wide));
        }
        return TabWriter.align(lines);
    }

    /**
     * formatEventSource: the component, else the reporting controller; then {@code ", <host>"}, the host
     * being the source's, else the reporting instance.
     */
    private static String source(Event event) {
        EventSource source = event.getSource() == null ? new EventSource() : event.getSource();
        String component = firstNonEmpty(source.getComponent(), event.getReportingComponent());
        String instance = firstNonEmpty(source.getHost(), event.getReportingInstance());
        return instance.isEmpty() ? component : component + ", " + instance;
    }

    /** Go's strings.TrimSpace: trims what unicode.IsSpace calls space, which is not Java's idea of blank. */
    static String trimSpace(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isGoSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isGoSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    /** unicode.IsSpace: '\t', '\n', '\v', '\f', '\r', ' ', U+0085, U+00A0, and the Z categories' spaces. */
    private static boolean isGoSpace(char c) {
        return switch (c) {
            case '\t', '\n', '\u000B', '\f', '\r', ' ', '\u0085', '\u00A0' -> true;
            default -> c > '\u00FF' && (Character.getType(c) == Character.SPACE_SEPARATOR
                    || c == '\u2028' || c == '\u2029');
        };
    }

    private static String microTime(io.fabric8.kubernetes.api.model.MicroTime time) {
        return time == null ? null : time.getTime();
    }

    private static boolean isUnset(String time) {
        return time == null || time.isEmpty();
    }

    private static String firstNonEmpty(String first, String second) {
        return first != null && !first.isEmpty() ? first : orEmpty(second);
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
