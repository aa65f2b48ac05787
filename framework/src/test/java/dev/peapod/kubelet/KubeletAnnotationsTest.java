package dev.peapod.kubelet;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class KubeletAnnotationsTest {

    @Test
    void firstSeenIsGoRfc3339NanoWithoutTrailingZeros() {
        assertThat(KubeletAnnotations.rfc3339Nano(Instant.parse("2025-01-01T00:00:00Z"))).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(KubeletAnnotations.rfc3339Nano(Instant.parse("2025-01-01T00:01:02.500Z"))).isEqualTo("2025-01-01T00:01:02.5Z");
        assertThat(KubeletAnnotations.rfc3339Nano(Instant.parse("2017-11-28T07:34:44.970813914Z"))).isEqualTo("2017-11-28T07:34:44.970813914Z");
    }
}
