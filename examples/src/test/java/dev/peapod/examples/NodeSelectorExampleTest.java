package dev.peapod.examples;

import dev.peapod.FakeCluster;
import dev.peapod.NodeSpec;
import dev.peapod.junit.PeapodNode;
import dev.peapod.junit.PeapodTest;
import org.junit.jupiter.api.Test;

import static dev.peapod.assertions.PeapodAssertions.assertThat;

/** Seed 001: nodeSelector {@code disktype: ssd} binds the pod to ssd nodes only. */
@PeapodTest(nodes = {@PeapodNode(name = "node-1"), @PeapodNode(name = "node-2", labels = "disktype=ssd")})
class NodeSelectorExampleTest {

    @Test
    void runsOnlyOnTheSsdNode(FakeCluster cluster) {
        // when
        cluster.applyResource("manifests/ssd-pod.yaml");
        // then
        assertThat(cluster).pod("fast-storage").isRunningOn("node-2").isRunning();
    }

    @Test
    @PeapodTest(nodes = {@PeapodNode(name = "node-1"), @PeapodNode(name = "node-2"), @PeapodNode(name = "node-3")})
    void staysPendingWithUpstreamsMessageWhenNoNodeHasAnSsd(FakeCluster cluster) {
        // when
        cluster.applyResource("manifests/ssd-pod.yaml");
        // then (pkg/scheduler/framework/types.go FitError.Error)
        assertThat(cluster).pod("fast-storage").isPendingWithSchedulingMessage(
                "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. "
                        + "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
    }

    @Test
    @PeapodTest(nodes = @PeapodNode(name = "node-1"))
    void isScheduledAsSoonAsAnSsdNodeJoins(FakeCluster cluster) {
        // given
        cluster.applyResource("manifests/ssd-pod.yaml");
        // when
        cluster.addNode(NodeSpec.named("node-2").label("disktype", "ssd"));
        // then
        assertThat(cluster).pod("fast-storage").isRunningOn("node-2")
                .hasEvent("Scheduled", "Successfully assigned default/fast-storage to node-2");
    }
}
