package dev.peapod.apiserver.patch;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Strategic merge patch, as k8s.io/apimachinery/pkg/util/strategicpatch applies one on the server
 * (StrategicMergeMapPatch: mergeMap with MergeParallelList and IgnoreUnmatchedNulls). Maps merge and {@code null}
 * deletes; a list tagged {@code patchStrategy: merge} merges by its {@code patchMergeKey} (lists of scalars merge as
 * sets); other lists are replaced. Directives: {@code $patch: replace | delete} (a map or a list element; {@code
 * merge} in a list is refused as upstream refuses it), {@code $retainKeys}, {@code $setElementOrder/<field>},
 * {@code $deleteFromPrimitiveList/<field>}. List order follows upstream: {@code $setElementOrder} first, then the
 * patch's order, then the live object's; without {@code $setElementOrder} an element the live list lacks comes first.
 * <p>
 * Errors: upstream's sentinel errors answer as patch.go's interpretStrategicMergePatchError maps them (400, or 422
 * for lists of lists). Upstream answers every other strategicpatch error (a list element without its merge key, an
 * unknown {@code $patch} value, ...) with a 500 and the error's text; Peapod answers those 400 with the same text,
 * because a malformed patch must never read as a server fault.
 * <p>
 * Keys are processed in the patch's order (upstream ranges over a Go map, in no set order).
 */
final class StrategicMergePatch {
    private static final String DIRECTIVE = "$patch";
    private static final String RETAIN_KEYS = "$retainKeys";
    private static final String SET_ELEMENT_ORDER = "$setElementOrder";
    private static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";

    private StrategicMergePatch() {
    }

    static JsonNode apply(JsonNode original, byte[] body, PatchSchema schema) {
        // patch.go strategicPatchObject: kjson.UnmarshalStrict / UnmarshalCaseSensitivePreserveInts, errors as 400.
        JsonNode patch = GoJson.parse(body, "");
        if (patch.isNull()) {
            return original.deepCopy(); // Go decodes null into a nil map: nothing to merge
        }
        if (!patch.isObject()) {
            throw PatchException.badRequest(GoJson.cannotUnmarshal(patch, "map[string]interface {}"));
        }
        if (!original.isObject()) {
            throw PatchException.badRequest("invalid JSON document"); // mergepatch.ErrBadJSONDoc
        }
        ObjectNode merged = mergeMap((ObjectNode) original.deepCopy(), (ObjectNode) patch, schema);
        return withoutLeftoverDirectives(merged);
    }

    // ---- maps

    private static ObjectNode mergeMap(ObjectNode original, ObjectNode patch, PatchSchema schema) {
        JsonNode directive = patch.get(DIRECTIVE);
        if (directive != null) {
            if (isText(directive, "replace")) {
                patch.remove(DIRECTIVE);
                return patch;
            }
            if (isText(directive, "delete")) {
                return JsonNodeFactory.instance.objectNode();
            }
            throw badPatchType(directive, patch);
        }
        if (original == null) {
            original = JsonNodeFactory.instance.objectNode();
        }
        applyRetainKeys(original, patch);
        mergeSetElementOrder(original, patch, schema);

        for (Map.Entry<String, JsonNode> entry : new ArrayList<>(patch.properties())) {
            String key = entry.getKey();
            JsonNode patchValue = entry.getValue();
            boolean deleteList = key.startsWith(DELETE_FROM_PRIMITIVE_LIST);
            if (deleteList) {
                key = extractKey(key, DELETE_FROM_PRIMITIVE_LIST);
            }
            if (patchValue.isNull()) {
                original.remove(key);
                continue;
            }
            JsonNode originalValue = original.get(key);
            if (originalValue == null || !sameType(originalValue, patchValue)) {
                if (!deleteList) {
                    discardNulls(patchValue);
                    putWithoutDirectives(original, key, patchValue);
                }
                continue;
            }
            PatchSchema.Field field = schema.field(key);
            String strategy = strategyWithoutRetainKeys(field.strategies());
            if (originalValue.isObject()) {
                original.set(key, "replace".equals(strategy) ? patchValue
                        : mergeMap((ObjectNode) originalValue, (ObjectNode) patchValue, field.schema()));
            } else if (originalValue.isArray()) {
                original.set(key, mergeSliceHandler((ArrayNode) originalValue, (ArrayNode) patchValue, field,
                        strategy, deleteList));
            } else {
                putWithoutDirectives(original, key, patchValue);
            }
        }
        return original;
    }

