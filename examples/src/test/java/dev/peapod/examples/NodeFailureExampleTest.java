package dev.peapod.examples;

import dev.peapod.FakeCluster;
import dev.peapod.junit.PeapodNode;
import dev.peapod.junit.PeapodTest;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;

/**
 * A node that dies (the seeds: a pod is bound to its node for life; only a controller makes a
 * replacement elsewhere). With upstream v1.33's defaults: the node lifecycle controller marks the
 * node Unknown 50 s after its last heartbeat, at its next 5 s pass, and taints it
 * {@code node.kubernetes.io/unreachable:NoExecute}; every pod tolerates that taint for 300 s, then
 * the taint-eviction controller deletes it; the dead kubelet never confirms, so it stays Terminating.
 */
@PeapodTest(nodes = {@PeapodNode(name = "worker-1"), @PeapodNode(name = "worker-2"), @PeapodNode(name = "worker-3")})
class NodeFailureExampleTest {

    @Test
    void aDeploymentsPodIsReplacedOnAnotherNodeFiftyPlusThreeHundredSecondsAfterItsNodeDied(FakeCluster cluster) {
        // given one replica per node, behind a Service
        cluster.applyResource("manifests/api-deployment-service.yaml");
        assertThat(cluster).deployment("api").reachesAvailableReplicas(3).within(ofMinutes(1));
        Pod doomed = onNode(cluster.deployment("api").pods(), "worker-1");
        // when worker-1 powers off at 00:01:00 (its last lease renewal)
        cluster.advanceTo(ofMinutes(1));
        cluster.editNode("worker-1").fail();
        // then at 00:01:55 (50 s grace, the 5 s monitor pass): Unknown, its pod not ready, out of the endpoints
        cluster.advanceTo(ofSeconds(110));
        assertThat(cluster).node("worker-1").hasCondition("Ready", "True");
        cluster.advanceTo(ofSeconds(115));
        NodeCondition ready = condition(cluster.node("worker-1"), "Ready");
        Assertions.assertThat(List.of(ready.getStatus(), ready.getReason(), ready.getMessage(), ready.getLastTransitionTime()))
                .containsExactly("Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.", "2025-01-01T00:01:55Z");
        assertThat(cluster).node("worker-1").hasStatus("NotReady");
        PodCondition podReady = condition(cluster.pod(doomed.getMetadata().getName()), "Ready");
        Assertions.assertThat(List.of(podReady.getStatus(), podReady.getLastTransitionTime()))
                .containsExactly("False", "2025-01-01T00:01:55Z");
        assertThat(cluster).service("api").hasReadyEndpoints(2);
        // the NoExecute taint at the tainter's next 100 ms pass
        cluster.advanceTo(ofSeconds(121));
        Assertions.assertThat(cluster.node("worker-1").getSpec().getTaints())
                .anySatisfy(t -> Assertions.assertThat(List.of(t.getKey(), t.getEffect(), t.getTimeAdded()))
                        .containsExactly("node.kubernetes.io/unreachable", "NoExecute", "2025-01-01T00:02:00Z"));
        // and 300 s later the pod is deleted (grace 30 s, never confirmed) and replaced at once elsewhere
        cluster.advanceTo(ofSeconds(420));
        Assertions.assertThat(cluster.pod(doomed.getMetadata().getName()).getMetadata().getDeletionTimestamp()).isNull();
        cluster.advanceTo(ofSeconds(421));
        Pod evicted = cluster.pod(doomed.getMetadata().getName());
        Assertions.assertThat(evicted.getMetadata().getDeletionTimestamp()).isEqualTo("2025-01-01T00:07:30Z");
        Assertions.assertThat(evicted.getSpec().getNodeName()).isEqualTo("worker-1");
        Assertions.assertThat(condition(evicted, "DisruptionTarget").getReason()).isEqualTo("DeletionByTaintManager");
        Pod replacement = cluster.deployment("api").pods().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null && !"worker-1".equals(p.getSpec().getNodeName()))
                .filter(p -> p.getMetadata().getCreationTimestamp().equals("2025-01-01T00:07:00Z")).findFirst().orElseThrow();
        Assertions.assertThat(replacement.getStatus().getContainerStatuses().get(0).getState().getRunning().getStartedAt())
                .isEqualTo("2025-01-01T00:07:00Z");
        assertThat(cluster).deployment("api").hasAvailableReplicas(3);
        assertThat(cluster).service("api").hasReadyEndpoints(3);
    }

    @Test
    void aBarePodOnTheDeadNodeIsNeverMovedAndGoesWhenTheNodeComesBack(FakeCluster cluster) {
        // given
        cluster.applyResource("manifests/lonely-pod.yaml");
        cluster.advanceTo(ofMinutes(1));
        cluster.editNode("worker-1").fail();
        // when the eviction comes, at 00:07:00
        cluster.advanceTo(ofMinutes(10));
        // then the pod is Terminating on worker-1 and nothing replaces it
        Assertions.assertThat(cluster.pods()).extracting(p -> p.getMetadata().getName()).containsExactly("lonely");
        Assertions.assertThat(cluster.pod("lonely").getMetadata().getDeletionTimestamp()).isEqualTo("2025-01-01T00:07:30Z");
        Assertions.assertThat(cluster.pod("lonely").getSpec().getNodeName()).isEqualTo("worker-1");
        // when the machine comes back, its kubelet finishes the deletion
        cluster.editNode("worker-1").recover();
        cluster.advance(ofSeconds(1));
        Assertions.assertThat(cluster.findPod("lonely")).isEmpty();
    }

    private static Pod onNode(List<Pod> pods, String node) {
        return pods.stream().filter(p -> node.equals(p.getSpec().getNodeName())).findFirst().orElseThrow();
    }

    private static NodeCondition condition(Node node, String type) {
        return node.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    private static PodCondition condition(Pod pod, String type) {
        return pod.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }
}
