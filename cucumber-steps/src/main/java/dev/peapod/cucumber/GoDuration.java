package dev.peapod.cucumber;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's {@code time.ParseDuration}, as kubectl's duration flags read {@code --timeout=60s}, {@code 1m30s}, {@code 500ms}. */
final class GoDuration {
    private static final Map<String, Long> NANOS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L,
            "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
    private static final Pattern PART = Pattern.compile("([0-9]*(?:\\.[0-9]*)?)([^0-9.]*)");

    private GoDuration() {
    }

    /**
     * The duration, or kubectl's (cobra's) error for the flag: {@code invalid argument "x" for "--timeout" flag:
     * time: invalid duration "x"}, followed by the usage hint of the command.
     */
    static Duration parse(String text, String flag, String command) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new Kubectl.Failure("Error: invalid argument \"" + text + "\" for \"--" + flag + "\" flag: " + e.getMessage()
                    + "\nSee 'kubectl " + command + " --help' for usage.");
        }
    }

    static Duration parse(String text) {
        String rest = text;
        boolean negative = false;
        if (rest.startsWith("-") || rest.startsWith("+")) {
            negative = rest.startsWith("-");
            rest = rest.substring(1);
        }
        if (rest.equals("0")) {
            return Duration.ZERO;
        }
        if (rest.isEmpty()) {
            throw invalid(text);
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher m = PART.matcher(rest);
        int at = 0;
        while (at < rest.length()) {
            if (!m.find(at) || m.start() != at || m.end() == at) {
                throw invalid(text);
            }
            String number = m.group(1);
            String unit = m.group(2);
            if (number.isEmpty() || number.equals(".")) {
                throw invalid(text);
            }
            if (unit.isEmpty()) {
                throw new IllegalArgumentException("time: missing unit in duration " + quote(text));
            }
            Long scale = NANOS.get(unit);
            if (scale == null) {
                throw new IllegalArgumentException("time: unknown unit " + quote(unit) + " in duration " + quote(text));
            }
            nanos = nanos.add(new BigDecimal(number.endsWith(".") ? number + "0" : number.startsWith(".") ? "0" + number : number)
                    .multiply(BigDecimal.valueOf(scale)));
            at = m.end();
        }
        // time.ParseDuration holds the sum in a uint64: up to 1<<63 for a negative duration, 1<<63-1 for a positive one
        java.math.BigInteger whole = nanos.toBigInteger();
        java.math.BigInteger limit = java.math.BigInteger.ONE.shiftLeft(63);
        if (whole.compareTo(negative ? limit : limit.subtract(java.math.BigInteger.ONE)) > 0) {
            throw invalid(text);
        }
        return Duration.ofNanos(negative ? whole.negate().longValue() : whole.longValue());
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("time: invalid duration " + quote(text));
    }

    private static String quote(String text) {
        return "\"" + text + "\"";
    }
}
