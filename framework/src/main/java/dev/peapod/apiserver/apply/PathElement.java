package dev.peapod.apiserver.apply;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One step of a field path (structured-merge-diff's fieldpath.PathElement): a field name, the key of a list-map
 * element (its key fields, sorted by name), the value of a set element, or a list index. Ordered as upstream orders
 * them (fields, then keys, then values, then indexes), which is the order of {@code fieldsV1} and of conflicts.
 */
record PathElement(Type type, String field, JsonNode value, int index) implements Comparable<PathElement> {
    enum Type { FIELD, KEY, VALUE, INDEX }

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    static PathElement field(String name) {
        return new PathElement(Type.FIELD, name, null, -1);
    }

    /** A list-map element's key: an object whose fields are sorted by name. */
    static PathElement key(ObjectNode sortedKey) {
        return new PathElement(Type.KEY, null, sortedKey, -1);
    }

    static PathElement value(JsonNode value) {
        return new PathElement(Type.VALUE, null, value, -1);
    }

    static PathElement index(int index) {
        return new PathElement(Type.INDEX, null, null, index);
    }

    /** The member name in {@code fieldsV1}: {@code f:name}, {@code k:{"name":"app"}}, {@code v:"x"}, {@code i:0}. */
    String serialized() {
        return switch (type) {
            case FIELD -> "f:" + field;
            case KEY, VALUE -> (type == Type.KEY ? "k:" : "v:") + MAPPER.writeValueAsString(value);
            case INDEX -> "i:" + index;
        };
    }

    /** Parses a member name of {@code fieldsV1}; throws IllegalArgumentException for anything else. */
    static PathElement parse(String serialized) {
        if (serialized.length() < 2 || serialized.charAt(1) != ':') {
            throw new IllegalArgumentException("unknown path element: " + serialized);
        }
        String rest = serialized.substring(2);
        try {
            return switch (serialized.charAt(0)) {
                case 'f' -> field(rest);
                case 'k' -> {
                    JsonNode key = MAPPER.readTree(rest);
                    if (!key.isObject()) {
                        throw new IllegalArgumentException("key is not an object: " + serialized);
                    }
                    yield key(Trees.sortedKey((ObjectNode) key));
                }
                case 'v' -> value(MAPPER.readTree(rest));
                case 'i' -> index(Integer.parseInt(rest));
                default -> throw new IllegalArgumentException("unknown path element: " + serialized);
            };
        } catch (tools.jackson.core.JacksonException | NumberFormatException e) {
            throw new IllegalArgumentException("cannot parse path element " + serialized + ": " + e.getMessage(), e);
        }
    }

    /** As upstream prints it in conflicts: {@code .name}, {@code [name="app"]}, {@code [="x"]}, {@code [0]}. */
    @Override
    public String toString() {
        return switch (type) {
            case FIELD -> "." + field;
            case KEY -> {
                List<String> parts = new ArrayList<>();
                for (Map.Entry<String, JsonNode> e : value.properties()) {
                    parts.add(e.getKey() + "=" + Trees.goString(e.getValue()));
                }
                yield "[" + String.join(",", parts) + "]";
            }
            case VALUE -> "[=" + Trees.goString(value) + "]";
            case INDEX -> "[" + index + "]";
        };
    }

    @Override
    public int compareTo(PathElement other) {
        if (type != other.type) {
            return type.compareTo(other.type);
        }
        return switch (type) {
            case FIELD -> field.compareTo(other.field);
            case KEY -> compareKeys(value, other.value);
            case VALUE -> Trees.compare(value, other.value);
            case INDEX -> Integer.compare(index, other.index);
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PathElement other && compareTo(other) == 0;
    }

    @Override
    public int hashCode() {
        return type == Type.FIELD ? field.hashCode() : type == Type.INDEX ? index : serialized().hashCode();
    }

    /** value.FieldList.Compare: field by field, name then value; a shorter list first. */
    private static int compareKeys(JsonNode a, JsonNode b) {
        Iterator<Map.Entry<String, JsonNode>> left = a.properties().iterator();
        Iterator<Map.Entry<String, JsonNode>> right = b.properties().iterator();
        while (true) {
            if (!left.hasNext() || !right.hasNext()) {
                return Boolean.compare(left.hasNext(), right.hasNext());
            }
            Map.Entry<String, JsonNode> l = left.next();
            Map.Entry<String, JsonNode> r = right.next();
            int c = l.getKey().compareTo(r.getKey());
            if (c != 0) {
                return c;
            }
            c = Trees.compare(l.getValue(), r.getValue());
            if (c != 0) {
                return c;
            }
        }
    }
}
