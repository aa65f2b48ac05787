package dev.peapod.junit;

import dev.peapod.ClusterSpec;
import dev.peapod.FakeCluster;
import dev.peapod.NodeSpec;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.BDDAssertions.then;

/** A class that builds its cluster with a {@code @PeapodCluster} method, for what the annotation cannot say. */
@PeapodTest
class PeapodClusterMethodTest {
    private static final Instant MONDAY = Instant.parse("2025-03-03T09:00:00Z");

    @PeapodCluster
    static ClusterSpec cluster() {
        return ClusterSpec.empty().node(NodeSpec.named("node-1").cordoned()).node("node-2").startingAt(MONDAY).seed(3);
    }

    @Test
    void theClusterStartsFromTheMethodsSpec(FakeCluster cluster) {
        then(cluster.nodes()).extracting(n -> n.getMetadata().getName()).containsExactly("node-1", "node-2");
        then(cluster.node("node-1").getSpec().getUnschedulable()).isTrue();
        then(cluster.now()).isEqualTo(MONDAY);
        then(cluster.spec().seed()).isEqualTo(3L);
    }

    @Test
    @PeapodTest(nodes = @PeapodNode(name = "solo"))
    void aMethodsNodesStillReplaceTheSpecsNodes(FakeCluster cluster) {
        then(cluster.nodes()).extracting(n -> n.getMetadata().getName()).containsExactly("solo");
        then(cluster.now()).isEqualTo(MONDAY);
    }
}
