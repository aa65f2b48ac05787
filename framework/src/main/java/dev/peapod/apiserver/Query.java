package dev.peapod.apiserver;

import dev.peapod.store.ApiException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A request's query parameters; the first value of a repeated one counts, as Go's url.Values.Get. */
record Query(Map<String, String> values) {

    static Query of(String pathAndQuery) {
        Map<String, String> values = new LinkedHashMap<>();
        int start = pathAndQuery.indexOf('?');
        if (start >= 0) {
            for (String pair : pathAndQuery.substring(start + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                values.putIfAbsent(key, value);
            }
        }
        return new Query(values);
    }

    /** Every value of a repeated parameter, in order ({@code command=sh&command=-c&command=ls}), as url.Values keeps them. */
    static java.util.List<String> all(String pathAndQuery, String name) {
        java.util.List<String> values = new java.util.ArrayList<>();
        int start = pathAndQuery.indexOf('?');
        if (start >= 0) {
            for (String pair : pathAndQuery.substring(start + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (!pair.isEmpty() && decode(eq < 0 ? pair : pair.substring(0, eq)).equals(name)) {
                    values.add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
                }
            }
        }
        return values;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid URL escape in the query: " + text);
        }
    }

    String get(String name) {
        String value = values.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /**
     * A boolean parameter as the parameter codec reads it (runtime.Convert_Slice_string_To_bool): absent,
     * {@code 0} or {@code false} in any case is false; any other value, the empty one too ({@code ?watch}),
     * is true.
     */
    boolean flag(String name) {
        String value = values.get(name);
        return value != null && !value.equals("0") && !value.equalsIgnoreCase("false");
    }

    /**
     * An integer parameter; a value that is not one is a BadRequest in the parameter codec's words
     * (runtime.Convert_Slice_string_To_int64 gives strconv's error).
     */
    Long number(String name) {
        String value = get(name);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("strconv.ParseInt: parsing " + dev.peapod.store.FieldError.quote(value) + ": invalid syntax");
        }
    }

    /** {@code dryRun=All}; any other value is refused as upstream's ValidateDryRun does. */
    boolean dryRun(String options) {
        String value = get("dryRun");
        if (value == null) {
            return false;
        }
        if (!value.equals("All")) {
            throw ApiException.invalid(options + ".meta.k8s.io", "", java.util.List.of(dev.peapod.store.FieldError.notSupported(
                    "dryRun", new GoStrings(value), java.util.List.of("All"))));
        }
        return true;
    }

    /** A []string as Go's %#v prints it in a field error: {@code []string{"Foo"}}. */
    record GoStrings(String value) {
        @Override
        public String toString() {
            return "[]string{" + dev.peapod.store.FieldError.quote(value) + "}";
        }
    }
}
