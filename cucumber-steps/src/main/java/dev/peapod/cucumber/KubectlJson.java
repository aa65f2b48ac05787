package dev.peapod.cucumber;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON as Go's {@code encoding/json} writes a decoded manifest (maps, lists, strings, numbers, booleans,
 * null): object keys sorted, no spaces, {@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped. kubectl's
 * {@code last-applied-configuration} annotation is this text of the manifest.
 */
final class KubectlJson {
    private KubectlJson() {
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : new TreeMap<>(map).entrySet()) {
                out.append(first ? "" : ",");
                first = false;
                string(String.valueOf(entry.getKey()), out);
                out.append(':');
                write(entry.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(list.get(i), out);
            }
            out.append(']');
        } else if (value instanceof String text) {
            string(text, out);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            out.append(d == Math.rint(d) && Math.abs(d) < 1e21 ? String.valueOf((long) d) : String.valueOf(d));
        } else {
            out.append(value); // integers and booleans
        }
    }

    private static void string(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
