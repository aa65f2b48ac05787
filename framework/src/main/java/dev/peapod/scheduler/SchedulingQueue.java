package dev.peapod.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The scheduling queue of v1.33 with SchedulerQueueingHints and SchedulerPopFromBackoffQ on
 * (kubernetes: pkg/scheduler/backend/queue/scheduling_queue.go, backoff_queue.go): activeQ ordered
 * by priority then arrival; backoffQ ordered by backoff expiry and popped early when activeQ is
 * empty; the error backoffQ, for pods that failed with no plugin to blame, never popped early; the
 * unschedulable pool, left only on a cluster event that a rejecting plugin's QueueingHint accepts
 * or after 5 minutes; and gated pods. It keeps no clock: callers pass the instant.
 */
final class SchedulingQueue {
    static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    /** backoffQOrderingWindowDuration: the backoffQ is flushed on whole seconds. */
    static final Duration BACKOFF_WINDOW = Duration.ofSeconds(1);
    /** podMaxInUnschedulablePodsDuration. */
    static final Duration MAX_IN_UNSCHEDULABLE = Duration.ofMinutes(5);

    /** Where a pod is. */
    enum Where { ACTIVE, BACKOFF, ERROR_BACKOFF, UNSCHEDULABLE, GATED, IN_FLIGHT }

    /** framework.QueuedPodInfo. */
    static final class QueuedPod {
        final String key;
        final int priority;
        Instant timestamp;
        int attempts;
        /** The plugins that rejected the pod last time; none after a failure means an error. */
        Set<String> unschedulablePlugins = new TreeSet<>();
        Where where;
        long sequence;

        QueuedPod(String key, int priority, Instant timestamp) {
            this.key = key;
            this.priority = priority;
            this.timestamp = timestamp;
        }

        /**
         * When the backoff ends: 1 s doubled per scheduling attempt, at most 10 s, from the last
         * failure, truncated to the backoffQ's 1 s ordering window (v1.33 backoff_queue.go,
         * getBackoffTime / calculateBackoffDuration / alignToWindow). Never-tried pods have none.
         */
        Instant backoffExpiry() {
            if (attempts == 0) {
                return Instant.MIN;
            }
            Duration duration = INITIAL_BACKOFF;
            for (int i = 1; i < attempts; i++) {
                if (duration.compareTo(MAX_BACKOFF.minus(duration)) > 0) {
                    duration = MAX_BACKOFF;
                    break;
                }
                duration = duration.plus(duration);
            }
            return window(timestamp.plus(duration));
        }

        /**
         * isPodBackingoff: still backing off while the expiry is not before the current window, so
         * a pod is released at the first window tick after its expiry.
         */
        boolean isBackingOff(Instant now) {
            return !backoffExpiry().isBefore(window(now));
        }

        /** The window tick at which the backoffQ flush releases the pod. */
        Instant releasedAt() {
            return backoffExpiry().plus(BACKOFF_WINDOW);
        }

        boolean failedWithError() {
            return unschedulablePlugins.isEmpty();
        }
    }

    /** PrioritySort: higher priority first, then earlier timestamp; ties in insertion order. */
    private static final Comparator<QueuedPod> ACTIVE_ORDER = Comparator.comparingInt((QueuedPod p) -> -p.priority)
            .thenComparing(p -> p.timestamp).thenComparingLong(p -> p.sequence);
    private static final Comparator<QueuedPod> BACKOFF_ORDER = Comparator.comparing(QueuedPod::backoffExpiry)
            .thenComparing(ACTIVE_ORDER);

    /** Looked up by key, never iterated. */
    private final Map<String, QueuedPod> pods = new HashMap<>();
    private final PriorityQueue<QueuedPod> active = new PriorityQueue<>(ACTIVE_ORDER);
    private final PriorityQueue<QueuedPod> backoff = new PriorityQueue<>(BACKOFF_ORDER);
    private final PriorityQueue<QueuedPod> errorBackoff = new PriorityQueue<>(BACKOFF_ORDER);
    private final Map<String, QueuedPod> unschedulable = new LinkedHashMap<>();
    private long sequence;

    boolean contains(String key) {
        return pods.containsKey(key);
    }

    /** A pod seen for the first time: to activeQ, or held while it has scheduling gates. */
    void add(String key, int priority, boolean gated, Instant now) {
        if (pods.containsKey(key)) {
            return;
        }
        QueuedPod pod = new QueuedPod(key, priority, now);
        pods.put(key, pod);
        if (gated) {
            pod.where = Where.GATED;
        } else {
            toActive(pod);
        }
    }

