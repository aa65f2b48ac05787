package dev.peapod.kubelet;

import dev.peapod.runtime.NodeDisk;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.ProjectedVolumeSource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What the kubelet writes into configMap, secret, downwardAPI and projected volumes, by upstream's
 * rules and with upstream's error texts (kubernetes v1.33):
 * <ul>
 *   <li>configMap: pkg/volume/configmap/configmap.go ({@code SetUpAt}, {@code MakePayload});</li>
 *   <li>secret: pkg/volume/secret/secret.go ({@code SetUpAt}, {@code MakePayload});</li>
 *   <li>downwardAPI: pkg/volume/downwardapi/downwardapi.go ({@code CollectData}), see {@link DownwardApi};</li>
 *   <li>projected: pkg/volume/projected/projected.go ({@code collectData}).</li>
 * </ul>
 * A missing ConfigMap or Secret that is not optional fails with the kubelet's watch-based manager's
 * NotFound error ({@code configmap "name" not found}, {@code secret "name" not found}: the managers'
 * group resources are {@code configmap} and {@code secret}, pkg/kubelet/configmap/configmap_manager.go);
 * an optional one gives an empty payload (the volume holds only {@code ..data} and its directory).
 * Payloads are sorted by path, so nothing depends on a map's order.
 */
final class VolumePayloads {
    private VolumePayloads() {
    }

    /**
     * What the kubelet needs beyond the pod and the volume.
     *
     * @param objects the ConfigMaps and Secrets, as the kubelet's managers see them
     * @param nodeAllocatable the node's allocatable, for resourceFieldRef limits that are unset
     * @param nodeName the node's name, for service-account tokens
     * @param now the write's instant: the atomic writer names its new timestamped directory after
     *     it, at each write (atomic_writer.go newTimestampDir: time.Now().UTC())
     * @param tokenIssuedAt a service-account token's {@code iat}: the pod's first mount, as the
     *     kubelet's token manager refreshes a token at 80% of its life, not at each sync
     */
    record Context(VolumeObjects objects, Map<String, String> nodeAllocatable, String nodeName, Instant now,
                   Instant tokenIssuedAt) {
        Context {
            Objects.requireNonNull(objects, "objects");
            nodeAllocatable = Map.copyOf(nodeAllocatable);
            Objects.requireNonNull(nodeName, "nodeName");
            Objects.requireNonNull(now, "now");
            Objects.requireNonNull(tokenIssuedAt, "tokenIssuedAt");
        }

        /** A context whose token is issued at the write's instant (a first mount). */
        Context(VolumeObjects objects, Map<String, String> nodeAllocatable, String nodeName, Instant now) {
            this(objects, nodeAllocatable, nodeName, now, now);
        }
    }

    /**
     * The payload of a configMap, secret, downwardAPI or projected volume; empty for any other
     * kind (emptyDir, hostPath, ... hold no payload).
     *
     * @throws VolumeSetupException with upstream's error text; the pod stays in ContainerCreating
     */
    static Optional<SortedMap<String, FileProjection>> payload(Pod pod, Volume volume, Context context) {
        String namespace = pod.getMetadata().getNamespace();
        if (volume.getConfigMap() != null) {
            var source = volume.getConfigMap();
            boolean optional = Boolean.TRUE.equals(source.getOptional());
            ConfigMap configMap = configMapOrEmpty(context.objects(), namespace, source.getName(), optional);
            return Optional.of(configMap(source.getItems(), configMap, source.getDefaultMode(), optional));
        }
        if (volume.getSecret() != null) {
            var source = volume.getSecret();
            boolean optional = Boolean.TRUE.equals(source.getOptional());
            Secret secret = secretOrEmpty(context.objects(), namespace, source.getSecretName(), optional);
            return Optional.of(secret(source.getItems(), secret, source.getDefaultMode(), optional));
        }
        if (volume.getDownwardAPI() != null) {
            var source = volume.getDownwardAPI();
            return Optional.of(downwardApi(source.getItems(), pod, context.nodeAllocatable(), source.getDefaultMode()));
        }
        if (volume.getProjected() != null) {
            return Optional.of(projected(volume.getProjected(), pod, context));
        }
        return Optional.empty();
    }

