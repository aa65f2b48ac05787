package dev.peapod.admission;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Quantity.String() of k8s.io/apimachinery/pkg/api/resource, after the milli-unit round-up of defaulting. */
class QuantitiesTest {

    @ParameterizedTest(name = "{0} is stored as {1}")
    @CsvSource({
            "1, 1",
            "0.5, 500m",
            "1.5, 1500m",
            "1000m, 1",
            "2000, 2k",
            "1500, 1500",
            "0.0001, 1m",
            "128Mi, 128Mi",
            "1024Mi, 1Gi",
            "1536Mi, 1536Mi",
            "512Ki, 512Ki",
            "100, 100",
            "1G, 1G",
            "1e3, 1e3",
            "-1, -1",
            "0, 0"
    })
    void canonicalFormIsWhatTheApiServerStores(String written, String stored) {
        // when
        String canonical = Quantities.canonical(Quantities.parse(written).orElseThrow());
        // then
        assertThat(canonical).isEqualTo(stored);
    }
}
