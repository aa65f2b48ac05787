package dev.peapod.core;

import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * Argument checks of the public API, in the words the assertion API already uses
 * ({@code name must not be null}): every public entry point names the argument it refuses, and
 * throws a {@link PeapodException} rather than a bare {@link NullPointerException} or an
 * {@link ArithmeticException} from deep inside the engine. Like JUnit's {@code Preconditions}, each
 * check returns its argument.
 */
@API(status = INTERNAL, since = "0.1")
public final class Checks {
    /**
     * The longest stretch of virtual time one call may ask for: a thousand years. Longer is a mistake
     * (most often {@code Long.MAX_VALUE} of some unit), and far longer than this overflows
     * {@link Instant} when added to the clock.
     */
    public static final Duration MAX_DURATION = Duration.ofDays(365_250);

    private Checks() {
    }

    /** {@code value}, or a {@link PeapodException} saying {@code "<name> must not be null"}. */
    public static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new PeapodException(name + " must not be null");
        }
        return value;
    }

    /** The array, with no null in it: {@code "objects[1] must not be null"}. */
    public static <T> T[] elementsNotNull(T[] values, String name) {
        notNull(values, name);
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new PeapodException(name + "[" + i + "] must not be null");
            }
        }
        return values;
    }

    /** The list, with no null in it: {@code "command[0] must not be null"}. */
    public static <T> List<T> elementsNotNull(List<T> values, String name) {
        notNull(values, name);
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new PeapodException(name + "[" + i + "] must not be null");
            }
        }
        return values;
    }

    /**
     * A stretch of virtual time: not null, not negative, at most {@link #MAX_DURATION}.
     * {@code name} is how the caller wrote the argument, e.g. {@code "advance(duration)"}.
     */
    public static Duration duration(Duration value, String name) {
        notNull(value, name);
        if (value.isNegative()) {
            throw new PeapodException(name + " must not be negative, but was " + readable(value));
        }
        if (value.compareTo(MAX_DURATION) > 0) {
            throw new PeapodException(name + " must be at most " + MAX_DURATION.toDays()
                    + " days (a thousand years of virtual time), but was " + readable(value));
        }
        return value;
    }

    /**
     * A duration as argument checks print it: Java's ISO-8601 form without {@code PT}, in lower case,
     * the sign in front: {@code -1s}, {@code 1m15s}, {@code 1.5s}, {@code 17520000h}. Exact, unlike
     * the printers' kubectl ages, which round ({@code 10m} for ten minutes and a second).
     */
    public static String readable(Duration value) {
        if (value.isNegative()) {
            // Duration.negated overflows only for the smallest Duration, whose seconds have no positive twin
            return value.getSeconds() == Long.MIN_VALUE ? value.toString() : "-" + readable(value.negated());
        }
        return value.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
