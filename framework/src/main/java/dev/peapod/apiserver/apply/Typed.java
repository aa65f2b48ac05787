package dev.peapod.apiserver.apply;

import dev.peapod.apiserver.apply.ApplySchema.Key;
import dev.peapod.apiserver.apply.ApplySchema.Shape;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The walks of structured-merge-diff's typed package over Jackson trees, by an {@link ApplySchema}: the field set
 * of an object (ToFieldSet), the comparison of two objects (Compare), the merge of an apply configuration into an
 * object (Merge) and the removal of fields (RemoveItems).
 */
final class Typed {
    private Typed() {
    }

    /** A value that does not fit its schema: upstream's ValidationError text, {@code .path: message}. */
    static final class SchemaError extends RuntimeException {
        SchemaError(List<PathElement> path, String message) {
            super((path.isEmpty() ? "" : FieldSet.format(path) + ": ") + message);
        }
    }

    /** What changed between two objects: paths added, whose value changed, and removed. */
    record Comparison(FieldSet added, FieldSet modified, FieldSet removed) {
        FieldSet changed() {
            return modified.union(added);
        }
    }

    // ---- ToFieldSet

    /**
     * The paths an object sets (typed/tofieldset.go): every scalar, atomic list or map, list element, and entry
     * of a map (not a struct field, which is recorded by what it holds: an empty struct sets nothing).
     */
    static FieldSet toFieldSet(JsonNode object, Shape shape) {
        declared(object, shape, new ArrayList<>());
        List<List<PathElement>> out = new ArrayList<>();
        toFieldSet(object, shape, new ArrayList<>(), out);
        return FieldSet.of(out);
    }

