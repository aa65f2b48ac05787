package dev.peapod.kubelet;

import java.time.Duration;

/**
 * Go's {@code time.Duration.String()} (Go: src/time/time.go): 10s, 1m20s, 5m0s, 1h0m0s, 1.5s, and
 * under a second 512ms, 1.5ms, 250µs, 40ns.
 */
final class GoDuration {
    private GoDuration() {
    }

    static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        long totalNanos = d.toNanos();
        String sign = totalNanos < 0 ? "-" : "";
        totalNanos = Math.abs(totalNanos);
        if (totalNanos < 1_000_000_000L) {
            return sign + belowOneSecond(totalNanos);
        }
        long hours = totalNanos / 3_600_000_000_000L;
        long minutes = (totalNanos / 60_000_000_000L) % 60;
        long seconds = (totalNanos / 1_000_000_000L) % 60;
        long nanos = totalNanos % 1_000_000_000L;
        String secs = seconds + (nanos == 0 ? "" : ("." + String.format("%09d", nanos)).replaceAll("0+$", "")) + "s";
        if (hours > 0) {
            return sign + hours + "h" + minutes + "m" + secs;
        }
        if (minutes > 0) {
            return sign + minutes + "m" + secs;
        }
        return sign + secs;
    }

    /** Under a second Go picks the largest unit that keeps an integer part: ms, µs or ns. */
    private static String belowOneSecond(long nanos) {
        if (nanos < 1_000) {
            return nanos + "ns";
        }
        long unit = nanos < 1_000_000 ? 1_000 : 1_000_000;
        String fraction = nanos % unit == 0 ? ""
                : ("." + String.format(unit == 1_000 ? "%03d" : "%06d", nanos % unit)).replaceAll("0+$", "");
        return nanos / unit + fraction + (unit == 1_000 ? "µs" : "ms");
    }
}
