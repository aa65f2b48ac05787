package dev.peapod.runtime;

import org.apiguardian.api.API;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * The signals of the termination sequence. Only SIGTERM reaches a {@link Program}: SIGKILL cannot
 * be caught, the runtime ends the process with exit code 137 (128 + 9).
 */
@API(status = EXPERIMENTAL, since = "0.1")
public enum Signal {
    SIGTERM,
    SIGKILL
}
