package dev.peapod.time;

import dev.peapod.core.PeapodException;
import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Runs an action at {@code anchor + k * period} (k = 1, 2, ...) on the {@link EventLoop}, as Go's
 * {@code time.Ticker} does on the wall clock, but with no drift and no jitter. A probe worker is the
 * model user (kubernetes: pkg/kubelet/prober/worker.go, {@code run}):
 *
 * <pre>{@code
 * Ticker ticker = Ticker.start(loop, "probe readiness default/web/app", firstSync, period, this::tick);
 * ticker.reset(loop.now());   // a manual trigger: the next tick comes one period from now
 * ticker.stop();              // the pod is gone; it is safe to stop twice
 * }</pre>
 *
 * <p>Each tick schedules the next one before it runs the action, so work the action schedules at
 * the next tick's instant runs after that tick, as a Go ticker's channel fires regardless of its
 * reader. An anchor in the past is fine: the first tick is the first {@code anchor + k * period}
 * that is not before now.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Ticker {
    private final EventLoop loop;
    private final String label;
    private final Duration period;
    private final Runnable action;
    /** Background ticks: see {@link EventLoop.Idler}. */
    private boolean background;
    private Timer next;
    /** {@link #period}'s seconds and nanos: a tick adds them to {@link #dueSecond} and {@link #dueNano}. */
    private final long periodSeconds;
    private final int periodNanos;
    /** The grid instant {@link #next} was scheduled for, as its epoch second and nano: the next tick is one period after it. */
    private long dueSecond;
    private int dueNano;
    /** Every tick's action: one per ticker, so a tick allocates only its next instant. */
    private final Runnable tick = this::tick;
    private boolean stopped;
    /** While paused: the tick that was next when the ticker paused, which keeps its grid; else null. */
    private Instant pausedAt;

    private Ticker(EventLoop loop, String label, Duration period, Runnable action) {
        this.loop = loop;
        this.label = label;
        this.period = period;
        this.action = action;
        this.periodSeconds = period.getSeconds();
        this.periodNanos = period.getNano();
    }

    /**
     * Starts ticking at {@code anchor + period}, {@code anchor + 2 * period}, ...
     *
     * @param label names the ticks on the loop (shown when the loop reports runaway work)
     */
    public static Ticker start(EventLoop loop, String label, Instant anchor, Duration period, Runnable action) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(action, "action");
        requirePositive(period);
        Ticker ticker = new Ticker(loop, label, period, action);
        ticker.arm(anchor);
        return ticker;
    }

    /**
     * As {@link #start}, for background work (a heartbeat, a monitor's poll) whose owner is an
     * {@link EventLoop.Idler}: on a quiet cluster the loop may jump over these ticks.
     */
    public static Ticker startBackground(EventLoop loop, String label, Instant anchor, Duration period, Runnable action) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(action, "action");
        requirePositive(period);
        Ticker ticker = new Ticker(loop, label, period, action);
        ticker.background = true;
        ticker.arm(anchor);
        return ticker;
    }

    /** The last tick instant ({@code anchor + k * period}) not after {@code t}, for an idler's fast-forward; empty once stopped. */
    public Optional<Instant> lastTickAtOrBefore(Instant t) {
        if (stopped || next == null) {
            return Optional.empty();
        }
        Instant at = next.at().minus(period);
        if (at.isAfter(t)) {
            Duration back = Duration.between(t, at);
            long periods = back.dividedBy(period) + (back.isZero() || back.equals(period.multipliedBy(back.dividedBy(period))) ? 0 : 1);
            return Optional.of(at.minus(period.multipliedBy(periods)));
        }
        // Duration arithmetic, not nanoseconds: a jump may span centuries
        return Optional.of(at.plus(period.multipliedBy(Duration.between(at, t).dividedBy(period))));
    }

    /**
     * Re-anchors the ticker, as Go's {@code Ticker.Reset}: the next tick is at
     * {@code newAnchor + period}, then every period after it. A stopped ticker starts again.
     */
    public void reset(Instant newAnchor) {
        Objects.requireNonNull(newAnchor, "newAnchor");
        cancelNext();
        stopped = false;
        unpause();
        arm(newAnchor);
    }

    /** No more ticks. It is safe to stop a ticker more than once. */
    public void stop() {
        stopped = true;
        unpause();
        cancelNext();
    }

    /**
     * No ticks until {@link #resume}, for an owner whose ticks would do nothing for a while (a probe
     * worker whose startup probe has decided): the ticker keeps its grid, {@code anchor + k * period},
     * and schedules nothing meanwhile. Pausing a paused or stopped ticker changes nothing.
     */
    public void pause() {
        if (stopped || pausedAt != null || next == null) {
            return;
        }
        pausedAt = next.at();
        cancelNext();
        if (!background) {
            loop.paused(this);
        }
    }

    /**
     * Ticks again on the grid it paused on, from the first tick strictly after now, as if it had ticked
     * all along. The tick due at this very instant, if any, is left out: the owner resumes because its
     * ticks may matter again from now on, and knows that a tick at this instant would do nothing (the
     * one that ran before the owner's event did nothing, and one after it would see nothing new yet).
     * Resuming a ticker that is not paused changes nothing.
     */
    public void resume() {
        if (stopped || pausedAt == null) {
            return;
        }
        Instant at = nextGridTickAfter(loop.now());
        unpause();
        scheduleAt(at);
    }

    /**
     * While paused: the first tick of its grid after {@code now}, where the ticker's next tick would be
     * had it kept ticking. Duration arithmetic, not nanoseconds: a pause may last centuries.
     */
    Instant nextGridTickAfter(Instant now) {
        Instant at = pausedAt;
        if (!at.isAfter(now)) {
            at = at.plus(period.multipliedBy(Duration.between(at, now).dividedBy(period) + 1));
        }
        return at;
    }

    private void unpause() {
        if (pausedAt != null && !background) {
            loop.unpaused(this);
        }
        pausedAt = null;
    }

    /** Paused: see {@link #pause}. */
    public boolean isPaused() {
        return pausedAt != null;
    }

    public boolean isStopped() {
        return stopped;
    }

    /** The instant of the next tick; empty once stopped. */
    public Optional<Instant> nextTick() {
        return stopped || next == null ? Optional.empty() : Optional.of(next.at());
    }

    public Duration period() {
        return period;
    }

    /** The first anchor + k * period (k >= 1) not before now. */
    private void arm(Instant anchor) {
        Instant first = anchor.plus(period);
        Instant now = loop.now();
        if (first.isBefore(now)) {
            long behind = Duration.between(first, now).toNanos();
            long periods = Math.floorDiv(behind + period.toNanos() - 1, period.toNanos());
            first = first.plusNanos(periods * period.toNanos());
        }
        scheduleAt(first);
    }

    private void scheduleAt(Instant at) {
        dueSecond = at.getEpochSecond();
        dueNano = at.getNano();
        next = loop.schedule(at, label, background, tick);
    }

    /**
     * A tick: the timer that ran is {@link #next} (every other timer of this ticker was cancelled), no
     * longer queued, so it is queued again for the next tick, before the action runs.
     */
    private void tick() {
        if (stopped) {
            return;
        }
        long second = dueSecond + periodSeconds; // Instant.plus(period), without the Instant
        int nano = dueNano + periodNanos;
        if (nano >= 1_000_000_000) {
            second++;
            nano -= 1_000_000_000;
        }
        dueSecond = second;
        dueNano = nano;
        loop.requeue(next, second, nano);
        action.run();
    }

    private void cancelNext() {
        if (next != null) {
            next.cancel();
            next = null;
        }
    }

    private static void requirePositive(Duration period) {
        Objects.requireNonNull(period, "period");
        if (period.isZero() || period.isNegative()) {
            throw new PeapodException("a ticker's period must be positive, but was " + period);
        }
    }

    @Override
    public String toString() {
        return label + " every " + period + (stopped ? " (stopped)" : pausedAt != null ? " (paused)"
                : next == null ? "" : ", next @" + next.at());
    }
}
