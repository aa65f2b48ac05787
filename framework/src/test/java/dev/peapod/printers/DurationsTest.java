package dev.peapod.printers;

import dev.peapod.core.PeapodException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HumanDuration, one test per row of behaviour sheet §8.1, boundaries from errata B-8 and from upstream's
 * TestHumanDuration / TestHumanDurationBoundaries
 * (kubernetes: staging/src/k8s.io/apimachinery/pkg/util/duration/duration.go and duration_test.go).
 */
class DurationsTest {

    @ParameterizedTest(name = "{0} reads {1}")
    @CsvSource({
            "PT-2S,          <invalid>",
            "PT-3M,          <invalid>",
            "PT-1.999999999S, 0s",
            "PT-1.5S,        0s",
            "PT-1S,          0s",
            "PT-0.5S,        0s",
    })
    void clockSkewUnderTwoSecondsReadsZeroAndMoreReadsInvalid(Duration d, String expected) {
        assertThat(Durations.human(d)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} reads {1}")
    @CsvSource({
            "PT0S,           0s",
            "PT0.999S,       0s",
            "PT1S,           1s",
            "PT27S,          27s",
            "PT70S,          70s",
            "PT119S,         119s",
            "PT1M59.999S,    119s",
    })
    void underTwoMinutesReadsSeconds(Duration d, String expected) {
        assertThat(Durations.human(d)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} reads {1}")
    @CsvSource({
            "PT2M,           2m",
            "PT2M1S,         2m1s",
            "PT2M5S,         2m5s",
            "PT2M57S,        2m57s",
            "PT3M,           3m",
            "PT3M10S,        3m10s",
            "PT9M59.999S,    9m59s",
    })
    void underTenMinutesReadsMinutesAndSeconds(Duration d, String expected) {
        assertThat(Durations.human(d)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} reads {1}")
    @CsvSource({
            "PT10M,          10m",
            "PT10M1S,        10m",
            "PT45M,          45m",
            "PT70M,          70m",
            "PT2H59M59.999S, 179m",
    })
    void underThreeHoursReadsMinutes(Duration d, String expected) {
        assertThat(Durations.human(d)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} reads {1}")
    @CsvSource({
            "PT3H,           3h",
            "PT3H1M,         3h1m",
            "PT3H1M59S,      3h1m",
            "PT7H30M,        7h30m",
            "PT7H59M59.999S, 7h59m",
    })
    void underEightHoursReadsHoursAndMinutes(Duration d, String expected) {
        assertThat(Durations.human(d)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} reads {1}")
    @CsvSource({
            "PT8H,           8h",
            "PT8H59M,        8h",
            "PT47H,          47h",
            "PT47H59M59.999S, 47h",
    })
    void underTwoDaysReadsHours(Duration d, String expected) {
        assertThat(Durations.human(d)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} reads {1}")
    @CsvSource({
            "P2D,            2d",
            "PT49H,          2d1h",
            "P3DT4H,         3d4h",
            "P3DT4H59M,      3d4h",
            "P7DT23H59M59.999S, 7d23h",
    })
    void underEightDaysReadsDaysAndHours(Duration d, String expected) {
        assertThat(Durations.human(d)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} reads {1}")
    @CsvSource({
            "P8D,            8d",
            "P8DT2H,         8d",
            "P8DT23H,        8d",
            "P367D,          367d",
            "P729DT23H59M59.999S, 729d",
    })
    void underTwoYearsReadsDays(Duration d, String expected) {
        assertThat(Durations.human(d)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} reads {1}")
    @CsvSource({
            "P730D,          2y",
            "P730DT23H59M,   2y",
            "P731D,          2y1d",
            "PT17545H,       2y1d",
            "P800D,          2y70d",
            "P1095D,         3y",
            "P2919DT23H59M59.999S, 7y364d",
    })
    void underEightYearsReadsYearsAndDays(Duration d, String expected) {
        assertThat(Durations.human(d)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} reads {1}")
    @CsvSource({
            "P2920D,         8y",
            "PT70082H,       8y",
            "P3284D,         8y",
            "P3285D,         9y",
    })
    void eightYearsOrMoreReadsYears(Duration d, String expected) {
        assertThat(Durations.human(d)).isEqualTo(expected);
    }

    @Test
    void nullDurationIsRejectedByName() {
        // when / then
        assertThatThrownBy(() -> Durations.human(null))
                .isInstanceOf(PeapodException.class)
                .hasMessage("Durations.human(d): d must not be null");
    }
}
