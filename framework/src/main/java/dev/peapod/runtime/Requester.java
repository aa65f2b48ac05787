package dev.peapod.runtime;

import org.apiguardian.api.API;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/** Who is asking the container: a probe of a given type, or anyone. */
@API(status = EXPERIMENTAL, since = "0.1")
public enum Requester {
    LIVENESS_PROBE("Liveness"),
    READINESS_PROBE("Readiness"),
    STARTUP_PROBE("Startup"),
    ANYONE("Any");

    private final String probeType;

    Requester(String probeType) {
        this.probeType = probeType;
    }

    /** As upstream names probe types in events: Liveness, Readiness, Startup. */
    public String probeType() {
        return probeType;
    }
}
