package dev.peapod.apiserver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Go's time.Parse(time.RFC3339, ..) and its ParseError texts (go1.24 time/format.go parse). */
class GoTimeTest {

    @Test
    void readsUtcOffsetsAndFractions() {
        assertThat(GoTime.parseRfc3339("2025-01-01T00:00:10Z")).isEqualTo(Instant.parse("2025-01-01T00:00:10Z"));
        assertThat(GoTime.parseRfc3339("2025-01-01T01:00:10+01:00")).isEqualTo(Instant.parse("2025-01-01T00:00:10Z"));
        assertThat(GoTime.parseRfc3339("2024-12-31T23:00:10-01:00")).isEqualTo(Instant.parse("2025-01-01T00:00:10Z"));
        assertThat(GoTime.parseRfc3339("2025-01-01T00:00:10.5Z")).isEqualTo(Instant.parse("2025-01-01T00:00:10.5Z"));
        // Go accepts a one-digit hour in the general parser (stdHour), and a fraction the layout lacks
        assertThat(GoTime.parseRfc3339("2025-01-01T1:00:10.123456789123Z")).isEqualTo(Instant.parse("2025-01-01T01:00:10.123456789Z"));
        assertThat(GoTime.parseRfc3339("2024-02-29T00:00:00Z")).isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "yesterday|parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"yesterday\" as \"2006\"",
            "2025-01-01|parsing time \"2025-01-01\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"T\"",
            "2025-01-01 00:00:00Z|parsing time \"2025-01-01 00:00:00Z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \" 00:00:00Z\" as \"T\"",
            "2025-01-01T00:00:00|parsing time \"2025-01-01T00:00:00\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"Z07:00\"",
            "2025-1-01T00:00:00Z|parsing time \"2025-1-01T00:00:00Z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"1-01T00:00:00Z\" as \"01\"",
            "2025-01-01T00:0:00Z|parsing time \"2025-01-01T00:0:00Z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"0:00Z\" as \"04\"",
            "2025-01-01T00:00:00+0100|parsing time \"2025-01-01T00:00:00+0100\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"+0100\" as \"Z07:00\"",
            "2025-13-01T00:00:00Z|parsing time \"2025-13-01T00:00:00Z\": month out of range",
            "2025-02-29T00:00:00Z|parsing time \"2025-02-29T00:00:00Z\": day out of range",
            "2025-01-01T24:00:00Z|parsing time \"2025-01-01T24:00:00Z\": hour out of range",
            "2025-01-01T00:60:00Z|parsing time \"2025-01-01T00:60:00Z\": minute out of range",
            "2025-01-01T00:00:60Z|parsing time \"2025-01-01T00:00:60Z\": second out of range",
            "2025-01-01T00:00:00+25:00|parsing time \"2025-01-01T00:00:00+25:00\": time zone offset hour out of range",
            "2025-01-01T00:00:00Z and more|parsing time \"2025-01-01T00:00:00Z and more\": extra text: \" and more\"",
    })
    void refusesInGosWords(String value, String message) {
        assertThatThrownBy(() -> GoTime.parseRfc3339(value)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void quotesControlAndNonAsciiBytesAsGoDoes() {
        assertThatThrownBy(() -> GoTime.parseRfc3339("\u00e9t\u00e9\t\"x\""))
                .hasMessage("parsing time \"\\xc3\\xa9t\\xc3\\xa9\\x09\\\"x\\\"\" as \"2006-01-02T15:04:05Z07:00\": cannot parse "
                        + "\"\\xc3\\xa9t\\xc3\\xa9\\x09\\\"x\\\"\" as \"2006\"");
    }
}
