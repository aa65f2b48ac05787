package dev.peapod.cucumber;

import dev.peapod.apiserver.patch.PatchSchema;
import dev.peapod.core.PeapodException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The patch kubectl v1.20's client-side apply sends for a built-in kind: a three-way strategic merge patch
 * (apimachinery v0.20.2: pkg/util/strategicpatch/patch.go, CreateThreeWayMergePatch with overwrite). The delta from
 * the live object to the manifest, without deletions, merged onto the deletions from the last applied manifest to
 * this one; lists with a merge key are diffed element by element, with {@code $setElementOrder/} lists, {@code $patch:
 * delete} elements and {@code $deleteFromPrimitiveList/} lists; {@code retainKeys} fields get {@code $retainKeys}.
 * The field tags come from the API server's patch schema (upstream v1.33's struct tags).
 */
final class StrategicThreeWay {
    private static final String SET_ELEMENT_ORDER = "$setElementOrder";
    private static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";
    private static final String RETAIN_KEYS = "$retainKeys";
    private static final String DIRECTIVE = "$patch";

    /** Which differences a diff keeps. */
    private record Options(boolean ignoreDeletions, boolean ignoreChangesAndAdditions, boolean buildRetainKeys) {
        Options retainKeys(boolean retain) {
            return new Options(ignoreDeletions, ignoreChangesAndAdditions, retain);
        }
    }

    private StrategicThreeWay() {
    }

    /** The patch; empty when the live object already holds the manifest and nothing applied before was dropped. */
    static Map<String, Object> patch(Map<String, Object> original, Map<String, Object> modified, Map<String, Object> current,
                                     PatchSchema schema) {
        Map<String, Object> delta = diffMaps(current, modified, schema, new Options(true, false, false));
        Map<String, Object> deletions = diffMaps(original, modified, schema, new Options(false, true, false));
        return mergeMap(deletions, delta, schema);
    }

    // ------------------------------------------------------------------ diff

    private static Map<String, Object> diffMaps(Map<String, Object> original, Map<String, Object> modified, PatchSchema schema,
                                                Options options) {
        Map<String, Object> patch = new LinkedHashMap<>();
        List<Object> retainKeys = new ArrayList<>();
        for (Map.Entry<String, Object> entry : modified.entrySet()) {
            String key = entry.getKey();
            Object modifiedValue = entry.getValue();
            if (options.buildRetainKeys() && modifiedValue != null) {
                retainKeys.add(key);
            }
            if (!original.containsKey(key)) {
                if (!options.ignoreChangesAndAdditions()) {
                    patch.put(key, modifiedValue);
                }
                continue;
            }
            Object originalValue = original.get(key);
            if (key.equals(DIRECTIVE)) {
                throw new PeapodException("a manifest with a $patch directive cannot be applied by Peapod's kubectl steps");
            }
            if (!sameType(originalValue, modifiedValue)) {
                if (!options.ignoreChangesAndAdditions()) {
                    patch.put(key, modifiedValue);
                }
                continue;
            }
            if (originalValue instanceof Map<?, ?> o) {
                mapDiff(key, KubectlHttp.map(o), KubectlHttp.map(modifiedValue), patch, schema, options);
            } else if (originalValue instanceof List<?> o) {
                sliceDiff(key, KubectlHttp.list(o), KubectlHttp.list(modifiedValue), patch, schema, options);
            } else if (!options.ignoreChangesAndAdditions() && !deepEqual(originalValue, modifiedValue)) {
                patch.put(key, modifiedValue);
            }
        }
        if (!options.ignoreDeletions()) {
            for (String key : original.keySet()) {
                if (!modified.containsKey(key)) {
                    patch.put(key, null);
                }
            }
        }
        if (!retainKeys.isEmpty() && (!patch.isEmpty() || original.entrySet().stream()
                .anyMatch(e -> e.getValue() != null && !modified.containsKey(e.getKey())))) {
            patch.put(RETAIN_KEYS, sortScalars(retainKeys));
        }
        return patch;
    }

