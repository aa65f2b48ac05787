package dev.peapod.runtime.shell;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** busybox date's default text, written by hand, is the formatter's for every day, hour and the years around. */
class DateTextTest {
    private static final DateTimeFormatter FORMATTER = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss 'UTC' yyyy", Locale.ROOT);

    @Test
    void isBusyboxsDefaultFormat() {
        assertThat(Commands.defaultDate(ZonedDateTime.of(2026, 12, 4, 8, 58, 39, 0, ZoneOffset.UTC))).isEqualTo("Fri Dec  4 08:58:39 UTC 2026");
        assertThat(Commands.defaultDate(ZonedDateTime.of(2027, 1, 31, 23, 5, 9, 0, ZoneOffset.UTC))).isEqualTo("Sun Jan 31 23:05:09 UTC 2027");
    }

    @Test
    void isTheFormattersTextEverywhere() {
        // every 7 hours 13 minutes 17 seconds over 30 years crosses every weekday, month, day, hour, minute and second
        for (long s = Instant.parse("1999-12-25T00:00:00Z").getEpochSecond(); s < Instant.parse("2030-01-01T00:00:00Z").getEpochSecond();
             s += 7 * 3600 + 13 * 60 + 17) {
            ZonedDateTime at = Instant.ofEpochSecond(s).atZone(ZoneOffset.UTC);
            assertThat(Commands.defaultDate(at)).isEqualTo(FORMATTER.format(at));
        }
        for (int year : new int[] {1, 999, 1000, 9999, 10000, 12345}) {
            ZonedDateTime at = ZonedDateTime.of(year, 3, 1, 1, 2, 3, 0, ZoneOffset.UTC);
            assertThat(Commands.defaultDate(at)).isEqualTo(FORMATTER.format(at));
        }
    }
}
