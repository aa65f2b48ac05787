package dev.peapod.time;

import dev.peapod.core.PeapodException;
import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * Runs a loop against the wall clock at a chosen speed (issue #14), for clients that wait in real time:
 * an operator under test that requeues after five seconds, a kubectl that waits for a rollout. Every
 * {@link #TICK} of wall time, a thread of its own takes the engine and advances the loop to where the
 * speed says virtual time should be (at 60×, a wall second is a virtual minute). Between two instants
 * it lets the test's verbs and the HTTP API's requests in ({@link EngineLock}), so a test may read,
 * write and assert while time runs; a test's own {@code advance} moves time further, and the driver
 * then waits for the wall clock to catch up.
 *
 * <p>Time that runs with the wall clock is not reproducible: which instant a request lands at depends on
 * when it arrives. Specs that must give the same timeline on every run let time pass with
 * {@code advance}; this is for what cannot.
 *
 * <p>If the engine fails on the driver's thread (a component's exception), the driver stops and
 * {@link #close} throws that failure, so it reaches the test.
 */
@API(status = INTERNAL, since = "0.1")
public final class RealTimeDriver implements AutoCloseable {
    /** How often the driver catches virtual time up with the wall clock. */
    public static final Duration TICK = Duration.ofMillis(10);

    private final EventLoop loop;
    private final double speed;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile Throwable failure;

    private RealTimeDriver(EventLoop loop, double speed) {
        this.loop = loop;
        this.speed = speed;
        this.thread = new Thread(this::run, "peapod-real-time");
        thread.setDaemon(true);
    }

    /**
     * Starts driving {@code loop} at {@code speed} virtual seconds per wall second (1 or more, e.g. 60 or
     * 1,000), from its current instant.
     */
    public static RealTimeDriver start(EventLoop loop, double speed) {
        Objects.requireNonNull(loop, "loop");
        if (!(speed >= 1) || Double.isInfinite(speed)) {
            throw new PeapodException("a real-time speed is how many virtual seconds pass in a wall second, 1 or more"
                    + " (for example 60 or 1000), but was " + speed);
        }
        RealTimeDriver driver = new RealTimeDriver(loop, speed);
        loop.realTimeStarted(driver);
        driver.thread.start();
        return driver;
    }

    /** Virtual seconds per wall second. */
    public double speed() {
        return speed;
    }

    /** Whether the calling thread is the driver's own. */
    boolean isDriverThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * What a wait of the test's does while the driver moves time ({@link EventLoop#runUntil}): one tick of
     * wall time, the engine given up meanwhile. False when the waiting thread was interrupted. The only
     * other place, beside the driver's own loop, where Peapod waits on the wall clock.
     */
    boolean awaitTick() {
        try {
            Thread.sleep(TICK.toMillis());
            return true;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether the driver still runs: not closed, and the engine has not failed on its thread. */
    public boolean isRunning() {
        return !stopped && failure == null;
    }

    private void run() {
        EngineLock engine = loop.engine();
        long wallStart = System.nanoTime();
        Instant virtualStart = loop.now();
        while (!stopped) {
            try {
                Thread.sleep(TICK.toMillis());
            } catch (InterruptedException stop) {
                return;
            }
            if (!engine.tryLockForDriver()) {
                continue; // a verb or a request runs: catch up at the next tick
            }
            try {
                long virtualNanos = (long) ((System.nanoTime() - wallStart) * speed);
                Duration behind = Duration.between(loop.now(), virtualStart.plusNanos(virtualNanos));
                if (!behind.isNegative() && !behind.isZero()) {
                    // instant by instant, stopping at the first after close(): no idle jumps, which a tick of
                    // real time is too short to need
                    loop.runUntil(() -> stopped, behind);
                }
            } catch (Throwable failed) {
                failure = failed;
                stopped = true;
                loop.realTimeStopped(this); // waits step the loop themselves again
            } finally {
                try {
                    engine.unlockForDriver();
                } catch (RuntimeException | Error broken) {
                    failure = failure == null ? broken : failure;
                    stopped = true;
                }
            }
        }
    }

    /**
     * Stops the driver and waits for its thread; time stands still again. Throws what failed on the
     * driver's thread, if anything did. Safe to call more than once.
     */
    @Override
    public void close() {
        stopped = true;
        loop.realTimeStopped(this);
        if (Thread.currentThread() != thread) {
            // the driver stops at its next instant, or wakes within a tick; it never waits for the engine, so a
            // caller that holds the engine may wait for it too
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        Throwable failed = failure;
        failure = null;
        if (failed instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failed instanceof Error error) {
            throw error;
        }
        if (failed != null) {
            throw new PeapodException("the real-time driver failed: " + failed, failed);
        }
    }
}