    private static void putWithoutDirectives(ObjectNode target, String key, JsonNode value) {
        JsonNode kept = removeDirectives(value);
        if (kept == null) {
            target.remove(key);
        } else {
            target.set(key, kept);
        }
    }

    /** $retainKeys: keys of the original not listed go; a patch key not listed is a malformed patch. */
    private static void applyRetainKeys(ObjectNode original, ObjectNode patch) {
        JsonNode retain = patch.remove(RETAIN_KEYS);
        if (retain == null) {
            return;
        }
        if (!retain.isArray()) {
            throw PatchException.badRequest("invalid patch format of retainKeys");
        }
        List<String> kept = new ArrayList<>();
        retain.values().forEach(v -> {
            if (v.isString()) {
                kept.add(v.stringValue());
            }
        });
        for (Map.Entry<String, JsonNode> entry : patch.properties()) {
            String key = entry.getKey();
            if (entry.getValue().isNull() || key.startsWith(DELETE_FROM_PRIMITIVE_LIST)
                    || key.startsWith(SET_ELEMENT_ORDER)) {
                continue;
            }
            if (!kept.contains(key)) {
                throw PatchException.badRequest("invalid patch format of retainKeys");
            }
        }
        for (String key : new ArrayList<>(original.propertyNames())) {
            if (!kept.contains(key)) {
                original.remove(key);
            }
        }
    }

    /** $setElementOrder/field: merges that list here and orders it by the directive (mergePatchIntoOriginal). */
    private static void mergeSetElementOrder(ObjectNode original, ObjectNode patch, PatchSchema schema) {
        for (Map.Entry<String, JsonNode> entry : new ArrayList<>(patch.properties())) {
            String directiveKey = entry.getKey();
            if (!directiveKey.startsWith(SET_ELEMENT_ORDER)) {
                continue;
            }
            JsonNode order = entry.getValue();
            patch.remove(directiveKey);
            if (!order.isArray()) {
                throw internal(badArgType("[]interface {}", order));
            }
            String key = extractKey(directiveKey, SET_ELEMENT_ORDER);
            JsonNode originalList = original.get(key);
            JsonNode patchList = patch.get(key);
            if (originalList != null && !originalList.isArray()) {
                throw internal(badArgType("[]interface {}", originalList));
            }
            if (patchList != null && !patchList.isArray()) {
                throw internal(badArgType("[]interface {}", patchList));
            }
            PatchSchema.Field field = schema.field(key);
            String strategy = strategyWithoutRetainKeys(field.strategies());
            String mergeKey = field.mergeKey();
            List<JsonNode> orderList = GoJson.list(order);
            validatePatchWithSetOrderList(patchList == null ? List.of() : GoJson.list(patchList), orderList,
                    mergeKey);
            List<JsonNode> merged;
            if (originalList != null && patchList == null) {
                merged = GoJson.list(originalList);
            } else if (originalList == null && patchList != null) {
                merged = GoJson.list(removeDirectives(patchList));
            } else if (originalList != null) {
                merged = GoJson.list(mergeSliceHandler((ArrayNode) originalList, (ArrayNode) patchList, field,
                        strategy, false));
            } else {
                continue;
            }
            List<JsonNode> originalItems = originalList == null ? List.of() : GoJson.list(originalList);
            List<JsonNode> patchItems = patchList == null ? List.of() : GoJson.list(patchList);
            List<List<JsonNode>> parts = mergeKey.isEmpty() ? partitionPrimitives(merged, orderList)
                    : partitionMaps(merged, orderList, mergeKey);
            boolean maps = elementsAreMaps(originalItems, patchItems);
            List<JsonNode> both = normalizeElementOrder(parts.get(0), parts.get(1), orderList, originalItems,
                    mergeKey, maps);
            original.set(key, array(both));
            patch.remove(key);
        }
    }

