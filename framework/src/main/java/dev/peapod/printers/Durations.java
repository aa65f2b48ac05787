package dev.peapod.printers;

import dev.peapod.core.PeapodException;
import org.apiguardian.api.API;

import java.time.Duration;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Durations as kubectl prints them in the AGE and RESTARTS columns
 * (kubernetes: staging/src/k8s.io/apimachinery/pkg/util/duration/duration.go, {@code HumanDuration}).
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Durations {
    private static final long MINUTES_PER_HOUR = 60;
    private static final long HOURS_PER_DAY = 24;
    private static final long DAYS_PER_YEAR = 365;

    private Durations() {
    }

    /**
     * About two or three significant figures: {@code 27s}, {@code 119s}, {@code 2m5s}, {@code 179m},
     * {@code 7h30m}, {@code 47h}, {@code 3d4h}, {@code 729d}, {@code 2y70d}, {@code 9y}.
     * A clock up to two seconds behind reads {@code 0s}; further behind reads {@code <invalid>}.
     */
    public static String human(Duration d) {
        if (d == null) {
            throw new PeapodException("Durations.human(d): d must not be null");
        }
        // Upstream tests int(d.Seconds()): a float truncated toward zero, so -1.9s is -1 and reads "0s".
        long seconds = secondsTowardZero(d);
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 2 * 60) {
            return seconds + "s";
        }
        return minutesOrMore(d);
    }

    private static String minutesOrMore(Duration d) {
        long minutes = d.toMinutes();
        if (minutes < 10) {
            return withRemainder(minutes, "m", d.getSeconds() % 60, "s");
        } else if (minutes < 3 * MINUTES_PER_HOUR) {
            return minutes + "m";
        }
        long hours = d.toHours();
        if (hours < 8) {
            return withRemainder(hours, "h", minutes % MINUTES_PER_HOUR, "m");
        } else if (hours < 2 * HOURS_PER_DAY) {
            return hours + "h";
        }
        return daysOrMore(hours);
    }

    private static String daysOrMore(long hours) {
        long days = hours / HOURS_PER_DAY;
        if (hours < 8 * HOURS_PER_DAY) {
            return withRemainder(days, "d", hours % HOURS_PER_DAY, "h");
        } else if (hours < 2 * DAYS_PER_YEAR * HOURS_PER_DAY) {
            return days + "d";
        } else if (hours < 8 * DAYS_PER_YEAR * HOURS_PER_DAY) {
            return withRemainder(days / DAYS_PER_YEAR, "y", days % DAYS_PER_YEAR, "d");
        }
        return days / DAYS_PER_YEAR + "y";
    }

    /** {@code 2m5s}, or {@code 2m} when the smaller unit is zero. */
    private static String withRemainder(long major, String majorUnit, long minor, String minorUnit) {
        return minor == 0 ? major + majorUnit : major + majorUnit + minor + minorUnit;
    }

    /** Duration.getSeconds() floors (-1.5s gives -2); Go's int(float64) truncates toward zero (-1). */
    private static long secondsTowardZero(Duration d) {
        long seconds = d.getSeconds();
        return seconds < 0 && d.getNano() > 0 ? seconds + 1 : seconds;
    }
}
