package dev.peapod.time;

import dev.peapod.core.PeapodException;
import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * One queue of work ordered by (instant, sequence) and run on one thread. Ties at the same instant run
 * in the order they were scheduled, never in hash order, so a cluster's timeline is the same on
 * every run (DESIGN §2).
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class EventLoop {
    /** A guard against work that keeps rescheduling itself at the same instant. */
    static final int MAX_EVENTS_AT_ONE_INSTANT = 1_000_000;

    private final VirtualClock clock;
    private final PriorityQueue<Timer> queue = new PriorityQueue<>(
            Comparator.comparing((Timer t) -> t.at).thenComparingLong(t -> t.sequence));
    private long sequence;
    private long eventsRun;

    public EventLoop(VirtualClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public VirtualClock clock() {
        return clock;
    }

    public Instant now() {
        return clock.now();
    }

    /** Schedules work at an instant; an instant in the past means now. */
    public Timer schedule(Instant at, String label, Runnable action) {
        Instant when = at.isBefore(clock.now()) ? clock.now() : at;
        Timer timer = new Timer(when, sequence++, label, action);
        queue.add(timer);
        return timer;
    }

    /** Schedules work after a delay of virtual time. */
    public Timer scheduleAfter(Duration delay, String label, Runnable action) {
        return schedule(clock.now().plus(delay), label, action);
    }

    /** Schedules work now, after everything already due now. */
    public Timer post(String label, Runnable action) {
        return schedule(clock.now(), label, action);
    }

    /** Runs everything due now, including work it schedules for now, until nothing is left. */
    public void settle() {
        int run = 0;
        Timer next;
        while ((next = queue.peek()) != null && !next.at.isAfter(clock.now())) {
            queue.poll();
            if (next.cancelled) {
                continue;
            }
            if (++run > MAX_EVENTS_AT_ONE_INSTANT) {
                throw new PeapodException("more than " + MAX_EVENTS_AT_ONE_INSTANT
                        + " events ran at " + clock.now() + " without time passing; the last was " + next.label);
            }
            eventsRun++;
            next.action.run();
        }
    }

    /** Moves time forward by {@code duration}, running every event on the way at its own instant. */
    public void advance(Duration duration) {
        requireNotNegative(duration, "duration");
        Instant deadline = clock.now().plus(duration);
        settle();
        while (stepBefore(deadline)) {
            // each step runs one instant's events
        }
        clock.moveTo(deadline);
        settle();
    }

    /**
     * Runs events until the condition holds, checking it once everything due at an instant has run.
     * The clock stops at the first such instant. False: the limit passed first (the clock is then at
     * now + limit).
     */
    public boolean runUntil(BooleanSupplier condition, Duration limit) {
        requireNotNegative(limit, "limit");
        Instant deadline = clock.now().plus(limit);
        settle();
        if (condition.getAsBoolean()) {
            return true;
        }
        while (stepBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return true;
            }
        }
        clock.moveTo(deadline);
        settle();
        return condition.getAsBoolean();
    }

    /** Moves to the next instant with live work not after the deadline and runs it; false if none. */
    private boolean stepBefore(Instant deadline) {
        Timer next = queue.peek();
        while (next != null && next.cancelled) {
            queue.poll();
            next = queue.peek();
        }
        if (next == null || next.at.isAfter(deadline)) {
            return false;
        }
        clock.moveTo(next.at);
        settle();
        return true;
    }

    /** How many events have run since the loop started: the benchmark's unit of work. */
    public long eventsRun() {
        return eventsRun;
    }

    private static void requireNotNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new dev.peapod.core.PeapodException(name + " must not be negative, but was " + duration);
        }
    }
}
