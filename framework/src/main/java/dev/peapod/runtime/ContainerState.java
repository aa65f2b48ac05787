package dev.peapod.runtime;

import org.apiguardian.api.API;

import static org.apiguardian.api.API.Status.INTERNAL;

/** The CRI's ContainerState: created, running, exited (a removed container has no state at all). */
@API(status = INTERNAL, since = "0.1")
public enum ContainerState {
    CREATED,
    RUNNING,
    EXITED
}
