package dev.peapod.apiserver;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One watch's events that were handed to its connection and are not yet written to the socket, in
 * bytes of their JSON. A client that does not read leaves them in the server's memory; past the
 * limit the watch is closed, as the watch cache closes a watcher whose buffer stays full
 * ("Forcing watcher close due to unresponsiveness", apiserver pkg/storage/cacher/cache_watcher.go
 * {@code add}, v1.33), and the client re-watches from the last version it read.
 *
 * <p><b>Bytes, not events.</b> Upstream bounds its channels by events (10 to 1,000, by the watch
 * cache's size) because its events share the cache's objects; Peapod's events are each their own
 * JSON text, so what a lagging client costs is its bytes: a limit in bytes bounds memory whatever the
 * objects' size.
 *
 * <p><b>The initial events do not count.</b> A watch from no version first sends every matching
 * object as ADDED, all at once; upstream's watcher pulls those from the cache as the client reads
 * (cache_watcher.go processInterval) and only the changes after them can overflow its buffer. So
 * only the bytes of events after the initial ones are held against the limit: the initial ones are
 * bounded by the store's size.
 *
 * <p>Thread-safe: events are taken on the engine's thread and written on the connection's.
 */
final class Backlog {
    /** 16 MiB: thousands of ordinary objects' events behind, far more than a reading client ever is. */
    static final long DEFAULT_LIMIT = 16L * 1024 * 1024;

    private final long limit;
    private final AtomicLong peak;
    private final AtomicLong unwritten = new AtomicLong();
    /** The part of {@link #unwritten} that came after the initial events: what the limit bounds. */
    private final AtomicLong unwrittenLive = new AtomicLong();
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean live;

    /** {@code peak} is raised to this watch's largest backlog, for a server's tests. */
    Backlog(long limit, AtomicLong peak) {
        this.limit = limit;
        this.peak = peak;
    }

    /** The events from now on are changes, held against the limit (the initial ones were all taken). */
    void goLive() {
        live = true;
    }

    /**
     * Takes an event of {@code bytes} to be written: its ticket, or null when it would pass the limit
     * (then this event and every later one is dropped: the watch must be closed).
     */
    Ticket take(int bytes) {
        if (overflowed.get()) {
            return null;
        }
        boolean counted = live;
        if (counted && unwrittenLive.get() + bytes > limit) {
            overflowed.set(true);
            return null;
        }
        if (counted) {
            unwrittenLive.addAndGet(bytes);
        }
        long now = unwritten.addAndGet(bytes);
        peak.accumulateAndGet(now, Math::max);
        return new Ticket(bytes, counted);
    }

    /** Whether the limit was passed (the watch is being closed). */
    boolean overflowed() {
        return overflowed.get();
    }

    /** True once, the first time it is asked after the limit was passed: who asks closes the watch. */
    boolean closing() {
        return overflowed.get() && closing.compareAndSet(false, true);
    }

    /** Bytes taken and not yet written. */
    long unwritten() {
        return unwritten.get();
    }

    /** One taken event: given back once written, or once the connection is gone. */
    final class Ticket {
        private final int bytes;
        private final boolean counted;
        private final AtomicBoolean done = new AtomicBoolean();

        private Ticket(int bytes, boolean counted) {
            this.bytes = bytes;
            this.counted = counted;
        }

        void written() {
            if (done.compareAndSet(false, true)) {
                unwritten.addAndGet(-bytes);
                if (counted) {
                    unwrittenLive.addAndGet(-bytes);
                }
            }
        }
    }
}
