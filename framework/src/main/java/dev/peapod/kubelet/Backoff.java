package dev.peapod.kubelet;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * client-go's {@code flowcontrol.Backoff} (k8s.io/client-go/util/flowcontrol/backoff.go) without
 * jitter, on the virtual clock: per-key entries that start at {@code initial}, double on each
 * {@link #next} up to {@code max}, and start again once expired. One type serves the kubelet's two
 * uses: the container restart back-off (CrashLoopBackOff, pkg/kubelet/kubelet.go: 10 s, 300 s, and a
 * {@code HasExpiredFunc} of a flat 600 s, errata A-6) and the image pull back-off
 * (pkg/kubelet/images/image_manager.go: 10 s, 300 s, client-go's default expiry of twice the cap).
 * Lookups are by key only, so the map's order is never observable.
 */
final class Backoff {
    static final Duration INITIAL = Duration.ofSeconds(10);
    static final Duration MAX = Duration.ofSeconds(300);
    /** The kubelet's crash-loop entries expire 600 s after their last update (kubelet.go HasExpiredFunc). */
    static final Duration CRASH_LOOP_EXPIRY = Duration.ofSeconds(600);

    /** One key's state: backoff.go backoffEntry. */
    private record Entry(Duration backoff, Instant lastUpdate) {
    }

    private final Duration initial;
    private final Duration max;
    private final Duration expiry;     // an entry older than this at the event's instant starts again
    private final Map<String, Entry> entries = new HashMap<>();

    private Backoff(Duration initial, Duration max, Duration expiry) {
        this.initial = initial;
        this.max = max;
        this.expiry = expiry;
    }

    /** The container restart back-off: keyed by container, expires 600 s after the last restart decision. */
    static Backoff crashLoop() {
        return new Backoff(INITIAL, MAX, CRASH_LOOP_EXPIRY);
    }

    /** The image pull back-off: keyed by image, client-go's default expiry of twice the cap. */
    static Backoff imagePull() {
        return new Backoff(INITIAL, MAX, MAX.multipliedBy(2));
    }

    /** Backoff.Next: a new or expired entry is {@code initial}, a live one doubles up to {@code max}; updated at {@code now}. */
    void next(String key, Instant eventTime, Instant now) {
        Entry entry = entries.get(key);
        Duration backoff;
        if (entry == null || hasExpired(eventTime, entry)) {
            backoff = initial;
        } else {
            Duration doubled = entry.backoff().multipliedBy(2);
            backoff = doubled.compareTo(max) > 0 ? max : doubled;
        }
        entries.put(key, new Entry(backoff, now));
    }

    /** Backoff.Get: the current back-off of the key, zero without an entry. */
    Duration get(String key) {
        Entry entry = entries.get(key);
        return entry == null ? Duration.ZERO : entry.backoff();
    }

    /** Backoff.IsInBackOffSince: less than the back-off has passed since {@code eventTime}. */
    boolean isInBackOffSince(String key, Instant eventTime, Instant now) {
        Entry entry = entries.get(key);
        if (entry == null || hasExpired(eventTime, entry)) {
            return false;
        }
        return Duration.between(eventTime, now).compareTo(entry.backoff()) < 0;
    }

    /** Backoff.IsInBackOffSinceUpdate: less than the back-off lies between the last update and {@code eventTime}. */
    boolean isInBackOffSinceUpdate(String key, Instant eventTime) {
        Entry entry = entries.get(key);
        if (entry == null || hasExpired(eventTime, entry)) {
            return false;
        }
        return Duration.between(entry.lastUpdate(), eventTime).compareTo(entry.backoff()) < 0;
    }

    private boolean hasExpired(Instant eventTime, Entry entry) {
        return Duration.between(entry.lastUpdate(), eventTime).compareTo(expiry) > 0;
    }
}