    /**
     * Refuses a field a {@link Shape#closed} struct does not declare, anywhere in the value (atomic lists too), as
     * structured-merge-diff's validation of a typed value does: {@code .spec.items[0].b: field not declared in schema}.
     */
    private static void declared(JsonNode value, Shape shape, List<PathElement> path) {
        if (value.isObject() && shape.kind() != Shape.Kind.ATOMIC) {
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                path.add(PathElement.field(e.getKey()));
                if (shape.kind() == Shape.Kind.STRUCT && shape.closed() && !shape.fields().containsKey(e.getKey())) {
                    throw new SchemaError(path, "field not declared in schema");
                }
                declared(e.getValue(), shape.child(e.getKey()), path);
                path.remove(path.size() - 1);
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                path.add(shape.associative() ? element(item, shape, path, "element " + i + ": ") : PathElement.index(i));
                declared(item, shape.item(), path);
                path.remove(path.size() - 1);
            }
        }
    }

    private static void toFieldSet(JsonNode value, Shape shape, List<PathElement> path, List<List<PathElement>> out) {
        if (value.isArray()) {
            if (!shape.associative()) {
                out.add(List.copyOf(path));
                return;
            }
            for (Map.Entry<PathElement, JsonNode> item : index(value, shape, path, false).entrySet()) {
                path.add(item.getKey());
                toFieldSet(item.getValue(), shape.item(), path, out);
                out.add(List.copyOf(path));
                path.remove(path.size() - 1);
            }
        } else if (value.isObject()) {
            if (shape.kind() == Shape.Kind.ATOMIC) {
                out.add(List.copyOf(path));
                return;
            }
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                path.add(PathElement.field(e.getKey()));
                JsonNode child = e.getValue();
                toFieldSet(child, shape.child(e.getKey()), path, out);
                if (shape.kind() == Shape.Kind.MAP) {
                    out.add(List.copyOf(path));
                }
                path.remove(path.size() - 1);
            }
        } else if (!path.isEmpty() && !(value.isNull() && typed(shape))) {
            // A null struct, map or list sets nothing; a null scalar (or value of unknown type) is a leaf.
            out.add(List.copyOf(path));
        }
    }

    /** True for a shape the schema knows to be a struct, map or keyed list (not a scalar). */
    private static boolean typed(Shape shape) {
        return shape.kind() == Shape.Kind.MAP || shape.associative()
                || shape.kind() == Shape.Kind.STRUCT && !shape.fields().isEmpty();
    }

    /**
     * The elements of an associative list by path element, in list order; an element without its key is refused
     * ({@code element 0: associative list with keys has an element that omits key field "name" ...}). Duplicates are refused as upstream does
     * for an apply configuration ({@code duplicate entries for key [name="a"]}); in a stored object
     * ({@code allowDuplicates}) the first one stands for the key.
     */
    static LinkedHashMap<PathElement, JsonNode> index(JsonNode list, Shape shape, List<PathElement> path,
                                                      boolean allowDuplicates) {
        LinkedHashMap<PathElement, JsonNode> out = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            PathElement pe = element(item, shape, path, "element " + i + ": ");
            if (out.containsKey(pe)) {
                if (allowDuplicates) {
                    continue;
                }
                throw new SchemaError(path, "duplicate entries for key " + pe);
            }
            out.put(pe, item);
        }
        return out;
    }

    /** An element's path element; {@code prefix} starts the error message as upstream's validation says it. */
    private static PathElement element(JsonNode item, Shape shape, List<PathElement> path, String prefix) {
        if (shape.kind() == Shape.Kind.SET) {
            if (item.isObject()) {
                throw new SchemaError(path, prefix + "associative list without keys has an element that's a map type");
            }
            if (item.isArray()) {
                throw new SchemaError(path, prefix + "associative list without keys has an element that's a list type");
            }
            return PathElement.value(item);
        }
        if (!item.isObject()) {
            throw new SchemaError(path, prefix + "associative list with keys may not have non-map elements");
        }
        ObjectNode key = JsonNodeFactory.instance.objectNode();
        for (Key k : shape.keys()) {
            JsonNode v = item.get(k.name());
            if (v == null || v.isNull()) {
                if (k.defaultValue() == null) {
                    throw new SchemaError(path, prefix + "associative list with keys has an element that omits key field "
                            + Trees.quote(k.name()) + " (and doesn't have default value)");
                }
                v = k.defaultValue();
            }
            key.set(k.name(), v);
        }
        return PathElement.key(Trees.sortedKey(key));
    }

    // ---- Compare

    /**
     * Compares two objects ({@code null}: absent): leaves added, removed or changed, and the non-leaf paths that
     * appear or disappear as a whole when they are list elements, maps (a Go map is nil in an empty object) or
     * map entries, or {@link Shape#whole} structs (every nested object of a custom resource). (Upstream also
     * records a struct field of a built-in kind that appears as a whole when its Go field is a pointer; the schema
     * here does not know pointers, so such a struct shows only its leaves.)
     */
    static Comparison compare(JsonNode lhs, JsonNode rhs, Shape shape) {
        List<List<PathElement>> added = new ArrayList<>();
        List<List<PathElement>> modified = new ArrayList<>();
        List<List<PathElement>> removed = new ArrayList<>();
        compare(lhs, rhs, shape, false, new ArrayList<>(), added, modified, removed);
        return new Comparison(FieldSet.of(added), FieldSet.of(modified), FieldSet.of(removed));
    }

    private static void compare(JsonNode lhs, JsonNode rhs, Shape shape, boolean wholeNode, List<PathElement> path,
                                List<List<PathElement>> added, List<List<PathElement>> modified,
                                List<List<PathElement>> removed) {
        if (Trees.isNullOrEmpty(lhs) && Trees.isNullOrEmpty(rhs)) {
            // Upstream compares Go objects, where omitempty leaves out empty maps and lists: absent, null and
            // empty are the same there.
            return;
        }
        boolean granularObject = (lhs == null || lhs.isObject()) && (rhs == null || rhs.isObject())
                && shape.kind() != Shape.Kind.ATOMIC;
        boolean associativeList = (lhs == null || lhs.isArray()) && (rhs == null || rhs.isArray()) && shape.associative();
        if (!granularObject && !associativeList) {
            if (lhs == null) {
                added.add(List.copyOf(path));
            } else if (rhs == null) {
                removed.add(List.copyOf(path));
            } else if (!Trees.equal(lhs, rhs)) {
                modified.add(List.copyOf(path));
            }
            return;
        }
        if (granularObject) {
            Set<String> names = new LinkedHashSet<>();
            if (lhs != null) {
                names.addAll(lhs.propertyNames());
            }
            if (rhs != null) {
                names.addAll(rhs.propertyNames());
            }
            for (String name : names) {
                path.add(PathElement.field(name));
                Shape child = shape.child(name);
                compare(lhs == null ? null : lhs.get(name), rhs == null ? null : rhs.get(name), child,
                        shape.kind() == Shape.Kind.MAP || child.kind() == Shape.Kind.MAP || child.whole(), path, added, modified,
                        removed);
                path.remove(path.size() - 1);
            }
        } else {
            Map<PathElement, JsonNode> left = lhs == null ? Map.of() : index(lhs, shape, path, true);
            Map<PathElement, JsonNode> right = rhs == null ? Map.of() : index(rhs, shape, path, true);
            Set<PathElement> elements = new LinkedHashSet<>(left.keySet());
            elements.addAll(right.keySet());
            for (PathElement pe : elements) {
                path.add(pe);
                compare(left.get(pe), right.get(pe), shape.item(), true, path, added, modified, removed);
                path.remove(path.size() - 1);
            }
        }
        if (wholeNode && !path.isEmpty()) {
            if (lhs == null) {
                added.add(List.copyOf(path));
            } else if (rhs == null) {
                removed.add(List.copyOf(path));
            }
        }
    }

    // ---- Merge

    /**
     * Merges an apply configuration into an object: struct fields and map entries merge, scalars and atomic values
     * are the configuration's, set and list-map elements merge by key (upstream's order: the configuration's order
     * for the elements it names, the object's other elements where they stood).
     */
    static JsonNode merge(JsonNode lhs, JsonNode rhs, Shape shape, List<PathElement> path) {
        if (rhs == null) {
            return lhs == null ? null : lhs.deepCopy();
        }
        if (lhs == null) {
            return rhs.deepCopy();
        }
        if (lhs.isObject() && rhs.isObject() && shape.kind() != Shape.Kind.ATOMIC) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> e : lhs.properties()) {
                out.set(e.getKey(), e.getValue().deepCopy());
            }
            for (Map.Entry<String, JsonNode> e : rhs.properties()) {
                path.add(PathElement.field(e.getKey()));
                out.set(e.getKey(), merge(lhs.get(e.getKey()), e.getValue(), shape.child(e.getKey()), path));
                path.remove(path.size() - 1);
            }
            return out;
        }
        if (lhs.isArray() && rhs.isArray() && shape.associative()) {
            return mergeList(lhs, rhs, shape, path);
        }
        return rhs.deepCopy();
    }

    private static ArrayNode mergeList(JsonNode lhs, JsonNode rhs, Shape shape, List<PathElement> path) {
        Map<PathElement, JsonNode> right = index(rhs, shape, path, false);
        Map<PathElement, JsonNode> left = index(lhs, shape, path, true);
        List<PathElement> leftOrder = new ArrayList<>(left.keySet());
        List<PathElement> rightOrder = new ArrayList<>(right.keySet());
        List<PathElement> shared = new ArrayList<>();
        for (PathElement pe : rightOrder) {
            if (left.containsKey(pe)) {
                shared.add(pe);
            }
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        Set<PathElement> done = new HashSet<>();
        int nextShared = 0;
        int l = 0;
        int r = 0;
        while (l < leftOrder.size() || r < rightOrder.size()) {
            if (l < leftOrder.size() && r < rightOrder.size() && leftOrder.get(l).equals(rightOrder.get(r))) {
                PathElement pe = leftOrder.get(l);
                out.add(mergeItem(left.get(pe), right.get(pe), shape, pe, path));
                done.add(pe);
                l++;
                r++;
                nextShared++;
                continue;
            }
            if (l < leftOrder.size()) {
                PathElement pe = leftOrder.get(l);
                if (!right.containsKey(pe)) {
                    // An element only the object has keeps its place.
                    out.add(left.get(pe).deepCopy());
                    l++;
                    continue;
                }
                if (done.contains(pe) || nextShared < shared.size() && !shared.get(nextShared).equals(pe)) {
                    // Shared, but merged already or not the next one in the configuration's order.
                    l++;
                    continue;
                }
            }
            if (r < rightOrder.size()) {
                PathElement pe = rightOrder.get(r);
                out.add(mergeItem(left.get(pe), right.get(pe), shape, pe, path));
                done.add(pe);
                r++;
                if (nextShared < shared.size() && shared.get(nextShared).equals(pe)) {
                    nextShared++;
                }
            } else {
                l++;
            }
        }
        return out;
    }

    private static JsonNode mergeItem(JsonNode lhs, JsonNode rhs, Shape shape, PathElement pe, List<PathElement> path) {
        path.add(pe);
        JsonNode merged = merge(lhs, rhs, shape.item(), path);
        path.remove(path.size() - 1);
        return merged;
    }

    // ---- Remove

    /**
     * Removes the given paths from an object (a copy): fields, list elements, map entries; keeps a list element
     * whose descendants {@code kept} still holds, and the key fields of a list element that stays. Objects and
     * lists emptied by the removal disappear.
     */
    static JsonNode remove(JsonNode object, FieldSet remove, FieldSet kept, Shape shape) {
        JsonNode copy = object.deepCopy();
        for (List<PathElement> path : remove.paths()) {
            if (!kept.hasMemberBelow(path)) {
                removePath(copy, path, 0, shape);
            }
        }
        return copy;
    }

    /** Removes one path below {@code node}; answers true when {@code node} became empty by it. */
    private static boolean removePath(JsonNode node, List<PathElement> path, int at, Shape shape) {
        PathElement pe = path.get(at);
        boolean last = at == path.size() - 1;
        if (pe.type() == PathElement.Type.FIELD && node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            JsonNode child = object.get(pe.field());
            if (child == null) {
                return false;
            }
            if (last) {
                object.remove(pe.field());
                return object.isEmpty();
            }
            if (removePath(child, path, at + 1, shape.child(pe.field()))) {
                object.remove(pe.field());
                return object.isEmpty();
            }
            return false;
        }
        if ((pe.type() == PathElement.Type.KEY || pe.type() == PathElement.Type.VALUE) && node.isArray()
                && shape.associative()) {
            ArrayNode list = (ArrayNode) node;
            for (int i = 0; i < list.size(); i++) {
                JsonNode item = list.get(i);
                if (!element(item, shape, path.subList(0, at), "").equals(pe)) {
                    continue;
                }
                if (last) {
                    list.remove(i);
                    return list.isEmpty();
                }
                PathElement next = path.get(at + 1);
                if (at + 1 == path.size() - 1 && next.type() == PathElement.Type.FIELD
                        && shape.keys().stream().anyMatch(k -> k.name().equals(next.field()))) {
                    return false;   // the key of an element that stays
                }
                if (removePath(item, path, at + 1, shape.item())) {
                    list.remove(i);
                    return list.isEmpty();
                }
                return false;
            }
        }
        return false;
    }
}
