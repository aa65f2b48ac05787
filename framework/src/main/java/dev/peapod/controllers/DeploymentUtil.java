package dev.peapod.controllers;

import io.fabric8.kubernetes.client.utils.Serialization;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import dev.peapod.core.PeapodException;
import dev.peapod.store.Copies;
import dev.peapod.store.Timestamps;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import org.apiguardian.api.API;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The Deployment controller's helpers (kubernetes: pkg/controller/deployment/util/deployment_util.go,
 * pkg/controller/controller_utils.go ComputeHash and the ReplicaSet sort orders), shared by the
 * controller and the façade's view (kubectl's rollout undo and rollout status read the same annotations).
 */
@API(status = INTERNAL, since = "0.1")
public final class DeploymentUtil {
    /** apps.DefaultDeploymentUniqueLabelKey. */
    public static final String POD_TEMPLATE_HASH = "pod-template-hash";
    public static final String REVISION = "deployment.kubernetes.io/revision";
    public static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    public static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    public static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    /** annotationsToSkip: never copied between a Deployment and its ReplicaSets. */
    public static final Set<String> ANNOTATIONS_TO_SKIP = Set.of(
            "kubectl.kubernetes.io/last-applied-configuration", REVISION, REVISION_HISTORY, DESIRED_REPLICAS,
            MAX_REPLICAS, "deprecated.deployment.rollback.to");
    /** sync.go maxRevHistoryLengthInChars. */
    static final int MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000;

    static final String REPLICA_SET_UPDATED = "ReplicaSetUpdated";
    static final String FAILED_RS_CREATE = "ReplicaSetCreateError";
    static final String NEW_REPLICA_SET = "NewReplicaSetCreated";
    static final String FOUND_NEW_RS = "FoundNewReplicaSet";
    public static final String NEW_RS_AVAILABLE = "NewReplicaSetAvailable";
    public static final String TIMED_OUT = "ProgressDeadlineExceeded";
    static final String PAUSED = "DeploymentPaused";
    static final String RESUMED = "DeploymentResumed";
    static final String MINIMUM_REPLICAS_AVAILABLE = "MinimumReplicasAvailable";
    static final String MINIMUM_REPLICAS_UNAVAILABLE = "MinimumReplicasUnavailable";

    /** rand.SafeEncodeString's alphabet (apimachinery/pkg/util/rand/rand.go alphanums). */
    private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
    private static final ObjectMapper CANONICAL = Serialization.jsonMapper().rebuild()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private DeploymentUtil() {
    }

    // ---------------------------------------------------------------- pod-template-hash

    /**
     * controller.ComputeHash: fnv32a over the template and the collision count, its decimal value
     * encoded with rand.SafeEncodeString. Upstream hashes the template with DeepHashObject, which
     * prints the Go struct with spew; that printing cannot be reproduced in Java, so Peapod hashes the
     * template's JSON with map keys sorted instead. The alphabet, the length (the decimal digits of a
     * uint32, so up to 10 characters) and the collision count's bytes are upstream's; the value differs
     * from a real cluster's for the same template.
     */
    public static String podTemplateHash(PodTemplateSpec template, Integer collisionCount) {
        byte[] bytes;
        try {
            bytes = CANONICAL.writeValueAsBytes(template);
        } catch (JacksonException e) {
            throw new PeapodException("cannot hash a pod template: " + e.getMessage(), e);
        }
        int hash = 0x811c9dc5;
        for (byte b : bytes) {
            hash = fnv(hash, b);
        }
        if (collisionCount != null) {
            // binary.LittleEndian.PutUint32 into an 8-byte slice, all 8 written
            byte[] count = new byte[8];
            int c = collisionCount;
            for (int i = 0; i < 4; i++) {
                count[i] = (byte) (c >>> (8 * i));
            }
            for (byte b : count) {
                hash = fnv(hash, b);
            }
        }
        String decimal = Integer.toUnsignedString(hash);
        StringBuilder encoded = new StringBuilder();
        for (byte b : decimal.getBytes(StandardCharsets.US_ASCII)) {
            encoded.append(ALPHANUMS.charAt(b % ALPHANUMS.length()));
        }
        return encoded.toString();
    }

    private static int fnv(int hash, byte b) {
        return (hash ^ (b & 0xff)) * 16777619;
    }

