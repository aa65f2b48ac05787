package dev.peapod.controllers;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.peapod.controllers.NodeHealthTest.endpoints;
import static dev.peapod.controllers.NodeHealthTest.podReady;
import static org.assertj.core.api.Assertions.assertThat;

/** The node-health review's findings (#12, review8-health D1..D6), each pinned to upstream's behaviour. */
class NodeFailureReviewTest {
    static final String TRAPPED = """
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              selector: {app: web}
              ports: [{port: 80}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: web-1, labels: {app: web}}
            spec:
              nodeName: worker-1
              terminationGracePeriodSeconds: 120
              containers:
              - name: app
                image: busybox:1.36
                command: ["sh", "-c", "trap '' TERM; while true; do sleep 1; done"]
            """;

    /** D1: status_manager.go mergePodStatus keeps the conditions the kubelet does not own, as the API has them. */
    @Test
    void aHealedPartitionKeepsTheDisruptionTargetConditionOfAnEvictedPod() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker-1", "worker-2")) {
            cluster.applyYaml(TRAPPED);
            cluster.advance(Duration.ofSeconds(60));
            cluster.editNode("worker-1").partition();
            cluster.advance(Duration.ofSeconds(370)); // evicted at 00:07:00.1
            assertThat(disruption(cluster.pod("web-1"))).isEqualTo("True/DeletionByTaintManager");
            // when
            cluster.editNode("worker-1").heal();
            // then
            assertThat(disruption(cluster.pod("web-1"))).isEqualTo("True/DeletionByTaintManager");
            cluster.advance(Duration.ofSeconds(1));
            assertThat(disruption(cluster.pod("web-1"))).isEqualTo("True/DeletionByTaintManager");
            assertThat(cluster.pod("web-1").getMetadata().getDeletionTimestamp()).isNotNull();
        }
    }

    /** D1: the same for a kubelet started after a long stop. */
    @Test
    void aStartedKubeletKeepsTheDisruptionTargetConditionOfAnEvictedPod() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker-1", "worker-2")) {
            cluster.applyYaml(TRAPPED);
            cluster.advance(Duration.ofSeconds(60));
            cluster.editNode("worker-1").stopKubelet();
            cluster.advance(Duration.ofSeconds(370));
            assertThat(disruption(cluster.pod("web-1"))).isEqualTo("True/DeletionByTaintManager");
            // when
            cluster.editNode("worker-1").startKubelet();
            cluster.advance(Duration.ofSeconds(1));
            // then
            assertThat(disruption(cluster.pod("web-1"))).isEqualTo("True/DeletionByTaintManager");
        }
    }

    /** D2: a kubelet that cannot reach the API server neither lists nor writes; heal() relists. */
    @Test
    void aKubeletStartedBehindAPartitionWritesNothingUntilThePartitionHeals() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker-1", "worker-2")) {
            cluster.applyYaml(NodeHealthTest.WEB);
            cluster.advance(Duration.ofSeconds(60));
            cluster.editNode("worker-1").partition();
            cluster.advance(Duration.ofSeconds(120));
            assertThat(podReady(cluster.pod("web-1")).getStatus()).isEqualTo("False");
            // when
            cluster.editNode("worker-1").stopKubelet();
            cluster.editNode("worker-1").startKubelet();
            cluster.advance(Duration.ofSeconds(30));
            // then
            assertThat(podReady(cluster.pod("web-1")).getStatus()).isEqualTo("False");
            assertThat(endpoints(cluster)).isEmpty();
            assertThat(NodeHealthTest.ready(cluster.node("worker-1")).getStatus()).isEqualTo("Unknown");
            // when
            cluster.editNode("worker-1").heal();
            // then
            assertThat(podReady(cluster.pod("web-1")).getStatus()).isEqualTo("True");
            assertThat(endpoints(cluster)).containsExactly("web-1");
        }
    }

    /** D2: the same for a machine that comes back behind a partition. */
    @Test
    void aNodeThatComesBackBehindAPartitionListsNothingUntilThePartitionHeals() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker-1", "worker-2")) {
            cluster.applyYaml(NodeHealthTest.WEB);
            cluster.advance(Duration.ofSeconds(60));
            cluster.editNode("worker-1").partition();
            cluster.editNode("worker-1").fail();
            cluster.advance(Duration.ofSeconds(120));
            String ip = cluster.pod("web-1").getStatus().getPodIP();
            // when
            cluster.editNode("worker-1").recover();
            cluster.advance(Duration.ofSeconds(30));
            // then
            assertThat(podReady(cluster.pod("web-1")).getStatus()).isEqualTo("False");
            assertThat(cluster.pod("web-1").getStatus().getPodIP()).isEqualTo(ip);
            assertThat(endpoints(cluster)).isEmpty();
            // when
            cluster.editNode("worker-1").heal();
            cluster.advance(Duration.ofSeconds(10));
            // then: a new sandbox
            assertThat(podReady(cluster.pod("web-1")).getStatus()).isEqualTo("True");
            assertThat(cluster.pod("web-1").getStatus().getPodIP()).isNotEqualTo(ip);
            assertThat(endpoints(cluster)).containsExactly("web-1");
        }
    }

    /** D5: the timeline says why the node lifecycle controller marked the pod not ready. */
    @Test
    void theTimelineSaysThePodWentNotReadyBecauseItsNodeIsNotReady() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker-1", "worker-2")) {
            cluster.applyYaml(NodeHealthTest.WEB);
            cluster.advance(Duration.ofSeconds(60));
            // when
            cluster.editNode("worker-1").fail();
            cluster.advance(Duration.ofSeconds(60));
            // then
            assertThat(cluster.timeline().describe("default", "web-1"))
                    .contains("00:01:55  pod not ready: Node is not ready")
                    .doesNotContain("(null)");
        }
    }

    /** D3: status_manager.go updateStatusInternal keeps the API's startTime; the active deadline counts from it. */
    @Test
    void aRebootedNodesPodKeepsItsStartTimeAndItsActiveDeadline() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker-1", "worker-2")) {
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: web-1}
                    spec:
                      nodeName: worker-1
                      activeDeadlineSeconds: 300
                      containers:
                      - name: app
                        image: nginx:1.27
                    """);
            cluster.advance(Duration.ofSeconds(60));
            cluster.editNode("worker-1").fail();
            cluster.advance(Duration.ofSeconds(120)); // 00:03:00
            // when
            cluster.editNode("worker-1").recover();
            cluster.advance(Duration.ofSeconds(10));
            // then
            assertThat(cluster.pod("web-1").getStatus().getStartTime()).isEqualTo("2025-01-01T00:00:00Z");
            assertThat(cluster.pod("web-1").getStatus().getPhase()).isEqualTo("Running");
            // when
            cluster.advance(Duration.ofSeconds(110)); // 00:05:00
            // then
            assertThat(cluster.pod("web-1").getStatus().getPhase()).isEqualTo("Failed");
            assertThat(cluster.pod("web-1").getStatus().getReason()).isEqualTo("DeadlineExceeded");
            assertThat(cluster.timeline().describe("default", "web-1")).contains("00:05:00  pod phase Failed");
        }
    }

    /** D4: a started kubelet is a new process: it registers its Node again (kubelet_node_status.go registerWithAPIServer). */
    @Test
    void aKubeletStartedAfterItsNodeWasDeletedRegistersTheNodeAgain() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker-1", "worker-2")) {
            cluster.advance(Duration.ofSeconds(60));
            String oldUid = cluster.node("worker-1").getMetadata().getUid();
            cluster.editNode("worker-1").stopKubelet();
            cluster.delete(io.fabric8.kubernetes.api.model.Node.class, "worker-1");
            cluster.advance(Duration.ofSeconds(60));
            // the kubectl verbs answer NotFound
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> cluster.editNode("worker-1").cordon())
                    .isInstanceOf(dev.peapod.store.ApiException.class).hasMessage("nodes \"worker-1\" not found");
            // when
            cluster.editNode("worker-1").startKubelet(); // 00:02:00
            cluster.advance(Duration.ofSeconds(10));
            // then
            io.fabric8.kubernetes.api.model.Node node = cluster.node("worker-1");
            assertThat(node.getMetadata().getUid()).isNotEqualTo(oldUid);
            assertThat(node.getMetadata().getCreationTimestamp()).isEqualTo("2025-01-01T00:02:00Z");
            assertThat(NodeHealthTest.ready(node).getStatus()).isEqualTo("True");
            // the Lease is renewed again. Simulated: Peapod's GC does not collect Leases, so it keeps its
            // ownerReference to the old uid; upstream's GC deletes it and the lease controller creates a new
            // one owned by the new Node (nodelease controller.go newLease sets owners only when none)
            assertThat(NodeHealthTest.renewTime(cluster)).isEqualTo("2025-01-01T00:02:10Z");
        }
    }

    /** D4: the same after a reboot; the node takes pods again. */
    @Test
    void aMachineThatComesBackAfterItsNodeWasDeletedRegistersTheNodeAgain() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker-1", "worker-2")) {
            cluster.applyYaml(NodeHealthTest.WEB);
            cluster.advance(Duration.ofSeconds(60));
            cluster.editNode("worker-1").fail();
            cluster.delete(io.fabric8.kubernetes.api.model.Node.class, "worker-1");
            cluster.advance(Duration.ofSeconds(60)); // PodGC frees the pod of the missing node
            assertThat(cluster.context().store().peek(Pod.class, "default", "web-1")).isNull();
            // when
            cluster.editNode("worker-1").recover();
            cluster.advance(Duration.ofSeconds(10));
            // then
            assertThat(NodeHealthTest.ready(cluster.node("worker-1")).getStatus()).isEqualTo("True");
            cluster.applyYaml(NodeHealthTest.WEB);
            cluster.advance(Duration.ofSeconds(10));
            assertThat(cluster.pod("web-1").getStatus().getPhase()).isEqualTo("Running");
        }
    }

    /** D6: runUntil stops at the first instant its condition holds, even one only a heartbeat makes true. */
    @Test
    void runUntilStopsAtTheFirstHeartbeatThatMakesItsConditionTrue() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker-1", "worker-2")) {
            String t0 = NodeHealthTest.ready(cluster.node("worker-1")).getLastHeartbeatTime();
            // when
            boolean held = cluster.context().loop().runUntil(
                    () -> !t0.equals(NodeHealthTest.ready(cluster.node("worker-1")).getLastHeartbeatTime()), Duration.ofDays(1));
            // then: the first 5-minute status report
            assertThat(held).isTrue();
            assertThat(cluster.context().clock().now()).isEqualTo(java.time.Instant.parse("2025-01-01T00:05:00Z"));
        }
    }

    static String disruption(Pod pod) {
        return pod.getStatus().getConditions().stream().filter(c -> "DisruptionTarget".equals(c.getType()))
                .map(c -> c.getStatus() + "/" + c.getReason()).findFirst().orElse("none");
    }

    static PodCondition condition(Pod pod, String type) {
        return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
    }
}