    private static void validatePatchWithSetOrderList(List<JsonNode> patchList, List<JsonNode> order,
                                                      String mergeKey) {
        if (order.isEmpty() || patchList.isEmpty()) {
            return;
        }
        List<JsonNode> nonDelete = mergeKey.isEmpty() ? patchList : splitDeletes(patchList).get(0);
        int patchIndex = 0;
        int orderIndex = 0;
        while (patchIndex < nonDelete.size() && orderIndex < order.size()) {
            JsonNode item = nonDelete.get(patchIndex);
            if (item.isObject() && item.has(DIRECTIVE)) {
                patchIndex++;
                continue;
            }
            if (mergeKeyValueEqual(item, order.get(orderIndex), mergeKey)) {
                patchIndex++;
            }
            orderIndex++;
        }
        if (patchIndex < nonDelete.size() && orderIndex >= order.size()) {
            throw internal("The order in patch list:\n" + GoJson.format(array(patchList)) + "\n doesn't match "
                    + SET_ELEMENT_ORDER + " list:\n" + GoJson.format(array(order)) + "\n");
        }
    }

    private static boolean mergeKeyValueEqual(JsonNode left, JsonNode right, String mergeKey) {
        if (mergeKey.isEmpty()) {
            return GoJson.scalarEquals(left, right);
        }
        if (!left.isObject()) {
            throw internal(badArgType("map[string]interface {}", left));
        }
        if (!right.isObject()) {
            throw internal(badArgType("map[string]interface {}", right));
        }
        if (!left.has(mergeKey)) {
            throw noMergeKey(left, mergeKey);
        }
        if (!right.has(mergeKey)) {
            throw noMergeKey(right, mergeKey);
        }
        return GoJson.scalarEquals(left.get(mergeKey), right.get(mergeKey));
    }

    // ---- lists

    private static ArrayNode mergeSliceHandler(ArrayNode original, ArrayNode patch, PatchSchema.Field field,
                                               String strategy, boolean deleteList) {
        if ("merge".equals(strategy) || deleteList) {
            return array(mergeSlice(GoJson.list(original), GoJson.list(patch), field, deleteList));
        }
        return patch;
    }

    private static List<JsonNode> mergeSlice(List<JsonNode> original, List<JsonNode> patch, PatchSchema.Field field,
                                             boolean deleteList) {
        if (original.isEmpty() && patch.isEmpty()) {
            return original;
        }
        boolean maps = elementsAreMaps(original, patch);
        String mergeKey = field.mergeKey();
        List<JsonNode> merged;
        if (!maps) {
            if (deleteList) {
                List<JsonNode> kept = new ArrayList<>();
                for (JsonNode item : original) {
                    if (indexOf(patch, item, "", false) < 0) {
                        kept.add(item);
                    }
                }
                return kept;
            }
            merged = new ArrayList<>();
            for (JsonNode item : concat(original, patch)) {
                if (indexOf(merged, item, "", false) < 0) {
                    merged.add(item);
                }
            }
        } else {
            if (mergeKey.isEmpty()) {
                throw internal("cannot merge lists without merge key for " + field.schema().name());
            }
            List<List<JsonNode>> special = mergeSliceWithSpecialElements(original, patch, mergeKey);
            original = special.get(0);
            patch = special.get(1);
            merged = mergeSliceWithoutSpecialElements(original, patch, mergeKey, field.schema());
        }
        List<List<JsonNode>> parts = mergeKey.isEmpty() ? partitionPrimitives(merged, patch)
                : partitionMaps(merged, patch, mergeKey);
        return normalizeElementOrder(parts.get(0), parts.get(1), patch, original, mergeKey, maps);
    }

