package dev.peapod.controllers;

import io.fabric8.kubernetes.client.utils.Serialization;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A DaemonSet's ControllerRevisions (pkg/controller/daemon/update.go snapshot, getPatch, Match;
 * pkg/controller/controller_utils.go ComputeHash): each revision holds the template as the patch
 * {@code {"spec":{"template":{..., "$patch":"replace"}}}}, is named {@code <ds>-<hash>}, and carries
 * the hash as its {@code controller-revision-hash} label, which the pods of that revision carry too.
 */
final class DaemonSetHistory {
    /** Keys in sorted order, as Go's encoding/json writes a map. */
    private static final ObjectMapper JSON = Serialization.jsonMapper().rebuild()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
    /** k8s.io/apimachinery/pkg/util/rand alphanums: no vowels, no 0, 1, 3, so no words. */
    private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

    private DaemonSetHistory() {
    }

    /**
     * ComputeHash: FNV-32a over the template and the collision count (little-endian, 8 bytes), its
     * decimal digits mapped by SafeEncodeString. Upstream hashes the Go struct as spew prints it
     * (hashutil.DeepHashObject); Peapod hashes the template's JSON with sorted keys, so the hash is
     * as stable and as sensitive to template changes, but its value differs from a real cluster's.
     */
    static String computeHash(PodTemplateSpec template, Integer collisionCount) {
        int hash = 0x811c9dc5;
        for (byte b : canonicalJson(template).getBytes(StandardCharsets.UTF_8)) {
            hash = fnv(hash, b);
        }
        if (collisionCount != null) {
            int count = collisionCount;
            byte[] bytes = {(byte) count, (byte) (count >>> 8), (byte) (count >>> 16), (byte) (count >>> 24), 0, 0, 0, 0};
            for (byte b : bytes) {
                hash = fnv(hash, b);
            }
        }
        return safeEncode(Integer.toUnsignedString(hash));
    }

    private static int fnv(int hash, byte b) {
        return (hash ^ (b & 0xff)) * 0x01000193;
    }

    /** rand.SafeEncodeString. */
    static String safeEncode(String text) {
        StringBuilder encoded = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            encoded.append(ALPHANUMS.charAt(text.charAt(i) % ALPHANUMS.length()));
        }
        return encoded.toString();
    }

    /** getPatch: the revision's data for the DaemonSet's current template. */
    static Map<String, Object> patch(DaemonSet ds) {
        Map<String, Object> template = new TreeMap<>(JSON.convertValue(ds.getSpec().getTemplate(), TreeMap.class));
        template.put("$patch", "replace");
        return new LinkedHashMap<>(Map.of("spec", new LinkedHashMap<>(Map.of("template", template))));
    }

    /** Match: the revision holds the DaemonSet's current template. */
    static boolean matches(DaemonSet ds, ControllerRevision revision) {
        if (revision.getData() == null) {
            return false;
        }
        JsonNode stored = JSON.valueToTree(revision.getData());
        return stored.equals(JSON.valueToTree(patch(ds)));
    }

    /** snapshot: the revision to create for the DaemonSet's current template. */
    static ControllerRevision snapshot(DaemonSet ds, long revision, String hash) {
        ObjectMeta meta = new ObjectMeta();
        meta.setName(ds.getMetadata().getName() + "-" + hash);
        meta.setNamespace(ds.getMetadata().getNamespace());
        Map<String, String> labels = new LinkedHashMap<>();
        ObjectMeta templateMeta = ds.getSpec().getTemplate().getMetadata();
        if (templateMeta != null && templateMeta.getLabels() != null) {
            labels.putAll(templateMeta.getLabels());
        }
        labels.put(DaemonSetPredicates.HASH_LABEL, hash);
        meta.setLabels(labels);
        meta.setAnnotations(ds.getMetadata().getAnnotations() == null ? null : new LinkedHashMap<>(ds.getMetadata().getAnnotations()));
        meta.setOwnerReferences(new java.util.ArrayList<>(java.util.List.of(ControllerRefs.newControllerRef(ds))));
        ControllerRevision history = new ControllerRevision();
        history.setApiVersion("apps/v1");
        history.setKind("ControllerRevision");
        history.setMetadata(meta);
        history.setData(patch(ds));
        history.setRevision(revision);
        return history;
    }

    private static String canonicalJson(Object value) {
        return JSON.writeValueAsString(JSON.convertValue(value, TreeMap.class));
    }
}
