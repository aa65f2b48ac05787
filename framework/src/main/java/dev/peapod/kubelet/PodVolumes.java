package dev.peapod.kubelet;

import dev.peapod.runtime.Mount;
import dev.peapod.runtime.NodeDisk;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A pod's volumes on the node's disk, where the kubelet's volume manager puts them
 * ({@code /var/lib/kubelet/pods/<uid>/volumes/<plugin>/<name>}, pkg/kubelet/kubelet_getters.go
 * getPodVolumeDir), and the mounts each container gets (kubelet_pods.go makeMounts).
 *
 * <ul>
 *   <li>An emptyDir is made empty when the pod comes to the node, is shared by its containers,
 *       outlives their restarts and goes with the pod; a hostPath is the node's own path, shared by
 *       every pod on the node (never the host's).</li>
 *   <li>configMap, secret, downwardAPI and projected volumes hold their payload in the atomic
 *       writer's layout ({@link VolumePayloads}, {@link AtomicWriter}) and are mounted read-only.
 *       Each pod sync writes them again when their objects changed; a subPath mount of one is a
 *       snapshot taken when the container is created, so it never sees an update.</li>
 *   <li>{@code /etc/hosts}, {@code /etc/hostname} and {@code /etc/resolv.conf} are files of the pod
 *       mounted into each container (kubelet_pods.go ensureHostsFile; containerd's sandbox files).</li>
 * </ul>
 */
final class PodVolumes {
    private final NodeDisk disk;
    /** The cluster's volume storage: a bound claim's volume is its PersistentVolume's directory there. */
    private final NodeDisk storage;
    /** Volume names mounted from {@link #storage}, not the node's disk. */
    private final java.util.Set<String> persistent = new java.util.LinkedHashSet<>();
    private final Path podDirectory;
    private boolean directoryMade;
    /** Seeded by the pod's UID: the writer's directory names are the same on every run, and the cluster's random is left alone. */
    private final Random random;
    /** Volume name → its directory (or file) on the node's disk, once mounted. */
    private final Map<String, String> paths = new LinkedHashMap<>();
    /** Volume name → whether the kubelet mounts it read-only whatever the mount says (API data volumes). */
    private final Map<String, Boolean> readOnly = new LinkedHashMap<>();
    /** Volume name → failed set-ups in a row, and when the reconciler tries again. */
    private final Map<String, Integer> failures = new LinkedHashMap<>();
    private final Map<String, Instant> retryAt = new LinkedHashMap<>();

    PodVolumes(NodeDisk disk, NodeDisk storage, Pod pod) {
        this.disk = disk;
        this.storage = storage;
        this.podDirectory = disk.podDirectory(pod.getMetadata().getUid());
        this.random = new Random(pod.getMetadata().getUid().hashCode());
    }

    /** The pod's directory on the node's disk: its volumes, network files and termination-message files. */
    Path podDirectory() {
        return podDirectory;
    }

    /** Volume name → what its payload was made of when last written: the objects' resourceVersions, the pod's labels and annotations. */
    private final Map<String, String> fingerprints = new LinkedHashMap<>();
    private Instant firstMount;

    /** When the pod's volumes were first mounted: {@code now} the first time. */
    Instant firstMount(Instant now) {
        if (firstMount == null) {
            firstMount = now;
        }
        return firstMount;
    }

    /**
     * kubelet.go makePodDataDirs: the pod's directory and its {@code volumes/}, each
     * os.MkdirAll(..., 0750), so {@code ls -l} shows {@code drwxr-x---}. (Its {@code plugins/} is not
     * made: no modelled volume uses it.)
     */
    private void makePodDataDirs() throws IOException {
        NodeDisk.createDirectories(podDirectory, 0750);
        NodeDisk.createDirectories(podDirectory.resolve("volumes"), 0750);
    }

    /** A volume that could not be set up: its name and upstream's error text. */
    record Failure(String volume, String error) {
    }

    /** The directory of one volume of a plugin: volumes/kubernetes.io~empty-dir/cache. */
    Path directory(String plugin, String volume) {
        return podDirectory.resolve("volumes").resolve("kubernetes.io~" + plugin).resolve(volume);
    }

    /**
     * The volume manager's reconciler, once: sets up every volume not mounted yet, and, with
     * {@code rewrite}, writes the payload volumes again (the atomic writer writes only what changed).
     * The failures of volumes whose retry is due are returned, each to be said in a FailedMount event;
     * a volume still in its back-off is not tried.
     */
    List<Failure> mount(Pod pod, VolumePayloads.Context context, Instant now, boolean rewrite) {
        List<Failure> failed = new ArrayList<>();
        try {
            if (!directoryMade) {
                disk.later(this::makePodDataDirs); // once: the kubelet never removes it while the pod lives
                directoryMade = true;
            }
            for (Volume volume : nullToEmpty(pod.getSpec().getVolumes())) {
                String name = volume.getName();
                Instant due = retryAt.get(name);
                if (due != null && now.isBefore(due)) {
                    continue;
                }
                if (paths.containsKey(name) && !rewrite) {
                    continue; // mounted; its payload is looked at again at the next periodic sync
                }
                try {
                    mountOne(pod, volume, context);
                    failures.remove(name);
                    retryAt.remove(name);
                } catch (VolumeSetupException e) {
                    int n = failures.merge(name, 1, Integer::sum);
                    retryAt.put(name, now.plus(VolumePayloads.mountRetryDelay(n)));
                    failed.add(new Failure(name, e.getMessage()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return failed;
    }

    /** True when every volume is mounted and none waits for a retry: only the periodic rewrite is left to do. */
    boolean settled(Pod pod) {
        return retryAt.isEmpty() && allMounted(pod);
    }

    /**
     * True when, besides {@link #settled}, no volume's rewrite reads the node's disk: each is a hostPath,
     * a claim's volume or has a {@link #fingerprint}, so a rewrite reads the pod and API objects alone.
     */
    boolean restsOnObjects(Pod pod) {
        for (Volume volume : nullToEmpty(pod.getSpec().getVolumes())) {
            if (volume.getHostPath() == null && !persistent.contains(volume.getName()) && !fingerprinted(volume)) {
                return false;
            }
        }
        return settled(pod);
    }

    /** True when every volume of the pod is mounted. */
    boolean allMounted(Pod pod) {
        return nullToEmpty(pod.getSpec().getVolumes()).stream().allMatch(v -> paths.containsKey(v.getName()));
    }

    /** The earliest instant a failed volume is tried again; null when none waits. */
    Instant nextRetry() {
        return retryAt.values().stream().min(Instant::compareTo).orElse(null);
    }

    private void mountOne(Pod pod, Volume volume, VolumePayloads.Context context) throws IOException {
        String name = volume.getName();
        if (volume.getHostPath() != null) {
            if (!paths.containsKey(name)) {
                paths.put(name, hostPath(volume.getHostPath().getPath(), volume.getHostPath().getType()));
                readOnly.put(name, false);
            }
            return;
        }
        if (volume.getPersistentVolumeClaim() != null && !paths.containsKey(name)) {
            Optional<String> bound = boundVolume(pod, volume, context.objects());
            if (bound.isPresent()) {
                Path dir = storage.path(PERSISTENT_VOLUMES).resolve(bound.get());
                NodeDisk.createDirectories(dir);
                paths.put(name, dir.toString());
                persistent.add(name);
                readOnly.put(name, false);
                return;
            }
        }
        if (persistent.contains(name)) {
            return; // mounted from its volume
        }
        String fingerprint = fingerprint(pod, volume, context.objects());
        if (fingerprint != null && fingerprint.equals(fingerprints.get(name)) && paths.containsKey(name)) {
            return; // nothing the payload is made of changed since it was written
        }
        Path dir = directory(plugin(volume), name);
        if (!VolumePayloads.setUpLater(disk, dir, pod, volume, context, random) && !Files.isDirectory(disk.settled(dir))) {
            NodeDisk.createDirectories(dir); // emptyDir, and kinds Peapod does not fill (their pods carry a warning)
            if (volume.getEmptyDir() != null) {
                // an emptyDir is world-writable (pkg/volume/emptydir: perm 0777)
                Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
            }
        }
        paths.put(name, dir.toString());
        if (fingerprint != null) {
            fingerprints.put(name, fingerprint);
        }
        // secret, configMap, downwardAPI and projected volumes are always mounted read-only (kubelet_pods.go makeMounts, since v1.9)
        readOnly.put(name, volume.getSecret() != null || volume.getConfigMap() != null
                || volume.getDownwardAPI() != null || volume.getProjected() != null);
    }

    /** Where the cluster's volume storage keeps each PersistentVolume's files, by volume name. */
    static final String PERSISTENT_VOLUMES = "/volumes";

    /**
     * The PersistentVolume a claim volume mounts: the claim's {@code spec.volumeName} when the claim
     * is Bound and the volume exists. Its files live on the cluster's storage, keyed by the volume's
     * name and uid, so a pod made again with the same claim (a StatefulSet's web-0) sees what the old
     * one wrote, on whichever node it runs, and a new volume of a reused name starts empty.
     */
    private static Optional<String> boundVolume(Pod pod, Volume volume, VolumeObjects objects) {
        return objects.claim(pod.getMetadata().getNamespace(), volume.getPersistentVolumeClaim().getClaimName())
                .filter(c -> c.getStatus() != null && "Bound".equals(c.getStatus().getPhase()))
                .map(c -> c.getSpec().getVolumeName())
                .filter(v -> v != null && !v.isEmpty())
                .flatMap(objects::volume)
                .map(pv -> pv.getMetadata().getName() + "-" + pv.getMetadata().getUid());
    }

    /**
     * The pod's own /etc/hosts, /etc/hostname and /etc/resolv.conf, in the pod's directory
     * ({@code etc-hosts} as ensureHostsFile writes it), to be mounted into its containers.
     */
    void writeNetworkFiles(String hosts, String hostname, String resolvConf) {
        disk.later(() -> { // written when the disk is next read, dated now (NodeDisk.later)
            makePodDataDirs();
            Files.writeString(podDirectory.resolve("etc-hosts"), hosts, StandardCharsets.UTF_8);
            Files.writeString(podDirectory.resolve("etc-hostname"), hostname, StandardCharsets.UTF_8);
            Files.writeString(podDirectory.resolve("etc-resolv.conf"), resolvConf, StandardCharsets.UTF_8);
        });
    }

    /**
     * The mounts of one container: each volumeMount's volume at its mountPath, a subPath inside it
     * (made when missing, as the kubelet's subpath preparation does), read-only when the mount says
     * so or the volume is API data; then the pod's network files, unless the container mounts
     * something there itself (managesEtcHosts).
     *
     * @param subPaths each mount's subPath, or subPathExpr expanded against the container's env ("" for none)
     * @param managedHosts whether the kubelet mounts its /etc/hosts into this container
     */
    List<Mount> mounts(Container container, List<String> subPaths, boolean managedHosts) {
        List<Mount> mounts = new ArrayList<>();
        List<VolumeMount> declared = nullToEmpty(container.getVolumeMounts());
        for (int i = 0; i < declared.size(); i++) {
            VolumeMount mount = declared.get(i);
            String volume = paths.get(mount.getName());
            if (volume == null) {
                continue; // admission refuses a mount of an undeclared volume
            }
            boolean apiData = readOnly.getOrDefault(mount.getName(), false);
            NodeDisk on = persistent.contains(mount.getName()) ? storage : null;
            String host = volume;
            String subPath = subPaths.get(i);
            if (subPath != null && !subPath.isEmpty()) {
                host = apiData ? snapshot(mount.getName(), container.getName(), i, disk.path(volume).resolve(subPath))
                        : prepareSubPath((on == null ? disk : on).path(volume).resolve(subPath).normalize());
            }
            boolean ro = Boolean.TRUE.equals(mount.getReadOnly()) || apiData;
            mounts.add(new Mount(mount.getMountPath(), host, ro, on));
        }
        List<String> mountedAt = declared.stream().map(VolumeMount::getMountPath).toList();
        if (managedHosts) {
            mounts.add(new Mount("/etc/hosts", podDirectory.resolve("etc-hosts").toString(), false));
        }
        if (!mountedAt.contains("/etc/hostname")) {
            mounts.add(new Mount("/etc/hostname", podDirectory.resolve("etc-hostname").toString(), false));
        }
        if (!mountedAt.contains("/etc/resolv.conf")) {
            mounts.add(new Mount("/etc/resolv.conf", podDirectory.resolve("etc-resolv.conf").toString(), false));
        }
        return mounts;
    }

    /** The pod left the node: its volumes go with it (hostPath stays: it is the node's). */
    void tearDown() {
        disk.settle();
        NodeDisk.deleteTree(podDirectory);
    }

    /** A subPath of a writable volume: the live path, made when missing (subpath.SafeMakeDir). */
    private String prepareSubPath(Path sub) {
        disk.settle();
        try {
            if (!Files.exists(sub)) {
                NodeDisk.createDirectories(sub);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sub.toString();
    }

    /**
     * A subPath of an API data volume: the bind mount resolves the writer's symlinks once, when the
     * container is created, and holds the files of that moment (volume-subpaths/<volume>/<container>/<index>,
     * pkg/volume/util/subpath). A copy keeps them after the writer swaps {@code ..data}, so the
     * container never sees an update, as upstream documents.
     */
    private String snapshot(String volume, String container, int index, Path source) {
        Path target = podDirectory.resolve("volume-subpaths").resolve(volume).resolve(container).resolve(Integer.toString(index));
        disk.settle();
        try {
            NodeDisk.deleteTree(target);
            NodeDisk.createDirectories(target.getParent());
            if (!Files.exists(source)) {
                NodeDisk.createDirectories(target);
                return target.toString();
            }
            Path real = source.toRealPath();
            try (Stream<Path> walk = Files.walk(real)) {
                for (Path from : walk.toList()) {
                    Path to = target.resolve(real.relativize(from).toString());
                    if (Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
                        NodeDisk.createDirectories(to);
                    } else {
                        Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target.toString();
    }

    /**
     * A hostPath: the node's path. DirectoryOrCreate and an unset type make a missing directory
     * (containerd creates a missing bind-mount source), FileOrCreate an empty file.
     */
    private String hostPath(String path, String type) throws IOException {
        Path host = disk.path(path).normalize(); // path(): the pending changes first
        String kind = type == null ? "" : type;
        switch (kind) {
            case "FileOrCreate" -> {
                if (!Files.exists(host)) {
                    NodeDisk.createDirectories(host.getParent());
                    Files.createFile(host);
                }
            }
            case "", "DirectoryOrCreate" -> {
                if (!Files.exists(host)) {
                    NodeDisk.createDirectories(host);
                }
            }
            // pkg/volume/hostpath/host_path.go checkTypeInternal: the path must be there, and of that kind
            case "Directory" -> {
                if (!Files.isDirectory(host)) {
                    throw new VolumeSetupException("hostPath type check failed: " + path + " is not a directory");
                }
            }
            case "File" -> {
                if (!Files.isRegularFile(host)) {
                    throw new VolumeSetupException("hostPath type check failed: " + path + " is not a file");
                }
            }
            case "Socket" -> throw new VolumeSetupException("hostPath type check failed: " + path + " is not a socket file");
            case "CharDevice" -> throw new VolumeSetupException("hostPath type check failed: " + path + " is not a character device");
            case "BlockDevice" -> throw new VolumeSetupException("hostPath type check failed: " + path + " is not a block device");
            default -> {
            }
        }
        return host.toString();
    }

    /**
     * What a payload volume's files are made of, so that an unchanged one is not made again at each
     * sync period: the resourceVersion of each ConfigMap and Secret it reads (or "-" when missing),
     * and the pod's labels and annotations for the downward API. Null for other volumes.
     */
    private static String fingerprint(Pod pod, Volume volume, VolumeObjects objects) {
        if (!fingerprinted(volume)) {
            return null;
        }
        String namespace = pod.getMetadata().getNamespace();
        StringBuilder out = new StringBuilder();
        if (volume.getConfigMap() != null) {
            out.append(version(objects.configMapVersion(namespace, volume.getConfigMap().getName())));
        } else if (volume.getSecret() != null) {
            out.append(version(objects.secretVersion(namespace, volume.getSecret().getSecretName())));
        } else if (volume.getDownwardAPI() != null) {
            out.append(pod.getMetadata().getLabels()).append(pod.getMetadata().getAnnotations());
        } else {
            for (var source : volume.getProjected().getSources()) {
                if (source.getConfigMap() != null) {
                    out.append(version(objects.configMapVersion(namespace, source.getConfigMap().getName()))).append(';');
                } else if (source.getSecret() != null) {
                    out.append(version(objects.secretVersion(namespace, source.getSecret().getName()))).append(';');
                } else if (source.getDownwardAPI() != null) {
                    out.append(pod.getMetadata().getLabels()).append(pod.getMetadata().getAnnotations()).append(';');
                }
            }
        }
        return out.toString();
    }

    /** Whether a volume's payload is made of the pod's metadata and API objects only: it has a {@link #fingerprint}. */
    private static boolean fingerprinted(Volume volume) {
        return volume.getConfigMap() != null || volume.getSecret() != null || volume.getDownwardAPI() != null
                || (volume.getProjected() != null && volume.getProjected().getSources() != null);
    }

    private static String version(String resourceVersion) {
        return resourceVersion == null ? "-" : resourceVersion;
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
