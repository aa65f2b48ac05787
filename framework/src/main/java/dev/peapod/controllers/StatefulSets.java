package dev.peapod.controllers;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicy;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A StatefulSet's pods' identity and storage, and its revisions
 * (kubernetes: pkg/controller/statefulset/stateful_set_utils.go, pkg/controller/history/controller_history.go).
 */
final class StatefulSets {
    /** apps.StatefulSetPodNameLabel. */
    static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    /** apps.PodIndexLabel (PodIndexLabel gate, on by default since v1.28). */
    static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
    /** apps.StatefulSetRevisionLabel (= ControllerRevisionHashLabelKey). */
    static final String REVISION_LABEL = "controller-revision-hash";
    /** history.ControllerRevisionHashLabel, on every ControllerRevision. */
    static final String REVISION_HASH_LABEL = "controller.kubernetes.io/hash";

    /** statefulPodRegex. */
    private static final Pattern STATEFUL_POD = Pattern.compile("(.*)-([0-9]+)$");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private StatefulSets() {
    }

    // ---------------------------------------------------------------- ordinals and identity

    /** getOrdinal: the number after the last dash of the pod's name, or -1. */
    static int ordinal(Pod pod) {
        Matcher m = STATEFUL_POD.matcher(pod.getMetadata().getName());
        if (!m.matches()) {
            return -1;
        }
        try {
            return Integer.parseInt(m.group(2));
        } catch (NumberFormatException e) {
            return -1; // strconv.ParseInt(..., 10, 32) fails above MaxInt32
        }
    }

    /** getParentName: the name before the ordinal, or "". */
    static String parentName(Pod pod) {
        Matcher m = STATEFUL_POD.matcher(pod.getMetadata().getName());
        return m.matches() ? m.group(1) : "";
    }

    static boolean isMemberOf(StatefulSet set, Pod pod) {
        return parentName(pod).equals(set.getMetadata().getName());
    }

    static int startOrdinal(StatefulSet set) {
        return set.getSpec().getOrdinals() == null || set.getSpec().getOrdinals().getStart() == null
                ? 0 : set.getSpec().getOrdinals().getStart();
    }

    static int replicas(StatefulSet set) {
        return set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
    }

    /** getEndOrdinal: inclusive. */
    static int endOrdinal(StatefulSet set) {
        return startOrdinal(set) + replicas(set) - 1;
    }

    static boolean inOrdinalRange(Pod pod, StatefulSet set) {
        int ordinal = ordinal(pod);
        return ordinal >= startOrdinal(set) && ordinal <= endOrdinal(set);
    }

    static String podName(StatefulSet set, int ordinal) {
        return set.getMetadata().getName() + "-" + ordinal;
    }

    /** getPersistentVolumeClaimName: {@code <template>-<set>-<ordinal>}. */
    static String claimName(StatefulSet set, PersistentVolumeClaim template, int ordinal) {
        return template.getMetadata().getName() + "-" + set.getMetadata().getName() + "-" + ordinal;
    }

    /** identityMatches. */
    static boolean identityMatches(StatefulSet set, Pod pod) {
        int ordinal = ordinal(pod);
        return ordinal >= 0 && set.getMetadata().getName().equals(parentName(pod))
                && pod.getMetadata().getName().equals(podName(set, ordinal))
                && Objects.equals(pod.getMetadata().getNamespace(), set.getMetadata().getNamespace())
                && pod.getMetadata().getName().equals(labels(pod).get(POD_NAME_LABEL));
    }

    /** storageMatches: a volume per claim template, naming this ordinal's claim. */
    static boolean storageMatches(StatefulSet set, Pod pod) {
        int ordinal = ordinal(pod);
        if (ordinal < 0) {
            return false;
        }
        Map<String, Volume> volumes = new LinkedHashMap<>();
        for (Volume v : nullToEmpty(pod.getSpec().getVolumes())) {
            volumes.put(v.getName(), v);
        }
        for (PersistentVolumeClaim template : claimTemplates(set)) {
            Volume v = volumes.get(template.getMetadata().getName());
            if (v == null || v.getPersistentVolumeClaim() == null
                    || !claimName(set, template, ordinal).equals(v.getPersistentVolumeClaim().getClaimName())) {
                return false;
            }
        }
        return true;
    }

