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
 * @param hostPath      what it is on the node's {@link NodeDisk}, or on {@code storage} (absolute): a directory or a file
 * @param storage       the disk {@code hostPath} is on when it is not the node's: the cluster's volume storage,
 *                      where a PersistentVolume's files live whichever node mounts it; null for the node's disk
 */
@API(status = INTERNAL, since = "0.1")
public record Mount(String containerPath, String hostPath, boolean readOnly, NodeDisk storage) {
    public Mount {
        Objects.requireNonNull(containerPath, "containerPath");
        Objects.requireNonNull(hostPath, "hostPath");
        if (!containerPath.startsWith("/") || !hostPath.startsWith("/")) {
            throw new IllegalArgumentException("a mount joins two absolute paths, not " + hostPath + " -> " + containerPath);
        }
    }

    /** A mount of a path on the node's own disk. */
    public Mount(String containerPath, String hostPath, boolean readOnly) {
        this(containerPath, hostPath, readOnly, null);
    }

    /** What is mounted: {@code hostPath} on the storage disk if there is one, else on the node's. */
    public java.nio.file.Path source(NodeDisk node) {
        return (storage == null ? node : storage).path(hostPath);
    }
}
