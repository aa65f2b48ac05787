package dev.peapod.runtime.images;

import dev.peapod.runtime.Response;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HTTP answers of the image programs. A {@link Response}'s {@code output} carries the body of an
 * HTTP answer, as it carries an exec command's output (the prober reads only the status).
 */
final class Http {
    /** Go's net/http NotFound: http.Error(w, "404 page not found", 404) writes the text and a newline. */
    static final String GO_NOT_FOUND = "404 page not found\n";

    private Http() {
    }

    static Response reply(int status, String body) {
        return new Response(false, false, status, 0, body, "SERVING", Duration.ZERO);
    }

    static Response ok(String body) {
        return reply(200, body);
    }

    /** The path without its query. */
    static String path(String target) {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** The query's parameters, decoded; the first value of a name wins, as Go's url.Values.Get. */
    static Map<String, String> query(String target) {
        Map<String, String> values = new LinkedHashMap<>();
        int q = target.indexOf('?');
        if (q < 0) {
            return values;
        }
        for (String pair : target.substring(q + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            values.putIfAbsent(name, value);
        }
        return values;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
