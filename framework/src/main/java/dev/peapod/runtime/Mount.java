package dev.peapod.runtime;

import org.apiguardian.api.API;

import java.util.Objects;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * A bind mount into a container, as the CRI's {@code Mount} says it: a path on the node's disk seen
 * at a path of the container, read-only or not. The kubelet has already resolved {@code subPath}
 * into {@code hostPath} (kubelet_pods.go makeMounts).
 *
 * @param containerPath where the container sees it (absolute)
 * @param hostPath      what it is on the node's {@link NodeDisk} (absolute): a directory or a file
 */
@API(status = INTERNAL, since = "0.1")
public record Mount(String containerPath, String hostPath, boolean readOnly) {
    public Mount {
        Objects.requireNonNull(containerPath, "containerPath");
        Objects.requireNonNull(hostPath, "hostPath");
        if (!containerPath.startsWith("/") || !hostPath.startsWith("/")) {
            throw new IllegalArgumentException("a mount joins two absolute paths, not " + hostPath + " -> " + containerPath);
        }
    }
}
