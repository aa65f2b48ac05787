package dev.peapod.store;

import org.apiguardian.api.API;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * One field-level rejection, printed exactly as the API server prints a {@code field.Error}
 * (k8s.io/apimachinery/pkg/util/validation/field/errors.go, ErrorBody):
 * {@code spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1}.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record FieldError(String field, Type type, Object badValue, String detail) {

    /** The error types and their upstream texts. */
    public enum Type {
        NOT_FOUND("Not found", true),
        REQUIRED("Required value", false),
        DUPLICATE("Duplicate value", true),
        INVALID("Invalid value", true),
        NOT_SUPPORTED("Unsupported value", true),
        FORBIDDEN("Forbidden", false),
        TOO_LONG("Too long", false),
        /** Shows the count, as upstream's {@code field.TooMany} (errors.go): {@code Too many: 21: must have at most 20 items}. */
        TOO_MANY("Too many", true),
        INTERNAL("Internal error", false),
        TYPE_INVALID("Invalid value", true);

        private final String text;
        private final boolean showsValue;

        Type(String text, boolean showsValue) {
            this.text = text;
            this.showsValue = showsValue;
        }

        public String text() {
            return text;
        }
    }

    /**
     * The longest value a message shows whole. The API server prints a bad value whole
     * (k8s.io/apimachinery/pkg/util/validation/field/errors.go, ErrorBody; only TooLong leaves the
     * value out), so a 100,000-character label value gives a 100,000-character message, which hides
     * the detail that says what is wrong. Peapod keeps the first 256 characters, more than any valid
     * name or label has (a DNS subdomain is at most 253), and says how long the value was:
     * {@code "aaaa"...(truncated, 100000 characters)}.
     */
    public static final int SHOWN_CHARACTERS = 256;

    /**
     * A bad value the message leaves out, as upstream's {@code field.OmitValueType{}} (errors.go,
     * ErrorBody): {@code spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and
     * OnPodConditions is required}.
     */
    public enum Omitted {
        VALUE
    }

    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(type, "type");
        detail = detail == null ? "" : detail;
    }

    public static FieldError required(String field, String detail) {
        return new FieldError(field, Type.REQUIRED, null, detail);
    }

    public static FieldError invalid(String field, Object value, String detail) {
        return new FieldError(field, Type.INVALID, value, detail);
    }

    /** field.Invalid with {@code field.OmitValueType{}}: the message shows no value. */
    public static FieldError invalidOmittingValue(String field, String detail) {
        return new FieldError(field, Type.INVALID, Omitted.VALUE, detail);
    }

    /** field.TooMany: {@code Too many: 21: must have at most 20 items}. */
    public static FieldError tooMany(String field, int actual, int max) {
        return new FieldError(field, Type.TOO_MANY, actual, "must have at most " + max + " items");
    }

    public static FieldError forbidden(String field, String detail) {
        return new FieldError(field, Type.FORBIDDEN, null, detail);
    }

    public static FieldError duplicate(String field, Object value) {
        return new FieldError(field, Type.DUPLICATE, value, "");
    }

    public static FieldError notFound(String field, Object value) {
        return new FieldError(field, Type.NOT_FOUND, value, "");
    }

    /** {@code Unsupported value: "X": supported values: "A", "B"}. */
    public static FieldError notSupported(String field, Object value, List<String> supported) {
        String detail = supported.isEmpty() ? "" : "supported values: "
                + supported.stream().map(FieldError::quote).collect(Collectors.joining(", "));
        return new FieldError(field, Type.NOT_SUPPORTED, value, detail);
    }

    public static FieldError tooLong(String field, int max) {
        return new FieldError(field, Type.TOO_LONG, null, "may not be more than " + max + " bytes");
    }

    /** The part after the field path, as upstream's {@code ErrorBody}. */
    public String body() {
        StringBuilder s = new StringBuilder(type.text);
        if (type.showsValue && badValue != Omitted.VALUE) {
            s.append(": ").append(formatValue(badValue));
        }
        if (!detail.isEmpty()) {
            s.append(": ").append(detail);
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return field + ": " + body();
    }

    /** Go's %v for numbers and booleans, %q for strings, "null" for nil. */
    static String formatValue(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof CharSequence text) {
            String string = text.toString();
            return isLong(string) ? quote(head(string)) + truncation(string) : quote(string);
        }
        return String.valueOf(value);
    }

    /**
     * A user's value as messages show it: whole, or its first {@link #SHOWN_CHARACTERS} characters
     * and {@code ...(truncated, 100000 characters)}.
     */
    public static String shorten(String value) {
        return value == null || !isLong(value) ? value : head(value) + truncation(value);
    }

    private static boolean isLong(String value) {
        return value.length() > SHOWN_CHARACTERS && value.codePointCount(0, value.length()) > SHOWN_CHARACTERS;
    }

    private static String head(String value) {
        return value.substring(0, value.offsetByCodePoints(0, SHOWN_CHARACTERS));
    }

    private static String truncation(String value) {
        return "...(truncated, " + value.codePointCount(0, value.length()) + " characters)";
    }

    /** Go's strconv.Quote for the printable ASCII subset that manifests use; admission's messages use it too. */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
