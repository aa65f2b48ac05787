package dev.peapod.core;

import org.apiguardian.api.API;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/** The root of every error Peapod throws: bad input, a rejected object, a wait that timed out. */
@API(status = EXPERIMENTAL, since = "0.1")
public class PeapodException extends RuntimeException {
    public PeapodException(String message) {
        super(message);
    }

    public PeapodException(String message, Throwable cause) {
        super(message, cause);
    }
}
