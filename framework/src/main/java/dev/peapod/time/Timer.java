package dev.peapod.time;

import org.apiguardian.api.API;

import java.time.Instant;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * A scheduled piece of work on the {@link EventLoop}. It is safe to cancel a timer more than once.
 * Cancel it on the loop's thread, like every change to the loop; another thread submits the cancel to
 * the loop's {@link Inbox}.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Timer {
    /** Its instant; a {@link Ticker} moves its own timer to the next tick once the timer has run. */
    Instant at;
    final String label;
    final Runnable action;
    /** The next timer at the same instant, in the order added ({@link TimerQueue}). */
    Timer next;
    boolean cancelled;
    /** Work of an {@link EventLoop.Idler}'s ticker: the loop may jump over it on a quiet cluster. */
    final boolean background;

    Timer(Instant at, String label, Runnable action, boolean background) {
        this.at = at;
        this.label = label;
        this.action = action;
        this.background = background;
    }

    public Instant at() {
        return at;
    }

    public String label() {
        return label;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    public void cancel() {
        cancelled = true;
    }

    @Override
    public String toString() {
        return label + " @" + at + (cancelled ? " (cancelled)" : "");
    }
}
