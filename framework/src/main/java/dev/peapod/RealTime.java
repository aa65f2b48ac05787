package dev.peapod;

import dev.peapod.time.RealTimeDriver;
import org.apiguardian.api.API;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Virtual time running with the wall clock, from {@link FakeCluster#runInRealTime}: close it (or the
 * cluster) and time stands still again. Closing throws what failed in the cluster while time ran, so no
 * failure on the driver's thread goes unseen.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class RealTime implements AutoCloseable {
    private final RealTimeDriver driver;
    private final Runnable stop;
    private boolean closed;

    RealTime(RealTimeDriver driver, Runnable stop) {
        this.driver = driver;
        this.stop = stop;
    }

    /** Virtual seconds per wall second. */
    public double speed() {
        return driver.speed();
    }

    /** Whether time still runs: not closed, and nothing failed in the cluster on the driver's thread. */
    public boolean isRunning() {
        return !closed && driver.isRunning();
    }

    /** Stops real time; throws what failed in the cluster while it ran. Safe to call more than once. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop.run();
    }

    @Override
    public String toString() {
        return "RealTime[" + speedText(driver.speed()) + (isRunning() ? "" : ", stopped") + "]";
    }

    /** {@code 60x}, {@code 1.5x}. */
    static String speedText(double speed) {
        return (speed == Math.rint(speed) ? Long.toString((long) speed) : Double.toString(speed)) + "x";
    }
}