    /** EqualIgnoreHash: the templates are equal once both lose their pod-template-hash label. */
    public static boolean equalIgnoreHash(PodTemplateSpec a, PodTemplateSpec b) {
        return withoutHash(a).equals(withoutHash(b));
    }

    /** The template without its pod-template-hash label (labelsutil.CloneAndRemoveLabel). */
    public static PodTemplateSpec withoutHash(PodTemplateSpec template) {
        PodTemplateSpec copy = Copies.copy(template);
        if (copy.getMetadata() == null) {
            copy.setMetadata(new ObjectMeta());
        }
        Map<String, String> labels = copy.getMetadata().getLabels() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(copy.getMetadata().getLabels());
        labels.remove(POD_TEMPLATE_HASH);
        copy.getMetadata().setLabels(labels);
        if (copy.getMetadata().getAnnotations() == null) {
            copy.getMetadata().setAnnotations(new LinkedHashMap<>());
        }
        return copy;
    }

    // ---------------------------------------------------------------- fenceposts

    static int replicas(Deployment d) {
        return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    }

    static int replicas(ReplicaSet rs) {
        return rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
    }

    static boolean isRollingUpdate(Deployment d) {
        return d.getSpec().getStrategy() != null && "RollingUpdate".equals(d.getSpec().getStrategy().getType());
    }

    /** intstr.GetScaledValueFromIntOrPercent: a percent of {@code total}, rounded up or down. */
    static int valueFromIntOrPercent(IntOrString value, int total, boolean roundUp) {
        if (value == null) {
            return 0;
        }
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String text = value.getStrVal();
        int percent = Integer.parseInt(text.substring(0, text.length() - 1));
        double scaled = (double) percent * total / 100;
        return (int) (roundUp ? Math.ceil(scaled) : Math.floor(scaled));
    }

    /** ResolveFenceposts: surge rounds up, unavailable rounds down; both 0 make unavailable 1. */
    static int[] resolveFenceposts(IntOrString maxSurge, IntOrString maxUnavailable, int desired) {
        int surge = valueFromIntOrPercent(maxSurge, desired, true);
        int unavailable = valueFromIntOrPercent(maxUnavailable, desired, false);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new int[] {surge, unavailable};
    }

    static int maxSurge(Deployment d) {
        if (!isRollingUpdate(d)) {
            return 0;
        }
        var rolling = d.getSpec().getStrategy().getRollingUpdate();
        return resolveFenceposts(rolling.getMaxSurge(), rolling.getMaxUnavailable(), replicas(d))[0];
    }

    static int maxUnavailable(Deployment d) {
        if (!isRollingUpdate(d) || replicas(d) == 0) {
            return 0;
        }
        var rolling = d.getSpec().getStrategy().getRollingUpdate();
        int unavailable = resolveFenceposts(rolling.getMaxSurge(), rolling.getMaxUnavailable(), replicas(d))[1];
        return Math.min(unavailable, replicas(d));
    }

    // ---------------------------------------------------------------- revisions and annotations

