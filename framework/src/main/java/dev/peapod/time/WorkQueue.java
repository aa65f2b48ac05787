package dev.peapod.time;

import dev.peapod.core.PeapodException;
import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * A reconciler's queue of keys on the {@link EventLoop}, with client-go's semantics
 * (k8s.io/client-go/util/workqueue: queue.go, delaying_queue.go, default_rate_limiters.go) on the
 * virtual clock and one thread:
 * <ul>
 *   <li>{@link #add} queues a key to be handled at the current instant, after the work already due
 *       now; a key already queued is not queued twice. The key leaves the queue when its handling
 *       starts, so a key added while it is handled is handled once more afterwards, never twice at
 *       once.</li>
 *   <li>{@link #addAfter} handles the key once the delay has passed; a key already waiting keeps the
 *       earlier of its two instants. The timer's own event handles the key (client-go adds it to the
 *       queue then; here that is the same instant, one event fewer), unless it is queued already.</li>
 *   <li>{@link #addRateLimited} waits {@code base * 2^n}, at most {@code max}, where n counts the
 *       key's earlier rate-limited adds since it was last {@linkplain #forget forgotten}
 *       (ItemExponentialFailureRateLimiter; 5 ms and 1000 s by default, as the per-item part of
 *       DefaultControllerRateLimiter).</li>
 * </ul>
 * Keys are kept in insertion order, so the same adds give the same handling order on every run.
 *
 * <pre>{@code
 * WorkQueue<String> queue = new WorkQueue<>(loop, "my-controller", this::reconcile);
 * store.watch(Pod.class, ListOptions.all(), null, e -> queue.add(key(e.object())));
 * }</pre>
 *
 * @param <K> the key type, e.g. {@code namespace/name}; it needs equals and hashCode
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class WorkQueue<K> {
    /** The per-item part of client-go's DefaultControllerRateLimiter. */
    public static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(5);
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(1000);

    private final EventLoop loop;
    private final String name;
    private final Consumer<K> handler;
    private final Duration baseDelay;
    private final Duration maxDelay;
    /** Keys to be handled at the current instant, each with the event that handles it. */
    private final Map<K, Timer> queued = new LinkedHashMap<>();
    /** Keys waiting for their delay, each with the timer that ends it. */
    private final Map<K, Timer> waiting = new LinkedHashMap<>();
    /** Rate-limited adds per key since it was last forgotten. */
    private final Map<K, Integer> failures = new LinkedHashMap<>();

    /** A queue with client-go's default per-item rate limiter (5 ms doubling up to 1000 s). */
    public WorkQueue(EventLoop loop, String name, Consumer<K> handler) {
        this(loop, name, DEFAULT_BASE_DELAY, DEFAULT_MAX_DELAY, handler);
    }

    /**
     * @param name names the queue's events on the loop (shown when the loop reports runaway work)
     * @param baseDelay the first rate-limited delay
     * @param maxDelay the longest rate-limited delay
     */
    public WorkQueue(EventLoop loop, String name, Duration baseDelay, Duration maxDelay, Consumer<K> handler) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.name = Objects.requireNonNull(name, "name");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.baseDelay = requireNotNegative(baseDelay, "baseDelay");
        this.maxDelay = requireNotNegative(maxDelay, "maxDelay");
    }

    /** Queues the key for handling now, after the work already due now; once while it is queued. */
    public void add(K key) {
        Objects.requireNonNull(key, "key");
        if (!queued.containsKey(key)) {
            queued.put(key, loop.post(name, () -> handle(key)));
        }
    }

    /** Handles the key once {@code delay} has passed; a delay of zero or less is {@link #add}. */
    public void addAfter(K key, Duration delay) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(delay, "delay");
        if (delay.isZero() || delay.isNegative()) {
            add(key);
            return;
        }
        Instant at = loop.now().plus(delay);
        Timer existing = waiting.get(key);
        if (existing != null) {
            if (!existing.at().isAfter(at)) {
                return; // the key already waits for an earlier (or the same) instant
            }
            existing.cancel();
        }
        waiting.put(key, loop.schedule(at, name, () -> {
            waiting.remove(key);
            if (!queued.containsKey(key)) {
                handle(key);
            }
        }));
    }

    /** Handles the key after its exponential back-off, and counts one more requeue for it. */
    public void addRateLimited(K key) {
        addAfter(key, when(key));
    }

    /** Forgets the key's requeues: its next rate-limited add waits the base delay again. */
    public void forget(K key) {
        failures.remove(key);
    }

    /** How many rate-limited adds the key had since it was last forgotten. */
    public int numRequeues(K key) {
        return failures.getOrDefault(key, 0);
    }

    /** True while the key waits to be handled now (not while it waits for a delay). */
    public boolean isQueued(K key) {
        return queued.containsKey(key);
    }

    /** True while the key waits for a delay to pass. */
    public boolean isWaiting(K key) {
        return waiting.containsKey(key);
    }

    /** How many keys wait to be handled now (client-go's {@code Len}). */
    public int length() {
        return queued.size();
    }

    /** ItemExponentialFailureRateLimiter.When: base * 2^failures, capped at max, no overflow. */
    private Duration when(K key) {
        int exponent = failures.getOrDefault(key, 0);
        failures.put(key, exponent + 1);
        double nanos = baseDelay.toNanos() * Math.pow(2, exponent);
        if (nanos > Long.MAX_VALUE || nanos > maxDelay.toNanos()) {
            return maxDelay;
        }
        return Duration.ofNanos((long) nanos);
    }

    private void handle(K key) {
        queued.remove(key); // handling starts: an add from now on queues the key again
        handler.accept(key);
    }

    private static Duration requireNotNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new PeapodException(name + " must not be negative, but was " + duration);
        }
        return duration;
    }

    @Override
    public String toString() {
        return name + " " + queued.keySet() + (waiting.isEmpty() ? "" : ", waiting " + waiting.keySet());
    }
}
