package dev.peapod.manifest;

import dev.peapod.manifest.ManifestException.Problem;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * encoding/json's syntax errors for a manifest that starts with {@code {}. kubectl reads such a file with
 * apimachinery's YAMLOrJSONDecoder (staging/src/k8s.io/apimachinery/pkg/util/yaml/decoder.go, v1.33, after
 * kubernetes#130666): it decodes the first object as JSON, and when that fails, as YAML; when both fail it
 * reports the JSON error: a {@code json.SyntaxError} as {@code json: offset N: invalid character ...}, a value
 * cut short as {@code unexpected EOF} (io.ErrUnexpectedEOF from json.Decoder). Peapod parses the file as
 * YAML (a JSON object is a YAML flow mapping), and asks this class for the JSON error only when YAML fails.
 *
 * <p>The states and words are Go's encoding/json scanner.go; an explicit stack, so no nesting overflows.
 */
final class JsonSyntax {
    private final String text;
    private final Deque<int[]> open = new ArrayDeque<>(); // {kind, position}: '{' key, ':' value, '[' element
    private int position;
    private long offset; // bytes read, as encoding/json counts them
    private boolean wantValue; // a value comes next, else a ',' or the end of the container

    private JsonSyntax(String text) {
        this.text = text;
    }

    /**
     * The JSON error of the first value of a text whose first non-space character is {@code {}, at its
     * line and column in document 1; empty if the text does not start so or its first value is valid JSON.
     */
    static Optional<Problem> firstError(String source, String text) {
        int start = 0;
        while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        if (start >= text.length() || text.charAt(start) != '{') {
            return Optional.empty();
        }
        return new JsonSyntax(text).scan().map(error -> {
            int[] at = YamlStream.lineAndColumn(text, text.codePointCount(0, error.position()));
            return new Problem(source, 1, 0, null, at[0], at[1], error.message());
        });
    }

    private record Error(int position, String message) {
    }

    /** One step at a time, so that no nesting deepens the Java stack. */
    private Optional<Error> scan() {
        skipSpace();
        wantValue = true;
        Optional<Error> error = Optional.empty();
        while (error.isEmpty() && (wantValue || !open.isEmpty())) {
            error = wantValue ? value() : afterValue();
        }
        return error;
    }

    /**
     * stateBeginValue: a scalar, or the start of a container up to its first value ({@link #wantValue}
     * stays set) or its end.
     */
    private Optional<Error> value() {
        wantValue = false;
        if (position >= text.length()) {
            return Optional.of(endOfInput());
        }
        char c = text.charAt(position);
        switch (c) {
            case '{' -> {
                open.push(new int[] {'{', position});
                step();
                skipSpace();
                if (position < text.length() && text.charAt(position) == '}') {
                    open.pop();
                    step();
                    return Optional.empty();
                }
                return key();
            }
            case '[' -> {
                open.push(new int[] {'[', position});
                step();
                skipSpace();
                if (position < text.length() && text.charAt(position) == ']') {
                    open.pop();
                    step();
                    return Optional.empty();
                }
                wantValue = true;
                return Optional.empty();
            }
            case '"' -> {
                return string();
            }
            case 't' -> {
                return literal("true");
            }
            case 'f' -> {
                return literal("false");
            }
            case 'n' -> {
                return literal("null");
            }
            default -> {
                if (c == '-' || c >= '0' && c <= '9') {
                    return number();
                }
                return Optional.of(invalid("looking for beginning of value"));
            }
        }
    }

    /** stateBeginString: an object's key and its ':'; the value comes next. */
    private Optional<Error> key() {
        skipSpace();
        if (position >= text.length()) {
            return Optional.of(endOfInput());
        }
        if (text.charAt(position) != '"') {
            return Optional.of(invalid("looking for beginning of object key string"));
        }
        Optional<Error> error = string();
        if (error.isPresent()) {
            return error;
        }
        skipSpace();
        if (position >= text.length()) {
            return Optional.of(endOfInput());
        }
        if (text.charAt(position) != ':') {
            return Optional.of(invalid("after object key"));
        }
        step();
        skipSpace();
        wantValue = true;
        return Optional.empty();
    }

    /** stateEndValue inside a container: a ',' and the next entry, or the container's end. */
    private Optional<Error> afterValue() {
        skipSpace();
        if (position >= text.length()) {
            return Optional.of(endOfInput());
        }
        char c = text.charAt(position);
        boolean object = open.peek()[0] == '{';
        if (c == ',') {
            step();
            skipSpace();
            if (object) {
                return key();
            }
            wantValue = true;
            return Optional.empty();
        }
        if (c == (object ? '}' : ']')) {
            open.pop();
            step();
            return Optional.empty();
        }
        return Optional.of(invalid(object ? "after object key:value pair" : "after array element"));
    }

