package dev.peapod.cucumber;

import dev.peapod.core.GoJsonText;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decoded JSON as kubectl v1.20's JSON printer writes it: {@code json.MarshalIndent(obj, "", "    ")} and a newline
 * (cli-runtime printers/json.go): keys sorted, four spaces a level, {@code {}} and {@code []} for empty ones, strings
 * and numbers as {@code json.Marshal} writes them ({@link GoJsonText}).
 */
final class GoJsonIndented {
    private GoJsonIndented() {
    }

    static String marshal(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, "", out);
        return out.append('\n').toString();
    }

    private static void write(Object value, String indent, StringBuilder out) {
        String inner = indent + "    ";
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            map.forEach((key, item) -> sorted.put(String.valueOf(key), item));
            out.append("{\n");
            boolean first = true;
            for (Map.Entry<String, Object> entry : sorted.entrySet()) {
                out.append(first ? "" : ",\n").append(inner).append(GoJsonText.quote(entry.getKey())).append(": ");
                write(entry.getValue(), inner, out);
                first = false;
            }
            out.append('\n').append(indent).append('}');
        } else if (value instanceof List<?> list && !list.isEmpty()) {
            out.append("[\n");
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",\n").append(inner);
                write(list.get(i), inner, out);
            }
            out.append('\n').append(indent).append(']');
        } else {
            out.append(GoJsonText.marshal(value));
        }
    }
}