    /** Applies {@code $patch: delete | replace} elements; answers the new original and the patch without them. */
    private static List<List<JsonNode>> mergeSliceWithSpecialElements(List<JsonNode> original, List<JsonNode> patch,
                                                                      String mergeKey) {
        List<JsonNode> plain = new ArrayList<>();
        List<JsonNode> current = new ArrayList<>(original);
        boolean replace = false;
        for (JsonNode item : patch) {
            JsonNode directive = item.get(DIRECTIVE);
            if (directive == null) {
                plain.add(item);
            } else if (isText(directive, "delete")) {
                JsonNode value = item.get(mergeKey);
                if (value == null) {
                    throw noMergeKey(item, mergeKey);
                }
                int at;
                while ((at = findByKey(current, mergeKey, value)) >= 0) {
                    current.remove(at);
                }
            } else if (isText(directive, "replace")) {
                replace = true;
            } else if (isText(directive, "merge")) {
                throw internal("merging lists cannot yet be specified in the patch");
            } else {
                throw badPatchType(directive, item);
            }
        }
        return replace ? List.of(plain, List.of()) : List.of(current, plain);
    }

    private static List<JsonNode> mergeSliceWithoutSpecialElements(List<JsonNode> original, List<JsonNode> patch,
                                                                   String mergeKey, PatchSchema schema) {
        List<JsonNode> result = new ArrayList<>(original);
        for (JsonNode item : patch) {
            JsonNode value = item.get(mergeKey);
            if (value == null) {
                throw noMergeKey(item, mergeKey);
            }
            int at = findByKey(result, mergeKey, value);
            if (at >= 0) {
                result.set(at, mergeMap((ObjectNode) result.get(at), (ObjectNode) item, schema));
            } else {
                result.add(item);
            }
        }
        return result;
    }