    /**
     * SetUpAt of the four payload volumes: the payload first (a missing object fails before
     * anything is made), then the directory as the wrapped emptyDir makes it (0777, so
     * {@code ls -la} on the mount shows {@code drwxrwxrwx}), then the {@link AtomicWriter}. Called
     * again on every sync, it rewrites only when the bytes changed.
     *
     * @return empty for volumes without a payload (emptyDir, hostPath, ...); else whether the
     *     atomic writer wrote a new timestamped directory
     * @throws VolumeSetupException with upstream's error text, for {@link #failedMountMessage}
     */
    static Optional<Boolean> setUp(Path dir, Pod pod, Volume volume, Context context, Random random) {
        Optional<SortedMap<String, FileProjection>> payload = payload(pod, volume, context);
        if (payload.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(write(dir, payload.get(), context.now(), fsGroup(pod) != null, random));
    }

    /**
     * {@link #setUp}, with the disk work done later ({@link NodeDisk#later}) and dated now: when the
     * node's disk is next read. What fails a mount fails it now: a missing object before anything is
     * made; a bad payload path once the directory is made, as the writer's first step fails it. The
     * writer's own reads of what it wrote before see the disk as it was then, and its random draws
     * come in the same order.
     *
     * @return false for volumes without a payload (emptyDir, hostPath, ...)
     * @throws VolumeSetupException with upstream's error text, for {@link #failedMountMessage}
     */
    static boolean setUpLater(NodeDisk disk, Path dir, Pod pod, Volume volume, Context context, Random random) {
        Optional<SortedMap<String, FileProjection>> payload = payload(pod, volume, context);
        if (payload.isEmpty()) {
            return false;
        }
        Instant now = context.now();
        boolean ownership = fsGroup(pod) != null;
        VolumeSetupException invalid = null;
        try {
            AtomicWriter.validatePayload(payload.get());
        } catch (VolumeSetupException e) {
            invalid = e;
        }
        if (invalid == null && AtomicWriter.nested(payload.get()) == null) {
            disk.later(() -> write(dir, payload.get(), now, ownership, random));
            return true;
        }
        if (invalid == null) {
            // a path inside another key's file (items "x" and "x/y"): the writer fails half-way, so it writes now,
            // after what is queued, and the failure is this pod's FailedMount, not the next reader's exception
            disk.settle();
            return write(dir, payload.get(), now, ownership, random);
        }
        disk.later(() -> makeDirectory(dir));
        throw invalid;
    }

    /** The volume's directory when missing, then the atomic writer; true when it wrote a new timestamped directory. */
    private static boolean write(Path dir, SortedMap<String, FileProjection> payload, Instant now, boolean ownership, Random random) {
        makeDirectory(dir);
        boolean written = new AtomicWriter(dir).write(payload, now, random);
        if (ownership) {
            setVolumeOwnership(dir);
        }
        return written;
    }

    private static void makeDirectory(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                // the wrapped emptyDir's setupDir: os.MkdirAll(dir, 0777) under umask 022 makes the plugin's
                // directory (volumes/kubernetes.io~configmap) 0755, then chmods the volume's own to 0777
                NodeDisk.createDirectories(dir);
                AtomicWriter.setMode(dir, 0777);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make volume directory " + dir, e);
        }
    }