    /** updateIdentity: name, namespace, the pod-name label and the pod-index label. */
    static void updateIdentity(StatefulSet set, Pod pod) {
        int ordinal = ordinal(pod);
        pod.getMetadata().setName(podName(set, ordinal));
        pod.getMetadata().setNamespace(set.getMetadata().getNamespace());
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(pod.getMetadata().getLabels());
        labels.put(POD_NAME_LABEL, pod.getMetadata().getName());
        labels.put(POD_INDEX_LABEL, Integer.toString(ordinal));
        pod.getMetadata().setLabels(labels);
    }

    /**
     * updateStorage: a volume per claim template naming the ordinal's claim, replacing a template's
     * volume of the same name, then the pod's other volumes. Upstream ranges over a Go map, so its
     * claim volumes come in no fixed order; here they come in template order.
     */
    static void updateStorage(StatefulSet set, Pod pod) {
        Map<String, PersistentVolumeClaim> claims = claims(set, pod);
        List<Volume> volumes = new ArrayList<>();
        claims.forEach((name, claim) -> volumes.add(new VolumeBuilder().withName(name)
                .withNewPersistentVolumeClaim().withClaimName(claim.getMetadata().getName()).withReadOnly(false).endPersistentVolumeClaim()
                .build()));
        for (Volume v : nullToEmpty(pod.getSpec().getVolumes())) {
            if (!claims.containsKey(v.getName())) {
                volumes.add(v);
            }
        }
        pod.getSpec().setVolumes(volumes);
    }

