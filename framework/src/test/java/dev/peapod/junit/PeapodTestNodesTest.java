package dev.peapod.junit;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.BDDAssertions.then;

/** Nodes and seed declared on the class, and a method's own {@code @PeapodTest} replacing them. */
@PeapodTest(seed = 7, nodes = {
        @PeapodNode(name = "node-1", labels = {"disktype=ssd", "zone=a"}, taints = "dedicated=gpu:NoSchedule",
                cpu = "8", memory = "32Gi", pods = 50),
        @PeapodNode(name = "node-2", taints = "maintenance:NoExecute")})
class PeapodTestNodesTest {

    @Test
    void nodesHaveTheDeclaredLabelsTaintsAndResources(FakeCluster cluster) {
        // given
        Node first = cluster.node("node-1");
        Node second = cluster.node("node-2");
        // when
        Taint gpu = first.getSpec().getTaints().get(0);
        Taint maintenance = second.getSpec().getTaints().get(0);
        // then
        then(cluster.nodes()).extracting(n -> n.getMetadata().getName()).containsExactly("node-1", "node-2");
        then(first.getMetadata().getLabels()).containsEntry("disktype", "ssd").containsEntry("zone", "a")
                .containsEntry("kubernetes.io/hostname", "node-1");
        then(gpu).extracting(Taint::getKey, Taint::getValue, Taint::getEffect).containsExactly("dedicated", "gpu", "NoSchedule");
        then(maintenance).extracting(Taint::getKey, Taint::getValue, Taint::getEffect).containsExactly("maintenance", null, "NoExecute");
        then(first.getStatus().getAllocatable()).containsEntry("cpu", new Quantity("8"))
                .containsEntry("memory", new Quantity("32Gi")).containsEntry("pods", new Quantity("50"));
        then(second.getStatus().getAllocatable()).containsEntry("cpu", new Quantity("4"));
    }

    @Test
    void theClassSeedIsUsed(FakeCluster cluster) {
        then(cluster.spec().seed()).isEqualTo(7L);
    }

    @Test
    @PeapodTest(nodes = @PeapodNode(name = "gpu-1", labels = "accelerator=nvidia"))
    void aMethodsNodesReplaceTheClassNodesAndKeepItsSeed(FakeCluster cluster) {
        then(cluster.nodes()).extracting(n -> n.getMetadata().getName()).containsExactly("gpu-1");
        then(cluster.node("gpu-1").getMetadata().getLabels()).containsEntry("accelerator", "nvidia");
        then(cluster.spec().seed()).isEqualTo(7L);
    }

    @Test
    @PeapodTest(seed = 99)
    void aMethodsSeedReplacesTheClassSeedAndKeepsItsNodes(FakeCluster cluster) {
        then(cluster.spec().seed()).isEqualTo(99L);
        then(cluster.nodes()).hasSize(2);
    }
}
