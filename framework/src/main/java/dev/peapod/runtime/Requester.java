package dev.peapod.runtime;

import org.apiguardian.api.API;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/** Who is asking the container: a probe of a given type, or anyone. */
@API(status = EXPERIMENTAL, since = "0.1")
public enum Requester {
    LIVENESS_PROBE,
    READINESS_PROBE,
    STARTUP_PROBE,
    ANYONE
}
