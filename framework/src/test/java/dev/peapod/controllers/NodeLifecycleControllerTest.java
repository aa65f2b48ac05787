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
    void aSwapAddsTheNewTaintInOneWriteAndRemovesTheOldInTheNext() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            setReady(cluster, "False");
            assertThat(taints(cluster)).containsExactly("node.kubernetes.io/not-ready:NoSchedule@2025-01-01T00:00:00Z");
            List<List<String>> seen = new java.util.ArrayList<>();
            cluster.context().store().watch(Node.class, dev.peapod.store.ListOptions.all(), 
                    cluster.context().store().resourceVersion(), e -> seen.add(e.object().getSpec().getTaints().stream()
                            .map(Taint::getKey).toList()));
            // when
            setReady(cluster, "Unknown");
            // then (SwapNodeControllerTaint: AddOrUpdateTaintOnNode, then RemoveTaintOffNode)
            assertThat(seen).containsExactly(List.of("node.kubernetes.io/not-ready"),
                    List.of("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"),
                    List.of("node.kubernetes.io/unreachable"));
        }
    }

    @Test
    void aNodeStoredWithoutASpecGetsItsTaint() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.context().store().create(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName("bare")
                    .endMetadata().withNewStatus().addNewCondition().withType("Ready").withStatus("False").endCondition().endStatus().build());
            cluster.settle();
            assertThat(cluster.node("bare").getSpec().getTaints()).extracting(Taint::getKey).containsExactly("node.kubernetes.io/not-ready");
        }
    }

    private static void setReady(FakeCluster cluster, String status) {
        cluster.context().store().editStatus(Node.class, null, "node-1", n -> n.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("Ready")).forEach(c -> c.setStatus(status)));
        cluster.settle();
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
