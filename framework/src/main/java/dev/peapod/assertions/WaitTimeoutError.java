package dev.peapod.assertions;

import org.apiguardian.api.API;

import java.time.Duration;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * A virtual wait ran out of time: a test failure, so an {@link AssertionError}. The message names the
 * wait, the limit and the window on the virtual clock, and ends with the pod's timeline when the
 * condition was about a pod.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class WaitTimeoutError extends AssertionError {
    private static final long serialVersionUID = 1L;

    private final String alias;
    private final Duration limit;

    WaitTimeoutError(String message, String alias, Duration limit, Throwable lastFailure) {
        super(message, lastFailure);
        this.alias = alias;
        this.limit = limit;
    }

    /** The name given to {@code cluster.await(alias)}. */
    public String alias() {
        return alias;
    }

    /** The virtual time the wait was allowed. */
    public Duration limit() {
        return limit;
    }
}
