package dev.peapod.time;

import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * The cluster's only source of time. It moves only when the {@link EventLoop} runs an event, so the
 * same inputs always give the same timestamps.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class VirtualClock {
    /** The default first instant of every cluster: fixed, so timestamps are the same on every run. */
    public static final Instant DEFAULT_START = Instant.parse("2025-01-01T00:00:00Z");

    private final Instant start;
    /** Volatile: moved by the engine's holder, read by any thread (a test's reads while time runs in real time). */
    private volatile Instant now;

    public VirtualClock(Instant start) {
        this.start = Objects.requireNonNull(start, "start");
        this.now = start;
    }

    public Instant now() {
        return now;
    }

    /** The instant the cluster started. */
    public Instant start() {
        return start;
    }

    /** Virtual time since the cluster started. */
    public Duration elapsed() {
        return Duration.between(start, now);
    }

    void moveTo(Instant instant) {
        if (instant.isBefore(now)) {
            throw new IllegalStateException("the virtual clock cannot go back from " + now + " to " + instant);
        }
        now = instant;
    }
}
