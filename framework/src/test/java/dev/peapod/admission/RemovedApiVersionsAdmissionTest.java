package dev.peapod.admission;

import dev.peapod.store.Admission;
import dev.peapod.store.ApiException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1beta1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.extensions.DeploymentBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Java objects of removed API versions are refused as the manifests are (deprecation-guide.md, v1.33). */
class RemovedApiVersionsAdmissionTest {

    @Test
    void refusesAnExtensionsDeploymentGivenAsAJavaObject() {
        // given
        HasMetadata deployment = new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("default")
                .endMetadata().build();
        // when / then
        assertRefused(deployment, "no matches for kind \"Deployment\" in version \"extensions/v1beta1\"");
    }

    @Test
    void refusesABatchV1beta1CronJob() {
        HasMetadata cronJob = new CronJobBuilder().withNewMetadata().withName("nightly").withNamespace("default")
                .endMetadata().build();
        assertRefused(cronJob, "no matches for kind \"CronJob\" in version \"batch/v1beta1\"");
    }

    @Test
    void refusesAGenericResourceOfARemovedVersion() {
        HasMetadata pdb = new GenericKubernetesResourceBuilder().withApiVersion("policy/v1beta1")
                .withKind("PodDisruptionBudget").withNewMetadata().withName("web").endMetadata().build();
        assertRefused(pdb, "no matches for kind \"PodDisruptionBudget\" in version \"policy/v1beta1\"");
    }

    private static void assertRefused(HasMetadata object, String message) {
        assertThatThrownBy(() -> new ApiAdmission().admit(Admission.Operation.CREATE, object, null))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(404);
                    org.assertj.core.api.Assertions.assertThat(e.reason()).isEqualTo("NotFound");
                })
                .hasMessage(message);
    }
}
