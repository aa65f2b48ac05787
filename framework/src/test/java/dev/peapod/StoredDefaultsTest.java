package dev.peapod;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Defaults a client reads back from the API server for kinds other than pods (core/v1 defaults.go). */
class StoredDefaultsTest {

    @Test
    void aNewClaimReadsBackPendingWhateverItsManifestSaidOfItsStatus() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: PersistentVolumeClaim
                    metadata: {name: data}
                    spec:
                      accessModes: [ReadWriteOnce]
                      storageClassName: ""
                      resources: {requests: {storage: 1Gi}}
                    status: {phase: Bound}
                    """); // storageClassName "": a claim for an existing volume, which the bind-at-once binder leaves Pending

            PersistentVolumeClaim claim = cluster.context().store().get(PersistentVolumeClaim.class, "default", "data").orElseThrow();
            assertThat(claim.getStatus().getPhase()).isEqualTo("Pending");
            assertThat(claim.getSpec().getVolumeMode()).isEqualTo("Filesystem");
        }
    }

    @Test
    void aNodeThatSaysNothingOfAllocatableOffersItsCapacity() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Node
                    metadata: {name: extra}
                    status:
                      capacity: {cpu: "2", memory: 4Gi, pods: "10"}
                    """);

            Node node = cluster.context().store().get(Node.class, null, "extra").orElseThrow();
            assertThat(node.getStatus().getAllocatable())
                    .isEqualTo(Map.of("cpu", new Quantity("2"), "memory", new Quantity("4Gi"), "pods", new Quantity("10")));
        }
    }
}