    /**
     * SetVolumeOwnership's modes for these read-only volumes when the pod sets an fsGroup
     * (pkg/volume/volume_linux.go, changeFilePermission): every file and directory but the links
     * gets the group read bits (roMask 0440), directories the group and owner execute bits too
     * (execMask 0110), so a 0400 secret file reads 0440 and a 0600 token 0640. The group owner
     * and the directories' setgid bit are not modelled (Peapod's files are all root's).
     */
    private static void setVolumeOwnership(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                int mode = AtomicWriter.mode(p) | 0440 | (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? 0110 : 0);
                AtomicWriter.setMode(p, mode);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set the fsGroup modes under " + dir, e);
        }
    }

    /**
     * How long the kubelet's volume reconciler waits before trying a failed mount again, after
     * {@code failures} failures in a row (1 = the first): 500 ms doubling up to 2 min 2 s
     * (pkg/util/goroutinemap/exponentialbackoff: initialDurationBeforeRetry,
     * maxDurationBeforeRetry). Each attempt that fails emits one FailedMount event; the recorder
     * aggregates them ({@code (x7 over 31s)}). Upstream retries on the reconciler's next 100 ms
     * loop once the wait has passed.
     */
    static Duration mountRetryDelay(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1, was " + failures);
        }
        Duration max = Duration.ofSeconds(122);
        Duration delay = Duration.ofMillis(500);
        for (int i = 1; i < failures && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }

    /**
     * The FailedMount event's message for a volume whose set-up failed: operation_generator.go's
     * {@code volumeToMount.GenerateError("MountVolume.SetUp failed", err)}, whose simple form is
     * {@code "%v for volume %q %v"} with the suffix {@code ": <err>"}
     * (pkg/volume/util/operationexecutor/operation_executor.go, generateVolumeMsg): hence the
     * space before the colon. The event is Warning, reason {@code FailedMount}.
     */
    static String failedMountMessage(String volumeName, String error) {
        return "MountVolume.SetUp failed for volume " + GoQuote.quote(volumeName) + " : " + error;
    }

    /** The event reason of {@link #failedMountMessage} (pkg/kubelet/events: FailedMountVolume). */
    static final String FAILED_MOUNT = "FailedMount";

    /** configmap.MakePayload: every key of data and binaryData, or the listed items. */
    static SortedMap<String, FileProjection> configMap(List<KeyToPath> items, ConfigMap configMap, Integer defaultMode,
                                                       boolean optional) {
        Map<String, byte[]> data = new TreeMap<>();
        if (configMap.getData() != null) {
            configMap.getData().forEach((k, v) -> data.put(k, bytes(v)));
        }
        Map<String, byte[]> binary = new TreeMap<>();
        if (configMap.getBinaryData() != null) {
            configMap.getBinaryData().forEach((k, v) -> binary.put(k, decode(v)));
        }
        return makePayload(items, data, binary, defaultMode, optional, "configmap references non-existent config key: ");
    }

    /**
     * secret.MakePayload: every key of data, or the listed items. The data is base64-decoded, with
     * {@code stringData} written over it as the API server would have stored it.
     */
    static SortedMap<String, FileProjection> secret(List<KeyToPath> items, Secret secret, Integer defaultMode, boolean optional) {
        Map<String, byte[]> data = new TreeMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> data.put(k, decode(v)));
        }
        if (secret.getStringData() != null) {
            secret.getStringData().forEach((k, v) -> data.put(k, bytes(v)));
        }
        return makePayload(items, data, Map.of(), defaultMode, optional, "references non-existent secret key: ");
    }

    private static SortedMap<String, FileProjection> makePayload(List<KeyToPath> items, Map<String, byte[]> data,
                                                                 Map<String, byte[]> binaryData, Integer defaultMode,
                                                                 boolean optional, String missingKey) {
        int mode = requireDefaultMode(defaultMode);
        SortedMap<String, FileProjection> payload = new TreeMap<>();
        if (items == null || items.isEmpty()) {
            data.forEach((k, v) -> payload.put(k, new FileProjection(v, mode)));
            binaryData.forEach((k, v) -> payload.put(k, new FileProjection(v, mode)));
            return payload;
        }
        for (KeyToPath item : items) {
            byte[] content = data.containsKey(item.getKey()) ? data.get(item.getKey()) : binaryData.get(item.getKey());
            if (content == null) {
                if (optional) {
                    continue;
                }
                throw new VolumeSetupException(missingKey + item.getKey());
            }
            payload.put(item.getPath(), new FileProjection(content, item.getMode() != null ? item.getMode() : mode));
        }
        return payload;
    }

    /**
     * downwardapi.CollectData: one file per item, fieldRef values as {@link DownwardApi}
     * extracts them, resourceFieldRef values in units of the divisor. Errors are collected and
     * reported together, as utilerrors.NewAggregate does.
     */
    static SortedMap<String, FileProjection> downwardApi(List<DownwardAPIVolumeFile> items, Pod pod,
                                                         Map<String, String> nodeAllocatable, Integer defaultMode) {
        int mode = requireDefaultMode(defaultMode);
        SortedMap<String, FileProjection> data = new TreeMap<>();
        List<String> errors = new ArrayList<>();
        for (DownwardAPIVolumeFile item : items == null ? List.<DownwardAPIVolumeFile>of() : items) {
            int fileMode = item.getMode() != null ? item.getMode() : mode;
            String value = "";
            try {
                if (item.getFieldRef() != null) {
                    value = DownwardApi.metadataField(pod.getMetadata(), item.getFieldRef().getFieldPath());
                } else if (item.getResourceFieldRef() != null) {
                    Map<String, io.fabric8.kubernetes.api.model.Quantity> allocatable = new TreeMap<>();
                    nodeAllocatable.forEach((k, v) -> allocatable.put(k, new io.fabric8.kubernetes.api.model.Quantity(v)));
                    value = DownwardApi.volumeResourceFieldRef(item.getResourceFieldRef(), pod, allocatable);
                }
            } catch (ContainerConfigException e) {
                errors.add(e.getMessage()); // the env's and the volume's downward API are one code upstream (pkg/fieldpath)
            }
            data.put(AtomicWriter.cleanPath(item.getPath()), new FileProjection(bytes(value), fileMode));
        }
        throwAggregate(errors);
        return data;
    }

    /**
     * projected.collectData: the sources in order, a later source's file replacing an earlier one
     * at the same path; every source's error is collected and reported together. A
     * serviceAccountToken file gets the volume's defaultMode, or 0600 when the pod sets an fsGroup
     * or all its containers run as the same user ("When FsGroup is set, we depend on
     * SetVolumeOwnership to change from 0600 to 0640").
     */
    static SortedMap<String, FileProjection> projected(ProjectedVolumeSource source, Pod pod, Context context) {
        int mode = requireDefaultMode(source.getDefaultMode());
        String namespace = pod.getMetadata().getNamespace();
        SortedMap<String, FileProjection> payload = new TreeMap<>();
        List<String> errors = new ArrayList<>();
        for (VolumeProjection projection : source.getSources() == null ? List.<VolumeProjection>of() : source.getSources()) {
            try {
                payload.putAll(projection(projection, pod, namespace, mode, context));
            } catch (VolumeSetupException e) {
                errors.addAll(e.errors());
            }
        }
        throwAggregate(errors);
        return payload;
    }

    private static Map<String, FileProjection> projection(VolumeProjection projection, Pod pod, String namespace, int mode,
                                                          Context context) {
        if (projection.getSecret() != null) {
            var s = projection.getSecret();
            boolean optional = Boolean.TRUE.equals(s.getOptional());
            return secret(s.getItems(), secretOrEmpty(context.objects(), namespace, s.getName(), optional), mode, optional);
        }
        if (projection.getConfigMap() != null) {
            var c = projection.getConfigMap();
            boolean optional = Boolean.TRUE.equals(c.getOptional());
            return configMap(c.getItems(), configMapOrEmpty(context.objects(), namespace, c.getName(), optional), mode, optional);
        }
        if (projection.getDownwardAPI() != null) {
            return downwardApi(projection.getDownwardAPI().getItems(), pod, context.nodeAllocatable(), mode);
        }
        if (projection.getServiceAccountToken() != null) {
            ServiceAccountTokenProjection tp = projection.getServiceAccountToken();
            Long fsUser = fsUser(pod);
            boolean ownership = fsUser != null || fsGroup(pod) != null;
            String token = ServiceAccountToken.token(namespace, pod.getSpec().getServiceAccountName(),
                    pod.getMetadata().getName(), pod.getMetadata().getUid(), context.nodeName(), tp.getAudience(),
                    tp.getExpirationSeconds() == null ? 3600 : tp.getExpirationSeconds(), context.tokenIssuedAt());
            return Map.of(tp.getPath(), new FileProjection(bytes(token), ownership ? 0600 : mode, fsUser));
        }
        return Map.of(); // clusterTrustBundle and podCertificate are not modelled (both off by default in v1.33)
    }

    /**
     * FsUserFrom (pkg/volume/util): the effective runAsUser of every container, when they all
     * have one and it is the same; null otherwise.
     */
    static Long fsUser(Pod pod) {
        PodSecurityContext podContext = pod.getSpec().getSecurityContext();
        Long podUser = podContext == null ? null : podContext.getRunAsUser();
        Long user = null;
        List<Container> all = Stream.of(pod.getSpec().getInitContainers(), pod.getSpec().getContainers())
                .filter(Objects::nonNull).flatMap(List::stream).toList();
        for (Container c : all) {
            Long effective = c.getSecurityContext() != null && c.getSecurityContext().getRunAsUser() != null
                    ? c.getSecurityContext().getRunAsUser() : podUser;
            if (effective == null || (user != null && !user.equals(effective))) {
                return null;
            }
            user = effective;
        }
        return user;
    }

    private static Long fsGroup(Pod pod) {
        PodSecurityContext podContext = pod.getSpec().getSecurityContext();
        return podContext == null ? null : podContext.getFsGroup();
    }

    private static ConfigMap configMapOrEmpty(VolumeObjects objects, String namespace, String name, boolean optional) {
        return orEmpty(objects.configMap(namespace, name), optional, "configmap", name, () -> new ConfigMap());
    }

    private static Secret secretOrEmpty(VolumeObjects objects, String namespace, String name, boolean optional) {
        return orEmpty(objects.secret(namespace, name), optional, "secret", name, () -> new Secret());
    }

    /** SetUpAt: a missing object is an empty one when optional, else the manager's NotFound error. */
    private static <T> T orEmpty(Optional<T> found, boolean optional, String groupResource, String name, Supplier<T> empty) {
        if (found.isPresent()) {
            return found.get();
        }
        if (optional) {
            return empty.get();
        }
        throw new VolumeSetupException(groupResource + " " + GoQuote.quote(name == null ? "" : name) + " not found");
    }

    private static int requireDefaultMode(Integer defaultMode) {
        if (defaultMode == null) {
            // admission defaults it to 0644; upstream's own words for an object that skipped defaulting
            throw new VolumeSetupException("no defaultMode used, not even the default value for it");
        }
        return defaultMode;
    }

    /** utilerrors.NewAggregate(errlist): nothing when the list is empty. */
    private static void throwAggregate(List<String> errors) {
        if (!errors.isEmpty()) {
            throw new VolumeSetupException(errors);
        }
    }

    private static byte[] bytes(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] decode(String base64) {
        return base64 == null ? new byte[0] : Base64.getDecoder().decode(base64);
    }
}
