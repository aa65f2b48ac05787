package dev.peapod.kubelet;

import dev.peapod.runtime.Mount;
import dev.peapod.runtime.NodeDisk;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pod's volumes on the node's disk, where the kubelet's volume manager puts them
 * ({@code /var/lib/kubelet/pods/<uid>/volumes/<plugin>/<name>}, pkg/kubelet/kubelet_getters.go
 * getPodVolumeDir), and the mounts each container gets (kubelet_pods.go makeMounts). An emptyDir
 * is made empty when the pod comes to the node, is shared by its containers, outlives their
 * restarts and goes with the pod; a hostPath is the node's own path, shared by every pod on the
 * node (never the host's).
 */
final class PodVolumes {
    private final NodeDisk disk;
    private final Path podDirectory;
    /** Volume name → its directory (or file) on the node's disk. */
    private final Map<String, String> paths = new LinkedHashMap<>();
    /** Volume name → whether the kubelet mounts it read-only whatever the mount says (API data volumes). */
    private final Map<String, Boolean> readOnly = new LinkedHashMap<>();

    PodVolumes(NodeDisk disk, Pod pod) {
        this.disk = disk;
        this.podDirectory = disk.podDirectory(pod.getMetadata().getUid());
    }

    /** The directory of one volume of a plugin: volumes/kubernetes.io~empty-dir/cache. */
    Path directory(String plugin, String volume) {
        return podDirectory.resolve("volumes").resolve("kubernetes.io~" + plugin).resolve(volume);
    }

    Path podDirectory() {
        return podDirectory;
    }

    /** Makes every volume's place on the disk, as the volume manager's mounts would, before any container starts. */
    void setUp(Pod pod) {
        try {
            Files.createDirectories(podDirectory);
            for (Volume volume : nullToEmpty(pod.getSpec().getVolumes())) {
                String name = volume.getName();
                if (volume.getHostPath() != null) {
                    paths.put(name, hostPath(volume.getHostPath().getPath(), volume.getHostPath().getType()));
                    readOnly.put(name, false);
                    continue;
                }
                Path dir = directory(plugin(volume), name);
                Files.createDirectories(dir);
                if (volume.getEmptyDir() != null) {
                    // an emptyDir is world-writable (pkg/volume/emptydir/empty_dir.go setupDir: perm 0777)
                    Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
                }
                paths.put(name, dir.toString());
                // secret, configMap, downwardAPI and projected volumes are always mounted read-only (kubelet_pods.go makeMounts, since v1.9)
                readOnly.put(name, volume.getSecret() != null || volume.getConfigMap() != null
                        || volume.getDownwardAPI() != null || volume.getProjected() != null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The mounts of one container: each volumeMount's volume at its mountPath, a subPath inside it
     * (made when missing, as the kubelet's subpath preparation does), read-only when the mount says
     * so or the volume is API data.
     */
    List<Mount> mounts(Container container) {
        List<Mount> mounts = new ArrayList<>();
        for (VolumeMount mount : nullToEmpty(container.getVolumeMounts())) {
            String volume = paths.get(mount.getName());
            if (volume == null) {
                continue; // admission refuses a mount of an undeclared volume
            }
            String host = volume;
            String subPath = mount.getSubPath();
            if (subPath != null && !subPath.isEmpty()) {
                Path sub = disk.path(volume).resolve(subPath).normalize();
                try {
                    if (!Files.exists(sub)) {
                        Files.createDirectories(sub);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                host = sub.toString();
            }
            boolean ro = Boolean.TRUE.equals(mount.getReadOnly()) || readOnly.getOrDefault(mount.getName(), false);
            mounts.add(new Mount(mount.getMountPath(), host, ro));
        }
        return mounts;
    }

    /** The pod left the node: its volumes go with it (hostPath stays: it is the node's). */
    void tearDown() {
        NodeDisk.deleteTree(podDirectory);
    }

    /**
     * A hostPath: the node's path. DirectoryOrCreate and an unset type make a missing directory
     * (containerd creates a missing bind-mount source), FileOrCreate an empty file.
     */
    private String hostPath(String path, String type) throws IOException {
        Path host = disk.path(path).normalize();
        if ("FileOrCreate".equals(type)) {
            if (!Files.exists(host)) {
                Files.createDirectories(host.getParent());
                Files.createFile(host);
            }
        } else if (!Files.exists(host)) {
            Files.createDirectories(host);
        }
        return host.toString();
    }

    /** The volume plugin's directory name (pkg/volume/<plugin>: kubernetes.io~<name>). */
    private static String plugin(Volume volume) {
        if (volume.getEmptyDir() != null) {
            return "empty-dir";
        }
        if (volume.getConfigMap() != null) {
            return "configmap";
        }
        if (volume.getSecret() != null) {
            return "secret";
        }
        if (volume.getProjected() != null) {
            return "projected";
        }
        if (volume.getDownwardAPI() != null) {
            return "downward-api";
        }
        if (volume.getPersistentVolumeClaim() != null) {
            return "csi";
        }
        return "unsimulated";
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
