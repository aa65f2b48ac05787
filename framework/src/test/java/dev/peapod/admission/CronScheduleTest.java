package dev.peapod.admission;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** robfig/cron/v3 ParseStandard's verdicts and words (parser.go, v3.0.1). */
class CronScheduleTest {

    @ParameterizedTest
    @ValueSource(strings = {"0 3 * * *", "*/15 * * * *", "0 0 1 jan,jul *", "0 9-17/2 * * MON-FRI", "5 4 ? * sun",
            "@hourly", "@daily", "@midnight", "@weekly", "@monthly", "@yearly", "@annually", "@every 1h30m",
            "TZ=UTC 0 3 * * *", "0,30 * * * *"})
    void acceptsWhatTheParserAccepts(String schedule) {
        assertThat(CronSchedule.parse(schedule)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0 3 * * * *|expected exactly 5 fields, found 6: [0 3 * * * *]",
            "* * 0 * *|beginning of range (0) below minimum (1): 0",
            "* * * 13 *|end of range (13) above maximum (12): 13",
            "* * * * 7|end of range (7) above maximum (6): 7",
            "30-10 * * * *|beginning of range (30) beyond end of range (10): 30-10",
            "*/0 * * * *|step of range should be a positive number: */0",
            "1-2-3 * * * *|too many hyphens: 1-2-3",
            "*/2/3 * * * *|too many slashes: */2/3",
            "abc * * * *|failed to parse int from abc: strconv.Atoi: parsing \"abc\": invalid syntax",
            "* * * * funday|failed to parse int from funday: strconv.Atoi: parsing \"funday\": invalid syntax",
            "@every 5d|failed to parse duration @every 5d: time: unknown unit \"d\" in duration \"5d\"",
            "@every 5|failed to parse duration @every 5: time: missing unit in duration \"5\"",
            "@every soon|failed to parse duration @every soon: time: invalid duration \"soon\"",
            "TZ=Mars/Base 0 3 * * *|provided bad location Mars/Base: unknown time zone Mars/Base",
    })
    void refusesWithTheParsersWords(String schedule, String error) {
        assertThat(CronSchedule.parse(schedule)).contains(error);
    }
}
