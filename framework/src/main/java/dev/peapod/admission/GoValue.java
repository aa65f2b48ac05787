package dev.peapod.admission;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A bad value that upstream prints with Go's {@code %#v} because it is neither a string, a number
 * nor a {@code fmt.Stringer} (field.Error.ErrorBody). {@link dev.peapod.store.FieldError} prints
 * any non-string value with {@code toString}, so this record carries the Go text.
 */
record GoValue(String text) {
    /** {@code map[string]string{"app":"web", "tier":"fe"}}: Go's fmt sorts map keys. */
    static GoValue stringMap(Map<String, String> map) {
        if (map == null) {
            return new GoValue("map[string]string(nil)");
        }
        String body = new TreeMap<>(map).entrySet().stream()
                .map(e -> quote(e.getKey()) + ":" + quote(e.getValue()))
                .collect(Collectors.joining(", "));
        return new GoValue("map[string]string{" + body + "}");
    }

    /** Go's strconv.Quote for the printable ASCII that labels can hold. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
