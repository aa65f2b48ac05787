package dev.peapod.controllers;

import dev.peapod.ClusterSpec;
import dev.peapod.FakeCluster;
import dev.peapod.NodeSpec;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node lifecycle controller's NoSchedule tainting pass (node_lifecycle_controller.go
 * doNoScheduleTaintingPass): the unschedulable and node-condition taints follow the node; a user's
 * taints stay as they are.
 */
class NodeLifecycleControllerTest {

    @Test
    void cordonAddsTheUnschedulableTaintBesideTheUsersAndUncordonTakesItAway() {
        try (FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node(NodeSpec.named("node-1").taint("dedicated=db:NoSchedule")))) {
            cluster.advance(Duration.ofSeconds(30));
            // when
            cluster.editNode("node-1").cordon();
            // then
            assertThat(taints(cluster)).containsExactly("dedicated=db:NoSchedule", "node.kubernetes.io/unschedulable:NoSchedule@2025-01-01T00:00:30Z");
            // when
            cluster.advance(Duration.ofSeconds(10));
            cluster.editNode("node-1").uncordon();
            // then
            assertThat(taints(cluster)).containsExactly("dedicated=db:NoSchedule");
        }
    }

    @Test
    void nodeAssertionsReadTaintsConditionsAndKubectlsStatus() {
        try (FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node(NodeSpec.named("node-1").taint("dedicated=db:NoSchedule")))) {
            cluster.editNode("node-1").cordon();
            dev.peapod.assertions.PeapodAssertions.assertThat(cluster).node("node-1")
                    .hasTaint("node.kubernetes.io/unschedulable:NoSchedule").hasTaint("dedicated=db:NoSchedule")
                    .hasNoTaint("node.kubernetes.io/not-ready").hasCondition("Ready", "True").hasCondition("MemoryPressure", "False")
                    .hasStatus("Ready,SchedulingDisabled");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.peapod.assertions.PeapodAssertions.assertThat(cluster)
                            .node("node-1").hasNoTaint("dedicated"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expecting node node-1 to have no taint dedicated, but its taints are dedicated=db:NoSchedule, "
                            + "node.kubernetes.io/unschedulable:NoSchedule.");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.peapod.assertions.PeapodAssertions.assertThat(cluster)
                            .node("node-1").hasCondition("Ready", "False"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expecting node node-1 to have condition Ready=False, but it has [MemoryPressure=False "
                            + "(KubeletHasSufficientMemory), DiskPressure=False (KubeletHasNoDiskPressure), PIDPressure=False "
                            + "(KubeletHasSufficientPID), Ready=True (KubeletReady)].");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.peapod.assertions.PeapodAssertions.assertThat(cluster)
                            .node("node-9").hasStatus("Ready"))
                    .isInstanceOf(AssertionError.class).hasMessage("Expecting a node node-9, but the nodes are [node-1]");
        }
    }

    @Test
    void aNodeConditionBringsItsTaintAndTakesItAwayWhenItClears() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // when the node reports memory pressure
            cluster.context().store().editStatus(Node.class, null, "node-1", n -> n.getStatus().getConditions().stream()
                    .filter(c -> c.getType().equals("MemoryPressure")).forEach(c -> c.setStatus("True")));
            cluster.settle();
            // then
            assertThat(taints(cluster)).containsExactly("node.kubernetes.io/memory-pressure:NoSchedule@2025-01-01T00:00:00Z");
            // when
            cluster.context().store().editStatus(Node.class, null, "node-1", n -> n.getStatus().getConditions().stream()
                    .filter(c -> c.getType().equals("MemoryPressure")).forEach(c -> c.setStatus("False")));
            cluster.settle();
            // then
            assertThat(taints(cluster)).isEmpty();
        }
    }

    private static List<String> taints(FakeCluster cluster) {
        List<Taint> taints = cluster.node("node-1").getSpec().getTaints();
        return taints == null ? List.of() : taints.stream().map(t -> t.getKey() + (t.getValue() == null ? "" : "=" + t.getValue())
                + ":" + t.getEffect() + (t.getTimeAdded() == null ? "" : "@" + t.getTimeAdded())).toList();
    }
}
