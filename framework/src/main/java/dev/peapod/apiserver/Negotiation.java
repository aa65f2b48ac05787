package dev.peapod.apiserver;

import java.util.List;
import java.util.Locale;

/**
 * What a client may ask to get back. Peapod answers JSON only: an {@code Accept} header that allows
 * no plain JSON (protobuf only, YAML only, or only a Table or another {@code as=} form Peapod does
 * not make yet) is 406 in negotiation's words.
 */
final class Negotiation {
    static final List<String> PRODUCED = List.of("application/json");

    private Negotiation() {
    }

    static void checkAccept(String accept) {
        if (accept == null || accept.isBlank() || acceptsJson(accept)) {
            return;
        }
        throw Statuses.notAcceptable(PRODUCED);
    }

    static boolean acceptsJson(String accept) {
        for (String entry : accept.split(",")) {
            String[] parts = entry.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            boolean plain = true;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
                if (parameter.startsWith("as=") || parameter.startsWith("g=") || parameter.startsWith("v=")) {
                    plain = false;
                }
            }
            if (plain && (type.equals("application/json") || type.equals("application/*") || type.equals("*/*"))) {
                return true;
            }
        }
        return false;
    }
}
