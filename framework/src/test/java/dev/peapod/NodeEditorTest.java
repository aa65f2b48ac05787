package dev.peapod;

import dev.peapod.core.PeapodException;
import dev.peapod.store.ApiException;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** kubectl label, taint, cordon on a running cluster; the scheduler sees each change (issue #7 item 6). */
class NodeEditorTest {
    private static final String SSD_POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              nodeSelector: {disktype: ssd}
              containers: [{name: app, image: nginx}]
            """;
    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              containers: [{name: app, image: nginx}]
            """;

    @Test
    void aLabelAddedWhileThePodWaitsLetsTheSchedulerPlaceIt() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.applyYaml(SSD_POD);
            cluster.advance(Duration.ofSeconds(5));
            assertThat(cluster.pod("web").getSpec().getNodeName()).isNull();
            // when
            cluster.editNode("node-1").label("disktype", "ssd");
            // then: a label change requeues the pod at once (NodeAffinity's NodeUpdateLabel hint)
            assertThat(cluster.node("node-1").getMetadata().getLabels()).containsEntry("disktype", "ssd");
            assertThat(cluster.pod("web").getSpec().getNodeName()).isEqualTo("node-1");
            assertThat(nodeScheduledAt(cluster)).isEqualTo("2025-01-01T00:00:05Z Successfully assigned default/web to node-1");
        }
    }

    @Test
    void unlabelRemovesTheLabelAndKeepsTheOthersInOrder() {
        try (FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node(NodeSpec.named("node-1").label("a", "1").label("b", "2")))) {
            // when
            cluster.editNode("node-1").unlabel("a").unlabel("missing");
            // then
            assertThat(cluster.node("node-1").getMetadata().getLabels().keySet()).containsExactly(
                    "beta.kubernetes.io/arch", "beta.kubernetes.io/os", "kubernetes.io/arch", "kubernetes.io/hostname",
                    "kubernetes.io/os", "b");
        }
    }

    @Test
    void aCordonedNodeTakesNoNewPodUntilUncordoned() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.editNode("node-1").cordon();
            // when
            cluster.applyYaml(POD);
            // then
            assertThat(cluster.node("node-1").getSpec().getUnschedulable()).isTrue();
            // the node lifecycle controller's NoSchedule tainting pass (issue #12: the taint used to be missing)
            assertThat(cluster.node("node-1").getSpec().getTaints()).singleElement().satisfies(t -> {
                assertThat(t.getKey()).isEqualTo("node.kubernetes.io/unschedulable");
                assertThat(t.getEffect()).isEqualTo("NoSchedule");
                assertThat(t.getValue()).isNull();
                assertThat(t.getTimeAdded()).isEqualTo("2025-01-01T00:00:00Z");
            });
            assertThat(scheduledMessage(cluster)).isEqualTo("False Unschedulable: 0/1 nodes are available: 1 node(s) were "
                    + "unschedulable. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.");
            cluster.editNode("node-1").uncordon();
            cluster.advance(Duration.ofSeconds(1));
            assertThat(cluster.node("node-1").getSpec().getUnschedulable()).isNull();
            assertThat(cluster.node("node-1").getSpec().getTaints()).isNullOrEmpty();
            assertThat(cluster.pod("web").getSpec().getNodeName()).isEqualTo("node-1");
        }
    }

    @Test
    void aTaintKeepsNewPodsAwayUntilItIsRemoved() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.editNode("node-1").taint("dedicated=gpu:NoSchedule").taint("dedicated=gpu:NoSchedule").taint("spot:PreferNoSchedule");
            // when
            cluster.applyYaml(POD);
            // then
            assertThat(cluster.node("node-1").getSpec().getTaints()).extracting(t -> t.getKey() + "=" + t.getValue() + ":" + t.getEffect())
                    .containsExactly("dedicated=gpu:NoSchedule", "spot=null:PreferNoSchedule");
            assertThat(scheduledMessage(cluster)).isEqualTo("False Unschedulable: 0/1 nodes are available: 1 node(s) had "
                    + "untolerated taint {dedicated: gpu}. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.");
            cluster.editNode("node-1").untaint("dedicated");
            cluster.advance(Duration.ofSeconds(1));
            assertThat(cluster.pod("web").getSpec().getNodeName()).isEqualTo("node-1");
        }
    }

    @Test
    void aTaintWithoutAKnownEffectIsRefused() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            assertThatThrownBy(() -> cluster.editNode("node-1").taint("dedicated=gpu:Never"))
                    .isInstanceOf(PeapodException.class)
                    .hasMessage("taint \"dedicated=gpu:Never\" must look like key=value:Effect or key:Effect, with Effect "
                            + "NoSchedule, PreferNoSchedule or NoExecute");
        }
    }

    @Test
    void anUnknownNodeIsNotFound() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            assertThatThrownBy(() -> cluster.editNode("node-2"))
                    .isInstanceOf(ApiException.class).hasMessage("nodes \"node-2\" not found");
        }
    }

    @Test
    void aNodesInternalIpIsItsPodsHostIp() {
        try (FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node(NodeSpec.named("node-1").internalIp("10.0.0.5")).node("node-2"))) {
            // when
            cluster.applyYaml(POD.replace("containers:", "nodeName: node-1\n  containers:"));
            // then
            assertThat(cluster.node("node-1").getStatus().getAddresses()).extracting(NodeAddress::getType, NodeAddress::getAddress)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("InternalIP", "10.0.0.5"),
                            org.assertj.core.groups.Tuple.tuple("Hostname", "node-1"));
            assertThat(cluster.node("node-2").getStatus().getAddresses().get(0).getAddress()).isEqualTo("172.18.0.4");
            Pod web = cluster.pod("web");
            assertThat(web.getStatus().getHostIP()).isEqualTo("10.0.0.5");
            assertThat(web.getStatus().getHostIPs()).extracting(h -> h.getIp()).containsExactly("10.0.0.5");
        }
    }

    @Test
    void anInternalIpMustBeADottedIpv4Address() {
        for (String bad : new String[] {"10.0.0.256", "10.0.0", "10.0.0.05", "fe80::1", "node-1"}) {
            assertThatThrownBy(() -> NodeSpec.named("node-1").internalIp(bad))
                    .isInstanceOf(PeapodException.class)
                    .hasMessage("the InternalIP of node \"node-1\" must be an IPv4 address such as 10.0.0.5, but was \"" + bad + "\"");
        }
    }

    private static String scheduledMessage(FakeCluster cluster) {
        return cluster.pod("web").getStatus().getConditions().stream().filter(c -> c.getType().equals("PodScheduled"))
                .map(c -> c.getStatus() + " " + c.getReason() + ": " + c.getMessage()).findFirst().orElse("none");
    }

    private static String nodeScheduledAt(FakeCluster cluster) {
        return cluster.events().stream().filter(e -> "Scheduled".equals(e.getReason()))
                .map(e -> e.getFirstTimestamp() + " " + e.getMessage()).findFirst().orElse("none");
    }
}
