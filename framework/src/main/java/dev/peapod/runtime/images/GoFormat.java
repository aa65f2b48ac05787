package dev.peapod.runtime.images;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How Go programs (agnhost) print times and numbers, so their logs and bodies read as upstream's. */
final class GoFormat {
    private static final DateTimeFormatter LOG = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private GoFormat() {
    }

    /** A line of Go's standard logger (log.LstdFlags: date and time, the container's zone is UTC). */
    static String log(Instant now, String message) {
        return LOG.format(now) + " " + message;
    }

    /**
     * Go's time.Time.String() for time.Now() in UTC: "2006-01-02 15:04:05.999999999 -0700 MST" and the
     * monotonic reading "m=+seconds" since the process started (go: src/time/format.go, String).
     */
    static String time(Instant now, Duration sinceStart) {
        String fraction = now.getNano() == 0 ? "" : ("." + String.format("%09d", now.getNano())).replaceAll("0+$", "");
        long nanos = sinceStart.toNanos();
        return TIME.format(now) + fraction + " +0000 UTC m=+" + nanos / 1_000_000_000L + "." + String.format("%09d", nanos % 1_000_000_000L);
    }

    /** Go's time.Duration.String(): 0s, 1.5s, 10s, 1m30s, 1h0m0s, 500ms, 1.5µs (go: src/time/time.go). */
    static String duration(Duration d) {
        long total = Math.abs(d.toNanos());
        String sign = d.isNegative() ? "-" : "";
        if (total == 0) {
            return "0s";
        }
        if (total < 1_000L) {
            return sign + total + "ns";
        }
        if (total < 1_000_000L) {
            return sign + decimal(total, 3) + "µs";
        }
        if (total < 1_000_000_000L) {
            return sign + decimal(total, 6) + "ms";
        }
        long hours = total / 3_600_000_000_000L;
        long minutes = total / 60_000_000_000L % 60;
        String seconds = decimal(total % 60_000_000_000L, 9) + "s";
        if (hours > 0) {
            return sign + hours + "h" + minutes + "m" + seconds;
        }
        if (minutes > 0) {
            return sign + minutes + "m" + seconds;
        }
        return sign + seconds;
    }

    /** Go's %v of a float64 in plain notation (shortest digits, no trailing zeros): 10, 10.5, 11.25. */
    static String float64(double value) {
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    private static String decimal(long value, int scale) {
        return BigDecimal.valueOf(value, scale).stripTrailingZeros().toPlainString();
    }
}
