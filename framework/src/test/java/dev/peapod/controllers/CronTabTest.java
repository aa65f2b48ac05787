package dev.peapod.controllers;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** robfig/cron/v3 ParseStandard and Next (parser.go, spec.go, constantdelay.go), as spec_test.go checks them. */
class CronTabTest {

    @Test
    void stepsAndListsAndRanges() {
        assertThat(next("*/5 * * * *", "2025-01-01T00:00:00Z", 3))
                .containsExactly("2025-01-01T00:05:00Z", "2025-01-01T00:10:00Z", "2025-01-01T00:15:00Z");
        assertThat(next("0,30 9-10 * * *", "2025-01-01T09:15:00Z", 4))
                .containsExactly("2025-01-01T09:30:00Z", "2025-01-01T10:00:00Z", "2025-01-01T10:30:00Z", "2025-01-02T09:00:00Z");
        assertThat(next("5/20 * * * *", "2025-01-01T00:00:00Z", 3)) // "N/step" is "N-max/step"
                .containsExactly("2025-01-01T00:05:00Z", "2025-01-01T00:25:00Z", "2025-01-01T00:45:00Z");
        assertThat(next("0 0 * jan,mar *", "2025-01-31T12:00:00Z", 1)).containsExactly("2025-03-01T00:00:00Z");
    }

    @Test
    void nextIsStrictlyAfterAndOnTheWholeSecond() {
        assertThat(next("* * * * *", "2025-01-01T00:00:00Z", 1)).containsExactly("2025-01-01T00:01:00Z");
        assertThat(next("* * * * *", "2025-01-01T00:00:59.900Z", 1)).containsExactly("2025-01-01T00:01:00Z");
    }

    @Test
    void dayOfMonthOrDayOfWeekWhenBothAreRestricted() {
        // 2025-06-13 is a Friday; "13th or Friday" fires on Friday 6th, Friday 13th, Friday 20th
        assertThat(next("0 0 13 * fri", "2025-06-01T00:00:00Z", 3))
                .containsExactly("2025-06-06T00:00:00Z", "2025-06-13T00:00:00Z", "2025-06-20T00:00:00Z");
        // a star in one of them means both must match: every Friday
        assertThat(next("0 0 * * 5", "2025-06-01T00:00:00Z", 2)).containsExactly("2025-06-06T00:00:00Z", "2025-06-13T00:00:00Z");
        // "*/2" has a step above one, so it is no star: the 1st, 3rd, ... or a Sunday
        assertThat(next("0 0 */2 * 0", "2025-06-01T00:00:00Z", 3))
                .containsExactly("2025-06-03T00:00:00Z", "2025-06-05T00:00:00Z", "2025-06-07T00:00:00Z");
    }

    @Test
    void descriptors() {
        assertThat(next("@hourly", "2025-01-01T00:00:00Z", 2)).containsExactly("2025-01-01T01:00:00Z", "2025-01-01T02:00:00Z");
        assertThat(next("@daily", "2025-01-01T00:00:00Z", 1)).containsExactly("2025-01-02T00:00:00Z");
        assertThat(next("@weekly", "2025-01-01T00:00:00Z", 1)).containsExactly("2025-01-05T00:00:00Z"); // a Sunday
        assertThat(next("@monthly", "2025-01-01T00:00:00Z", 1)).containsExactly("2025-02-01T00:00:00Z");
        assertThat(next("@yearly", "2025-01-01T00:00:00Z", 1)).containsExactly("2026-01-01T00:00:00Z");
        assertThat(next("@every 1h30m", "2025-01-01T00:00:00.500Z", 2))
                .containsExactly("2025-01-01T01:30:00Z", "2025-01-01T03:00:00Z");
        assertThat(next("@every 1.5s", "2025-01-01T00:00:00Z", 2)) // the fraction of a second is dropped
                .containsExactly("2025-01-01T00:00:01Z", "2025-01-01T00:00:02Z");
    }

    @Test
    void aTimeZoneReadsTheFieldsThere() {
        assertThat(CronTab.parse("30 9 * * *", ZoneId.of("Asia/Tokyo")).next(Instant.parse("2025-01-01T00:00:00Z")))
                .isEqualTo("2025-01-01T00:30:00Z");
        assertThat(CronTab.parse("TZ=America/New_York 0 9 * * *", ZoneOffset.UTC).next(Instant.parse("2025-01-01T00:00:00Z")))
                .isEqualTo("2025-01-01T14:00:00Z");
        // a local time DST skips: 02:30 on 2025-03-09 does not exist in New York, the next day's does
        assertThat(CronTab.parse("TZ=America/New_York 30 2 * * *", ZoneOffset.UTC).next(Instant.parse("2025-03-09T00:00:00Z")))
                .isEqualTo("2025-03-10T06:30:00Z");
    }

    @Test
    void aScheduleThatNeverComesHasNoNextTime() {
        assertThat(CronTab.parse("0 0 31 2 *", ZoneOffset.UTC).next(Instant.parse("2025-01-01T00:00:00Z"))).isNull();
    }

    @Test
    void refusesWhatDoesNotParse() {
        assertThatThrownBy(() -> CronTab.parse("* * * *", ZoneOffset.UTC)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected exactly 5 fields, found 4: [*, *, *, *]");
        assertThatThrownBy(() -> CronTab.parse("@fortnightly", ZoneOffset.UTC)).hasMessage("unrecognized descriptor: @fortnightly");
        assertThatThrownBy(() -> CronTab.parse("61 * * * *", ZoneOffset.UTC)).hasMessage("bad range: 61");
        assertThatThrownBy(() -> CronTab.zone("Mars/Olympus")).hasMessage("unknown time zone Mars/Olympus");
    }

    private static List<String> next(String schedule, String from, int count) {
        CronTab tab = CronTab.parse(schedule, ZoneOffset.UTC);
        List<String> times = new ArrayList<>();
        Instant t = Instant.parse(from);
        for (int i = 0; i < count; i++) {
            t = tab.next(t);
            times.add(t.toString());
        }
        return times;
    }
}
