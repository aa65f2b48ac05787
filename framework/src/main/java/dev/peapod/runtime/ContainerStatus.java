package dev.peapod.runtime;

import org.apiguardian.api.API;

import java.time.Instant;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The CRI's ContainerStatus, as much as the kubelet reads: id, state, when it was created and
 * started (null before), how it exited (null before), which start of the container it is.
 */
@API(status = INTERNAL, since = "0.1")
public record ContainerStatus(String id, String name, ContainerState state, Instant createdAt, Instant startedAt,
                              ContainerExit exit, int startNumber) {
}
