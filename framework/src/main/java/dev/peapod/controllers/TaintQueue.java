package dev.peapod.controllers;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Function;

/**
 * One zone's NoExecute tainting queue (pkg/controller/nodelifecycle/scheduler/rate_limited_queue.go
 * RateLimitedTimedQueue over a UniqueQueue): nodes in processAt order (ties in the order they were
 * added), each tried once its zone's token bucket (burst 1, EvictionRateLimiterBurst) has a token. A
 * node done is taken out of the queue but stays in the set, so it is not added again until
 * {@link #remove} (markNodeAsReachable, or a change of the taint it needs).
 *
 * <p>The token bucket (client-go flowcontrol.NewTokenBucketRateLimiter over x/time/rate) with burst 1
 * is full or empty at every accept: an accept empties it, and it is full again 1/qps later. It is
 * kept as the instant it is full. A rate of 0 is flowcontrol's NeverRateLimiter.
 */
final class TaintQueue {
    private record Value(String node, Instant processAt, long sequence) {
    }

    private final PriorityQueue<Value> queue = new PriorityQueue<>((a, b) -> {
        int c = a.processAt().compareTo(b.processAt());
        return c != 0 ? c : Long.compare(a.sequence(), b.sequence());
    });
    private final Set<String> set = new HashSet<>();
    private long sequence;
    private double qps;
    /** When the bucket holds its token again; null: full since forever (a new bucket starts full). */
    private Instant fullAt;

    TaintQueue(double qps) {
        this.qps = qps;
    }

    /** UniqueQueue.Add: false when the node is already in the set. */
    boolean add(String node, Instant now) {
        if (!set.add(node)) {
            return false;
        }
        queue.add(new Value(node, now, sequence++));
        return true;
    }

    /** UniqueQueue.Remove: out of the queue and the set; true if it was in the set (the queue holds only nodes in the set). */
    boolean remove(String node) {
        if (!set.remove(node)) {
            return false;
        }
        queue.removeIf(v -> v.node().equals(node));
        return true;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** The first instant a try could act: the head is due and the bucket full; null when never. */
    Instant readyAt() {
        Value head = queue.peek();
        if (head == null || qps <= 0) {
            return null;
        }
        return fullAt != null && fullAt.isAfter(head.processAt()) ? fullAt : head.processAt();
    }

    private boolean tryAccept(Instant now) {
        if (qps <= 0) {
            return false;
        }
        if (fullAt != null && fullAt.isAfter(now)) {
            return false;
        }
        fullAt = now.plus(interval());
        return true;
    }

    /**
     * The time for one token, 1/qps: the flag's float32 rate, as flowcontrol keeps it. At 0.1 that is
     * 9.99999985 s, which the 100 ms poll meets at 10 s.
     */
    private Duration interval() {
        double seconds = 1.0 / (double) (float) qps;
        return Duration.ofNanos((long) Math.floor(seconds * 1e9));
    }

    /**
     * Try: while the bucket accepts and the head is due, the action runs on it. A null result is done
     * (out of the queue, still in the set); a duration retries after it (processAt = now + wait + 1 ns).
     * Note that a refused token is not taken but a due check is made after the token: a head not due
     * yet costs a token, as upstream's order of checks does.
     */
    void tryAll(Instant now, Function<String, Duration> action) {
        Value head = queue.peek();
        while (head != null) {
            if (head.processAt().equals(now)) {
                break; // added at this instant, after the poll nominally due now had run: the next poll takes it
            }
            if (!tryAccept(now)) {
                break;
            }
            if (now.isBefore(head.processAt())) {
                break;
            }
            queue.poll();
            Duration retry = action.apply(head.node());
            if (retry != null) {
                queue.add(new Value(head.node(), now.plus(retry).plusNanos(1), sequence++));
            }
            head = queue.peek();
        }
    }

    /**
     * SwapLimiter: a new bucket at the new rate, unless the rate is the same. If the old bucket had no
     * token, the new one starts empty too ("we drain the new one"); the old bucket's TryAccept that
     * tests this takes its token if it had one, which no longer matters.
     */
    void swapLimiter(double newQps, Instant now) {
        if ((float) newQps == (float) qps) {
            return;
        }
        boolean oldHadToken = qps > 0 && (fullAt == null || !fullAt.isAfter(now));
        qps = newQps;
        if (newQps <= 0) {
            fullAt = null;
            return;
        }
        fullAt = oldHadToken ? null : now.plus(interval());
    }
}
