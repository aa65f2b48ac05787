package dev.peapod.cucumber;

import dev.peapod.core.GoJsonText;
import dev.peapod.core.PeapodException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Decoded JSON (maps, lists, strings, numbers, booleans, null) as kubectl v1.20's YAML printer writes it:
 * sigs.k8s.io/yaml turns the object's JSON into YAML with gopkg.in/yaml.v2 (v2.4.0: encode.go, resolve.go,
 * sorter.go, emitterc.go). That means keys in goyaml's natural order ({@code key2} before {@code key10}, letters
 * after other characters), block style with sequences not indented under their key, a string quoted when it would
 * read back as another type ({@code "123"}, {@code "yes"}, a date), single quotes when an indicator forbids the
 * plain style, double quotes for what is not printable, {@code |} for text with line breaks, and lines folded at
 * spaces past column 80.
 */
final class GoYaml {
    private static final int BEST_WIDTH = 80;
    private static final int BEST_INDENT = 2;
    private static final Pattern YAML_FLOAT = Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
    private static final Pattern BASE60_FLOAT = Pattern.compile("^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?$");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "^(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:(?:[Tt](\\d{1,2}):(\\d{1,2}):(\\d{1,2})(?:\\.\\d{1,9})?(?:Z|[+-]\\d{2}:\\d{2}))"
                    + "|(?: (\\d{1,2}):(\\d{1,2}):(\\d{1,2})(?:\\.\\d{1,9})?))?$");
    private static final List<String> RESOLVED = List.of("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On",
            "ON", "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "", "~", "null", "Null", "NULL",
            ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF");

    private final StringBuilder out = new StringBuilder();
    private int column;

    private GoYaml() {
    }

    /** The value as {@code yaml.Marshal} writes it, ending in a newline. */
    static String marshal(Object value) {
        GoYaml yaml = new GoYaml();
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            yaml.map(map, 0, false);
        } else if (value instanceof List<?> list && !list.isEmpty()) {
            yaml.sequence(list, 0, false);
        } else {
            yaml.scalar(value, 0, false);
        }
        if (yaml.column > 0) {
            yaml.newline();
        }
        return yaml.out.toString();
    }

    // ------------------------------------------------------------------ nodes

    /** A block mapping whose keys start at {@code indent}; the first key on the current line after {@code "- "}. */
    private void map(Map<?, ?> map, int indent, boolean inline) {
        List<String> keys = new ArrayList<>();
        map.keySet().forEach(key -> keys.add(String.valueOf(key)));
        keys.sort(GoYaml::compareKeys);
        boolean first = true;
        for (String key : keys) {
            if (!(first && inline)) {
                indentTo(indent);
            }
            first = false;
            if (key.codePointCount(0, key.length()) > 128 || key.contains("\n")) {
                throw new PeapodException("Peapod's kubectl steps do not write a YAML key longer than 128 characters or with "
                        + "a line break as goyaml does (a complex key): " + key);
            }
            scalar(key, indent, true);
            write(":");
            Object value = map.get(key);
            if (value instanceof Map<?, ?> inner && !inner.isEmpty()) {
                map(inner, indent + BEST_INDENT, false);
            } else if (value instanceof List<?> list && !list.isEmpty()) {
                sequence(list, indent, false); // indentless: "- " under the key
            } else {
                write(" ");
                scalar(value, indent + BEST_INDENT, false);
            }
        }
    }

    /** A block sequence whose {@code "- "} start at {@code indent}; the first on the current line when inline. */
    private void sequence(List<?> list, int indent, boolean inline) {
        boolean first = true;
        for (Object item : list) {
            if (!(first && inline)) {
                indentTo(indent);
            }
            first = false;
            write("- ");
            if (item instanceof Map<?, ?> map && !map.isEmpty()) {
                map(map, indent + BEST_INDENT, true);
            } else if (item instanceof List<?> inner && !inner.isEmpty()) {
                sequence(inner, indent + BEST_INDENT, true);
            } else {
                scalar(item, indent + BEST_INDENT, false);
            }
        }
    }

    /** Starts a new line at {@code indent} unless the current line is blank up to there. */
    private void indentTo(int indent) {
        if (column > 0) {
            newline();
        }
        write(" ".repeat(indent));
    }

    private void newline() {
        out.append('\n');
        column = 0;
    }

    private void write(String text) {
        out.append(text);
        column += text.codePointCount(0, text.length());
    }

    // ------------------------------------------------------------------ scalars

    /** A scalar written where the cursor is; {@code indent} is where its folded lines continue. */
    private void scalar(Object value, int indent, boolean key) {
        if (value == null) {
            write("null");
        } else if (value instanceof Map<?, ?>) {
            write("{}");
        } else if (value instanceof List<?>) {
            write("[]");
        } else if (value instanceof Boolean b) {
            write(b.toString());
        } else if (value instanceof Number number) {
            write(number(number));
        } else {
            string(value.toString(), indent, key);
        }
    }

    /** A number as Go's JSON writes it, read back by goyaml: an int stays as written, a float is strconv's 'g'. */
    static String number(Number number) {
        String json = GoJsonText.marshal(number);
        if (json.matches("-?\\d+") && new BigDecimal(json).abs().compareTo(new BigDecimal(Long.MAX_VALUE)) <= 0) {
            return json;
        }
        double d = number.doubleValue();
        BigDecimal decimal = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exponent = decimal.precision() - decimal.scale() - 1;
        if (exponent < -4 || exponent >= 6) { // strconv 'g', shortest digits: %e when exp < -4 || exp >= 6 (ftoa.go)
            String digits = decimal.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "")
                    + Math.abs(exponent);
        }
        return decimal.toPlainString();
    }

    private enum Style { PLAIN, SINGLE, DOUBLE, LITERAL }

    private void string(String text, int indent, boolean key) {
        Analysis analysis = new Analysis(text);
        Style style = text.contains("\n") ? Style.LITERAL : plainReadsAsString(text) ? Style.PLAIN : Style.DOUBLE;
        if (key && analysis.multiline) {
            style = Style.DOUBLE;
        }
        if (style == Style.PLAIN && (!analysis.blockPlainAllowed || (text.isEmpty() && key))) {
            style = Style.SINGLE;
        }
        if (style == Style.SINGLE && !analysis.singleQuotedAllowed) {
            style = Style.DOUBLE;
        }
        if (style == Style.LITERAL && (!analysis.blockAllowed || key)) {
            style = Style.DOUBLE;
        }
        switch (style) {
            case PLAIN -> plain(text, indent, !key);
            case SINGLE -> singleQuoted(text, indent, !key);
            case DOUBLE -> doubleQuoted(text, indent, !key);
            case LITERAL -> literal(text, indent);
        }
    }

    /** encode.go stringv: the plain style only for text that resolves to a string (resolve.go) and no base 60 float. */
    static boolean plainReadsAsString(String text) {
        if (RESOLVED.contains(text) || BASE60_FLOAT.matcher(text).matches()) {
            return false;
        }
        char hint = text.charAt(0);
        if (hint == '.') {
            return !goFloat(text);
        }
        if (hint != '+' && hint != '-' && !(hint >= '0' && hint <= '9')) {
            return true;
        }
        if (timestamp(text)) {
            return false;
        }
        String plain = text.replace("_", "");
        if (goInt(plain) || (YAML_FLOAT.matcher(plain).matches())) {
            return false;
        }
        if (plain.startsWith("0b") || plain.startsWith("-0b")) {
            String digits = plain.substring(plain.indexOf('b') + 1);
            return !digits.matches("[01]+");
        }
        return true;
    }

    /** strconv.ParseInt(s, 0, 64) or ParseUint: a sign, then 0x, 0o, 0b, a leading 0 (octal) or decimal digits. */
    private static boolean goInt(String s) {
        String body = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        String lower = body.toLowerCase(java.util.Locale.ROOT);
        String digits;
        int radix;
        if (lower.startsWith("0x")) {
            digits = body.substring(2);
            radix = 16;
        } else if (lower.startsWith("0o")) {
            digits = body.substring(2);
            radix = 8;
        } else if (lower.startsWith("0b")) {
            digits = body.substring(2);
            radix = 2;
        } else if (body.startsWith("0") && body.length() > 1) {
            digits = body.substring(1);
            radix = 8;
        } else {
            digits = body;
            radix = 10;
        }
        if (digits.isEmpty()) {
            return false;
        }
        try {
            java.math.BigInteger value = new java.math.BigInteger(digits, radix);
            return value.bitLength() <= 64;
        } catch (NumberFormatException notANumber) {
            return false;
        }
    }

    /** strconv.ParseFloat of text starting with a dot ({@code .5}, {@code .5e3}). */
    private static boolean goFloat(String text) {
        return text.matches("\\.[0-9]+([eE][-+]?[0-9]+)?");
    }

    /** resolve.go parseTimestamp: the four layouts time.Parse takes, with fields in range. */
    private static boolean timestamp(String text) {
        java.util.regex.Matcher m = TIMESTAMP.matcher(text);
        if (!m.matches()) {
            return false;
        }
        int month = Integer.parseInt(m.group(2));
        int day = Integer.parseInt(m.group(3));
        if (month < 1 || month > 12 || day < 1 || day > java.time.YearMonth.of(Integer.parseInt(m.group(1)), month).lengthOfMonth()) {
            return false;
        }
        for (int g = 4; g <= 7; g += 3) {
            if (m.group(g) != null && (Integer.parseInt(m.group(g)) > 23 || Integer.parseInt(m.group(g + 1)) > 59
                    || Integer.parseInt(m.group(g + 2)) > 59)) {
                return false;
            }
        }
        return true;
    }

    /** emitterc.go yaml_emitter_analyze_scalar: which styles can carry the text. */
    private static final class Analysis {
        boolean multiline;
        boolean blockPlainAllowed = true;
        boolean singleQuotedAllowed = true;
        boolean blockAllowed = true;

        Analysis(String text) {
            if (text.isEmpty()) {
                blockAllowed = false;
                return;
            }
            boolean blockIndicators = text.startsWith("---") || text.startsWith("...");
            boolean lineBreaks = false;
            boolean special = false;
            boolean leadingSpace = false;
            boolean leadingBreak = false;
            boolean trailingSpace = false;
            boolean trailingBreak = false;
            boolean breakSpace = false;
            boolean spaceBreak = false;
            boolean precededByWhitespace = true;
            boolean previousSpace = false;
            boolean previousBreak = false;
            int[] points = text.codePoints().toArray();
            for (int i = 0; i < points.length; i++) {
                int c = points[i];
                boolean followedByWhitespace = i + 1 >= points.length || blank(points[i + 1]);
                if (i == 0) {
                    if ("#,[]{}&*!|>'\"%@`".indexOf(c) >= 0) {
                        blockIndicators = true;
                    } else if ((c == '?' || c == ':' || c == '-') && followedByWhitespace) {
                        blockIndicators = true;
                    }
                } else if ((c == ':' && followedByWhitespace) || (c == '#' && precededByWhitespace)) {
                    blockIndicators = true;
                }
                if (!printable(c)) {
                    special = true;
                }
                if (c == ' ') {
                    leadingSpace |= i == 0;
                    trailingSpace |= i == points.length - 1;
                    breakSpace |= previousBreak;
                    previousSpace = true;
                    previousBreak = false;
                } else if (isBreak(c)) {
                    lineBreaks = true;
                    leadingBreak |= i == 0;
                    trailingBreak |= i == points.length - 1;
                    spaceBreak |= previousSpace;
                    previousSpace = false;
                    previousBreak = true;
                } else {
                    previousSpace = false;
                    previousBreak = false;
                }
                precededByWhitespace = blank(c) || isBreak(c) || c == 0;
            }
            multiline = lineBreaks;
            if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
                blockPlainAllowed = false;
            }
            if (trailingSpace) {
                blockAllowed = false;
            }
            if (breakSpace) {
                blockPlainAllowed = false;
                singleQuotedAllowed = false;
            }
            if (spaceBreak || special) {
                blockPlainAllowed = false;
                singleQuotedAllowed = false;
                blockAllowed = false;
            }
            if (lineBreaks || blockIndicators) {
                blockPlainAllowed = false;
            }
        }
    }

    private static boolean blank(int c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isBreak(int c) {
        return c == '\r' || c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029;
    }

    /** yaml.v2 is_printable: LF, 0x20-0x7E, 0xA0-0xD7FF, 0xE000-0xFFFD but the BOM; nothing past the BMP. */
    private static boolean printable(int c) {
        return c == 0x0A || (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF);
    }

    private void plain(String text, int indent, boolean allowBreaks) {
        int[] points = text.codePoints().toArray();
        boolean spaces = false;
        for (int i = 0; i < points.length; i++) {
            if (points[i] == ' ') {
                if (allowBreaks && !spaces && column > BEST_WIDTH && !(i + 1 < points.length && points[i + 1] == ' ')) {
                    newline();
                    write(" ".repeat(indent));
                } else {
                    write(" ");
                }
                spaces = true;
            } else {
                write(Character.toString(points[i]));
                spaces = false;
            }
        }
    }

    /**
     * emitterc.go yaml_emitter_write_single_quoted_scalar. A line break other than {@code \n} (U+2028, U+2029, U+0085,
     * {@code \r}) is written as itself and counts as the end of a line (write_break sets the column to 0), so the next
     * character is indented to the scalar's indentation with no {@code \n} before it.
     */
    private void singleQuoted(String text, int indent, boolean allowBreaks) {
        write("'");
        int[] points = text.codePoints().toArray();
        boolean spaces = false;
        boolean breaks = false;
        for (int i = 0; i < points.length; i++) {
            if (isBreak(points[i])) {
                if (points[i] == '\n') {
                    if (!breaks) {
                        newline();
                    }
                    newline();
                } else {
                    write(Character.toString(points[i]));
                    column = 0;
                }
                breaks = true;
                continue;
            }
            if (breaks && points[i] != ' ') { // yaml_emitter_write_indent, the emitter at the start of a line
                write(" ".repeat(Math.max(0, indent - column)));
            }
            breaks = false;
            if (points[i] == ' ') {
                if (allowBreaks && !spaces && column > BEST_WIDTH && i > 0 && i < points.length - 1 && points[i + 1] != ' ') {
                    newline();
                    write(" ".repeat(indent));
                } else {
                    write(" ");
                }
                spaces = true;
            } else {
                write(points[i] == '\'' ? "''" : Character.toString(points[i]));
                spaces = false;
            }
        }
        write("'");
    }

    /**
     * emitterc.go yaml_emitter_write_double_quoted_scalar. Its is_bom looks at the start of the text, not at the
     * character (yamlprivateh.go), so a text that starts with U+FEFF has every character escaped: {@code "\\uFEFF\\x78"}.
     */
    private void doubleQuoted(String text, int indent, boolean allowBreaks) {
        write("\"");
        int[] points = text.codePoints().toArray();
        boolean spaces = false;
        boolean bom = points.length > 0 && points[0] == 0xFEFF;
        for (int i = 0; i < points.length; i++) {
            int c = points[i];
            if (bom || !printable(c) || isBreak(c) || c == '"' || c == '\\') {
                write("\\" + escape(c));
                spaces = false;
            } else if (c == ' ') {
                if (allowBreaks && !spaces && column > BEST_WIDTH && i > 0 && i < points.length - 1) {
                    newline();
                    write(" ".repeat(indent));
                    if (points[i + 1] == ' ') {
                        write("\\");
                    }
                } else {
                    write(" ");
                }
                spaces = true;
            } else {
                write(Character.toString(c));
                spaces = false;
            }
        }
        write("\"");
    }

    private static String escape(int c) {
        return switch (c) {
            case 0x00 -> "0";
            case 0x07 -> "a";
            case 0x08 -> "b";
            case 0x09 -> "t";
            case 0x0A -> "n";
            case 0x0B -> "v";
            case 0x0C -> "f";
            case 0x0D -> "r";
            case 0x1B -> "e";
            case 0x22 -> "\"";
            case 0x5C -> "\\";
            case 0x85 -> "N";
            case 0xA0 -> "_";
            case 0x2028 -> "L";
            case 0x2029 -> "P";
            default -> c <= 0xFF ? String.format("x%02X", c) : c <= 0xFFFF ? String.format("u%04X", c) : String.format("U%08X", c);
        };
    }

    /** {@code |}, an indentation hint when the text starts with a blank, {@code -} or {@code +} for its last breaks. */
    private void literal(String text, int indent) {
        write("|");
        if (text.startsWith(" ") || isBreak(text.codePointAt(0))) {
            write(String.valueOf(BEST_INDENT));
        }
        int last = text.codePointBefore(text.length());
        if (!isBreak(last)) {
            write("-");
        } else if (text.length() == 1 || isBreak(text.codePointBefore(text.length() - 1))) {
            write("+");
        }
        newline();
        boolean breaks = true;
        int[] points = text.codePoints().toArray();
        for (int point : points) {
            if (isBreak(point)) {
                newline();
                breaks = true;
            } else {
                if (breaks) {
                    write(" ".repeat(indent));
                }
                write(Character.toString(point));
                breaks = false;
            }
        }
        if (!breaks) {
            newline();
        }
    }

    // ------------------------------------------------------------------ keys

    /** sorter.go keyList.Less for string keys: runs of digits compare as numbers, a letter after any other character. */
    static int compareKeys(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        return less(a, b) ? -1 : 1;
    }

    private static boolean less(String a, String b) {
        int[] ar = a.codePoints().toArray();
        int[] br = b.codePoints().toArray();
        for (int i = 0; i < ar.length && i < br.length; i++) {
            if (ar[i] == br[i]) {
                continue;
            }
            boolean al = Character.isLetter(ar[i]);
            boolean bl = Character.isLetter(br[i]);
            if (al && bl) {
                return ar[i] < br[i];
            }
            if (al || bl) {
                return bl;
            }
            long an = 0;
            long bn = 0;
            if (ar[i] == '0' || br[i] == '0') {
                for (int j = i - 1; j >= 0 && Character.isDigit(ar[j]); j--) {
                    if (ar[j] != '0') {
                        an = 1;
                        bn = 1;
                        break;
                    }
                }
            }
            int ai = i;
            for (; ai < ar.length && Character.isDigit(ar[ai]); ai++) {
                an = an * 10 + (ar[ai] - '0');
            }
            int bi = i;
            for (; bi < br.length && Character.isDigit(br[bi]); bi++) {
                bn = bn * 10 + (br[bi] - '0');
            }
            if (an != bn) {
                return an < bn;
            }
            if (ai != bi) {
                return ai < bi;
            }
            return ar[i] < br[i];
        }
        return ar.length < br.length;
    }
}
