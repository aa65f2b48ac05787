package dev.peapod.examples;

import dev.peapod.ClusterSpec;
import dev.peapod.FakeCluster;
import dev.peapod.NodeSpec;
import dev.peapod.junit.PeapodNode;
import dev.peapod.junit.PeapodTest;
import io.fabric8.kubernetes.api.model.Pod;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;

/**
 * Where pods land (kube-scheduler v1.33's InterPodAffinity, PodTopologySpread and DefaultPreemption):
 * three replicas that refuse to share a node and keep the zones even land one per zone; a pod of a
 * higher PriorityClass evicts a lower one and binds once it is gone.
 */
@PeapodTest(nodes = {
        @PeapodNode(name = "node-1", labels = "topology.kubernetes.io/zone=a"),
        @PeapodNode(name = "node-2", labels = "topology.kubernetes.io/zone=a"),
        @PeapodNode(name = "node-3", labels = "topology.kubernetes.io/zone=b"),
        @PeapodNode(name = "node-4", labels = "topology.kubernetes.io/zone=b"),
        @PeapodNode(name = "node-5", labels = "topology.kubernetes.io/zone=c"),
        @PeapodNode(name = "node-6", labels = "topology.kubernetes.io/zone=c")})
class SchedulingDepthExampleTest {

    @Test
    void threeReplicasLandInThreeZonesAndASeventhFindsNoNode(FakeCluster cluster) {
        // given
        cluster.applyResource("manifests/web-spread.yaml");
        // then
        assertThat(cluster).deployment("web").reachesAvailableReplicas(3).within(ofMinutes(1));
        assertThat(cluster).deployment("web").hasPodsPer("topology.kubernetes.io/zone", Map.of("a", 1, "b", 1, "c", 1));
        // when scaled past one pod per node
        cluster.deployment("web").scale(7);
        cluster.advance(ofSeconds(10));
        // then six run, one per node, and the seventh says why not
        assertThat(cluster).deployment("web").hasAvailableReplicas(6)
                .hasPodsPer("kubernetes.io/hostname", Map.of("node-1", 1, "node-2", 1, "node-3", 1, "node-4", 1, "node-5", 1, "node-6", 1));
        Pod pending = cluster.deployment("web").pods().stream().filter(p -> p.getSpec().getNodeName() == null).findFirst().orElseThrow();
        assertThat(pending).isPendingWithSchedulingMessage("0/6 nodes are available: 6 node(s) didn't match pod anti-affinity rules. "
                + "preemption: 0/6 nodes are available: 6 No preemption victims found for incoming pod.");
    }

    @Test
    void aCriticalPodPreemptsABatchPod() {
        try (FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node(NodeSpec.named("small-1").cpu("1")))) {
            // given a batch pod using 600m of the node's 1 CPU
            cluster.applyResource("manifests/priority-preemption.yaml");
            // when a critical pod asks for 600m too
            cluster.applyResource("manifests/critical-pod.yaml");
            // then the batch pod is evicted gracefully and the critical pod waits, nominated to the node
            Pod batch = cluster.pod("batch");
            Assertions.assertThat(batch.getMetadata().getDeletionTimestamp()).isEqualTo("2025-01-01T00:00:20Z");
            assertThat(batch).hasCondition("DisruptionTarget", "True", "PreemptionByScheduler");
            Assertions.assertThat(cluster.pod("critical").getStatus().getNominatedNodeName()).isEqualTo("small-1");
            assertThat(cluster.pod("critical")).isPendingWithSchedulingMessage("0/1 nodes are available: 1 Insufficient cpu.");
            // busybox's sleep ignores SIGTERM: killed at the end of its 20 s grace period, then the critical pod binds
            cluster.advance(ofSeconds(20));
            Assertions.assertThat(cluster.findPod("batch")).isEmpty();
            assertThat(cluster.pod("critical")).isRunningOn("small-1");
        }
    }
}
