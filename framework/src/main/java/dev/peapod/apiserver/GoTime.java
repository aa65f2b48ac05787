package dev.peapod.apiserver;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * Go's {@code time.Parse(time.RFC3339, s)}, as a query parameter of type metav1.Time is read
 * (apimachinery pkg/apis/meta/v1 time.go UnmarshalQueryParameter), with Go's ParseError texts:
 * {@code parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"}, or
 * {@code parsing time "x": month out of range}. It walks the layout's elements as Go's general
 * parser does (time/format.go parse): a fractional second is accepted though the layout has none,
 * an hour of one digit too. Go indexes bytes, so the value is read as its UTF-8 bytes.
 */
final class GoTime {
    static final String RFC3339 = "2006-01-02T15:04:05Z07:00";
    /** The layout's elements: the literal before each, then the element. */
    private static final String[][] ELEMENTS = {{"", "2006"}, {"-", "01"}, {"-", "02"}, {"T", "15"}, {":", "04"}, {":", "05"},
            {"", "Z07:00"}};

    private GoTime() {
    }

    /** The instant, or an IllegalArgumentException whose message is Go's error. */
    static Instant parseRfc3339(String text) {
        String value = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1); // a char a byte
        String rest = value;
        int[] fields = new int[6]; // year, month, day, hour, minute, second
        int nanos = 0;
        int offset = 0;
        for (int e = 0; e < ELEMENTS.length; e++) {
            String prefix = ELEMENTS[e][0];
            String element = ELEMENTS[e][1];
            for (int i = 0; i < prefix.length(); i++) {
                if (rest.isEmpty() || rest.charAt(0) != prefix.charAt(i)) {
                    throw cannotParse(value, rest, prefix);
                }
                rest = rest.substring(1);
            }
            String hold = rest;
            String range = null;
            boolean bad = false;
            switch (element) {
                case "2006" -> {
                    if (rest.length() < 4 || !digit(rest, 0) || !digit(rest, 1) || !digit(rest, 2) || !digit(rest, 3)) {
                        bad = true;
                    } else {
                        fields[0] = Integer.parseInt(rest.substring(0, 4));
                        rest = rest.substring(4);
                    }
                }
                case "01", "02", "04", "05", "15" -> {
                    boolean fixed = !element.equals("15");
                    int n = digit(rest, 0) ? digit(rest, 1) ? 2 : fixed ? -1 : 1 : -1;
                    if (n < 0) {
                        bad = true;
                        break;
                    }
                    int number = Integer.parseInt(rest.substring(0, n));
                    rest = rest.substring(n);
                    switch (element) {
                        case "01" -> {
                            fields[1] = number;
                            range = number < 1 || number > 12 ? "month" : null;
                        }
                        case "02" -> fields[2] = number; // checked against the month at the end
                        case "15" -> {
                            fields[3] = number;
                            range = number >= 24 ? "hour" : null;
                        }
                        case "04" -> {
                            fields[4] = number;
                            range = number >= 60 ? "minute" : null;
                        }
                        default -> {
                            fields[5] = number;
                            range = number >= 60 ? "second" : null;
                            if (range == null && rest.length() >= 2 && (rest.charAt(0) == '.' || rest.charAt(0) == ',') && digit(rest, 1)) {
                                int end = 2;
                                while (end < rest.length() && digit(rest, end)) {
                                    end++;
                                }
                                String fraction = rest.substring(1, Math.min(end, 10)); // nanoseconds: nine digits at most
                                nanos = Integer.parseInt(fraction + "0".repeat(9 - fraction.length()));
                                rest = rest.substring(end);
                            }
                        }
                    }
                }
                default -> { // Z07:00
                    if (!rest.isEmpty() && rest.charAt(0) == 'Z') {
                        rest = rest.substring(1);
                        break;
                    }
                    if (rest.length() < 6 || rest.charAt(3) != ':') {
                        bad = true;
                        break;
                    }
                    char sign = rest.charAt(0);
                    String hours = rest.substring(1, 3);
                    String minutes = rest.substring(4, 6);
                    rest = rest.substring(6);
                    int hour = 0;
                    int minute = 0;
                    if (digit(hours, 0) && digit(hours, 1)) {
                        hour = Integer.parseInt(hours);
                        if (digit(minutes, 0) && digit(minutes, 1)) {
                            minute = Integer.parseInt(minutes);
                        } else {
                            bad = true;
                        }
                    } else {
                        bad = true;
                    }
                    // Go tests with > : offsets of 24 hours or 60 minutes are written
                    range = minute > 60 ? "time zone offset minute" : hour > 24 ? "time zone offset hour" : null;
                    offset = (hour * 60 + minute) * 60;
                    if (sign == '-') {
                        offset = -offset;
                    } else if (sign != '+') {
                        bad = true;
                    }
                }
            }
            if (range != null) {
                throw new IllegalArgumentException("parsing time " + quote(value) + ": " + range + " out of range");
            }
            if (bad) {
                throw cannotParse(value, hold, element);
            }
        }
        if (!rest.isEmpty()) {
            throw new IllegalArgumentException("parsing time " + quote(value) + ": extra text: " + quote(rest));
        }
        if (fields[2] < 1 || fields[2] > YearMonth.of(fields[0], fields[1]).lengthOfMonth()) {
            throw new IllegalArgumentException("parsing time " + quote(value) + ": day out of range");
        }
        return LocalDateTime.of(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], nanos)
                .toInstant(ZoneOffset.UTC).minusSeconds(offset);
    }

    private static IllegalArgumentException cannotParse(String value, String valueElement, String layoutElement) {
        return new IllegalArgumentException("parsing time " + quote(value) + " as " + quote(RFC3339) + ": cannot parse "
                + quote(valueElement) + " as " + quote(layoutElement));
    }

    private static boolean digit(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
    }

    /** Go's time.quote: control and non-ASCII bytes as {@code \xNN}, quotes and backslashes escaped. */
    static String quote(String bytes) {
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < bytes.length(); i++) {
            char c = bytes.charAt(i);
            if (c >= 0x80 || c < ' ') {
                quoted.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                if (c == '"' || c == '\\') {
                    quoted.append('\\');
                }
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
