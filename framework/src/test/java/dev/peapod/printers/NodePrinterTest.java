package dev.peapod.printers;

import dev.peapod.ClusterSpec;
import dev.peapod.FakeCluster;
import dev.peapod.NodeSpec;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code kubectl get nodes}: printers.go printNode, findNodeRoles, getNodeInternalIP/ExternalIP. */
class NodePrinterTest {

    @Test
    void aClustersNodesAsKubectlPrintsThem() {
        try (FakeCluster cluster = FakeCluster.start(ClusterSpec.empty()
                .node(NodeSpec.named("control-plane").label("node-role.kubernetes.io/control-plane", "")
                        .taint("node-role.kubernetes.io/control-plane:NoSchedule"))
                .node(NodeSpec.named("worker-1").label("kubernetes.io/role", "edge").label("node-role.kubernetes.io/ingress", ""))
                .node(NodeSpec.named("worker-2").cordoned()))) {
            cluster.advance(Duration.ofSeconds(90));
            assertThat(cluster.nodeTable()).isEqualTo("""
                    NAME            STATUS                     ROLES           AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                KERNEL-VERSION   CONTAINER-RUNTIME
                    control-plane   Ready                      control-plane   90s   v1.33.0   172.18.0.3    <none>        Peapod simulated node   6.1.0            peapod://0.1
                    worker-1        Ready                      edge,ingress    90s   v1.33.0   172.18.0.4    <none>        Peapod simulated node   6.1.0            peapod://0.1
                    worker-2        Ready,SchedulingDisabled   <none>          90s   v1.33.0   172.18.0.5    <none>        Peapod simulated node   6.1.0            peapod://0.1
                    """);
        }
    }

    @Test
    void aNodeWithoutAReadyConditionIsUnknownAndMissingInfoIsUnknownToo() {
        Node bare = new NodeBuilder().withNewMetadata().withName("n").withCreationTimestamp("2025-01-01T00:00:00Z").endMetadata()
                .withNewSpec().withUnschedulable(true).endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("Unknown").endCondition().endStatus().build();
        assertThat(NodePrinter.row(bare, Instant.parse("2025-01-01T02:00:00Z")))
                .isEqualTo(new NodeRow("n", "NotReady,SchedulingDisabled", "<none>", "120m", "", "<none>", "<none>",
                        "<unknown>", "<unknown>", "<unknown>"));
        bare.getStatus().setConditions(List.of());
        assertThat(NodePrinter.row(bare, Instant.parse("2025-01-01T02:00:00Z")).status()).isEqualTo("Unknown,SchedulingDisabled");
    }
}
