package dev.peapod.examples;

import dev.peapod.FakeCluster;
import dev.peapod.junit.PeapodTest;
import dev.peapod.manifest.Applied;
import dev.peapod.manifest.ManifestException;
import io.fabric8.kubernetes.api.model.Namespace;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What Peapod does with a team's mistakes: a bad manifest is refused in the API server's words at its
 * file, document and line, and nothing of the file is applied; a kind Peapod stores but does not
 * simulate says so instead of passing quietly.
 */
@PeapodTest
class MistakesExampleTest {

    @Test
    void aFileWithOneBadDocumentIsRefusedWholeAndTheErrorSaysWhereAndWhat(FakeCluster cluster) {
        assertThatThrownBy(() -> cluster.applyResource("manifests/mistakes/shop.yaml"))
                .isInstanceOf(ManifestException.class)
                .hasMessage("""
                        manifests/mistakes/shop.yaml, document 3 (Deployment web), line 22:
                          spec.replicas: Invalid value: -1: must be greater than or equal to 0
                        manifests/mistakes/shop.yaml, document 4 (Pod debug), line 44:
                          spec.containers[0].resources.limits[memory]: Invalid value: "1Gb": quantities must match \
                        the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'
                        nothing was applied""");

        // all or nothing: not even the Namespace of the first document was created
        assertThat(cluster.context().store().get(Namespace.class, null, "shop")).isEmpty();
    }

    @Test
    void aKindPeapodDoesNotSimulateSaysSo(FakeCluster cluster) {
        List<Applied> applied = cluster.applyYaml("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: web}
                spec:
                  defaultBackend:
                    service: {name: web, port: {number: 80}}
                """);

        assertThat(applied).extracting(Applied::toString).containsExactly("ingress.networking.k8s.io/web created");
        assertThat(applied.get(0).warnings()).containsExactly("not simulated: Peapod stores Ingress objects, checks "
                + "only their metadata, and does nothing with them");
        // the timeline, and so the report, says it too
        assertThat(cluster.timeline().toString()).isEqualTo("00:00:00  not simulated: Peapod stores Ingress objects, "
                + "checks only their metadata, and does nothing with them  [default/ingress.networking.k8s.io/web]");
    }
}
