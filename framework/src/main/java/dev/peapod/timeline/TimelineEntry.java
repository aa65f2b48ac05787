package dev.peapod.timeline;

import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * One thing that happened to a pod, at a virtual instant, as a typed {@link Fact}: a container
 * started or exited, a probe ran, the phase or readiness changed, an event was recorded. The text is
 * derived from the fact; {@code container()} is empty for pod-level entries.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record TimelineEntry(Instant at, Duration sinceStart, String namespace, String pod, Fact fact) {

    /**
     * What sort of entry it is. {@code SIGNAL} entries are data for pictures and causal messages; the
     * text views leave them out, since the Killing event already tells the story in words. {@code ASSERTION}
     * entries are a test's checks, drawn on the picture; the text views leave them out too, since a
     * failure message is the test's own words.
     */
    public enum Kind { POD, CONTAINER, PROBE, EVENT, SIGNAL, ASSERTION }

    public TimelineEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(sinceStart, "sinceStart");
        Objects.requireNonNull(fact, "fact");
    }

    public Kind kind() {
        return fact.kind();
    }

    public String container() {
        return fact.container();
    }

    public String text() {
        return fact.text();
    }

    /** {@code 00:00:10  Liveness probe failed: HTTP probe failed with statuscode: 500}. */
    public String format() {
        return clock(sinceStart) + "  " + text();
    }

    /** Virtual time since the cluster started as the timeline writes it: {@code 00:01:40}, {@code 00:01:40.500}. */
    public static String clock(Duration sinceStart) {
        long s = sinceStart.getSeconds();
        String millis = sinceStart.getNano() == 0 ? "" : String.format(".%03d", sinceStart.getNano() / 1_000_000);
        return String.format("%02d:%02d:%02d%s", s / 3600, (s / 60) % 60, s % 60, millis);
    }
}
