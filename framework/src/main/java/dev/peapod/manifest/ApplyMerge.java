package dev.peapod.manifest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The object {@code kubectl apply} asks the API server to store when the object exists: the
 * manifest's fields over the live object's. Maps merge key by key; lists of objects merge element by
 * element on the key strategic merge patch uses for them ({@code name} for containers, volumes, env
 * and ports with names, {@code mountPath} for volume mounts, {@code containerPort} for ports); other
 * lists of objects the manifest leaves as they are live are kept (the tolerations admission added);
 * any other list and every scalar is the manifest's.
 *
 * <p>Where Peapod differs: kubectl also keeps the last applied manifest in an annotation and deletes
 * what a newer manifest no longer has (a three-way merge). Peapod keeps no such annotation, so a field
 * or list item removed from the manifest stays on the object.
 */
final class ApplyMerge {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    /**
     * The patchMergeKey tags of k8s.io/api/core/v1/types.go for lists whose elements also have a
     * {@code name} that is not their key: volume mounts may mount one volume twice (subPath), container
     * ports are keyed by number, Service ports by port.
     */
    private static final Map<String, List<String>> FIELD_KEYS = Map.of(
            "volumeMounts", List.of("mountPath"),
            "volumeDevices", List.of("devicePath"),
            "ports", List.of("containerPort", "port"));
    /** The other lists' keys (containers, volumes, env: name; conditions: type; hostAliases: ip), tried in order. */
    private static final List<String> MERGE_KEYS = List.of("name", "type", "ip");

    private ApplyMerge() {
    }

    /** {@code manifest}'s fields over {@code live}'s; neither argument is changed. */
    @SuppressWarnings("unchecked")
    static <T extends HasMetadata> T merge(T live, HasMetadata manifest) {
        Map<String, Object> liveTree = JSON.convertValue(live, Map.class);
        Map<String, Object> patch = new LinkedHashMap<>(JSON.convertValue(manifest, Map.class));
        patch.remove("status"); // the status subresource is not apply's to change
        Map<String, Object> merged = (Map<String, Object>) merge(liveTree, patch);
        Object metadata = merged.get("metadata");
        if (metadata instanceof Map<?, ?> meta) {
            ((Map<String, Object>) meta).remove("resourceVersion"); // an unconditional update, as kubectl's patch
        }
        return (T) JSON.convertValue(merged, live.getClass());
    }

    private static Object merge(Object live, Object patch) {
        return merge(null, live, patch);
    }

    /** {@code field}: the name the two values have in their object, which decides a list's merge key. */
    @SuppressWarnings("unchecked")
    private static Object merge(String field, Object live, Object patch) {
        if (live instanceof Map<?, ?> liveMap && patch instanceof Map<?, ?> patchMap) {
            Map<String, Object> result = new LinkedHashMap<>((Map<String, Object>) liveMap);
            patchMap.forEach((key, value) -> result.put((String) key, merge((String) key, liveMap.get(key), value)));
            return result;
        }
        if (live instanceof List<?> liveList && patch instanceof List<?> patchList && allMaps(liveList) && allMaps(patchList)) {
            String key = mergeKey(FIELD_KEYS.getOrDefault(field, MERGE_KEYS), liveList, patchList);
            return key != null ? mergeByKey(liveList, patchList, key) : keepIfContained(liveList, patchList);
        }
        return patch;
    }

    /** Each manifest element merged into the live element with the same key; new ones appended. */
    private static List<Object> mergeByKey(List<?> live, List<?> patch, String key) {
        List<Object> result = new ArrayList<>(live);
        for (Object element : patch) {
            Object id = ((Map<?, ?>) element).get(key);
            int at = indexOf(result, key, id);
            if (at < 0) {
                result.add(element);
            } else {
                result.set(at, merge(result.get(at), element));
            }
        }
        return result;
    }

    /** A keyless list the manifest does not change (each of its elements is already live) stays as it is live. */
    private static List<?> keepIfContained(List<?> live, List<?> patch) {
        for (Object element : patch) {
            if (live.stream().noneMatch(l -> merge(l, element).equals(l))) {
                return patch;
            }
        }
        return live;
    }

    private static String mergeKey(List<String> keys, List<?> live, List<?> patch) {
        for (String key : keys) {
            if (allHave(live, key) && allHave(patch, key) && !(live.isEmpty() && patch.isEmpty())) {
                return key;
            }
        }
        return null;
    }

    private static int indexOf(List<Object> list, String key, Object id) {
        for (int i = 0; i < list.size(); i++) {
            if (Objects.equals(((Map<?, ?>) list.get(i)).get(key), id)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean allMaps(List<?> list) {
        return list.stream().allMatch(e -> e instanceof Map);
    }

    private static boolean allHave(List<?> list, String key) {
        return list.stream().allMatch(e -> ((Map<?, ?>) e).get(key) != null);
    }
}
