package dev.peapod.runtime.images;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofNanos;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

/** Go's formats as agnhost prints them (go: src/time/time.go Duration.String, src/time/format.go Time.String, log.LstdFlags). */
class GoFormatTest {
    @Test
    void durationsReadAsGosDurationString() {
        assertThat(GoFormat.duration(Duration.ZERO)).isEqualTo("0s");
        assertThat(GoFormat.duration(ofNanos(999))).isEqualTo("999ns");
        assertThat(GoFormat.duration(ofNanos(1500))).isEqualTo("1.5µs");
        assertThat(GoFormat.duration(ofMillis(500))).isEqualTo("500ms");
        assertThat(GoFormat.duration(ofMillis(1500))).isEqualTo("1.5s");
        assertThat(GoFormat.duration(ofSeconds(10))).isEqualTo("10s");
        assertThat(GoFormat.duration(ofSeconds(90))).isEqualTo("1m30s");
        assertThat(GoFormat.duration(ofSeconds(3600))).isEqualTo("1h0m0s");
        assertThat(GoFormat.duration(ofSeconds(-5))).isEqualTo("-5s");
    }

    @Test
    void timesAndLogLinesReadAsGos() {
        Instant at = Instant.parse("2026-12-04T08:58:44.250Z");

        assertThat(GoFormat.time(at, ofMillis(5250))).isEqualTo("2026-12-04 08:58:44.25 +0000 UTC m=+5.250000000");
        assertThat(GoFormat.time(Instant.parse("2026-12-04T08:58:44Z"), ofSeconds(5))).isEqualTo("2026-12-04 08:58:44 +0000 UTC m=+5.000000000");
        assertThat(GoFormat.log(at, "hello")).isEqualTo("2026/12/04 08:58:44 hello");
        assertThat(GoFormat.float64(10.5)).isEqualTo("10.5");
        assertThat(GoFormat.float64(11.0)).isEqualTo("11");
    }

    @Test
    void goDurationsParseAsTimeParseDuration() {
        assertThat(Netexec.goDuration("")).contains(Duration.ZERO);
        assertThat(Netexec.goDuration("0")).contains(Duration.ZERO);
        assertThat(Netexec.goDuration("5s")).contains(ofSeconds(5));
        assertThat(Netexec.goDuration("1m30s")).contains(ofSeconds(90));
        assertThat(Netexec.goDuration("1.5h")).contains(ofSeconds(5400));
        assertThat(Netexec.goDuration("100ms")).contains(ofMillis(100));
        assertThat(Netexec.goDuration("5")).isEmpty();
        assertThat(Netexec.goDuration("soon")).isEmpty();
        assertThat(Netexec.goDuration("5s later")).isEmpty();
    }
}
