package dev.peapod.kubelet;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Go's time.Duration.String() (Go: src/time/time.go), as the kubelet's messages print durations. */
class GoDurationTest {
    @Test
    void printsAsGoDoes() {
        assertThat(GoDuration.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(GoDuration.format(Duration.ofMillis(512))).isEqualTo("512ms");
        assertThat(GoDuration.format(Duration.ofMillis(1_500))).isEqualTo("1.5s");
        assertThat(GoDuration.format(Duration.ofSeconds(123))).isEqualTo("2m3s");
        assertThat(GoDuration.format(Duration.ofMinutes(5))).isEqualTo("5m0s");
        assertThat(GoDuration.format(Duration.ofHours(1))).isEqualTo("1h0m0s");
        assertThat(GoDuration.format(Duration.ofNanos(1_500_000))).isEqualTo("1.5ms");
        assertThat(GoDuration.format(Duration.ofNanos(250_000))).isEqualTo("250µs");
        assertThat(GoDuration.format(Duration.ofNanos(1_250))).isEqualTo("1.25µs");
        assertThat(GoDuration.format(Duration.ofNanos(40))).isEqualTo("40ns");
    }
}
