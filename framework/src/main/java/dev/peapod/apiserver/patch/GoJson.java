package dev.peapod.apiserver.patch;

import org.apiguardian.api.API;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * JSON as upstream's Go code sees it, so that errors carry upstream's words: the syntax errors of Go's
 * encoding/json scanner (scanner.go, checkValid), the kind names of its UnmarshalTypeError, and fmt's {@code %v} of
 * decoded values (maps print with sorted keys: {@code map[image:nginx name:app]}). {@link #syntaxError} is the HTTP
 * API's one JSON scanner, for every request body (the API server decodes them all with encoding/json).
 */
@API(status = INTERNAL, since = "0.1")
public final class GoJson {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private GoJson() {
    }

    /**
     * Parses a request body, answering Go's syntax error as a 400 with {@code prefix} before it (patch.go adds
     * "error decoding patch: " for JSON and merge patches, nothing for strategic merge patches).
     */
    static JsonNode parse(byte[] body, String prefix) {
        Optional<String> error = syntaxError(body);
        if (error.isPresent()) {
            throw PatchException.badRequest(prefix + error.get());
        }
        try {
            return MAPPER.readTree(body);
        } catch (tools.jackson.core.JacksonException e) {
            // Valid for Go, refused by Jackson: malformed UTF-8 (Go reads U+FFFD) or Jackson's read limits (nesting
            // depth, number length). Peapod refuses it in its own words rather than pretend to be Go.
            throw PatchException.badRequest(prefix + "Peapod cannot read this JSON: " + e.getOriginalMessage());
        }
    }

    /** Go's json.Unmarshal message for a value of the wrong JSON kind: {@code json: cannot unmarshal array into Go value of type X}. */
    static String cannotUnmarshal(JsonNode value, String goType) {
        return "json: cannot unmarshal " + kind(value) + " into Go value of type " + goType;
    }

    /** The JSON kind as Go's UnmarshalTypeError names it. */
    static String kind(JsonNode value) {
        if (value.isObject()) {
            return "object";
        }
        if (value.isArray()) {
            return "array";
        }
        if (value.isString()) {
            return "string";
        }
        if (value.isNumber()) {
            return "number";
        }
        if (value.isBoolean()) {
            return "bool";
        }
        return "null";
    }

    /**
     * The Go type of a decoded value (reflect.TypeOf, ints preserved as sigs.k8s.io/json decodes them), as
     * mergepatch.ErrBadArgType prints it; {@code %!s(<nil>)} for null, as fmt prints a nil reflect.Type.
     */
    static String type(JsonNode value) {
        if (value == null || value.isNull()) {
            return "%!s(<nil>)";
        }
        if (value.isObject()) {
            return "map[string]interface {}";
        }
        if (value.isArray()) {
            return "[]interface {}";
        }
        if (value.isString()) {
            return "string";
        }
        if (value.isBoolean()) {
            return "bool";
        }
        return isInt(value) ? "int64" : "float64";
    }

    /** Integers within int64 stay ints in upstream's decoder (UnmarshalCaseSensitivePreserveInts); others are float64. */
    static boolean isInt(JsonNode value) {
        return value.isIntegralNumber() && value.bigIntegerValue().bitLength() < 64;
    }

    /** Equality of decoded Go values compared with {@code ==}: an int64 never equals a float64. */
    static boolean scalarEquals(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            if (isInt(a) != isInt(b)) {
                return false;
            }
            return isInt(a) ? a.bigIntegerValue().equals(b.bigIntegerValue()) : a.doubleValue() == b.doubleValue();
        }
        return a.equals(b);
    }

    /** fmt's {@code %v} of a decoded value. */
    static String format(JsonNode value) {
        StringBuilder out = new StringBuilder();
        format(value, out);
        return out.toString();
    }

    private static void format(JsonNode value, StringBuilder out) {
        if (value == null || value.isNull()) {
            out.append("<nil>");
        } else if (value.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            value.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
            out.append("map[");
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
                if (!first) {
                    out.append(' ');
                }
                first = false;
                out.append(e.getKey()).append(':');
                format(e.getValue(), out);
            }
            out.append(']');
        } else if (value.isArray()) {
            out.append('[');
            for (int i = 0; i < value.size(); i++) {
                if (i > 0) {
                    out.append(' ');
                }
                format(value.get(i), out);
            }
            out.append(']');
        } else if (value.isString()) {
            out.append(value.stringValue());
        } else if (value.isNumber() && !isInt(value)) {
            out.append(formatFloat(value.doubleValue()));
        } else {
            out.append(value.asString());
        }
    }

    /** strconv.FormatFloat(f, 'g', -1, 64), which %v uses: shortest digits, exponent when it is < -4 or >= 6. */
    static String formatFloat(double f) {
        if (f == 0) {
            return "0";
        }
        java.math.BigDecimal shortest = new java.math.BigDecimal(Double.toString(f)).stripTrailingZeros();
        int exponent = shortest.precision() - shortest.scale() - 1;
        if (exponent < -4 || exponent >= 6) {
            String digits = shortest.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (f < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                    + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        }
        return shortest.toPlainString();
    }

    /** strconv.Quote of a string, as %q prints it. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        s.codePoints().forEach(c -> out.append(escape(c, '"')));
        return out.append('"').toString();
    }

    private static String escape(int c, char quote) {
        switch (c) {
            case 7: return "\\a";
            case '\b': return "\\b";
            case '\f': return "\\f";
            case '\n': return "\\n";
            case '\r': return "\\r";
            case '\t': return "\\t";
            case 11: return "\\v";
            case '\\': return "\\\\";
            default:
                if (c == quote) {
                    return "\\" + quote;
                }
                if (c < 0x20 || c == 0x7f) {
                    return String.format("\\x%02x", c);
                }
                if ((c >= 0x80 && c <= 0xa0) || c == 0xad) {
                    return String.format("\\u%04x", c);
                }
                return new String(Character.toChars(c));
        }
    }

    /** scanner.go's quoteChar: the offending byte in single quotes. */
    private static String quoteChar(int c) {
        if (c == '\'') {
            return "'\\''";
        }
        if (c == '"') {
            return "'\"'";
        }
        return "'" + escape(c, '\'') + "'";
    }

    /**
     * The error Go's json.Unmarshal reports for malformed input (checkValid), or empty when the input is one valid
     * JSON value: {@code unexpected end of JSON input}, {@code invalid character 'x' looking for beginning of value}.
     * The one scanner of the HTTP API: request bodies and patches alike.
     */
    public static Optional<String> syntaxError(byte[] input) {
        try {
            new Scanner(input).scan();
            return Optional.empty();
        } catch (SyntaxError e) {
            return Optional.of(e.getMessage());
        }
    }

    private static final class SyntaxError extends RuntimeException {
        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A reading of scanner.go's states with an explicit stack of the open objects and arrays, so that no nesting
     * deepens the Java stack; past {@link #MAX_DEPTH} open ones it stops as Go does ({@code invalid character '['
     * exceeded max depth}). At the end of the input Go steps a space through the scanner: where a space is wrong
     * (inside a number, a literal or an escape) the error names it, elsewhere the input ended too early.
     */
    private static final class Scanner {
        /** scanner.go maxNestingDepth. */
        private static final int MAX_DEPTH = 10_000;

        private final byte[] in;
        private int pos;
        /** The open containers, innermost last: '{' or '['. */
        private byte[] open = new byte[16];
        private int depth;

        Scanner(byte[] in) {
            this.in = in;
        }

        void scan() {
            whitespace();
            boolean wantValue = true;
            while (true) {
                if (wantValue) {
                    wantValue = value();
                    continue;
                }
                whitespace();
                if (depth == 0) {
                    if (!atEnd()) {
                        throw invalid("after top-level value");
                    }
                    return;
                }
                if (atEnd()) {
                    throw unexpectedEnd();
                }
                boolean inObject = open[depth - 1] == '{';
                int c = peek();
                if (c == (inObject ? '}' : ']')) {
                    pos++;
                    depth--;
                } else if (c == ',') {
                    pos++;
                    whitespace();
                    if (inObject) {
                        key();
                    }
                    wantValue = true;
                } else {
                    throw invalid(inObject ? "after object key:value pair" : "after array element");
                }
            }
        }

        boolean atEnd() {
            return pos >= in.length;
        }

        /** The current byte; a space past the end, as scanner.eof steps one. */
        int peek() {
            return atEnd() ? ' ' : in[pos] & 0xff;
        }

        SyntaxError invalid(String context) {
            return new SyntaxError("invalid character " + quoteChar(peek()) + " " + context);
        }

        SyntaxError unexpectedEnd() {
            return new SyntaxError("unexpected end of JSON input");
        }

        void whitespace() {
            while (!atEnd() && (in[pos] == ' ' || in[pos] == '\t' || in[pos] == '\n' || in[pos] == '\r')) {
                pos++;
            }
        }

        /** Reads a value, or opens a container: true when a value comes next (the first element of an array). */
        private boolean value() {
            if (atEnd()) {
                throw unexpectedEnd();
            }
            int c = peek();
            switch (c) {
                case '{', '[' -> {
                    push((byte) c);
                    pos++;
                    whitespace();
                    if (atEnd()) {
                        throw unexpectedEnd();
                    }
                    if (peek() == (c == '{' ? '}' : ']')) {
                        pos++;
                        depth--;
                        return false;
                    }
                    if (c == '{') {
                        key();
                    }
                    return true;
                }
                case '"' -> string();
                case 't' -> literal("true");
                case 'f' -> literal("false");
                case 'n' -> literal("null");
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        number();
                    } else {
                        throw invalid("looking for beginning of value");
                    }
                }
            }
            return false;
        }

        /** An object's key and its colon, up to the value. */
        private void key() {
            if (atEnd()) {
                throw unexpectedEnd();
            }
            if (peek() != '"') {
                throw invalid("looking for beginning of object key string");
            }
            string();
            whitespace();
            if (atEnd()) {
                throw unexpectedEnd();
            }
            if (peek() != ':') {
                throw invalid("after object key");
            }
            pos++;
            whitespace();
        }

        private void push(byte container) {
            if (depth == MAX_DEPTH) {
                throw invalid("exceeded max depth");
            }
            if (depth == open.length) {
                open = java.util.Arrays.copyOf(open, depth * 2);
            }
            open[depth++] = container;
        }

        private void string() {
            pos++;
            while (true) {
                if (atEnd()) {
                    throw unexpectedEnd();
                }
                int c = peek();
                if (c == '"') {
                    pos++;
                    return;
                }
                if (c == '\\') {
                    pos++;
                    int e = peek();
                    if ("bfnrt\\/\"".indexOf(e) >= 0 && !atEnd()) {
                        pos++;
                    } else if (e == 'u' && !atEnd()) {
                        pos++;
                        for (int i = 0; i < 4; i++) {
                            int h = peek();
                            boolean hex = (h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F');
                            if (!hex || atEnd()) {
                                throw invalid("in \\u hexadecimal character escape");
                            }
                            pos++;
                        }
                    } else {
                        throw invalid("in string escape code");
                    }
                } else if (c < 0x20) {
                    throw invalid("in string literal");
                } else {
                    pos++;
                }
            }
        }

        private void literal(String word) {
            pos++;
            for (int i = 1; i < word.length(); i++) {
                if (atEnd() || peek() != word.charAt(i)) {
                    throw invalid("in literal " + word + " (expecting " + quoteChar(word.charAt(i)) + ")");
                }
                pos++;
            }
        }

        private void number() {
            if (peek() == '-') {
                pos++;
                if (atEnd() || !digit(peek())) {
                    throw invalid("in numeric literal");
                }
            }
            if (peek() == '0') {
                pos++;
            } else {
                digits();
            }
            if (!atEnd() && peek() == '.') {
                pos++;
                if (atEnd() || !digit(peek())) {
                    throw invalid("after decimal point in numeric literal");
                }
                digits();
            }
            if (!atEnd() && (peek() == 'e' || peek() == 'E')) {
                pos++;
                if (!atEnd() && (peek() == '+' || peek() == '-')) {
                    pos++;
                }
                if (atEnd() || !digit(peek())) {
                    throw invalid("in exponent of numeric literal");
                }
                digits();
            }
        }

        private void digits() {
            while (!atEnd() && digit(peek())) {
                pos++;
            }
        }

        private static boolean digit(int c) {
            return c >= '0' && c <= '9';
        }
    }

    /** A JSON array as a list, for the list algorithms. */
    static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>(array.size());
        array.values().forEach(out::add);
        return out;
    }
}