    private static void mapDiff(String key, Map<String, Object> original, Map<String, Object> modified,
                                Map<String, Object> patch, PatchSchema schema, Options options) {
        List<String> strategies = schema.strategiesOf(key);
        Options inner = options.retainKeys(strategies.contains("retainKeys"));
        if (strategies.contains("replace")) {
            if (!options.ignoreChangesAndAdditions()) {
                patch.put(key, modified);
            }
            return;
        }
        Map<String, Object> value = diffMaps(original, modified, schema.schemaOf(key), inner);
        if (!value.isEmpty()) {
            patch.put(key, value);
        }
    }

    private static void sliceDiff(String key, List<Object> original, List<Object> modified, Map<String, Object> patch,
                                  PatchSchema schema, Options options) {
        List<String> strategies = schema.strategiesOf(key);
        if (!strategies.contains("merge")) {
            if (!options.ignoreChangesAndAdditions() && !deepEqual(original, modified)) {
                patch.put(key, modified);
            }
            return;
        }
        Options inner = options.retainKeys(strategies.contains("retainKeys"));
        String mergeKey = schema.mergeKeyOf(key);
        PatchSchema elements = schema.schemaOf(key);
        List<Object> addList;
        List<Object> deleteList = List.of();
        List<Object> setOrder = List.of();
        boolean maps = original.stream().anyMatch(v -> v instanceof Map<?, ?>) || modified.stream().anyMatch(v -> v instanceof Map<?, ?>);
        if (maps) {
            List<List<Object>> lists = diffListsOfMaps(original, modified, elements, mergeKey, inner);
            addList = normalizeSliceOrder(lists.get(0), modified, mergeKey, true);
            boolean orderSame = isOrderSame(original, modified, mergeKey);
            addList.addAll(lists.get(1));
            if ((!options.ignoreChangesAndAdditions() && (!addList.isEmpty() || !orderSame))
                    || (!options.ignoreDeletions() && !addList.isEmpty())) {
                List<Object> order = new ArrayList<>();
                for (Object item : modified) {
                    Map<String, Object> only = new LinkedHashMap<>();
                    only.put(mergeKey, KubectlHttp.map(item).get(mergeKey));
                    order.add(only);
                }
                setOrder = order;
            }
        } else {
            List<List<Object>> lists = diffListsOfScalars(original, modified, options);
            addList = normalizeSliceOrder(lists.get(0), modified, mergeKey, false);
            deleteList = lists.get(1);
            if ((!options.ignoreDeletions() && !deleteList.isEmpty())
                    || (!options.ignoreChangesAndAdditions() && !deepEqual(original, modified))) {
                setOrder = modified;
            }
        }
        if (!addList.isEmpty()) {
            patch.put(key, addList);
        }
        if (!deleteList.isEmpty()) {
            patch.put(DELETE_FROM_PRIMITIVE_LIST + "/" + key, deleteList);
        }
        if (!setOrder.isEmpty()) {
            patch.put(SET_ELEMENT_ORDER + "/" + key, setOrder);
        }
    }

    /** The changed or added elements, and the delete directives, walking both lists sorted by merge key. */
    private static List<List<Object>> diffListsOfMaps(List<Object> original, List<Object> modified, PatchSchema schema,
                                                      String mergeKey, Options options) {
        List<Object> patch = new ArrayList<>();
        List<Object> deletions = new ArrayList<>();
        List<Object> originalSorted = sortByMergeKey(original, mergeKey);
        List<Object> modifiedSorted = sortByMergeKey(modified, mergeKey);
        int o = 0;
        int m = 0;
        while (o < originalSorted.size() || m < modifiedSorted.size()) {
            boolean originalIn = o < originalSorted.size();
            boolean modifiedIn = m < modifiedSorted.size();
            Map<String, Object> originalElement = originalIn ? KubectlHttp.map(originalSorted.get(o)) : null;
            Map<String, Object> modifiedElement = modifiedIn ? KubectlHttp.map(modifiedSorted.get(m)) : null;
            String originalKey = originalIn ? keyString(originalElement, mergeKey) : null;
            String modifiedKey = modifiedIn ? keyString(modifiedElement, mergeKey) : null;
            if (originalIn && modifiedIn && originalKey.equals(modifiedKey)) {
                Map<String, Object> value = diffMaps(originalElement, modifiedElement, schema, options);
                if (!value.isEmpty()) {
                    value.put(mergeKey, modifiedElement.get(mergeKey));
                    patch.add(value);
                }
                o++;
                m++;
            } else if (!originalIn || (modifiedIn && originalKey.compareTo(modifiedKey) > 0)) {
                if (!options.ignoreChangesAndAdditions()) {
                    patch.add(modifiedElement);
                }
                m++;
            } else {
                if (!options.ignoreDeletions()) {
                    Map<String, Object> delete = new LinkedHashMap<>();
                    delete.put(DIRECTIVE, "delete");
                    delete.put(mergeKey, originalElement.get(mergeKey));
                    deletions.add(delete);
                }
                o++;
            }
        }
        return List.of(patch, deletions);
    }

