package dev.peapod.apiserver;

/**
 * The first syntax error of a JSON body in encoding/json's words (scanner.go), as the API server
 * reports a body it cannot read: {@code unexpected end of JSON input},
 * {@code invalid character 'x' looking for beginning of value}. A recursive descent over the bytes
 * with the scanner's contexts; nesting deeper than 10,000 levels is refused as Go's scanner does
 * ({@code exceeded max depth}).
 */
final class GoJson {
    private static final int MAX_DEPTH = 10_000;

    private final byte[] data;
    private int at;
    private int depth;

    private static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private GoJson(byte[] data) {
        this.data = data;
    }

    /** The error, or null when the body is one valid JSON value. */
    static String syntaxError(byte[] data) {
        GoJson scanner = new GoJson(data);
        try {
            scanner.value();
            scanner.space();
            if (scanner.at < data.length) {
                return scanner.invalid("after top-level value");
            }
            return null;
        } catch (Failure failure) {
            return failure.getMessage();
        } catch (StackOverflowError deep) {
            return "exceeded max depth"; // a nesting this thread cannot follow; Go's limit is 10,000 levels
        }
    }

    private void value() {
        space();
        if (at >= data.length) {
            throw new Failure("unexpected end of JSON input");
        }
        byte c = data[at];
        switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    number();
                } else {
                    throw new Failure(invalid("looking for beginning of value"));
                }
            }
        }
    }

    private void object() {
        nest();
        at++;
        space();
        if (peek() == '}') {
            at++;
            depth--;
            return;
        }
        while (true) {
            space();
            if (peek() != '"') {
                throw new Failure(invalid("looking for beginning of object key string"));
            }
            string();
            space();
            if (peek() != ':') {
                throw new Failure(invalid("after object key"));
            }
            at++;
            value();
            space();
            byte next = peek();
            at++;
            if (next == '}') {
                depth--;
                return;
            }
            if (next != ',') {
                at--;
                throw new Failure(invalid("after object key:value pair"));
            }
        }
    }

    private void array() {
        nest();
        at++;
        space();
        if (peek() == ']') {
            at++;
            depth--;
            return;
        }
        while (true) {
            value();
            space();
            byte next = peek();
            at++;
            if (next == ']') {
                depth--;
                return;
            }
            if (next != ',') {
                at--;
                throw new Failure(invalid("after array element"));
            }
        }
    }

    private void nest() {
        if (++depth > MAX_DEPTH) {
            throw new Failure("exceeded max depth");
        }
    }

    private void string() {
        at++;
        while (true) {
            byte c = peek();
            at++;
            if (c == '"') {
                return;
            }
            if (c == '\\') {
                byte escaped = peek();
                if ("\"\\/bfnrtu".indexOf(escaped) < 0) {
                    throw new Failure(invalid("in string escape code"));
                }
                at++;
            } else if ((c & 0xff) < 0x20) {
                at--;
                throw new Failure(invalid("in string literal"));
            }
        }
    }

    private void literal(String word) {
        for (int i = 0; i < word.length(); i++) {
            byte c = peek();
            if (c != word.charAt(i)) {
                throw new Failure(invalid("in literal " + word + " (expecting '" + word.charAt(i) + "')"));
            }
            at++;
        }
    }

    private void number() {
        if (data[at] == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
        } else if (peek() >= '1' && peek() <= '9') {
            while (at < data.length && data[at] >= '0' && data[at] <= '9') {
                at++;
            }
        } else {
            throw new Failure(invalid("in numeric literal"));
        }
        if (at < data.length && data[at] == '.') {
            at++;
            if (!(peek() >= '0' && peek() <= '9')) {
                throw new Failure(invalid("after decimal point in numeric literal"));
            }
            while (at < data.length && data[at] >= '0' && data[at] <= '9') {
                at++;
            }
        }
        if (at < data.length && (data[at] == 'e' || data[at] == 'E')) {
            at++;
            if (at < data.length && (data[at] == '+' || data[at] == '-')) {
                at++;
            }
            if (!(peek() >= '0' && peek() <= '9')) {
                throw new Failure(invalid("in exponent of numeric literal"));
            }
            while (at < data.length && data[at] >= '0' && data[at] <= '9') {
                at++;
            }
        }
    }

    /** The byte at the cursor; the end of the body is Go's "unexpected end of JSON input". */
    private byte peek() {
        if (at >= data.length) {
            throw new Failure("unexpected end of JSON input");
        }
        return data[at];
    }

    private void space() {
        while (at < data.length && (data[at] == ' ' || data[at] == '\t' || data[at] == '\n' || data[at] == '\r')) {
            at++;
        }
    }

    /** scanner.go's quoteChar: {@code 'x'}, {@code '\''}, {@code '"'}, {@code '\n'}. */
    private String invalid(String context) {
        int c = data[at] & 0xff;
        String quoted;
        if (c == '\'') {
            quoted = "'\\''";
        } else if (c == '"') {
            quoted = "'\"'";
        } else if (c == '\n') {
            quoted = "'\\n'";
        } else if (c == '\t') {
            quoted = "'\\t'";
        } else if (c == '\r') {
            quoted = "'\\r'";
        } else if (c < 0x20 || c == 0x7f) {
            quoted = String.format("'\\x%02x'", c);
        } else if (c >= 0x80) {
            int cp = new String(data, at, Math.min(4, data.length - at), java.nio.charset.StandardCharsets.UTF_8).codePointAt(0);
            quoted = "'" + new String(Character.toChars(cp)) + "'";
        } else {
            quoted = "'" + (char) c + "'";
        }
        return "invalid character " + quoted + " " + context;
    }
}
