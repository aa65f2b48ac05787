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
    final Instant at;
    final long sequence;
    final String label;
    final Runnable action;
    boolean cancelled;
    /** Work of an {@link EventLoop.Idler}'s ticker: the loop may jump over it on a quiet cluster. */
    boolean background;

    Timer(Instant at, long sequence, String label, Runnable action) {
        this.at = at;
        this.sequence = sequence;
        this.label = label;
        this.action = action;
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
