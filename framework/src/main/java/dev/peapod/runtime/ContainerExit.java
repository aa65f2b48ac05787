package dev.peapod.runtime;

import org.apiguardian.api.API;

import java.time.Instant;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * How and when a container's process ends, with the reason containerd reports:
 * Completed for 0, Error otherwise, OOMKilled for the OOM killer (reference §3.4, §3.5).
 */
@API(status = INTERNAL, since = "0.1")
public record ContainerExit(Instant at, int exitCode, String reason) {
    static ContainerExit of(Instant at, int exitCode, boolean oomKilled) {
        String reason = oomKilled ? "OOMKilled" : exitCode == 0 ? "Completed" : "Error";
        return new ContainerExit(at, exitCode, reason);
    }
}