    /**
     * getPersistentVolumeClaims: template name → the claim of the pod's ordinal, in the set's
     * namespace, with the template's labels plus the selector's matchLabels.
     */
    static Map<String, PersistentVolumeClaim> claims(StatefulSet set, Pod pod) {
        int ordinal = ordinal(pod);
        Map<String, PersistentVolumeClaim> claims = new LinkedHashMap<>();
        Map<String, String> matchLabels = set.getSpec().getSelector() == null || set.getSpec().getSelector().getMatchLabels() == null
                ? Map.of() : set.getSpec().getSelector().getMatchLabels();
        for (PersistentVolumeClaim template : claimTemplates(set)) {
            PersistentVolumeClaim claim = dev.peapod.store.Copies.copy(template);
            ObjectMeta meta = claim.getMetadata();
            meta.setName(claimName(set, template, ordinal));
            meta.setNamespace(set.getMetadata().getNamespace());
            Map<String, String> labels = meta.getLabels() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta.getLabels());
            labels.putAll(matchLabels);
            meta.setLabels(labels);
            claim.setStatus(null);
            claims.put(template.getMetadata().getName(), claim);
        }
        return claims;
    }

    static List<PersistentVolumeClaim> claimTemplates(StatefulSet set) {
        return nullToEmpty(set.getSpec().getVolumeClaimTemplates());
    }

    /** newStatefulSetPod: from the template, named and labelled for the ordinal, hostname and subdomain set, with its claims. */
    static Pod newPod(StatefulSet set, int ordinal) {
        Pod pod = PodControl.podFromTemplate(set.getSpec().getTemplate(), set, ControllerRefs.newControllerRef(set));
        pod.getMetadata().setGenerateName(null);
        pod.getMetadata().setName(podName(set, ordinal));
        updateIdentity(set, pod); // initIdentity
        pod.getSpec().setHostname(pod.getMetadata().getName());
        pod.getSpec().setSubdomain(set.getSpec().getServiceName());
        updateStorage(set, pod);
        return pod;
    }

    /**
     * newVersionedStatefulSetPod: below the partition (RollingUpdate) the pod is made from the
     * current revision, otherwise from the update revision; labelled with that revision.
     */
    static Pod newVersionedPod(StatefulSet currentSet, StatefulSet updateSet, String currentRevision, String updateRevision,
                               int ordinal, int currentReplicas) {
        var strategy = currentSet.getSpec().getUpdateStrategy();
        boolean rolling = strategy != null && "RollingUpdate".equals(strategy.getType());
        var rollingUpdate = strategy == null ? null : strategy.getRollingUpdate();
        // upstream's condition is (rolling && rollingUpdate == nil && ordinal < start + currentReplicas) ||
        // (rollingUpdate != nil && ordinal < start + partition): Go's && binds tighter than ||
        boolean current = (rolling && rollingUpdate == null && ordinal < startOrdinal(currentSet) + currentReplicas)
                || (rollingUpdate != null && ordinal < startOrdinal(currentSet) + partition(currentSet));
        Pod pod = newPod(current ? currentSet : updateSet, ordinal);
        pod.getMetadata().getLabels().put(REVISION_LABEL, current ? currentRevision : updateRevision);
        return pod;
    }

    static int partition(StatefulSet set) {
        var strategy = set.getSpec().getUpdateStrategy();
        return strategy == null || strategy.getRollingUpdate() == null || strategy.getRollingUpdate().getPartition() == null
                ? 0 : strategy.getRollingUpdate().getPartition();
    }

    static String revision(Pod pod) {
        return labels(pod).getOrDefault(REVISION_LABEL, "");
    }

    static boolean isParallel(StatefulSet set) {
        return "Parallel".equals(set.getSpec().getPodManagementPolicy());
    }

    static StatefulSetPersistentVolumeClaimRetentionPolicy retentionPolicy(StatefulSet set) {
        var policy = set.getSpec().getPersistentVolumeClaimRetentionPolicy();
        String deleted = policy == null || policy.getWhenDeleted() == null ? "Retain" : policy.getWhenDeleted();
        String scaled = policy == null || policy.getWhenScaled() == null ? "Retain" : policy.getWhenScaled();
        return new StatefulSetPersistentVolumeClaimRetentionPolicy(deleted, scaled);
    }

    // ---------------------------------------------------------------- pod phase predicates

    static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "" : pod.getStatus().getPhase();
    }

    /** isCreated: the API server gave it a phase. */
    static boolean isCreated(Pod pod) {
        return !phase(pod).isEmpty();
    }

    static boolean isRunningAndReady(Pod pod) {
        return "Running".equals(phase(pod)) && Pods.isReady(pod);
    }

    /**
     * isRunningAndAvailable: upstream's is podutil.IsPodAvailable alone (the phase is not looked at
     * again), so is this.
     */
    static boolean isRunningAndAvailable(Pod pod, int minReadySeconds, java.time.Instant now) {
        return Pods.isAvailable(pod, minReadySeconds, now);
    }

    static boolean isHealthy(Pod pod) {
        return isRunningAndReady(pod) && !Pods.isTerminating(pod);
    }

    // ---------------------------------------------------------------- revisions

    /**
     * getPatch: {@code {"spec":{"template":{...,"$patch":"replace"}}}}, the template as JSON with
     * every object's keys sorted (Go's json.Marshal of the maps upstream builds).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> patch(StatefulSet set) {
        Map<String, Object> template = SERIALIZATION.convertValue(set.getSpec().getTemplate(), LinkedHashMap.class);
        template.put("$patch", "replace");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("template", template);
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("spec", spec);
        return patch;
    }

    /**
     * The data as Go's json.Marshal writes maps: keys sorted at every level, no spaces, and
     * {@code <}, {@code >} and {@code &} escaped as {@code \u003c}, {@code \u003e}, {@code \u0026}.
     */
    static String json(Object data) {
        return dev.peapod.core.GoJsonText.marshal(data);
    }

    /**
     * history.HashControllerRevision: FNV-1 (32 bits) of the data's JSON and of the collision count
     * in base 32, its decimal value in rand.SafeEncodeString's alphabet. The JSON is Peapod's
     * rendering of the template, not byte for byte Go's, so a name is stable across runs but not
     * the one a real cluster would give the same template.
     */
    static String hash(Object data, int collisionCount) {
        int h = 0x811c9dc5;
        for (byte b : json(data).getBytes(StandardCharsets.UTF_8)) {
            h *= 0x01000193;
            h ^= (b & 0xff);
        }
        for (byte b : Integer.toString(collisionCount, 32).getBytes(StandardCharsets.US_ASCII)) {
            h *= 0x01000193;
            h ^= (b & 0xff);
        }
        return safeEncode(Long.toString(Integer.toUnsignedLong(h)));
    }

    /** apimachinery/pkg/util/rand SafeEncodeString: each byte's value modulo the 27 safe characters. */
    static String safeEncode(String s) {
        String alphanums = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(alphanums.charAt(c % alphanums.length()));
        }
        return out.toString();
    }

    /** newRevision (history.NewControllerRevision): named {@code <set>-<hash>}, labelled with the template's labels and the hash. */
    static ControllerRevision newRevision(StatefulSet set, long revision, int collisionCount) {
        Map<String, Object> data = patch(set);
        String hash = hash(data, collisionCount);
        Map<String, String> labels = set.getSpec().getTemplate().getMetadata() == null
                || set.getSpec().getTemplate().getMetadata().getLabels() == null
                ? new LinkedHashMap<>() : new LinkedHashMap<>(set.getSpec().getTemplate().getMetadata().getLabels());
        labels.put(REVISION_HASH_LABEL, hash);
        Map<String, String> annotations = set.getMetadata().getAnnotations() == null ? null
                : new LinkedHashMap<>(set.getMetadata().getAnnotations());
        String prefix = set.getMetadata().getName();
        if (prefix.length() > 223) {
            prefix = prefix.substring(0, 223); // ControllerRevisionName keeps the name within 253
        }
        ControllerRevision cr = new ControllerRevision();
        cr.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName(prefix + "-" + hash)
                .withNamespace(set.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(annotations)
                .withOwnerReferences(new ArrayList<>(List.of(ControllerRefs.newControllerRef(set))))
                .build());
        cr.setData(data);
        cr.setRevision(revision);
        return cr;
    }

    /** history.EqualRevision: the same data (hash labels are compared first upstream; the data decides). */
    static boolean equalRevision(ControllerRevision a, ControllerRevision b) {
        return json(a.getData()).equals(json(b.getData()));
    }

    /** ApplyRevision: the set with the revision's template. */
    static StatefulSet applyRevision(StatefulSet set, ControllerRevision revision) {
        StatefulSet restored = dev.peapod.store.Copies.copy(set);
        Object spec = ((Map<?, ?>) revision.getData()).get("spec");
        Map<?, ?> template = new LinkedHashMap<>((Map<?, ?>) ((Map<?, ?>) spec).get("template"));
        template.remove("$patch");
        restored.getSpec().setTemplate(SERIALIZATION.convertValue(template, PodTemplateSpec.class));
        return restored;
    }

    /** Whether the claim has an owner reference to the object (by uid). */
    static boolean hasOwnerRef(io.fabric8.kubernetes.api.model.HasMetadata target, io.fabric8.kubernetes.api.model.HasMetadata owner) {
        String uid = owner.getMetadata().getUid();
        return target.getMetadata().getOwnerReferences() != null
                && target.getMetadata().getOwnerReferences().stream().anyMatch(r -> Objects.equals(r.getUid(), uid));
    }

    static List<OwnerReference> ownerRefs(io.fabric8.kubernetes.api.model.HasMetadata target) {
        return target.getMetadata().getOwnerReferences() == null ? new ArrayList<>() : new ArrayList<>(target.getMetadata().getOwnerReferences());
    }

    static Map<String, String> labels(Pod pod) {
        return pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
