package dev.peapod.printers;

import dev.peapod.core.PeapodException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import static org.apiguardian.api.API.Status.INTERNAL;

/** metav1.Time as the printer sees it on the API server. */
@API(status = INTERNAL, since = "0.1")
public final class ApiTime {
    private ApiTime() {
    }

    /**
     * The instant the API server holds for an RFC 3339 field, or null when the field is unset.
     * Stored objects keep whole seconds: metav1.Time's protobuf form drops the nanoseconds
     * (kubernetes: staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/time_proto.go, ProtoTime / Unmarshal).
     */
    public static Instant parse(String field, String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            throw new PeapodException(field + ": Invalid value: \"" + text + "\": not an RFC 3339 time", e);
        }
    }

    /**
     * The instant of a metav1.MicroTime field ({@code eventTime}, {@code series.lastObservedTime}),
     * or null when unset. A MicroTime keeps microseconds where a metav1.Time keeps seconds.
     */
    static Instant parseMicro(String field, String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            throw new PeapodException(field + ": Invalid value: \"" + text + "\": not an RFC 3339 time", e);
        }
    }

    /** AGE: translateTimestampSince(metadata.creationTimestamp) at {@code now}. */
    public static String age(HasMetadata object, Instant now) {
        return since(parse("metadata.creationTimestamp", object.getMetadata().getCreationTimestamp()), now);
    }

    /**
     * translateTimestampSince: {@code <unknown>} for an unset time
     * (kubernetes: pkg/printers/internalversion/printers.go).
     */
    public static String since(Instant then, Instant now) {
        return then == null ? "<unknown>" : Durations.human(Duration.between(then, now));
    }
}
