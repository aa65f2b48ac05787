package dev.peapod.manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * API versions that v1.33 serves no more are refused with the REST mapper's words, although Fabric8
 * still has model classes for them (kubernetes/website: docs/reference/using-api/deprecation-guide.md).
 */
class RemovedApiVersionsTest {

    @Test
    void refusesAnExtensionsDeploymentAtItsKind() {
        // given
        String yaml = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: fine
                ---
                apiVersion: extensions/v1beta1
                kind: Deployment
                metadata:
                  name: web
                """;

        // when
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> Manifests.parse(yaml, "web.yaml"));

        // then
        assertThat(e).hasMessage("""
                web.yaml, document 2 (Deployment web), line 7:
                  no matches for kind "Deployment" in version "extensions/v1beta1"
                nothing was applied""");
    }

    @ParameterizedTest
    @CsvSource({
            "extensions/v1beta1, Ingress",
            "extensions/v1beta1, DaemonSet",
            "extensions/v1beta1, NetworkPolicy",
            "apps/v1beta1, StatefulSet",
            "apps/v1beta2, ReplicaSet",
            "batch/v1beta1, CronJob",
            "policy/v1beta1, PodDisruptionBudget",
            "policy/v1beta1, PodSecurityPolicy",
            "networking.k8s.io/v1beta1, IngressClass",
            "autoscaling/v2beta1, HorizontalPodAutoscaler",
            "autoscaling/v2beta2, HorizontalPodAutoscaler",
            "rbac.authorization.k8s.io/v1beta1, ClusterRole",
            "storage.k8s.io/v1beta1, CSIDriver",
            "flowcontrol.apiserver.k8s.io/v1beta3, FlowSchema",
    })
    void refusesEveryKindThatV133ServesNoMore(String apiVersion, String kind) {
        // given
        String yaml = "apiVersion: " + apiVersion + "\nkind: " + kind + "\nmetadata:\n  name: old\n";

        // when
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> Manifests.parse(yaml, "old.yaml"));

        // then
        assertThat(e.problems()).extracting(ManifestException.Problem::toString).containsExactly(
                "old.yaml, document 1 (" + kind + " old), line 2: no matches for kind \"" + kind + "\" in version \""
                        + apiVersion + "\"");
    }

    @Test
    void stillAcceptsTheServedVersions() {
        // given
        String yaml = """
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata:
                  name: web
                spec:
                  minAvailable: 1
                """;

        // when / then
        assertThat(Manifests.parse(yaml, "pdb.yaml")).hasSize(1);
    }
}
