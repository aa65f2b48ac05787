package dev.peapod.admission;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The schedule check of a CronJob: robfig/cron/v3's ParseStandard (parser.go, v3.0.1, the version
 * Kubernetes v1.33 vendors), five fields or a descriptor, with its error texts.
 */
final class CronSchedule {
    private record Bounds(int min, int max, Map<String, Integer> names) {
    }

    private static final Bounds MINUTES = new Bounds(0, 59, Map.of());
    private static final Bounds HOURS = new Bounds(0, 23, Map.of());
    private static final Bounds DOM = new Bounds(1, 31, Map.of());
    private static final Bounds MONTHS = new Bounds(1, 12, Map.ofEntries(Map.entry("jan", 1), Map.entry("feb", 2),
            Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7),
            Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11), Map.entry("dec", 12)));
    private static final Bounds DOW = new Bounds(0, 6, Map.of("sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4,
            "fri", 5, "sat", 6));
    private static final List<String> DESCRIPTORS = List.of("@yearly", "@annually", "@monthly", "@weekly", "@daily",
            "@midnight", "@hourly");
    private static final Pattern DURATION_PART = Pattern.compile("([0-9]*(?:\\.[0-9]*)?)([^0-9.]*)");

    private CronSchedule() {
    }

    /** The parser's error for a schedule, or empty when it parses. */
    static Optional<String> parse(String schedule) {
        String spec = schedule;
        if (spec.isEmpty()) {
            return Optional.of("empty spec string");
        }
        if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
            int space = spec.indexOf(' ');
            if (space < 0) {
                // Go slices spec[eq+1:-1] and panics; the API server reports the TZ rule below
                return Optional.empty();
            }
            String zone = spec.substring(spec.indexOf('=') + 1, space);
            if (!isLocation(zone)) {
                return Optional.of("provided bad location " + zone + ": unknown time zone " + zone);
            }
            spec = spec.substring(space).strip();
        }
        if (spec.startsWith("@")) {
            return descriptor(spec);
        }
        List<String> fields = Arrays.stream(spec.split("\\s+")).filter(f -> !f.isEmpty()).toList();
        if (fields.size() != 5) {
            return Optional.of("expected exactly 5 fields, found " + fields.size() + ": "
                    + fields.stream().collect(Collectors.joining(" ", "[", "]")));
        }
        List<Bounds> bounds = List.of(MINUTES, HOURS, DOM, MONTHS, DOW);
        for (int i = 0; i < 5; i++) {
            Optional<String> error = field(fields.get(i), bounds.get(i));
            if (error.isPresent()) {
                return error;
            }
        }
        return Optional.empty();
    }

    private static boolean isLocation(String zone) {
        return zone.isEmpty() || zone.equals("UTC") || zone.equals("Local") || ZoneId.getAvailableZoneIds().contains(zone);
    }

    /** getField: comma-separated ranges (strings.FieldsFunc drops empty ones). */
    private static Optional<String> field(String field, Bounds bounds) {
        for (String expr : field.split(",")) {
            if (expr.isEmpty()) {
                continue;
            }
            Optional<String> error = range(expr, bounds);
            if (error.isPresent()) {
                return error;
            }
        }
        return Optional.empty();
    }

    /** getRange: {@code *}, {@code ?}, {@code n}, {@code a-b}, each with an optional {@code /step}. */
    private static Optional<String> range(String expr, Bounds r) {
        String[] rangeAndStep = expr.split("/", -1);
        String[] lowAndHigh = rangeAndStep[0].split("-", -1);
        boolean singleDigit = lowAndHigh.length == 1;
        long start;
        long end;
        if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
            start = r.min();
            end = r.max();
        } else {
            Parsed low = intOrName(lowAndHigh[0], r);
            if (low.error() != null) {
                return Optional.of(low.error());
            }
            start = low.value();
            switch (lowAndHigh.length) {
                case 1 -> end = start;
                case 2 -> {
                    Parsed high = intOrName(lowAndHigh[1], r);
                    if (high.error() != null) {
                        return Optional.of(high.error());
                    }
                    end = high.value();
                }
                default -> {
                    return Optional.of("too many hyphens: " + expr);
                }
            }
        }
        long step;
        switch (rangeAndStep.length) {
            case 1 -> step = 1;
            case 2 -> {
                Parsed parsed = mustParseInt(rangeAndStep[1]);
                if (parsed.error() != null) {
                    return Optional.of(parsed.error());
                }
                step = parsed.value();
                if (singleDigit) {
                    end = r.max(); // "N/step" means "N-max/step"
                }
            }
            default -> {
                return Optional.of("too many slashes: " + expr);
            }
        }
        if (start < r.min()) {
            return Optional.of("beginning of range (" + start + ") below minimum (" + r.min() + "): " + expr);
        }
        if (end > r.max()) {
            return Optional.of("end of range (" + end + ") above maximum (" + r.max() + "): " + expr);
        }
        if (start > end) {
            return Optional.of("beginning of range (" + start + ") beyond end of range (" + end + "): " + expr);
        }
        if (step == 0) {
            return Optional.of("step of range should be a positive number: " + expr);
        }
        return Optional.empty();
    }

    /** A number, or the parser's error where a number was expected. */
    private record Parsed(long value, String error) {
        static Parsed ok(long value) {
            return new Parsed(value, null);
        }

        static Parsed failed(String error) {
            return new Parsed(0, error);
        }
    }

    private static Parsed intOrName(String expr, Bounds r) {
        Integer named = r.names().get(expr.toLowerCase(Locale.ROOT));
        return named != null ? Parsed.ok(named) : mustParseInt(expr);
    }

    /** mustParseInt: strconv.Atoi, then no negatives. */
    private static Parsed mustParseInt(String expr) {
        long number;
        if (!expr.matches("[+-]?[0-9]+")) {
            return Parsed.failed("failed to parse int from " + expr + ": strconv.Atoi: parsing " + GoValue.quote(expr)
                    + ": invalid syntax");
        }
        try {
            number = Long.parseLong(expr.startsWith("+") ? expr.substring(1) : expr);
        } catch (NumberFormatException e) {
            return Parsed.failed("failed to parse int from " + expr + ": strconv.Atoi: parsing " + GoValue.quote(expr)
                    + ": value out of range");
        }
        if (number < 0) {
            return Parsed.failed("negative number (" + number + ") not allowed: " + expr);
        }
        return Parsed.ok(number);
    }

    /** parseDescriptor: the named schedules and {@code @every <duration>}. */
    private static Optional<String> descriptor(String spec) {
        if (DESCRIPTORS.contains(spec)) {
            return Optional.empty();
        }
        if (spec.startsWith("@every ")) {
            String duration = spec.substring("@every ".length());
            return durationError(duration).map(error -> "failed to parse duration " + spec + ": " + error);
        }
        return Optional.of("unrecognized descriptor: " + spec);
    }

    /** Go's time.ParseDuration errors: {@code time: invalid duration "x"}, missing or unknown unit. */
    private static Optional<String> durationError(String text) {
        String quoted = GoValue.quote(text);
        String s = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
        if (s.equals("0")) {
            return Optional.empty();
        }
        if (s.isEmpty()) {
            return Optional.of("time: invalid duration " + quoted);
        }
        List<String> units = List.of("ns", "us", "µs", "μs", "ms", "s", "m", "h");
        Matcher m = DURATION_PART.matcher(s);
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at || m.group(1).isEmpty() || m.group(1).equals(".")) {
                return Optional.of("time: invalid duration " + quoted);
            }
            String unit = m.group(2);
            if (unit.isEmpty()) {
                return Optional.of("time: missing unit in duration " + quoted);
            }
            if (!units.contains(unit)) {
                return Optional.of("time: unknown unit " + GoValue.quote(unit) + " in duration " + quoted);
            }
            at = m.end();
        }
        return Optional.empty();
    }
}
