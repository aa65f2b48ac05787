package dev.peapod.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ChecksTest {

    @ParameterizedTest
    @CsvSource({
            "PT0S,                 0s",
            "PT-1S,                -1s",
            "PT-1M-5S,             -1m5s",
            "PT1M15S,              1m15s",
            "PT1.5S,               1.5s",
            "PT-0.001S,            -0.001s",
            "PT17520000H,          17520000h",
            "PT2562047788015215H30M7S, 2562047788015215h30m7s",
    })
    void durationsArePrintedWithoutIsoNoise(Duration value, String printed) {
        assertThat(Checks.readable(value)).isEqualTo(printed);
    }

    @org.junit.jupiter.api.Test
    void theSmallestDurationIsPrintedAsJavaDoesBecauseItHasNoPositiveTwin() {
        Duration smallest = Duration.ofSeconds(Long.MIN_VALUE);
        assertThat(Checks.readable(smallest)).isEqualTo(smallest.toString());
    }
}
