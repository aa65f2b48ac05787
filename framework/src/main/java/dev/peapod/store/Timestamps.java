package dev.peapod.store;

import org.apiguardian.api.API;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import static org.apiguardian.api.API.Status.INTERNAL;

/** metav1.Time and MicroTime as the API writes them: RFC 3339, whole seconds or microseconds, UTC. */
@API(status = INTERNAL, since = "0.1")
public final class Timestamps {
    private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSX")
            .withZone(java.time.ZoneOffset.UTC);

    private Timestamps() {
    }

    /** {@code 2025-01-01T00:00:05Z}: metav1.Time keeps whole seconds. */
    public static String format(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** {@code 2025-01-01T00:00:05.000000Z}: metav1.MicroTime, as in an Event's eventTime. */
    public static String formatMicro(Instant instant) {
        return instant == null ? null : MICRO.format(instant.truncatedTo(ChronoUnit.MICROS));
    }

    public static Instant parse(String text) {
        return text == null || text.isEmpty() ? null : Instant.parse(text);
    }
}
