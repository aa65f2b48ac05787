package dev.peapod.apiserver.apply;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.TreeMap;

/** Small helpers on Jackson values, in structured-merge-diff's terms (value.Compare, value.ToString). */
final class Trees {
    private Trees() {
    }

    /** A copy of a key object with its fields sorted by name, as fieldpath.KeyByFields sorts them. */
    static ObjectNode sortedKey(ObjectNode key) {
        Map<String, JsonNode> sorted = new TreeMap<>();
        key.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        sorted.forEach(out::set);
        return out;
    }

    /** value.ToString: strings quoted as Go's %q, other values as JSON. */
    static String goString(JsonNode value) {
        if (value.isString()) {
            return quote(value.stringValue());
        }
        return value.toString();
    }

    /** Go's {@code %q} of a string (strconv.Quote) for the printable text of field paths and managers. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    /** value.Compare's order: numbers, then strings, booleans, lists, maps, null; within a type, by value. */
    static int compare(JsonNode a, JsonNode b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        switch (ra) {
            case 0:
                return a.decimalValue().compareTo(b.decimalValue());
            case 1:
                return a.stringValue().compareTo(b.stringValue());
            case 2:
                return Boolean.compare(a.booleanValue(), b.booleanValue());
            case 3:
                for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                    int c = compare(a.get(i), b.get(i));
                    if (c != 0) {
                        return c;
                    }
                }
                return Integer.compare(a.size(), b.size());
            case 4:
                return sortedKey((ObjectNode) a).toString().compareTo(sortedKey((ObjectNode) b).toString());
            default:
                return 0;
        }
    }

    private static int rank(JsonNode v) {
        if (v.isNumber()) {
            return 0;
        }
        if (v.isString()) {
            return 1;
        }
        if (v.isBoolean()) {
            return 2;
        }
        if (v.isArray()) {
            return 3;
        }
        if (v.isObject()) {
            return 4;
        }
        return 5;
    }

    /** value.Equals: deep equality, numbers by value. */
    static boolean equal(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> e : a.properties()) {
                JsonNode other = b.get(e.getKey());
                if (other == null || !equal(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!equal(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** value.IsNullOrEmpty: absent, null, or an empty map or list. */
    static boolean isNullOrEmpty(JsonNode v) {
        return v == null || v.isNull() || (v.isContainer() && v.isEmpty());
    }
}