    private static int findByKey(List<JsonNode> list, String mergeKey, JsonNode value) {
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            if (!item.isObject()) {
                throw internal("value for key " + i + " is not a map");
            }
            JsonNode candidate = item.get(mergeKey);
            if (candidate != null && GoJson.scalarEquals(candidate, value)) {
                return i;
            }
        }
        return -1;
    }

    private static List<List<JsonNode>> partitionPrimitives(List<JsonNode> merged, List<JsonNode> by) {
        List<JsonNode> inPatch = new ArrayList<>();
        List<JsonNode> serverOnly = new ArrayList<>();
        for (JsonNode item : merged) {
            (indexOf(by, item, "", false) >= 0 ? inPatch : serverOnly).add(item);
        }
        return List.of(inPatch, serverOnly);
    }

    private static List<List<JsonNode>> partitionMaps(List<JsonNode> merged, List<JsonNode> by, String mergeKey) {
        List<JsonNode> inPatch = new ArrayList<>();
        List<JsonNode> serverOnly = new ArrayList<>();
        for (JsonNode item : merged) {
            if (!item.isObject()) {
                throw internal(badArgType("map[string]interface {}", item));
            }
            JsonNode value = item.get(mergeKey);
            if (value == null) {
                throw noMergeKey(item, mergeKey);
            }
            (findByKey(by, mergeKey, value) >= 0 ? inPatch : serverOnly).add(item);
        }
        return List.of(inPatch, serverOnly);
    }

    /** Sorts the patch's items by the patch order, the server's by the live order, then interleaves them. */
    private static List<JsonNode> normalizeElementOrder(List<JsonNode> patch, List<JsonNode> serverOnly,
                                                        List<JsonNode> patchOrder, List<JsonNode> serverOrder,
                                                        String mergeKey, boolean maps) {
        List<JsonNode> sortedPatch = normalizeSliceOrder(patch, patchOrder, mergeKey, maps);
        List<JsonNode> sortedServer = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, maps);
        List<JsonNode> all = new ArrayList<>(sortedPatch.size() + sortedServer.size());
        int i = 0;
        int j = 0;
        while (i < sortedServer.size() || j < sortedPatch.size()) {
            if (j >= sortedPatch.size()) {
                all.add(sortedServer.get(i++));
            } else if (i >= sortedServer.size()) {
                all.add(sortedPatch.get(j++));
            } else {
                int left = indexOf(serverOrder, sortedServer.get(i), mergeKey, maps);
                int right = indexOf(serverOrder, sortedPatch.get(j), mergeKey, maps);
                if (left >= 0 && right >= 0 && left < right) {
                    all.add(sortedServer.get(i++));
                } else {
                    all.add(sortedPatch.get(j++));
                }
            }
        }
        return all;
    }

    private static List<JsonNode> normalizeSliceOrder(List<JsonNode> toSort, List<JsonNode> order, String mergeKey,
                                                      boolean maps) {
        List<JsonNode> sorted = new ArrayList<>(toSort);
        List<JsonNode> deletes = List.of();
        if (maps) {
            for (JsonNode item : concat(toSort, order)) {
                if (!item.isObject()) {
                    throw internal(badArgType("map[string]interface {}", item));
                }
                if (!item.has(mergeKey)) {
                    throw noMergeKey(item, mergeKey);
                }
            }
            List<List<JsonNode>> split = splitDeletes(toSort);
            sorted = new ArrayList<>(split.get(0));
            deletes = split.get(1);
        }
        // Go's sort.SliceStable is an insertion sort for short lists; its "less" is true unless both are ordered.
        for (int i = 1; i < sorted.size(); i++) {
            for (int j = i; j > 0 && less(sorted.get(j), sorted.get(j - 1), order, mergeKey, maps); j--) {
                Collections.swap(sorted, j, j - 1);
            }
        }
        sorted.addAll(deletes);
        return sorted;
    }

    private static boolean less(JsonNode a, JsonNode b, List<JsonNode> order, String mergeKey, boolean maps) {
        int ia = indexOf(order, a, mergeKey, maps);
        int ib = indexOf(order, b, mergeKey, maps);
        return ia < 0 || ib < 0 || ia < ib;
    }

    private static int indexOf(List<JsonNode> list, JsonNode item, String mergeKey, boolean maps) {
        JsonNode wanted = maps ? item.get(mergeKey) : item;
        for (int i = 0; i < list.size(); i++) {
            JsonNode candidate = maps ? list.get(i).get(mergeKey) : list.get(i);
            if (GoJson.scalarEquals(wanted, candidate)) {
                return i;
            }
        }
        return -1;
    }

    private static List<List<JsonNode>> splitDeletes(List<JsonNode> list) {
        List<JsonNode> keep = new ArrayList<>();
        List<JsonNode> delete = new ArrayList<>();
        for (JsonNode item : list) {
            if (!item.isObject()) {
                throw internal(badArgType("map[string]interface {}", item));
            }
            (isText(item.get(DIRECTIVE), "delete") ? delete : keep).add(item);
        }
        return List.of(keep, delete);
    }

    /** sliceElementType: one element type across both lists, no lists of lists; true when they are maps. */
    private static boolean elementsAreMaps(List<JsonNode> original, List<JsonNode> patch) {
        JsonNode first = null;
        for (JsonNode item : concat(original, patch)) {
            if (first == null) {
                first = item;
                if (item.isArray()) {
                    throw new PatchException(422, "Invalid", "lists of lists are not supported",
                            List.of(new PatchException.Cause("UnexpectedServerResponse",
                                    "lists of lists are not supported", "")));
                }
            } else if (!sameType(first, item)) {
                throw internal("list element types are not identical: [" + GoJson.format(array(original)) + " "
                        + GoJson.format(array(patch)) + "]");
            }
        }
        if (first == null) {
            throw internal("no elements in any of the given slices");
        }
        return first.isObject();
    }

    // ---- helpers

    /** reflect.TypeOf equality of decoded values. */
    private static boolean sameType(JsonNode a, JsonNode b) {
        return GoJson.type(a).equals(GoJson.type(b));
    }

    private static String strategyWithoutRetainKeys(List<String> strategies) {
        return switch (strategies.size()) {
            case 0 -> "";
            case 1 -> strategies.get(0).equals("retainKeys") ? "" : strategies.get(0);
            case 2 -> {
                if (strategies.get(0).equals("retainKeys")) {
                    yield strategies.get(1);
                }
                if (strategies.get(1).equals("retainKeys")) {
                    yield strategies.get(0);
                }
                throw internal("unexpected patch strategy: [" + String.join(" ", strategies) + "]");
            }
            default -> throw internal("unexpected patch strategy: [" + String.join(" ", strategies) + "]");
        };
    }

    /** extractKey: the field after the directive's "/", or the directive's own format error. */
    private static String extractKey(String key, String prefix) {
        int slash = key.indexOf('/');
        if (slash < 0 || !key.substring(0, slash).equals(prefix)) {
            throw PatchException.badRequest(prefix.equals(DELETE_FROM_PRIMITIVE_LIST)
                    ? "invalid patch format of primitive list" : "invalid patch format of setElementOrder list");
        }
        return key.substring(slash + 1);
    }

    /** discardNullValuesFromPatch: a value the original lacks keeps no null members. */
    private static void discardNulls(JsonNode value) {
        if (value.isObject()) {
            ObjectNode object = (ObjectNode) value;
            for (String name : new ArrayList<>(object.propertyNames())) {
                if (object.get(name).isNull()) {
                    object.remove(name);
                }
            }
            object.values().forEach(StrategicMergePatch::discardNulls);
        } else if (value.isArray()) {
            value.values().forEach(StrategicMergePatch::discardNulls);
        }
    }

    /** removeDirectives: maps carrying {@code $patch} go; null when the value itself is one. */
    private static JsonNode removeDirectives(JsonNode value) {
        if (value.isObject()) {
            if (value.has(DIRECTIVE)) {
                return null;
            }
            ObjectNode object = (ObjectNode) value;
            for (String name : new ArrayList<>(object.propertyNames())) {
                JsonNode kept = removeDirectives(object.get(name));
                if (kept == null) {
                    object.remove(name);
                } else {
                    object.set(name, kept);
                }
            }
            return object;
        }
        if (value.isArray()) {
            ArrayNode kept = JsonNodeFactory.instance.arrayNode();
            value.values().forEach(item -> {
                JsonNode k = removeDirectives(item);
                if (k != null) {
                    kept.add(k);
                }
            });
            return kept;
        }
        return value;
    }

    /**
     * Directive keys left in the result: {@code $setElementOrder/env} in a new container, {@code $patch} in the
     * elements of a list that is replaced rather than merged. Upstream drops them when it decodes the result into
     * the typed object (unknown fields); Fabric8's model would keep them as additional properties.
     */
    private static JsonNode withoutLeftoverDirectives(JsonNode value) {
        if (value.isObject()) {
            ObjectNode object = (ObjectNode) value;
            for (String name : new ArrayList<>(object.propertyNames())) {
                if (name.equals(DIRECTIVE) || name.equals(RETAIN_KEYS) || name.startsWith(SET_ELEMENT_ORDER + "/")
                        || name.startsWith(DELETE_FROM_PRIMITIVE_LIST + "/")) {
                    object.remove(name);
                }
            }
            object.values().forEach(StrategicMergePatch::withoutLeftoverDirectives);
        } else if (value.isArray()) {
            value.values().forEach(StrategicMergePatch::withoutLeftoverDirectives);
        }
        return value;
    }

    private static boolean isText(JsonNode node, String text) {
        return node != null && node.isString() && node.stringValue().equals(text);
    }

    private static List<JsonNode> concat(List<JsonNode> a, List<JsonNode> b) {
        List<JsonNode> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static ArrayNode array(List<JsonNode> items) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        items.forEach(out::add);
        return out;
    }

    private static String badArgType(String expected, JsonNode actual) {
        return "expected a " + expected + ", but received a " + GoJson.type(actual);
    }

    /** mergepatch.ErrNoMergeKey. */
    private static PatchException noMergeKey(JsonNode item, String mergeKey) {
        return internal("map: " + GoJson.format(item) + " does not contain declared merge key: " + mergeKey);
    }

    /** mergepatch.ErrBadPatchType: {@code unknown patch type: %s in map: %v}. */
    private static PatchException badPatchType(JsonNode directive, JsonNode map) {
        String type = directive.isString() ? directive.stringValue()
                : "%!s(" + GoJson.type(directive) + "=" + GoJson.format(directive) + ")";
        return internal("unknown patch type: " + type + " in map: " + GoJson.format(map));
    }

    /** An error upstream answers with a 500 (not one of the sentinel errors patch.go maps); Peapod: 400. */
    private static PatchException internal(String message) {
        return PatchException.badRequest(message);
    }
}
