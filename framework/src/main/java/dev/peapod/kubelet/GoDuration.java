package dev.peapod.kubelet;

import java.time.Duration;

/** Go's {@code time.Duration.String()} for whole and fractional seconds: 10s, 1m20s, 5m0s, 1h0m0s, 1.5s. */
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
}
