package dev.peapod.manifest;

import dev.peapod.manifest.FieldPath.Index;
import dev.peapod.manifest.FieldPath.Segment;
import dev.peapod.store.FieldError;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Composed YAML nodes read as the JSON kubectl sends: string keys, merge keys ({@code <<}) expanded
 * with explicit keys winning, scalars typed by {@link GoScalars}. The nodes keep their marks, so any
 * field path can be traced back to its line.
 */
final class YamlTree {
    /** One key of a mapping as JSON sees it, with the nodes it came from. */
    record Entry(String key, ScalarNode keyNode, Node value) {
    }

    private YamlTree() {
    }

    /** The mapping's entries, merged mappings included; an explicit key wins over a merged one. */
    static List<Entry> entries(MappingNode mapping) {
        return entries(mapping, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static List<Entry> entries(MappingNode mapping, Set<Node> seen) {
        seen.add(mapping);
        Map<String, Entry> explicit = new LinkedHashMap<>();
        List<Entry> merged = new ArrayList<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                continue; // reported by toJson
            }
            if (isMerge(key)) {
                for (MappingNode source : mergeSources(tuple.getValueNode())) {
                    if (!seen.contains(source)) {
                        merged.addAll(entries(source, seen));
                    }
                }
            } else {
                explicit.put(key(key), new Entry(key(key), key, tuple.getValueNode()));
            }
        }
        merged.forEach(entry -> explicit.putIfAbsent(entry.key(), entry));
        return List.copyOf(explicit.values());
    }

    /** The value under a key of a mapping node. */
    static Optional<Node> child(Node node, String key) {
        return entry(node, key).map(Entry::value);
    }

    /** The JSON value of a node, reporting what kubectl's YAML-to-JSON step would refuse. */
    static Object toJson(Node node, Reporter reporter) {
        return toJson(node, reporter, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static Object toJson(Node node, Reporter reporter, Set<Node> open) {
        if (!open.add(node)) {
            // goyaml.v2 decode.go, decoder.alias
            reporter.syntax(node, "yaml: anchor '" + node.getAnchor().map(a -> a.getValue()).orElse("")
                    + "' value contains itself");
            return null;
        }
        try {
            if (node instanceof ScalarNode scalar) {
                GoScalars.mismatch(scalar).ifPresent(problem -> reporter.syntax(node, "yaml: " + problem));
                return GoScalars.value(scalar);
            }
            if (node instanceof SequenceNode sequence) {
                List<Object> list = new ArrayList<>();
                sequence.getValue().forEach(item -> list.add(toJson(item, reporter, open)));
                return list;
            }
            MappingNode mapping = (MappingNode) node;
            checkKeys(mapping, reporter);
            Map<String, Object> map = new LinkedHashMap<>();
            entries(mapping).forEach(entry -> map.put(entry.key(), toJson(entry.value(), reporter, open)));
            return map;
        } finally {
            open.remove(node);
        }
    }

    /**
     * Duplicate keys, in yaml.v3's words as kubectl prints them for a kustomization
     * ({@code mapping key "name" already defined at line 6}); keys that are not scalars; merge keys
     * whose value is not a mapping (goyaml.v2 decode.go, failWantMap).
     */
    private static void checkKeys(MappingNode mapping, Reporter reporter) {
        Map<String, Integer> firstLines = new HashMap<>(); // looked up only, never iterated
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                reporter.syntax(tuple.getKeyNode(), "yaml: invalid map key: a key must be a scalar");
            } else if (isMerge(key)) {
                checkMerge(tuple.getValueNode(), reporter);
            } else {
                int line = key.getStartMark().map(reporter::line).orElse(0);
                Integer first = firstLines.putIfAbsent(key(key), line);
                if (first != null) {
                    reporter.at(key, "mapping key " + quote(key) + " already defined at line " + first);
                }
            }
        }
    }

    private static void checkMerge(Node value, Reporter reporter) {
        boolean maps = value instanceof MappingNode || value instanceof SequenceNode sequence
                && sequence.getValue().stream().allMatch(item -> item instanceof MappingNode);
        if (!maps) {
            reporter.syntax(value, "yaml: map merge requires map or sequence of maps as the value");
        }
    }

    /**
     * Where a field is written: the line of its key, of its list item, or of the deepest part of the
     * path that exists.
     */
    static Optional<Mark> locate(Node root, FieldPath path) {
        Node current = root;
        Optional<Mark> found = root.getStartMark();
        for (Segment segment : path.segments()) {
            if (segment instanceof Index index) {
                if (!(current instanceof SequenceNode sequence) || index.index() >= sequence.getValue().size()) {
                    break;
                }
                current = sequence.getValue().get(index.index());
                found = current.getStartMark();
            } else {
                Optional<Entry> entry = entry(current, name(segment));
                if (entry.isEmpty()) {
                    break;
                }
                current = entry.get().value();
                found = entry.get().keyNode().getStartMark();
            }
        }
        return found;
    }

    /** The node at a path, if the whole path exists. */
    static Optional<Node> node(Node root, FieldPath path) {
        Node current = root;
        for (Segment segment : path.segments()) {
            if (segment instanceof Index index) {
                if (!(current instanceof SequenceNode sequence) || index.index() >= sequence.getValue().size()) {
                    return Optional.empty();
                }
                current = sequence.getValue().get(index.index());
            } else {
                Optional<Node> child = child(current, name(segment));
                if (child.isEmpty()) {
                    return child;
                }
                current = child.get();
            }
        }
        return Optional.of(current);
    }

    /** The text of a scalar child, if it is a string. */
    static String text(Node node, String key) {
        return child(node, key).filter(ScalarNode.class::isInstance)
                .map(child -> GoScalars.value((ScalarNode) child))
                .filter(String.class::isInstance).map(String.class::cast).orElse(null);
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && GoScalars.value(scalar) == null;
    }

    private static Optional<Entry> entry(Node node, String key) {
        if (!(node instanceof MappingNode mapping)) {
            return Optional.empty();
        }
        return entries(mapping).stream().filter(entry -> entry.key().equals(key)).findFirst();
    }

    private static String name(Segment segment) {
        return segment instanceof FieldPath.Field field ? field.name() : ((FieldPath.Key) segment).name();
    }

    /** goyaml.v2 reads a plain {@code <<} key as a merge. */
    private static boolean isMerge(ScalarNode key) {
        return key.getTag().equals(Tag.MERGE) || key.isPlain() && key.getValue().equals("<<");
    }

    private static List<MappingNode> mergeSources(Node value) {
        List<MappingNode> sources = new ArrayList<>();
        if (value instanceof MappingNode mapping) {
            sources.add(mapping);
        } else if (value instanceof SequenceNode sequence) {
            sequence.getValue().stream().filter(MappingNode.class::isInstance).map(MappingNode.class::cast)
                    .forEach(sources::add);
        }
        return sources;
    }

    /** JSON object keys are strings: sigs.k8s.io/yaml writes a boolean or number key as its text. */
    private static String key(ScalarNode key) {
        Object value = GoScalars.value(key);
        if (value instanceof String || value instanceof Double || value == null) {
            return key.getValue();
        }
        return value.toString();
    }

    /** Go's %#v: strings quoted, other keys as they are; a long key shortened. */
    private static String quote(ScalarNode key) {
        String name = FieldError.shorten(key(key));
        if (!(GoScalars.value(key) instanceof String)) {
            return name;
        }
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
