package dev.peapod.runtime.images;

import org.apiguardian.api.API;

import java.time.Duration;
import java.util.Objects;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * How an image's main process treats SIGTERM: it exits with a code after a delay (0 at once for a
 * graceful server), or it ignores the signal, as a shell running as PID 1 with no trap does (the
 * kubelet's SIGKILL then ends it with 137 at the end of the grace period).
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record OnSigterm(boolean ignores, int exitCode, Duration after) {
    public OnSigterm {
        Objects.requireNonNull(after, "after");
        if (after.isNegative()) {
            throw new IllegalArgumentException("after must not be negative, got " + after);
        }
    }

    /** Exits with {@code exitCode} at once. */
    public static OnSigterm exit(int exitCode) {
        return new OnSigterm(false, exitCode, Duration.ZERO);
    }

    /** Exits with {@code exitCode} after {@code after} (a graceful shutdown that takes time). */
    public static OnSigterm exit(int exitCode, Duration after) {
        return new OnSigterm(false, exitCode, after);
    }

    /** Ignores SIGTERM: the process runs on until SIGKILL. */
    public static OnSigterm ignore() {
        return new OnSigterm(true, 0, Duration.ZERO);
    }

    @Override
    public String toString() {
        return ignores ? "ignore" : "exit " + exitCode + (after.isZero() ? "" : " after " + after);
    }
}
