package dev.peapod.admission;

import dev.peapod.store.ApiException;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** apimachinery/pkg/api/resource/quantity.go ParseQuantity, as the JSON decoder runs it. */
class QuantityDecodingTest {

    @ParameterizedTest
    @ValueSource(strings = {"1", "0", "1.5", "500m", "1Gi", "+1e-3", "1E3", "2E", ".5", "1.", " 100Mi ", "-1", "Gi"})
    void textsGoParsesPass(String text) { // "Gi" too: the scanner reads no digits as 0
        assertThat(QuantityDecoding.refusal(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1Gb", "lots", "", "1.2.3", "1 Gi", "1e3x", "1KB"})
    void textsTheScannerRefusesGetErrFormatWrong(String text) {
        assertThat(QuantityDecoding.refusal(text)).isEqualTo(
                "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1Mii", "1e", "1iK", "1mi"})
    void unknownSuffixesGetErrSuffix(String text) {
        assertThat(QuantityDecoding.refusal(text)).isEqualTo("unable to parse quantity's suffix");
    }

    @Test
    void aWorkloadTemplateIsDecodedTooAndNamedByItsVersion() {
        // given
        Deployment web = new DeploymentBuilder().withNewMetadata().withName("web").endMetadata().withNewSpec()
                .withNewTemplate().withNewSpec().addNewContainer().withName("app").withImage("nginx")
                .withNewResources().addToLimits("cpu", new Quantity("abc")).endResources()
                .endContainer().endSpec().endTemplate().endSpec().build();

        // when / then: the message names the version without its group, as transformDecodeError does
        assertThatThrownBy(() -> QuantityDecoding.check(web))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.causes().get(0).field())
                        .isEqualTo("spec.template.spec.containers[0].resources.limits[cpu]"))
                .hasMessage("Deployment in version \"v1\" cannot be handled as a Deployment: quantities must match "
                        + "the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    }
}
