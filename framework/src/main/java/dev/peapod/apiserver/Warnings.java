package dev.peapod.apiserver;

import io.fabric8.mockwebserver.http.MockResponse;

import java.util.List;

/** The API server's warnings as {@code Warning: 299 - "text"} headers (apiserver/pkg/warning, net/http's quoting). */
final class Warnings {
    private Warnings() {
    }

    static MockResponse add(MockResponse response, List<String> warnings) {
        synchronized (warnings) {
            warnings.forEach(warning -> response.addHeader("Warning", header(warning)));
        }
        return response;
    }

    /** RFC 7234 warn-text: a quoted string, with {@code "} and {@code \} escaped by a backslash. */
    static String header(String text) {
        return "299 - \"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