    private static List<List<Object>> diffListsOfScalars(List<Object> original, List<Object> modified, Options options) {
        List<Object> originalSorted = sortScalars(original);
        List<Object> modifiedSorted = sortScalars(modified);
        List<Object> added = new ArrayList<>();
        List<Object> deleted = new ArrayList<>();
        int o = 0;
        int m = 0;
        while (o < originalSorted.size() || m < modifiedSorted.size()) {
            boolean originalIn = o < originalSorted.size();
            boolean modifiedIn = m < modifiedSorted.size();
            String originalString = originalIn ? goString(originalSorted.get(o)) : null;
            String modifiedString = modifiedIn ? goString(modifiedSorted.get(m)) : null;
            if (originalIn && modifiedIn && originalString.equals(modifiedString)) {
                o++;
                m++;
            } else if (originalIn && (!modifiedIn || originalString.compareTo(modifiedString) < 0)) {
                if (!options.ignoreDeletions()) {
                    deleted.add(originalSorted.get(o));
                }
                o++;
            } else {
                if (!options.ignoreChangesAndAdditions()) {
                    added.add(modifiedSorted.get(m));
                }
                m++;
            }
        }
        return List.of(added, deduplicate(deleted));
    }

    // ------------------------------------------------------------------ merge (the delta onto the deletions)

