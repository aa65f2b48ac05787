package dev.peapod.assertions;

import dev.peapod.store.Timestamps;

import java.time.Duration;
import java.time.Instant;

/**
 * Writes instants as the timeline does, {@code 00:01:40} since the cluster started, so a message and
 * its timeline read on one clock. Without a start (a Pod snapshot has no cluster) instants stay
 * RFC 3339 timestamps.
 *
 * @param start the cluster's first instant; null for a snapshot
 */
record VirtualTime(Instant start) {

    /** {@code 00:01:40}, or {@code 00:01:40.500} when the instant has a fraction of a second. */
    String at(Instant instant) {
        if (start == null) {
            return Timestamps.format(instant);
        }
        return dev.peapod.timeline.TimelineEntry.clock(Duration.between(start, instant));
    }

    /** An instant given as virtual time since the cluster started. */
    String sinceStart(Duration since) {
        return start == null ? VirtualTime.length(since) : at(start.plus(since));
    }

    /** An API timestamp on the same clock; {@code ?} when the field is empty. */
    String at(String timestamp) {
        Instant instant = Timestamps.parse(timestamp);
        return instant == null ? "?" : at(instant);
    }

    /** A length of virtual time as people say it: {@code 30s}, {@code 2m}, {@code 1m30s}, {@code 1h5m}, {@code 500ms}. */
    static String length(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        long hours = duration.toHours();
        int minutes = duration.toMinutesPart();
        int seconds = duration.toSecondsPart();
        int millis = duration.toMillisPart();
        StringBuilder text = new StringBuilder();
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (minutes > 0) {
            text.append(minutes).append('m');
        }
        if (seconds > 0) {
            text.append(seconds).append('s');
        }
        if (millis > 0) {
            text.append(millis).append("ms");
        }
        return text.toString();
    }

    /** A duration argument as an error message repeats it: {@code 25s}, {@code -2s}, or {@code null}. */
    static String argument(Duration duration) {
        if (duration == null) {
            return "null";
        }
        return duration.isNegative() ? dev.peapod.core.Checks.readable(duration) : length(duration);
    }

    /** {@code 00:00:50}, {@code 00:00:50 and 00:01:40}, {@code 00:00:50, 00:01:40 and 00:02:30}. */
    static String list(java.util.List<String> items) {
        if (items.size() < 2) {
            return String.join("", items);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    /** {@code 1 time}, {@code 0 times}, {@code 3 times}. */
    static String times(int count) {
        return count + (count == 1 ? " time" : " times");
    }
}
