package dev.peapod.admission;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The format checks of k8s.io/apimachinery/pkg/util/validation/validation.go (v1.33), each
 * returning upstream's messages in upstream's order; an empty list means valid. Lengths are in
 * bytes, as Go's {@code len}.
 */
final class Names {
    private static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String DNS1123_LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric "
            + "characters or '-', and must start and end with an alphanumeric character";
    private static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
    private static final String DNS1123_SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case "
            + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private static final String DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private static final String DNS1035_LABEL_MSG = "a DNS-1035 label must consist of lower case alphanumeric "
            + "characters or '-', start with an alphabetic character, and end with an alphanumeric character";
    private static final String QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final String QUALIFIED_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and "
            + "must start and end with an alphanumeric character";
    private static final String LABEL_VALUE_FMT = "(" + QUALIFIED_NAME_FMT + ")?";
    private static final String LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric "
            + "characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private static final String CONFIG_MAP_KEY_FMT = "[-._a-zA-Z0-9]+";
    private static final String CONFIG_MAP_KEY_MSG = "a valid config key must consist of alphanumeric characters, "
            + "'-', '_' or '.'";
    private static final String HTTP_HEADER_FMT = "[-A-Za-z0-9]+";

    private static final Pattern DNS1123_LABEL = Pattern.compile(DNS1123_LABEL_FMT);
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN_FMT);
    private static final Pattern DNS1035_LABEL = Pattern.compile(DNS1035_LABEL_FMT);
    private static final Pattern QUALIFIED_NAME = Pattern.compile(QUALIFIED_NAME_FMT);
    private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_FMT);
    private static final Pattern CONFIG_MAP_KEY = Pattern.compile(CONFIG_MAP_KEY_FMT);
    private static final Pattern HTTP_HEADER = Pattern.compile(HTTP_HEADER_FMT);
    private static final Pattern PORT_NAME_CHARSET = Pattern.compile("[-a-z0-9]+");
    private static final Pattern ONE_LETTER = Pattern.compile(".*[a-z].*", Pattern.DOTALL);

    private Names() {
    }

    /** The name rules of the API's ValidateNameFunc values (k8s.io/apimachinery/pkg/api/validation/generic.go). */
    enum Rule {
        DNS1123_SUBDOMAIN, DNS1123_LABEL, DNS1035_LABEL, PATH_SEGMENT;

        /** {@code prefix}: the value is a generateName, so a trailing dash is allowed. */
        List<String> check(String name, boolean prefix) {
            String value = prefix ? maskTrailingDash(name) : name;
            return switch (this) {
                case DNS1123_SUBDOMAIN -> dns1123Subdomain(value);
                case DNS1123_LABEL -> dns1123Label(value);
                case DNS1035_LABEL -> dns1035Label(value);
                case PATH_SEGMENT -> pathSegmentName(name, prefix);
            };
        }
    }

    static List<String> dns1123Label(String value) {
        if (value.length() <= 63 && isDns1123Subdomain(value) && value.indexOf('.') < 0) {
            return new ArrayList<>(); // valid: the common case, answered without the regex engine
        }
        List<String> errs = new ArrayList<>();
        if (bytes(value) > 63) {
            errs.add(maxLenError(63));
        }
        if (!DNS1123_LABEL.matcher(value).matches()) {
            if (DNS1123_SUBDOMAIN.matcher(value).matches()) {
                errs.add("must not contain dots"); // a valid subdomain of valid length: only the dots are wrong
            } else {
                errs.add(regexError(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, "my-name", "123-abc"));
            }
        }
        return errs;
    }

    static List<String> dns1123Subdomain(String value) {
        if (value.length() <= 253 && isDns1123Subdomain(value)) {
            return new ArrayList<>(); // valid: the common case, answered without the regex engine
        }
        List<String> errs = new ArrayList<>();
        if (bytes(value) > 253) {
            errs.add(maxLenError(253));
        }
        if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
            errs.add(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, "example.com"));
        }
        return errs;
    }

    /**
     * Whether {@code value} matches {@link #DNS1123_SUBDOMAIN_FMT}: labels of {@code [-a-z0-9]} that
     * start and end with a letter or digit, joined by single dots. Only ASCII passes, so its length
     * is its length in bytes. Creating 10,000 pods and their events ran the regex some 50,000 times
     * (issue #13); the regex still words every refusal.
     */
    static boolean isDns1123Subdomain(String value) {
        int start = 0;
        for (int i = 0; i <= value.length(); i++) {
            char c = i == value.length() ? '.' : value.charAt(i);
            if (c == '.') {
                if (i == start || value.charAt(start) == '-' || value.charAt(i - 1) == '-') {
                    return false;
                }
                start = i + 1;
            } else if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    static List<String> dns1035Label(String value) {
        List<String> errs = new ArrayList<>();
        if (bytes(value) > 63) {
            errs.add(maxLenError(63));
        }
        if (!DNS1035_LABEL.matcher(value).matches()) {
            errs.add(regexError(DNS1035_LABEL_MSG, DNS1035_LABEL_FMT, "my-name", "abc-123"));
        }
        return errs;
    }

    /** IsQualifiedName: an optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
    static List<String> qualifiedName(String value) {
        List<String> errs = new ArrayList<>();
        String[] parts = value.split("/", -1);
        String name;
        if (parts.length == 1) {
            name = parts[0];
        } else if (parts.length == 2) {
            name = parts[1];
            if (parts[0].isEmpty()) {
                errs.add("prefix part " + emptyError());
            } else {
                dns1123Subdomain(parts[0]).forEach(msg -> errs.add("prefix part " + msg));
            }
        } else {
            errs.add("a qualified name " + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
            return errs;
        }
        if (name.isEmpty()) {
            errs.add("name part " + emptyError());
        } else if (bytes(name) > 63) {
            errs.add("name part " + maxLenError(63));
        }
        if (!QUALIFIED_NAME.matcher(name).matches()) {
            errs.add("name part " + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc"));
        }
        return errs;
    }

    static List<String> labelValue(String value) {
        List<String> errs = new ArrayList<>();
        if (bytes(value) > 63) {
            errs.add(maxLenError(63));
        }
        if (!LABEL_VALUE.matcher(value).matches()) {
            errs.add(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
        }
        return errs;
    }

    static List<String> portNum(long port) {
        return port >= 1 && port <= 65535 ? List.of() : List.of(inclusiveRangeError(1, 65535));
    }

    /** IsValidPortName: an IANA_SVC_NAME, at most 15 characters with at least one letter. */
    static List<String> portName(String port) {
        List<String> errs = new ArrayList<>();
        if (bytes(port) > 15) {
            errs.add(maxLenError(15));
        }
        if (!PORT_NAME_CHARSET.matcher(port).matches()) {
            errs.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }
        if (!ONE_LETTER.matcher(port).matches()) {
            errs.add("must contain at least one letter (a-z)");
        }
        if (port.contains("--")) {
            errs.add("must not contain consecutive hyphens");
        }
        if (!port.isEmpty() && (port.startsWith("-") || port.endsWith("-"))) {
            errs.add("must not begin or end with a hyphen");
        }
        return errs;
    }

    /**
     * IsRelaxedEnvVarName: in v1.33 the RelaxedEnvironmentVariableValidation gate is beta and on
     * (pkg/features/kube_features.go), so any printable ASCII but '=' is allowed.
     */
    static List<String> relaxedEnvVarName(String value) {
        List<String> errs = new ArrayList<>();
        if (value.isEmpty()) {
            errs.add("environment variable name " + emptyError());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '=') {
                errs.add("a valid environment variable name must consist only of printable ASCII characters other than '='");
                break;
            }
        }
        return errs;
    }

    static List<String> configMapKey(String value) {
        List<String> errs = new ArrayList<>();
        if (bytes(value) > 253) {
            errs.add(maxLenError(253));
        }
        if (!CONFIG_MAP_KEY.matcher(value).matches()) {
            errs.add(regexError(CONFIG_MAP_KEY_MSG, CONFIG_MAP_KEY_FMT, "key.name", "KEY_NAME", "key-name"));
        }
        if (value.equals(".")) {
            errs.add("must not be '.'");
        } else if (value.equals("..")) {
            errs.add("must not be '..'");
        } else if (value.startsWith("..")) {
            errs.add("must not start with '..'");
        }
        return errs;
    }

    static List<String> httpHeaderName(String value) {
        return HTTP_HEADER.matcher(value).matches() ? List.of()
                : List.of(regexError("a valid HTTP header must consist of alphanumeric characters or '-'", HTTP_HEADER_FMT,
                "X-Header-Name"));
    }

    /** IsValidPathSegmentName (k8s.io/apimachinery/pkg/api/validation/path/name.go), used for RBAC names. */
    static List<String> pathSegmentName(String name, boolean prefix) {
        List<String> errs = new ArrayList<>();
        if (!prefix && (name.equals(".") || name.equals(".."))) {
            errs.add("may not be '" + name + "'");
        }
        if (name.contains("/")) {
            errs.add("may not contain '/'");
        }
        if (name.contains("%")) {
            errs.add("may not contain '%'");
        }
        return errs;
    }

    /** RegexError: the message, the examples, then the regex, exactly as upstream joins them. */
    static String regexError(String msg, String fmt, String... examples) {
        if (examples.length == 0) {
            return msg + " (regex used for validation is '" + fmt + "')";
        }
        StringBuilder s = new StringBuilder(msg).append(" (e.g. ");
        for (int i = 0; i < examples.length; i++) {
            if (i > 0) {
                s.append(" or ");
            }
            s.append('\'').append(examples[i]).append("', ");
        }
        return s.append("regex used for validation is '").append(fmt).append("')").toString();
    }

    static String maxLenError(int length) {
        return "must be no more than " + length + " characters";
    }

    static String emptyError() {
        return "must be non-empty";
    }

    static String inclusiveRangeError(long lo, long hi) {
        return "must be between " + lo + " and " + hi + ", inclusive";
    }

    static int bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * maskTrailingDash replaces the last two characters of a dash-ended prefix with "a"; upstream
     * really drops the character before the dash too (generic.go).
     */
    private static String maskTrailingDash(String name) {
        if (!name.endsWith("-")) {
            return name;
        }
        return name.length() >= 2 ? name.substring(0, name.length() - 2) + "a" : "a";
    }
}
