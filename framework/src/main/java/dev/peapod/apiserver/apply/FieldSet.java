package dev.peapod.apiserver.apply;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A set of field paths (structured-merge-diff's fieldpath.Set): what a manager owns. Kept as a tree whose nodes say
 * whether their own path is a member; written and read as {@code fieldsV1} exactly as upstream serialises it.
 * Immutable: the set operations answer new sets.
 */
final class FieldSet {
    static final FieldSet EMPTY = new FieldSet(new Node());

    /** A node: whether its path is in the set, and its children by path element, in upstream's order. */
    private static final class Node {
        boolean member;
        final TreeMap<PathElement, Node> children = new TreeMap<>();
    }

    private final Node root;

    private FieldSet(Node root) {
        this.root = root;
    }

    static FieldSet of(Iterable<List<PathElement>> paths) {
        Node root = new Node();
        for (List<PathElement> path : paths) {
            insert(root, path);
        }
        return new FieldSet(root);
    }

    private static void insert(Node root, List<PathElement> path) {
        Node node = root;
        for (PathElement pe : path) {
            node = node.children.computeIfAbsent(pe, k -> new Node());
        }
        node.member = true;
    }

    boolean isEmpty() {
        return paths().isEmpty();
    }

    boolean contains(List<PathElement> path) {
        Node node = root;
        for (PathElement pe : path) {
            node = node.children.get(pe);
            if (node == null) {
                return false;
            }
        }
        return node.member;
    }

    /** True when some member lies strictly below {@code path}. */
    boolean hasMemberBelow(List<PathElement> path) {
        Node node = root;
        for (PathElement pe : path) {
            node = node.children.get(pe);
            if (node == null) {
                return false;
            }
        }
        List<List<PathElement>> below = new ArrayList<>();
        iterate(node, new ArrayList<>(), below);
        return !below.isEmpty();
    }

    /**
     * The members in upstream's Set.Iterate order: at each level the members first, then each child's members
     * (the order in which conflicts are listed).
     */
    List<List<PathElement>> paths() {
        List<List<PathElement>> out = new ArrayList<>();
        iterate(root, new ArrayList<>(), out);
        return out;
    }

    private static void iterate(Node node, List<PathElement> prefix, List<List<PathElement>> out) {
        node.children.forEach((pe, child) -> {
            if (child.member) {
                List<PathElement> path = new ArrayList<>(prefix);
                path.add(pe);
                out.add(List.copyOf(path));
            }
        });
        node.children.forEach((pe, child) -> {
            prefix.add(pe);
            iterate(child, prefix, out);
            prefix.remove(prefix.size() - 1);
        });
    }

    FieldSet union(FieldSet other) {
        Set<List<PathElement>> all = new LinkedHashSet<>(paths());
        all.addAll(other.paths());
        return of(all);
    }

    FieldSet difference(FieldSet other) {
        List<List<PathElement>> kept = new ArrayList<>();
        for (List<PathElement> path : paths()) {
            if (!other.contains(path)) {
                kept.add(path);
            }
        }
        return of(kept);
    }

    FieldSet intersection(FieldSet other) {
        List<List<PathElement>> kept = new ArrayList<>();
        for (List<PathElement> path : paths()) {
            if (other.contains(path)) {
                kept.add(path);
            }
        }
        return of(kept);
    }

    /** Set.RecursiveDifference: without the members of {@code other} and everything below them. */
    FieldSet recursiveDifference(FieldSet other) {
        List<List<PathElement>> kept = new ArrayList<>();
        for (List<PathElement> path : paths()) {
            boolean excluded = false;
            for (int i = 1; i <= path.size() && !excluded; i++) {
                excluded = other.contains(path.subList(0, i));
            }
            if (!excluded) {
                kept.add(path);
            }
        }
        return of(kept);
    }

    /**
     * The {@code fieldsV1} object: each member name a serialised path element ({@code f:}, {@code k:}, {@code v:},
     * {@code i:}) in upstream's order; a path that is a member and has children carries {@code ".":{}} first.
     */
    ObjectNode toFieldsV1() {
        return emit(root, false);
    }

    private static ObjectNode emit(Node node, boolean includeSelf) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (includeSelf && !node.children.isEmpty()) {
            out.putObject(".");
        }
        node.children.forEach((pe, child) -> {
            if (hasMembers(child)) {
                out.set(pe.serialized(), emit(child, child.member));
            }
        });
        return out;
    }

    private static boolean hasMembers(Node node) {
        if (node.member) {
            return true;
        }
        for (Node child : node.children.values()) {
            if (hasMembers(child)) {
                return true;
            }
        }
        return false;
    }

    /** Reads {@code fieldsV1}; throws IllegalArgumentException for what is not one. */
    static FieldSet fromFieldsV1(JsonNode fields) {
        if (fields == null || fields.isNull()) {
            return EMPTY;
        }
        Node root = new Node();
        read(fields, root, true);
        return new FieldSet(root);
    }

    private static void read(JsonNode fields, Node node, boolean isRoot) {
        if (!fields.isObject()) {
            throw new IllegalArgumentException("expected an object in fieldsV1, got " + fields);
        }
        if (fields.isEmpty() && !isRoot) {
            node.member = true;
        }
        for (Map.Entry<String, JsonNode> e : fields.properties()) {
            if (e.getKey().equals(".")) {
                if (!isRoot) {
                    node.member = true;
                }
                continue;
            }
            Node child = node.children.computeIfAbsent(PathElement.parse(e.getKey()), k -> new Node());
            read(e.getValue(), child, false);
        }
    }

    /** A path as upstream prints it: {@code .spec.containers[name="app"].image}. */
    static String format(List<PathElement> path) {
        StringBuilder out = new StringBuilder();
        path.forEach(out::append);
        return out.toString();
    }

    @Override
    public String toString() {
        return toFieldsV1().toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldSet other && paths().equals(other.paths());
    }

    @Override
    public int hashCode() {
        return paths().hashCode();
    }
}