    /** The pod's last scheduling gate was removed (UpdatePodSchedulingGatesEliminated). */
    boolean ungate(String key) {
        QueuedPod pod = pods.get(key);
        if (pod == null || pod.where != Where.GATED) {
            return false;
        }
        toActive(pod);
        return true;
    }

    /** The pod was deleted, became terminal or got bound. */
    void remove(String key) {
        QueuedPod pod = pods.remove(key);
        if (pod != null) {
            detach(pod);
        }
    }

    /**
     * The next pod to try: from activeQ, after moving in the pods whose backoff is over; else,
     * with activeQ empty, the head of backoffQ (never of the error backoffQ).
     */
    QueuedPod pop(Instant now) {
        promoteCompletedBackoff(backoff, now);
        promoteCompletedBackoff(errorBackoff, now);
        QueuedPod next = active.poll();
        if (next == null) {
            next = backoff.poll();
        }
        if (next != null) {
            next.where = Where.IN_FLIGHT;
            next.attempts++;
        }
        return next;
    }

    boolean hasPoppable(Instant now) {
        return !active.isEmpty() || !backoff.isEmpty() || (!errorBackoff.isEmpty() && !errorBackoff.peek().isBackingOff(now));
    }

    /**
     * AddUnschedulableIfNotPresent after a failed attempt: rejected by plugins, the pod waits in
     * the unschedulable pool; rejected by no plugin (no nodes at all), it counts as an error and
     * goes to backoffQ. Returns false if the pod is no longer queued.
     */
    boolean failed(QueuedPod pod, Set<String> plugins, Instant now) {
        if (pods.get(pod.key) != pod) {
            return false;
        }
        detach(pod);
        pod.unschedulablePlugins = new TreeSet<>(plugins);
        pod.timestamp = now;
        if (plugins.isEmpty()) {
            requeue(pod, now);
        } else {
            pod.where = Where.UNSCHEDULABLE;
            unschedulable.put(pod.key, pod);
        }
        return true;
    }

    /**
     * MoveAllToActiveOrBackoffQueue: the unschedulable pods the predicate picks go to backoffQ if
     * still backing off, else to activeQ. Returns how many moved.
     */
    int moveUnschedulable(Predicate<QueuedPod> worthRequeuing, Instant now) {
        List<QueuedPod> moving = new ArrayList<>();
        for (QueuedPod pod : unschedulable.values()) {
            if (worthRequeuing.test(pod)) {
                moving.add(pod);
            }
        }
        moving.forEach(pod -> requeue(pod, now));
        return moving.size();
    }

    /** flushUnschedulablePodsLeftover: pods in the pool for longer than 5 minutes. */
    int flushLeftover(Instant now) {
        return moveUnschedulable(pod -> Duration.between(pod.timestamp, now).compareTo(MAX_IN_UNSCHEDULABLE) > 0, now);
    }

    private void requeue(QueuedPod pod, Instant now) {
        detach(pod);
        if (pod.isBackingOff(now)) {
            boolean error = pod.failedWithError();
            pod.where = error ? Where.ERROR_BACKOFF : Where.BACKOFF;
            pod.sequence = sequence++;
            (error ? errorBackoff : backoff).add(pod);
        } else {
            toActive(pod);
        }
    }

    /** flushBackoffQCompleted, done when popping: the pods whose backoff window has come. */
    private void promoteCompletedBackoff(PriorityQueue<QueuedPod> queue, Instant now) {
        while (!queue.isEmpty() && !queue.peek().isBackingOff(now)) {
            toActive(queue.poll());
        }
    }

    private static Instant window(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS);
    }

    private void toActive(QueuedPod pod) {
        detach(pod);
        pod.where = Where.ACTIVE;
        pod.sequence = sequence++;
        active.add(pod);
    }

    private void detach(QueuedPod pod) {
        if (pod.where == null) {
            return;
        }
        switch (pod.where) {
            case ACTIVE -> active.remove(pod);
            case BACKOFF -> backoff.remove(pod);
            case ERROR_BACKOFF -> errorBackoff.remove(pod);
            case UNSCHEDULABLE -> unschedulable.remove(pod.key);
            default -> {
                // gated or in flight: held by no structure
            }
        }
        pod.where = null;
    }
}