    /** Revision: the revision annotation, 0 without one; empty when it does not parse. */
    public static Optional<Long> revision(ReplicaSet rs) {
        String value = annotations(rs).get(REVISION);
        if (value == null) {
            return Optional.of(0L);
        }
        try {
            return Optional.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static long maxRevision(List<ReplicaSet> all) {
        long max = 0;
        for (ReplicaSet rs : all) {
            max = Math.max(max, revision(rs).orElse(0L));
        }
        return max;
    }

    /** LastRevision: the second highest revision. */
    public static long lastRevision(List<ReplicaSet> all) {
        long max = 0;
        long second = 0;
        for (ReplicaSet rs : all) {
            Optional<Long> v = revision(rs);
            if (v.isEmpty()) {
                continue;
            }
            if (v.get() >= max) {
                second = max;
                max = v.get();
            } else if (v.get() > second) {
                second = v.get();
            }
        }
        return second;
    }

    static Map<String, String> annotations(io.fabric8.kubernetes.api.model.HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    private static Map<String, String> mutableAnnotations(io.fabric8.kubernetes.api.model.HasMetadata object) {
        if (object.getMetadata().getAnnotations() == null) {
            object.getMetadata().setAnnotations(new LinkedHashMap<>());
        }
        return object.getMetadata().getAnnotations();
    }

    /** SetDeploymentRevision: true when it changed. */
    static boolean setDeploymentRevision(Deployment d, String revision) {
        Map<String, String> annotations = mutableAnnotations(d);
        if (!revision.equals(annotations.get(REVISION))) {
            annotations.put(REVISION, revision);
            return true;
        }
        return false;
    }

    /**
     * SetNewReplicaSetAnnotations: the Deployment's annotations (but annotationsToSkip), the revision
     * when it grows (keeping the old ones in revision-history, at most 2000 characters), and for a new
     * ReplicaSet the replicas annotations. True when anything changed.
     */
    static boolean setNewReplicaSetAnnotations(Deployment d, ReplicaSet rs, String newRevision, boolean exists) {
        boolean changed = copyDeploymentAnnotationsToReplicaSet(d, rs);
        Map<String, String> annotations = mutableAnnotations(rs);
        String oldRevision = annotations.get(REVISION);
        boolean had = oldRevision != null;
        long oldInt;
        try {
            oldInt = oldRevision == null || oldRevision.isEmpty() ? 0 : Long.parseLong(oldRevision);
        } catch (NumberFormatException e) {
            return false; // "Updating replica set revision OldRevision not int"
        }
        long newInt = Long.parseLong(newRevision);
        if (oldInt < newInt) {
            annotations.put(REVISION, newRevision);
            changed = true;
        }
        if (had && oldInt < newInt) {
            String history = annotations.getOrDefault(REVISION_HISTORY, "");
            List<String> old = new ArrayList<>(List.of(history.split(",", -1)));
            if (old.get(0).isEmpty()) {
                annotations.put(REVISION_HISTORY, oldRevision);
            } else {
                int total = history.length() + oldRevision.length() + 1;
                int start = 0;
                while (total > MAX_REV_HISTORY_LENGTH_IN_CHARS && start < old.size()) {
                    total = total - old.get(start).length() - 1;
                    start++;
                }
                if (total <= MAX_REV_HISTORY_LENGTH_IN_CHARS) {
                    List<String> kept = new ArrayList<>(old.subList(start, old.size()));
                    kept.add(oldRevision);
                    annotations.put(REVISION_HISTORY, String.join(",", kept));
                }
            }
        }
        if (!exists && setReplicasAnnotations(rs, replicas(d), replicas(d) + maxSurge(d))) {
            changed = true;
        }
        return changed;
    }

    private static boolean copyDeploymentAnnotationsToReplicaSet(Deployment d, ReplicaSet rs) {
        boolean changed = false;
        Map<String, String> target = mutableAnnotations(rs);
        // sorted, so the copy order does not hang on the map's
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(annotations(d)).entrySet()) {
            if (ANNOTATIONS_TO_SKIP.contains(e.getKey()) || e.getValue().equals(target.get(e.getKey()))) {
                continue;
            }
            target.put(e.getKey(), e.getValue());
            changed = true;
        }
        return changed;
    }

    static boolean setReplicasAnnotations(ReplicaSet rs, int desired, int max) {
        Map<String, String> annotations = mutableAnnotations(rs);
        boolean updated = false;
        if (!String.valueOf(desired).equals(annotations.get(DESIRED_REPLICAS))) {
            annotations.put(DESIRED_REPLICAS, String.valueOf(desired));
            updated = true;
        }
        if (!String.valueOf(max).equals(annotations.get(MAX_REPLICAS))) {
            annotations.put(MAX_REPLICAS, String.valueOf(max));
            updated = true;
        }
        return updated;
    }

    static boolean replicasAnnotationsNeedUpdate(ReplicaSet rs, int desired, int max) {
        Map<String, String> annotations = annotations(rs);
        return !String.valueOf(desired).equals(annotations.get(DESIRED_REPLICAS))
                || !String.valueOf(max).equals(annotations.get(MAX_REPLICAS));
    }

    static Optional<Integer> intAnnotation(ReplicaSet rs, String key) {
        String value = annotations(rs).get(key);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- sizes

    static int specReplicas(List<ReplicaSet> all) {
        return all.stream().filter(java.util.Objects::nonNull).mapToInt(DeploymentUtil::replicas).sum();
    }

    static int statusReplicas(List<ReplicaSet> all) {
        return all.stream().filter(java.util.Objects::nonNull)
                .mapToInt(rs -> rs.getStatus() == null || rs.getStatus().getReplicas() == null ? 0 : rs.getStatus().getReplicas()).sum();
    }

    static int readyReplicas(List<ReplicaSet> all) {
        return all.stream().filter(java.util.Objects::nonNull)
                .mapToInt(rs -> rs.getStatus() == null || rs.getStatus().getReadyReplicas() == null ? 0 : rs.getStatus().getReadyReplicas()).sum();
    }

    static int availableReplicas(ReplicaSet rs) {
        return rs == null || rs.getStatus() == null || rs.getStatus().getAvailableReplicas() == null ? 0
                : rs.getStatus().getAvailableReplicas();
    }

    static int availableReplicas(List<ReplicaSet> all) {
        return all.stream().mapToInt(DeploymentUtil::availableReplicas).sum();
    }

    /** controller.FilterActiveReplicaSets: spec.replicas above 0. */
    static List<ReplicaSet> active(List<ReplicaSet> all) {
        return all.stream().filter(rs -> rs != null && replicas(rs) > 0).toList();
    }

    /** IsSaturated: the new ReplicaSet holds, wants and has available all the Deployment's replicas. */
    static boolean isSaturated(Deployment d, ReplicaSet rs) {
        if (rs == null) {
            return false;
        }
        Optional<Integer> desired = intAnnotation(rs, DESIRED_REPLICAS);
        return desired.isPresent() && replicas(rs) == replicas(d) && desired.get() == replicas(d)
                && availableReplicas(rs) == replicas(d);
    }

    /** NewRSNewReplicas: how far the new ReplicaSet may grow now. */
    static int newRSNewReplicas(Deployment d, List<ReplicaSet> all, ReplicaSet newRS) {
        if (isRollingUpdate(d)) {
            int maxSurge = valueFromIntOrPercent(d.getSpec().getStrategy().getRollingUpdate().getMaxSurge(), replicas(d), true);
            int current = specReplicas(all);
            int maxTotal = replicas(d) + maxSurge;
            if (current >= maxTotal) {
                return replicas(newRS);
            }
            int scaleUp = Math.min(maxTotal - current, replicas(d) - replicas(newRS));
            return replicas(newRS) + scaleUp;
        }
        return replicas(d); // Recreate
    }

    /** GetProportion (deployment_util.go): this ReplicaSet's share of a scaling during a rollout. */
    static int proportion(ReplicaSet rs, Deployment d, int toAdd, int added) {
        if (rs == null || replicas(rs) == 0 || toAdd == 0 || toAdd == added) {
            return 0;
        }
        int fraction = replicaSetFraction(rs, d);
        int allowed = toAdd - added;
        return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }

    private static int replicaSetFraction(ReplicaSet rs, Deployment d) {
        if (replicas(d) == 0) {
            return -replicas(rs);
        }
        int deploymentReplicas = replicas(d) + maxSurge(d);
        int annotated = intAnnotation(rs, MAX_REPLICAS).orElseGet(() ->
                d.getStatus() == null || d.getStatus().getReplicas() == null ? 0 : d.getStatus().getReplicas());
        double size = (double) replicas(rs) * deploymentReplicas / annotated;
        return roundToInt(size) - replicas(rs);
    }

    /** integer.RoundToInt32: Go's math.Round, half away from zero. */
    static int roundToInt(double value) {
        return (int) (Math.signum(value) * Math.floor(Math.abs(value) + 0.5));
    }

    // ---------------------------------------------------------------- orders (controller_utils.go)

    static Instant created(ReplicaSet rs) {
        String at = rs.getMetadata().getCreationTimestamp();
        return at == null ? Instant.EPOCH : Timestamps.parse(at);
    }

    /** ReplicaSetsByCreationTimestamp: older first, then by name. */
    static final Comparator<ReplicaSet> BY_CREATION = Comparator.comparing(DeploymentUtil::created)
            .thenComparing(rs -> rs.getMetadata().getName());

    /** ReplicaSetsBySizeOlder: larger first, then older first. */
    static final Comparator<ReplicaSet> BY_SIZE_OLDER = Comparator.comparing((ReplicaSet rs) -> -replicas(rs))
            .thenComparing(BY_CREATION);

    /** ReplicaSetsBySizeNewer: larger first, then newer first. */
    static final Comparator<ReplicaSet> BY_SIZE_NEWER = Comparator.comparing((ReplicaSet rs) -> -replicas(rs))
            .thenComparing(BY_CREATION.reversed());

    /** ReplicaSetsByRevision: lower revision first, then older first. */
    static final Comparator<ReplicaSet> BY_REVISION = Comparator.comparing((ReplicaSet rs) -> revision(rs).orElse(0L))
            .thenComparing(BY_CREATION);

    // ---------------------------------------------------------------- conditions

    static DeploymentCondition newCondition(String type, String status, String reason, String message, Instant now) {
        String at = Timestamps.format(now);
        return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastUpdateTime(at).withLastTransitionTime(at).build();
    }

    public static Optional<DeploymentCondition> condition(DeploymentStatus status, String type) {
        if (status == null || status.getConditions() == null) {
            return Optional.empty();
        }
        return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /**
     * SetDeploymentCondition: no change when status and reason are the same; the transition time is
     * kept when only the reason changes; the condition moves to the end of the list.
     */
    static void setCondition(DeploymentStatus status, DeploymentCondition condition) {
        Optional<DeploymentCondition> current = condition(status, condition.getType());
        if (current.isPresent() && current.get().getStatus().equals(condition.getStatus())
                && current.get().getReason().equals(condition.getReason())) {
            return;
        }
        if (current.isPresent() && current.get().getStatus().equals(condition.getStatus())) {
            condition.setLastTransitionTime(current.get().getLastTransitionTime());
        }
        removeCondition(status, condition.getType());
        List<DeploymentCondition> conditions = new ArrayList<>(status.getConditions() == null ? List.of() : status.getConditions());
        conditions.add(condition);
        status.setConditions(conditions);
    }

    static void removeCondition(DeploymentStatus status, String type) {
        if (status.getConditions() == null) {
            return;
        }
        List<DeploymentCondition> kept = new ArrayList<>(status.getConditions());
        kept.removeIf(c -> type.equals(c.getType()));
        status.setConditions(kept);
    }

    static boolean hasProgressDeadline(Deployment d) {
        Integer deadline = d.getSpec().getProgressDeadlineSeconds();
        return deadline != null && deadline != Integer.MAX_VALUE;
    }

    static boolean hasRevisionHistoryLimit(Deployment d) {
        Integer limit = d.getSpec().getRevisionHistoryLimit();
        return limit != null && limit != Integer.MAX_VALUE;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    /** DeploymentComplete: all replicas updated and available, no old ones, the generation observed. */
    static boolean deploymentComplete(Deployment d, DeploymentStatus status) {
        long observed = status.getObservedGeneration() == null ? 0 : status.getObservedGeneration();
        long generation = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
        return orZero(status.getUpdatedReplicas()) == replicas(d) && orZero(status.getReplicas()) == replicas(d)
                && orZero(status.getAvailableReplicas()) == replicas(d) && observed >= generation;
    }

    /** DeploymentProgressing: more updated, ready or available replicas, or fewer old ones, than last time. */
    static boolean deploymentProgressing(Deployment d, DeploymentStatus next) {
        DeploymentStatus old = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        int oldOld = orZero(old.getReplicas()) - orZero(old.getUpdatedReplicas());
        int newOld = orZero(next.getReplicas()) - orZero(next.getUpdatedReplicas());
        return orZero(next.getUpdatedReplicas()) > orZero(old.getUpdatedReplicas()) || newOld < oldOld
                || orZero(next.getReadyReplicas()) > orZero(old.getReadyReplicas())
                || orZero(next.getAvailableReplicas()) > orZero(old.getAvailableReplicas());
    }

    /** DeploymentTimedOut: the Progressing condition's lastUpdateTime is more than the deadline ago. */
    static boolean deploymentTimedOut(Deployment d, DeploymentStatus next, Instant now) {
        if (!hasProgressDeadline(d)) {
            return false;
        }
        Optional<DeploymentCondition> condition = condition(next, "Progressing");
        if (condition.isEmpty() || NEW_RS_AVAILABLE.equals(condition.get().getReason())) {
            return false;
        }
        if (TIMED_OUT.equals(condition.get().getReason())) {
            return true;
        }
        Instant from = Timestamps.parse(condition.get().getLastUpdateTime());
        return from.plusSeconds(d.getSpec().getProgressDeadlineSeconds()).isBefore(now);
    }
}
