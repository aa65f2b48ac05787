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

    /** {@code []string{"a", "b"}}. */
    static GoValue stringSlice(java.util.List<String> list) {
        return new GoValue("[]string{" + list.stream().map(GoValue::quote).collect(Collectors.joining(", ")) + "}");
    }

    /** Go's strconv.Quote, shared with the store's field errors. */
    static String quote(String text) {
        return dev.peapod.store.FieldError.quote(text);
    }

    @Override
    public String toString() {
        return text;
    }
}