    /** stateInString and its escapes. */
    private Optional<Error> string() {
        int start = position;
        step();
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c == '"') {
                step();
                return Optional.empty();
            }
            if (c < 0x20) {
                return Optional.of(invalid("in string literal"));
            }
            if (c == '\\') {
                step();
                if (position >= text.length()) {
                    break;
                }
                char escape = text.charAt(position);
                if (escape == 'u') {
                    step();
                    for (int i = 0; i < 4; i++) {
                        if (position >= text.length()) {
                            return Optional.of(endOfString(start));
                        }
                        if (Character.digit(text.charAt(position), 16) < 0 || text.charAt(position) > 'f') {
                            return Optional.of(invalid("in \\u hexadecimal character escape"));
                        }
                        step();
                    }
                    continue;
                }
                if ("bfnrt\\/\"".indexOf(escape) < 0) {
                    return Optional.of(invalid("in string escape code"));
                }
            }
            step();
        }
        return Optional.of(endOfString(start));
    }

    /** state0, state1, stateDot, stateE and the rest of Go's number states. */
    private Optional<Error> number() {
        if (text.charAt(position) == '-') {
            step();
            if (!digitHere()) {
                return Optional.of(position >= text.length() ? endOfInput() : invalid("in numeric literal"));
            }
        }
        if (text.charAt(position) == '0') {
            step();
        } else {
            skipDigits();
        }
        if (position < text.length() && text.charAt(position) == '.') {
            step();
            if (!digitHere()) {
                return Optional.of(position >= text.length() ? endOfInput()
                        : invalid("after decimal point in numeric literal"));
            }
            skipDigits();
        }
        if (position < text.length() && (text.charAt(position) == 'e' || text.charAt(position) == 'E')) {
            step();
            if (position < text.length() && (text.charAt(position) == '+' || text.charAt(position) == '-')) {
                step();
            }
            if (!digitHere()) {
                return Optional.of(position >= text.length() ? endOfInput() : invalid("in exponent of numeric literal"));
            }
            skipDigits();
        }
        return Optional.empty();
    }

    /** stateT, stateTr, ...: {@code in literal true (expecting 'r')}. */
    private Optional<Error> literal(String word) {
        step();
        for (int i = 1; i < word.length(); i++) {
            if (position >= text.length()) {
                return Optional.of(endOfInput());
            }
            if (text.charAt(position) != word.charAt(i)) {
                return Optional.of(invalid("in literal " + word + " (expecting '" + word.charAt(i) + "')"));
            }
            step();
        }
        return Optional.empty();
    }

    private boolean digitHere() {
        return position < text.length() && text.charAt(position) >= '0' && text.charAt(position) <= '9';
    }

    private void skipDigits() {
        while (digitHere()) {
            step();
        }
    }

    /** encoding/json's isSpace: only these four. */
    private void skipSpace() {
        while (position < text.length() && " \t\r\n".indexOf(text.charAt(position)) >= 0) {
            step();
        }
    }

    private void step() {
        int codePoint = text.codePointAt(position);
        offset += new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
        position += Character.charCount(codePoint);
    }

    /** scanner.go's error: the offset counts the offending byte (Decoder.readValue counts before it steps). */
    private Error invalid(String context) {
        return new Error(position, "json: offset " + (offset + 1) + ": invalid character " + quoteChar() + " " + context);
    }

    /** Go's quoteChar of the offending byte: its first byte, as strconv.Quote shows it. */
    private String quoteChar() {
        char c = text.charAt(position);
        if (c == '\'') {
            return "'\\''";
        }
        if (c == '"') {
            return "'\"'";
        }
        int b = c < 0x80 ? c : text.substring(position, position + Character.charCount(text.codePointAt(position)))
                .getBytes(StandardCharsets.UTF_8)[0] & 0xFF;
        String shown = switch (b) {
            case '\n' -> "\\n";
            case '\t' -> "\\t";
            case '\r' -> "\\r";
            case '\\' -> "\\\\";
            case 0x07 -> "\\a";
            case '\b' -> "\\b";
            case '\f' -> "\\f";
            case 0x0B -> "\\v";
            default -> b < 0x20 || b == 0x7F ? String.format("\\x%02x", b)
                    : b >= 0x80 && b < 0xA0 ? String.format("\\u%04x", b) : String.valueOf((char) b);
        };
        return "'" + shown + "'";
    }

    /** json.Decoder at the end of the input inside a value: io.ErrUnexpectedEOF, and what is still open. */
    private Error endOfInput() {
        int[] innermost = open.peek();
        String what = innermost == null ? "a value is missing"
                : (innermost[0] == '{' ? "the object" : "the array") + " that starts at "
                        + at(innermost[1]) + " is not closed";
        return new Error(endOfContent(), "unexpected EOF (" + what + ")");
    }

    private Error endOfString(int start) {
        return new Error(endOfContent(), "unexpected EOF (the string that starts at " + at(start) + " is not closed)");
    }

    /** Just after the last character that is not a space: where the JSON stops short. */
    private int endOfContent() {
        int end = text.length();
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    private String at(int index) {
        int[] at = YamlStream.lineAndColumn(text, text.codePointCount(0, index));
        return "line " + at[0] + ", column " + at[1];
    }
}
