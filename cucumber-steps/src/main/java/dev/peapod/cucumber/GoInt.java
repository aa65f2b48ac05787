package dev.peapod.cucumber;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * pflag's integer flags ({@code --replicas}, {@code --grace-period}, {@code --tail}): Go's
 * {@code strconv.ParseInt(s, 0, 64)}, so {@code 0x10} is 16, {@code 010} is 8 and {@code 1_000} is 1000, and a value
 * that does not fit in an int64 is refused with cobra's words before any request.
 */
final class GoInt {
    /** Digits with single underscores between them (strconv's underscoreOK); a base prefix may be followed by one. */
    private static final Pattern DIGITS = Pattern.compile("[0-9a-z]+(_[0-9a-z]+)*");
    private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private GoInt() {
    }

    /**
     * The value, or cobra's error for the flag: {@code Error: invalid argument "x" for "--tail" flag:
     * strconv.ParseInt: parsing "x": invalid syntax} (or {@code value out of range}), then the command's usage hint.
     */
    static long parse(String text, String flag, String command) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new Kubectl.Failure("Error: invalid argument \"" + text + "\" for \"--" + flag + "\" flag: "
                    + "strconv.ParseInt: parsing \"" + text + "\": " + e.getMessage()
                    + "\nSee 'kubectl " + command + " --help' for usage.");
        }
    }

    static long parse(String text) {
        String digits = text;
        boolean negative = false;
        if (digits.startsWith("+") || digits.startsWith("-")) {
            negative = digits.startsWith("-");
            digits = digits.substring(1);
        }
        int radix = 10;
        String lower = digits.toLowerCase(Locale.ROOT);
        boolean prefixed = false;
        if (lower.startsWith("0x") || lower.startsWith("0o") || lower.startsWith("0b")) {
            radix = lower.charAt(1) == 'x' ? 16 : lower.charAt(1) == 'o' ? 8 : 2;
            digits = digits.substring(2);
            prefixed = true;
        } else if (lower.length() > 1 && lower.charAt(0) == '0') {
            radix = 8;
            digits = digits.substring(1);
            prefixed = true;
        }
        if (prefixed && digits.startsWith("_")) {
            digits = digits.substring(1); // 0x_1f: an underscore may follow the base prefix
        }
        if (!DIGITS.matcher(digits).matches()) {
            throw new IllegalArgumentException("invalid syntax");
        }
        BigInteger value;
        try {
            value = new BigInteger(digits.replace("_", ""), radix);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid syntax");
        }
        value = negative ? value.negate() : value;
        if (value.compareTo(MIN) < 0 || value.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("value out of range");
        }
        return value.longValue();
    }
}
