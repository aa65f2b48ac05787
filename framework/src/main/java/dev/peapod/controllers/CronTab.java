package dev.peapod.controllers;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A CronJob's schedule as the controller reads it: robfig/cron/v3's {@code ParseStandard} (parser.go:
 * five fields or a descriptor, an optional {@code TZ=}/{@code CRON_TZ=} prefix) and {@code Next}
 * (spec.go SpecSchedule.Next, constantdelay.go ConstantDelaySchedule.Next), v3.0.1 as Kubernetes
 * v1.33 vendors it. Admission (dev.peapod.admission.CronSchedule) has already refused what does not
 * parse and words those errors; here a bad schedule is only an {@link IllegalArgumentException}.
 */
sealed interface CronTab permits CronTab.Spec, CronTab.Every {

    /**
     * The first activation strictly after {@code t}, on a whole second; null when the schedule has
     * none within five years of {@code t} (upstream returns Go's zero time then).
     */
    Instant next(Instant t);

    /**
     * ParseStandard of {@code schedule} in {@code zone}, the location a schedule without a TZ prefix
     * runs in (upstream's time.Local, which for the controller is the location of its clock: the
     * cluster's clock is UTC).
     */
    static CronTab parse(String schedule, ZoneId zone) {
        String spec = schedule;
        ZoneId location = zone;
        if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
            int space = spec.indexOf(' ');
            if (space < 0) {
                throw new IllegalArgumentException("provided bad location: " + spec);
            }
            location = zone(spec.substring(spec.indexOf('=') + 1, space));
            spec = spec.substring(space).strip();
        }
        if (spec.startsWith("@")) {
            return descriptor(spec, location);
        }
        List<String> fields = Arrays.stream(spec.split("\\s+")).filter(f -> !f.isEmpty()).toList();
        if (fields.size() != 5) {
            throw new IllegalArgumentException("expected exactly 5 fields, found " + fields.size() + ": " + fields);
        }
        return new Spec(1L, // the standard parser's seconds field defaults to "0"
                field(fields.get(0), Bounds.MINUTES), field(fields.get(1), Bounds.HOURS),
                field(fields.get(2), Bounds.DOM), field(fields.get(3), Bounds.MONTHS),
                field(fields.get(4), Bounds.DOW), location);
    }

    /** time.LoadLocation: "" and "UTC" are UTC; an IANA name is looked up. */
    static ZoneId zone(String name) {
        if (name.isEmpty() || name.equals("UTC")) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(name);
        } catch (java.time.DateTimeException unknown) {
            throw new IllegalArgumentException("unknown time zone " + name, unknown);
        }
    }

    // ---------------------------------------------------------------- parser.go

    /** Set when a field was {@code *} or {@code ?} without a step above 1 (parser.go starBit). */
    long STAR_BIT = 1L << 63;

    enum Bounds {
        MINUTES(0, 59, Map.of()),
        HOURS(0, 23, Map.of()),
        DOM(1, 31, Map.of()),
        MONTHS(1, 12, Map.ofEntries(Map.entry("jan", 1), Map.entry("feb", 2), Map.entry("mar", 3),
                Map.entry("apr", 4), Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7),
                Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11),
                Map.entry("dec", 12))),
        DOW(0, 6, Map.of("sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4, "fri", 5, "sat", 6));

        final int min;
        final int max;
        final Map<String, Integer> names;

        Bounds(int min, int max, Map<String, Integer> names) {
            this.min = min;
            this.max = max;
            this.names = names;
        }

        /** all(): every value and the star bit. */
        long all() {
            return bits(min, max, 1) | STAR_BIT;
        }
    }

    /** getField: the union of the comma-separated ranges (empty ones dropped, as strings.FieldsFunc does). */
    private static long field(String field, Bounds r) {
        long bits = 0;
        for (String expr : field.split(",")) {
            if (!expr.isEmpty()) {
                bits |= range(expr, r);
            }
        }
        return bits;
    }

    /** getRange: {@code *}, {@code ?}, {@code n}, {@code a-b}, each with an optional {@code /step}. */
    private static long range(String expr, Bounds r) {
        String[] rangeAndStep = expr.split("/", -1);
        String[] lowAndHigh = rangeAndStep[0].split("-", -1);
        int start;
        int end;
        long extra = 0;
        if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
            start = r.min;
            end = r.max;
            extra = STAR_BIT;
        } else {
            start = number(lowAndHigh[0], r);
            if (lowAndHigh.length > 2) {
                throw new IllegalArgumentException("too many hyphens: " + expr);
            }
            end = lowAndHigh.length == 2 ? number(lowAndHigh[1], r) : start;
        }
        int step = 1;
        if (rangeAndStep.length > 2) {
            throw new IllegalArgumentException("too many slashes: " + expr);
        }
        if (rangeAndStep.length == 2) {
            step = number(rangeAndStep[1], null);
            if (lowAndHigh.length == 1) {
                end = r.max; // "N/step" means "N-max/step"
            }
            if (step > 1) {
                extra = 0;
            }
        }
        if (start < r.min || end > r.max || start > end || step == 0) {
            throw new IllegalArgumentException("bad range: " + expr);
        }
        return bits(start, end, step) | extra;
    }

    private static int number(String expr, Bounds r) {
        if (r != null) {
            Integer named = r.names.get(expr.toLowerCase(Locale.ROOT));
            if (named != null) {
                return named;
            }
        }
        try {
            int value = Integer.parseInt(expr);
            if (value < 0) {
                throw new IllegalArgumentException("negative number (" + value + ") not allowed: " + expr);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("failed to parse int from " + expr, e);
        }
    }

    /** getBits: the values from min to max, every step-th. */
    private static long bits(int min, int max, int step) {
        long bits = 0;
        for (int i = min; i <= max; i += step) {
            bits |= 1L << i;
        }
        return bits;
    }

    /** parseDescriptor: the named schedules (at second 0) and {@code @every <duration>}. */
    private static CronTab descriptor(String spec, ZoneId location) {
        long second = 1L;
        long minute = 1L << Bounds.MINUTES.min;
        long hour = 1L << Bounds.HOURS.min;
        long dom = 1L << Bounds.DOM.min;
        long month = 1L << Bounds.MONTHS.min;
        return switch (spec) {
            case "@yearly", "@annually" -> new Spec(second, minute, hour, dom, month, Bounds.DOW.all(), location);
            case "@monthly" -> new Spec(second, minute, hour, dom, Bounds.MONTHS.all(), Bounds.DOW.all(), location);
            case "@weekly" -> new Spec(second, minute, hour, Bounds.DOM.all(), Bounds.MONTHS.all(), 1L << Bounds.DOW.min, location);
            case "@daily", "@midnight" -> new Spec(second, minute, hour, Bounds.DOM.all(), Bounds.MONTHS.all(),
                    Bounds.DOW.all(), location);
            case "@hourly" -> new Spec(second, minute, Bounds.HOURS.all(), Bounds.DOM.all(), Bounds.MONTHS.all(),
                    Bounds.DOW.all(), location);
            default -> {
                if (spec.startsWith("@every ")) {
                    yield Every.of(GoDurations.parse(spec.substring("@every ".length())));
                }
                throw new IllegalArgumentException("unrecognized descriptor: " + spec);
            }
        };
    }

    // ---------------------------------------------------------------- schedules

    /** SpecSchedule: bit sets per field and the location the fields are read in. */
    record Spec(long second, long minute, long hour, long dom, long month, long dow, ZoneId location) implements CronTab {

        /**
         * SpecSchedule.Next: from the next whole second, find the first month, day, hour, minute and
         * second that match, wrapping to the next year; give up after five years.
         */
        @Override
        public Instant next(Instant from) {
            ZoneId loc = location;
            ZonedDateTime t = from.atZone(loc).plusSeconds(1).withNano(0);
            boolean added = false;
            int yearLimit = t.getYear() + 5;
            wrap:
            while (true) {
                if (t.getYear() > yearLimit) {
                    return null;
                }
                while ((1L << t.getMonthValue() & month) == 0) {
                    if (!added) {
                        added = true;
                        t = ZonedDateTime.of(t.getYear(), t.getMonthValue(), 1, 0, 0, 0, 0, loc);
                    }
                    t = t.plusMonths(1);
                    if (t.getMonthValue() == 1) {
                        continue wrap;
                    }
                }
                while (!dayMatches(t)) {
                    if (!added) {
                        added = true;
                        t = ZonedDateTime.of(t.getYear(), t.getMonthValue(), t.getDayOfMonth(), 0, 0, 0, 0, loc);
                    }
                    t = t.plusDays(1);
                    // where DST moved midnight, get back to it (spec.go: "Notice if the hour is no longer midnight")
                    if (t.getHour() != 0) {
                        t = t.getHour() > 12 ? t.plusHours(24 - t.getHour()) : t.minusHours(t.getHour());
                    }
                    if (t.getDayOfMonth() == 1) {
                        continue wrap;
                    }
                }
                while ((1L << t.getHour() & hour) == 0) {
                    if (!added) {
                        added = true;
                        t = ZonedDateTime.of(t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), 0, 0, 0, loc);
                    }
                    t = t.plusHours(1);
                    if (t.getHour() == 0) {
                        continue wrap;
                    }
                }
                while ((1L << t.getMinute() & minute) == 0) {
                    if (!added) {
                        added = true;
                        t = t.truncatedTo(ChronoUnit.MINUTES);
                    }
                    t = t.plusMinutes(1);
                    if (t.getMinute() == 0) {
                        continue wrap;
                    }
                }
                while ((1L << t.getSecond() & second) == 0) {
                    if (!added) {
                        added = true;
                        t = t.truncatedTo(ChronoUnit.SECONDS);
                    }
                    t = t.plusSeconds(1);
                    if (t.getSecond() == 0) {
                        continue wrap;
                    }
                }
                return t.toInstant();
            }
        }

        /** dayMatches: both day fields must match when either is a star, otherwise either may. */
        private boolean dayMatches(ZonedDateTime t) {
            boolean domMatch = (1L << t.getDayOfMonth() & dom) != 0;
            boolean dowMatch = (1L << (t.getDayOfWeek().getValue() % 7) & dow) != 0;
            if ((dom & STAR_BIT) != 0 || (dow & STAR_BIT) != 0) {
                return domMatch && dowMatch;
            }
            return domMatch || dowMatch;
        }
    }

    /** ConstantDelaySchedule: {@code @every}; at least a second, whole seconds only. */
    record Every(Duration delay) implements CronTab {
        /** Every: shorter than a second is a second; the fraction of a second is dropped. */
        static Every of(Duration duration) {
            Duration d = duration.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : duration;
            return new Every(Duration.ofSeconds(d.getSeconds()));
        }

        /** Next: t plus the delay, on the second. */
        @Override
        public Instant next(Instant t) {
            return t.plus(delay).minusNanos(t.getNano());
        }
    }

    /** Go's time.ParseDuration, for {@code @every}: {@code 1h30m}, {@code 90s}, {@code 1.5h}. */
    final class GoDurations {
        private static final Map<String, BigDecimal> NANOS = Map.of("ns", BigDecimal.ONE,
                "us", BigDecimal.valueOf(1_000), "µs", BigDecimal.valueOf(1_000), "μs", BigDecimal.valueOf(1_000),
                "ms", BigDecimal.valueOf(1_000_000), "s", BigDecimal.valueOf(1_000_000_000L),
                "m", BigDecimal.valueOf(60_000_000_000L), "h", BigDecimal.valueOf(3_600_000_000_000L));
        private static final java.util.regex.Pattern PART = java.util.regex.Pattern.compile("([0-9]*(?:\\.[0-9]*)?)([^0-9.]+)");

        private GoDurations() {
        }

        static Duration parse(String text) {
            String s = text;
            boolean negative = false;
            if (s.startsWith("-") || s.startsWith("+")) {
                negative = s.startsWith("-");
                s = s.substring(1);
            }
            if (s.equals("0")) {
                return Duration.ZERO;
            }
            java.util.regex.Matcher m = PART.matcher(s);
            BigDecimal nanos = BigDecimal.ZERO;
            int at = 0;
            while (at < s.length()) {
                if (!m.find(at) || m.start() != at || m.group(1).isEmpty() || m.group(1).equals(".")
                        || !NANOS.containsKey(m.group(2))) {
                    throw new IllegalArgumentException("time: invalid duration \"" + text + "\"");
                }
                nanos = nanos.add(new BigDecimal(m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1))
                        .multiply(NANOS.get(m.group(2))));
                at = m.end();
            }
            if (at == 0) {
                throw new IllegalArgumentException("time: invalid duration \"" + text + "\"");
            }
            Duration d = Duration.ofNanos(nanos.longValue());
            return negative ? d.negated() : d;
        }
    }
}
