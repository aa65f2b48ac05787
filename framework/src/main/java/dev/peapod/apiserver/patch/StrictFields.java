package dev.peapod.apiserver.patch;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The strict-decoding errors upstream collects from a patch body with fieldValidation Warn (the default) or
 * Strict: sigs.k8s.io/json's UnmarshalStrict reports duplicate fields anywhere and, for a JSON patch, fields of an
 * operation other than op, path, from and value (into handlers.jsonPatchOp). Each reads as
 * {@code duplicate field "metadata.labels.app"} or {@code unknown field "[0].valeu"} (kubernetes_patch.go: the path
 * of keys joined by dots, list indexes in brackets), in document order, each once; patch.go prefixes a JSON patch's
 * with "json patch ". The body has passed {@link GoJson#syntaxError} already.
 */
final class StrictFields {
    private static final Set<String> OPERATION_FIELDS = Set.of("op", "path", "from", "value");

    private final byte[] in;
    private final boolean jsonPatch;
    private final Set<String> errors = new LinkedHashSet<>();
    private int pos;

    private StrictFields(byte[] in, boolean jsonPatch) {
        this.in = in;
        this.jsonPatch = jsonPatch;
    }

    /** The strict errors of a body, in upstream's words, without the "json patch " prefix. */
    static List<String> of(byte[] body, boolean jsonPatch) {
        StrictFields reader = new StrictFields(body, jsonPatch);
        reader.whitespace();
        reader.value("", jsonPatch ? Level.PATCH : Level.ANY);
        return List.copyOf(reader.errors);
    }

    /** Where a value sits: the patch's list, one of its operations, or anywhere else (decoded as interface{}). */
    private enum Level { PATCH, OPERATION, ANY }

    private void value(String path, Level level) {
        whitespace();
        byte c = in[pos];
        if (c == '{') {
            object(path, level);
        } else if (c == '[') {
            array(path, level);
        } else if (c == '"') {
            string();
        } else {
            while (pos < in.length && "{}[],: \t\r\n".indexOf(in[pos]) < 0) {
                pos++;
            }
        }
    }

    private void object(String path, Level level) {
        pos++;
        Set<String> seen = new HashSet<>();
        whitespace();
        if (in[pos] == '}') {
            pos++;
            return;
        }
        while (true) {
            whitespace();
            String key = string();
            whitespace();
            pos++; // ':'
            String field = path.isEmpty() ? key : path + "." + key;
            boolean known = level != Level.OPERATION || OPERATION_FIELDS.contains(key);
            if (!known) {
                errors.add("unknown field " + GoJson.quote(field));
            } else if (!seen.add(key)) {
                errors.add("duplicate field " + GoJson.quote(field));
            }
            // an operation's value decodes as interface{}; its other fields are strings
            value(field, Level.ANY);
            whitespace();
            if (in[pos++] == '}') {
                return;
            }
        }
    }

    private void array(String path, Level level) {
        pos++;
        whitespace();
        if (in[pos] == ']') {
            pos++;
            return;
        }
        for (int i = 0; ; i++) {
            value(path + "[" + i + "]", level == Level.PATCH ? Level.OPERATION : Level.ANY);
            whitespace();
            if (in[pos++] == ']') {
                return;
            }
        }
    }

    /** Reads a string literal and answers its text (escapes decoded). */
    private String string() {
        pos++;
        StringBuilder out = new StringBuilder();
        int start = pos;
        while (in[pos] != '"') {
            if (in[pos] == '\\') {
                out.append(new String(in, start, pos - start, StandardCharsets.UTF_8));
                char e = (char) in[pos + 1];
                pos += 2;
                switch (e) {
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(new String(in, pos, 4, StandardCharsets.US_ASCII), 16));
                        pos += 4;
                    }
                    default -> out.append(e);
                }
                start = pos;
            } else {
                pos++;
            }
        }
        out.append(new String(in, start, pos - start, StandardCharsets.UTF_8));
        pos++;
        return out.toString();
    }

    private void whitespace() {
        while (pos < in.length && (in[pos] == ' ' || in[pos] == '\t' || in[pos] == '\n' || in[pos] == '\r')) {
            pos++;
        }
    }
}