    private static Map<String, Object> mergeMap(Map<String, Object> original, Map<String, Object> patch, PatchSchema schema) {
        if (patch.containsKey(DIRECTIVE)) {
            throw new PeapodException("a manifest with a $patch directive cannot be applied by Peapod's kubectl steps");
        }
        Map<String, Object> merged = new LinkedHashMap<>(original);
        Map<String, Object> rest = new LinkedHashMap<>(patch);
        if (rest.containsKey(RETAIN_KEYS)) { // applyRetainKeysDirective without MergeParallelList
            Object keys = rest.remove(RETAIN_KEYS);
            if (merged.containsKey(RETAIN_KEYS) && !deepEqual(merged.get(RETAIN_KEYS), keys)) {
                throw new PeapodException("kubectl's three-way patch: " + merged.get(RETAIN_KEYS) + " and " + keys
                        + " are not deep equal");
            }
            merged.put(RETAIN_KEYS, keys);
        }
        mergeSetElementOrder(merged, rest, schema);
        for (Map.Entry<String, Object> entry : rest.entrySet()) {
            String key = entry.getKey();
            Object patchValue = entry.getValue();
            if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST + "/")) {
                merged.put(key, patchValue);
                continue;
            }
            if (patchValue == null) {
                merged.remove(key);
            }
            if (!merged.containsKey(key) || !sameType(merged.get(key), patchValue)) {
                merged.put(key, patchValue);
                continue;
            }
            Object originalValue = merged.get(key);
            if (originalValue instanceof Map<?, ?> o) {
                merged.put(key, schema.strategiesOf(key).contains("replace") ? patchValue
                        : mergeMap(KubectlHttp.map(o), KubectlHttp.map(patchValue), schema.schemaOf(key)));
            } else if (originalValue instanceof List<?> o) {
                merged.put(key, schema.strategiesOf(key).contains("merge")
                        ? mergeSlice(KubectlHttp.list(o), KubectlHttp.list(patchValue), schema.schemaOf(key), schema.mergeKeyOf(key))
                        : patchValue);
            } else {
                merged.put(key, patchValue);
            }
        }
        return merged;
    }

    /** mergePatchIntoOriginal: each list with a {@code $setElementOrder} in the patch, merged and put in that order. */
    private static void mergeSetElementOrder(Map<String, Object> original, Map<String, Object> patch, PatchSchema schema) {
        for (String key : new ArrayList<>(patch.keySet())) {
            if (!key.startsWith(SET_ELEMENT_ORDER + "/")) {
                continue;
            }
            List<Object> order = KubectlHttp.list(patch.remove(key));
            if (original.containsKey(key) && !deepEqual(original.get(key), order)) {
                throw new PeapodException("kubectl's three-way patch: the $setElementOrder lists of " + key + " differ");
            }
            original.put(key, order);
            String field = key.substring(SET_ELEMENT_ORDER.length() + 1);
            boolean inOriginal = original.containsKey(field);
            boolean inPatch = patch.containsKey(field);
            if (!inOriginal && !inPatch) {
                continue;
            }
            List<Object> originalList = inOriginal ? KubectlHttp.list(original.get(field)) : List.of();
            List<Object> patchList = inPatch ? KubectlHttp.list(patch.get(field)) : List.of();
            String mergeKey = schema.mergeKeyOf(field);
            List<Object> merged = !inPatch ? originalList : !inOriginal ? patchList
                    : schema.strategiesOf(field).contains("merge") ? mergeSlice(originalList, patchList, schema.schemaOf(field), mergeKey)
                    : patchList;
            boolean maps = merged.stream().anyMatch(v -> v instanceof Map<?, ?>);
            List<Object> inOrder = new ArrayList<>();
            List<Object> serverOnly = new ArrayList<>();
            for (Object item : merged) {
                (index(order, item, mergeKey, maps) >= 0 ? inOrder : serverOnly).add(item);
            }
            original.put(field, normalizeElementOrder(inOrder, serverOnly, order, originalList, mergeKey, maps));
            patch.remove(field);
        }
    }

    private static List<Object> mergeSlice(List<Object> original, List<Object> patch, PatchSchema schema, String mergeKey) {
        if (original.isEmpty() && patch.isEmpty()) {
            return original;
        }
        boolean maps = original.stream().anyMatch(v -> v instanceof Map<?, ?>) || patch.stream().anyMatch(v -> v instanceof Map<?, ?>);
        List<Object> merged;
        if (!maps) {
            List<Object> both = new ArrayList<>(original);
            both.addAll(patch);
            merged = deduplicate(both);
        } else {
            if (mergeKey.isEmpty()) {
                throw new PeapodException("kubectl's three-way patch: cannot merge lists without merge key for " + schema);
            }
            if (patch.stream().anyMatch(v -> KubectlHttp.map(v).containsKey(DIRECTIVE))) {
                throw new PeapodException("a manifest with a $patch directive cannot be applied by Peapod's kubectl steps");
            }
            merged = new ArrayList<>(original);
            for (Object value : patch) {
                Map<String, Object> element = KubectlHttp.map(value);
                int at = -1;
                for (int i = 0; i < merged.size(); i++) {
                    if (deepEqual(KubectlHttp.map(merged.get(i)).get(mergeKey), element.get(mergeKey))) {
                        at = i;
                        break;
                    }
                }
                if (at >= 0) {
                    merged.set(at, mergeMap(KubectlHttp.map(merged.get(at)), element, schema));
                } else {
                    merged.add(value);
                }
            }
        }
        List<Object> patchItems = new ArrayList<>();
        List<Object> serverOnly = new ArrayList<>();
        for (Object item : merged) {
            (index(patch, item, mergeKey, maps) >= 0 ? patchItems : serverOnly).add(item);
        }
        return normalizeElementOrder(patchItems, serverOnly, patch, original, mergeKey, maps);
    }

    private static List<Object> normalizeElementOrder(List<Object> patch, List<Object> serverOnly, List<Object> patchOrder,
                                                      List<Object> serverOrder, String mergeKey, boolean maps) {
        List<Object> left = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, maps);
        List<Object> right = normalizeSliceOrder(patch, patchOrder, mergeKey, maps);
        List<Object> all = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < left.size() || j < right.size()) {
            if (i >= left.size()) {
                all.add(right.get(j++));
            } else if (j >= right.size()) {
                all.add(left.get(i++));
            } else {
                int li = index(serverOrder, left.get(i), mergeKey, maps);
                int ri = index(serverOrder, right.get(j), mergeKey, maps);
                if (li >= 0 && ri >= 0 && li < ri) {
                    all.add(left.get(i++));
                } else {
                    all.add(right.get(j++));
                }
            }
        }
        return all;
    }

    /** Stable sort into the order of {@code order} (unknown items keep their place); delete directives go last. */
    private static List<Object> normalizeSliceOrder(List<Object> toSort, List<Object> order, String mergeKey, boolean maps) {
        List<Object> keep = new ArrayList<>();
        List<Object> delete = new ArrayList<>();
        for (Object item : toSort) {
            (maps && "delete".equals(KubectlHttp.map(item).get(DIRECTIVE)) ? delete : keep).add(item);
        }
        // Go's sort.SliceStable with a "less" that is true whenever an index is unknown: an insertion sort reproduces it
        List<Object> sorted = new ArrayList<>(keep);
        for (int i = 1; i < sorted.size(); i++) {
            for (int j = i; j > 0; j--) {
                int a = index(order, sorted.get(j), mergeKey, maps);
                int b = index(order, sorted.get(j - 1), mergeKey, maps);
                boolean less = a < 0 || b < 0 || a < b;
                if (!less) {
                    break;
                }
                Object t = sorted.get(j);
                sorted.set(j, sorted.get(j - 1));
                sorted.set(j - 1, t);
            }
        }
        sorted.addAll(delete);
        return sorted;
    }

    // ------------------------------------------------------------------ values

    private static int index(List<Object> list, Object item, String mergeKey, boolean maps) {
        Object wanted = maps ? KubectlHttp.map(item).get(mergeKey) : item;
        for (int i = 0; i < list.size(); i++) {
            Object value = maps ? KubectlHttp.map(list.get(i)).get(mergeKey) : list.get(i);
            if (!(wanted instanceof Map<?, ?>) && !(wanted instanceof List<?>) && deepEqual(wanted, value)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isOrderSame(List<Object> original, List<Object> modified, String mergeKey) {
        if (original.size() != modified.size()) {
            return false;
        }
        for (int i = 0; i < original.size(); i++) {
            if (!deepEqual(KubectlHttp.map(original.get(i)).get(mergeKey), KubectlHttp.map(modified.get(i)).get(mergeKey))) {
                return false;
            }
        }
        return true;
    }

    private static List<Object> sortByMergeKey(List<Object> list, String mergeKey) {
        List<Object> sorted = new ArrayList<>(list);
        sorted.sort(Comparator.comparing(v -> keyString(KubectlHttp.map(v), mergeKey)));
        return sorted;
    }

    private static String keyString(Map<String, Object> element, String mergeKey) {
        if (!element.containsKey(mergeKey)) {
            throw new PeapodException("kubectl's three-way patch: an element has no merge key " + mergeKey + ": "
                    + dev.peapod.core.GoJsonText.marshal(element));
        }
        return goString(element.get(mergeKey));
    }

    private static List<Object> sortScalars(List<Object> list) {
        List<Object> sorted = new ArrayList<>(list);
        sorted.sort(Comparator.comparing(StrategicThreeWay::goString));
        return sorted;
    }

    private static List<Object> deduplicate(List<Object> list) {
        List<Object> out = new ArrayList<>();
        for (Object item : list) {
            if (out.stream().noneMatch(o -> deepEqual(o, item))) {
                out.add(item);
            }
        }
        return out;
    }

    /** fmt's %v of a decoded JSON scalar: numbers as float64 prints them. */
    private static String goString(Object value) {
        if (value instanceof Number n) {
            return GoYaml.number(n);
        }
        return String.valueOf(value);
    }

    /** reflect.TypeOf equality of decoded JSON: numbers are all float64. */
    private static boolean sameType(Object a, Object b) {
        return kind(a) == kind(b);
    }

    private static int kind(Object value) {
        return value == null ? 0 : value instanceof Map<?, ?> ? 1 : value instanceof List<?> ? 2 : value instanceof String ? 3
                : value instanceof Number ? 4 : value instanceof Boolean ? 5 : 6;
    }

    static boolean deepEqual(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return x.size() == y.size() && x.entrySet().stream()
                    .allMatch(e -> y.containsKey(e.getKey()) && deepEqual(e.getValue(), y.get(e.getKey())));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!deepEqual(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }
}
