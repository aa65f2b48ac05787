package dev.peapod.runtime;

import org.apiguardian.api.API;

import java.time.Instant;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * How and when a container's process ends, with the reason containerd reports:
 * Completed for 0, Error otherwise, OOMKilled for the OOM killer (reference §3.4, §3.5).
 *
 * @param message the termination message the kubelet read when it saw the exit
 *                (kuberuntime_container.go convertToKubeContainerStatus); null when there is none
 */
@API(status = INTERNAL, since = "0.1")
public record ContainerExit(Instant at, int exitCode, String reason, String message) {
    /** An exit with no termination message, as the runtime reports it. */
    public ContainerExit(Instant at, int exitCode, String reason) {
        this(at, exitCode, reason, null);
    }

    static ContainerExit of(Instant at, int exitCode, boolean oomKilled) {
        String reason = oomKilled ? "OOMKilled" : exitCode == 0 ? "Completed" : "Error";
        return new ContainerExit(at, exitCode, reason);
    }

    /** This exit with the termination message the kubelet read; an empty one is no message. */
    public ContainerExit withMessage(String message) {
        return new ContainerExit(at, exitCode, reason, message == null || message.isEmpty() ? null : message);
    }
}
