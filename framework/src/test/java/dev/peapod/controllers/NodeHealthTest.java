package dev.peapod.controllers;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Heartbeats and the node lifecycle controller's health monitoring (node_lifecycle_controller.go
 * monitorNodeHealth, v1.33 defaults): a node whose kubelet stops reporting goes Unknown at the first
 * monitor pass after the 50 s grace period, its pods go not ready and leave the endpoints, and the
 * NoExecute taint follows at the next pass through the zone's rate-limited queue.
 */
class NodeHealthTest {
    static final String WEB = """
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
              containers:
              - name: app
                image: nginx:1.27
                ports: [{containerPort: 80}]
            """;

    @Test
    void theDefaultsAreKubeControllerManagersOfV133() {
        NodeHealthMonitor.Settings defaults = NodeHealthMonitor.Settings.defaults();
        assertThat(defaults.monitorPeriod()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.gracePeriod()).isEqualTo(Duration.ofSeconds(50)); // 40 s before v1.32 (PR #126287)
        assertThat(defaults.startupGracePeriod()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.evictionPeriod()).isEqualTo(Duration.ofMillis(100));
        assertThat(defaults.evictionQps()).isEqualTo(0.1);
        assertThat(defaults.secondaryEvictionQps()).isEqualTo(0.01);
        assertThat(defaults.largeClusterThreshold()).isEqualTo(50);
        assertThat(defaults.unhealthyZoneThreshold()).isEqualTo(0.55);
    }

    @Test
    void aSwappedLimiterStartsEmptyWhenTheOldOneHadNoTokenAndARateOfZeroNeverAccepts() {
        java.time.Instant t = java.time.Instant.parse("2025-01-01T00:00:00Z");
        TaintQueue queue = new TaintQueue(0.1);
        queue.add("a", t);
        queue.add("b", t);
        List<String> tainted = new java.util.ArrayList<>();
        queue.tryAll(t.plusMillis(100), n -> { tainted.add(n); return null; });
        assertThat(tainted).containsExactly("a"); // one token, then 10 s
        assertThat(queue.readyAt()).isEqualTo(t.plusMillis(100).plusNanos(9_999_999_850L));
        // when: the zone goes partially disrupted (0), then normal again (0.1): the new bucket starts drained
        queue.swapLimiter(0, t.plusSeconds(1));
        assertThat(queue.readyAt()).isNull();
        queue.swapLimiter(0.1, t.plusSeconds(2));
        assertThat(queue.readyAt()).isEqualTo(t.plusSeconds(2).plusNanos(9_999_999_850L));
        // a node already done stays in the set and is not queued again until it is removed
        assertThat(queue.add("a", t.plusSeconds(3))).isFalse();
        assertThat(queue.remove("a")).isTrue();
        assertThat(queue.add("a", t.plusSeconds(3))).isTrue();
    }

    @Test
    void theKubeletRenewsItsLeaseEveryTenSecondsAndPostsItsStatusEveryFiveMinutes() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker-1")) {
            Lease lease = cluster.context().store().require(Lease.class, "kube-node-lease", "worker-1");
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("worker-1");
            assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(40);
            assertThat(lease.getMetadata().getOwnerReferences()).extracting("kind", "name").containsExactly(
                    org.assertj.core.groups.Tuple.tuple("Node", "worker-1"));
            // when
            cluster.advance(Duration.ofSeconds(25));
            // then
            assertThat(renewTime(cluster)).isEqualTo("2025-01-01T00:00:20Z");
            assertThat(ready(cluster.node("worker-1")).getLastHeartbeatTime()).isEqualTo("2025-01-01T00:00:00Z");
            // when
            cluster.advance(Duration.ofSeconds(275)); // 00:05:00
            // then: nothing changed, so the status is written at the report frequency
            assertThat(ready(cluster.node("worker-1")).getLastHeartbeatTime()).isEqualTo("2025-01-01T00:05:00Z");
            assertThat(ready(cluster.node("worker-1")).getLastTransitionTime()).isEqualTo("2025-01-01T00:00:00Z");
            assertThat(ready(cluster.node("worker-1")).getStatus()).isEqualTo("True");
            // a healthy node has no event (Peapod leaves out the controller's RegisteredNode)
            assertThat(cluster.eventsFor(cluster.node("worker-1"))).isEmpty();
        }
    }

    @Test
    void aFailedNodeGoesUnknownAfterTheGracePeriodItsPodsGoNotReadyAndItIsTainted() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker-1", "worker-2")) {
            cluster.applyYaml(WEB);
            cluster.advance(Duration.ofSeconds(60));
            assertThat(endpoints(cluster)).containsExactly("web-1");
            // when
            cluster.editNode("worker-1").fail();
            cluster.advance(Duration.ofSeconds(54)); // 00:01:54
            // then: the last renewal was seen at 00:01:00; 00:01:50 is not after 00:01:00 + 50 s
            assertThat(ready(cluster.node("worker-1")).getStatus()).isEqualTo("True");
            // when
            cluster.advance(Duration.ofSeconds(1)); // 00:01:55
            // then
            Node node = cluster.node("worker-1");
            assertThat(node.getStatus().getConditions()).extracting(NodeCondition::getType, NodeCondition::getStatus,
                    NodeCondition::getReason, NodeCondition::getMessage, NodeCondition::getLastTransitionTime).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("MemoryPressure", "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.", "2025-01-01T00:01:55Z"),
                    org.assertj.core.groups.Tuple.tuple("DiskPressure", "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.", "2025-01-01T00:01:55Z"),
                    org.assertj.core.groups.Tuple.tuple("PIDPressure", "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.", "2025-01-01T00:01:55Z"),
                    org.assertj.core.groups.Tuple.tuple("Ready", "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.", "2025-01-01T00:01:55Z"));
            assertThat(taints(node)).containsExactly("node.kubernetes.io/unreachable:NoSchedule@2025-01-01T00:01:55Z");
            Pod pod = cluster.pod("web-1");
            assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
            assertThat(podReady(pod).getStatus()).isEqualTo("False");
            assertThat(podReady(pod).getLastTransitionTime()).isEqualTo("2025-01-01T00:01:55Z");
            assertThat(endpoints(cluster)).isEmpty();
            assertThat(cluster.eventsFor(node)).extracting(Event::getReason, Event::getMessage, e -> e.getSource().getComponent())
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("NodeNotReady", "Node worker-1 status is now: NodeNotReady", "node-controller"));
            assertThat(cluster.eventsFor(pod)).filteredOn(e -> e.getReason().equals("NodeNotReady"))
                    .extracting(Event::getType, Event::getMessage, e -> e.getSource().getComponent())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("Warning", "Node is not ready", "node-controller"));
            // when: the next pass sees Unknown and queues the node; the tainting pass after it adds the taint
            cluster.advance(Duration.ofSeconds(5)); // 00:02:00
            assertThat(taints(cluster.node("worker-1"))).doesNotContain("node.kubernetes.io/unreachable:NoExecute@2025-01-01T00:02:00Z");
            cluster.advance(Duration.ofMillis(100));
            // then
            assertThat(taints(cluster.node("worker-1"))).containsExactly(
                    "node.kubernetes.io/unreachable:NoSchedule@2025-01-01T00:01:55Z",
                    "node.kubernetes.io/unreachable:NoExecute@2025-01-01T00:02:00Z");
            assertThat(ready(cluster.node("worker-2")).getStatus()).isEqualTo("True");
            assertThat(cluster.timeline().describe("", "node/worker-1"))
                    .contains("node worker-1 failed: the machine powered off, its containers died with it")
                    .contains("NodeNotReady: Node worker-1 status is now: NodeNotReady")
                    .contains("taint node.kubernetes.io/unreachable:NoExecute added by the node lifecycle controller");
        }
    }

    @Test
    void aHealedPartitionMakesTheNodeReadyAgainTakesTheTaintsAwayAndThePodReadyAgain() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker-1", "worker-2")) {
            cluster.applyYaml(WEB);
            cluster.advance(Duration.ofSeconds(60));
            cluster.editNode("worker-1").partition();
            cluster.advance(Duration.ofSeconds(65)); // 00:02:05: Unknown at 01:55, tainted at 02:00.1
            assertThat(taints(cluster.node("worker-1"))).hasSize(2);
            assertThat(endpoints(cluster)).isEmpty();
            // the containers ran on meanwhile
            assertThat(cluster.pod("web-1").getStatus().getContainerStatuses().get(0).getRestartCount()).isZero();
            // when
            cluster.editNode("worker-1").heal(); // at 00:02:05: the pod's status is written at once
            // then
            assertThat(podReady(cluster.pod("web-1")).getStatus()).isEqualTo("True");
            assertThat(endpoints(cluster)).containsExactly("web-1");
            // when: the next heartbeat (00:02:10) posts Ready, the next monitor pass (00:02:10) takes the taints away
            cluster.advance(Duration.ofSeconds(5));
            // then
            Node node = cluster.node("worker-1");
            assertThat(ready(node).getStatus()).isEqualTo("True");
            assertThat(ready(node).getReason()).isEqualTo("KubeletReady");
            assertThat(ready(node).getLastTransitionTime()).isEqualTo("2025-01-01T00:02:10Z");
            assertThat(taints(node)).isEmpty();
            assertThat(cluster.eventsFor(node)).extracting(Event::getReason, e -> e.getSource().getComponent()).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("NodeNotReady", "node-controller"),
                    org.assertj.core.groups.Tuple.tuple("NodeHasSufficientMemory", "kubelet"),
                    org.assertj.core.groups.Tuple.tuple("NodeHasNoDiskPressure", "kubelet"),
                    org.assertj.core.groups.Tuple.tuple("NodeHasSufficientPID", "kubelet"),
                    org.assertj.core.groups.Tuple.tuple("NodeReady", "kubelet"));
        }
    }

    @Test
    void aZoneTaintsAtTheEvictionRateOneNodeEveryTenSeconds() {
        try (FakeCluster cluster = zone("a", 4)) {
            cluster.advance(Duration.ofSeconds(60));
            // when: two of four nodes fail (2 not ready is not a partial disruption: that takes more than 2)
            cluster.editNode("a-2").fail();
            cluster.editNode("a-1").fail();
            cluster.advance(Duration.ofSeconds(80)); // 00:02:20
            // then: queued at 00:02:00 in name order; the bucket's one token goes at 00:02:00.1, the next 10 s later
            assertThat(noExecute(cluster, "a-1")).containsExactly("node.kubernetes.io/unreachable:NoExecute@2025-01-01T00:02:00Z");
            assertThat(noExecute(cluster, "a-2")).containsExactly("node.kubernetes.io/unreachable:NoExecute@2025-01-01T00:02:10Z");
            assertThat(noExecute(cluster, "a-3")).isEmpty();
        }
    }

    @Test
    void aPartiallyDisruptedSmallZoneIsNotTaintedAtAll() {
        try (FakeCluster cluster = zone("a", 4)) {
            cluster.advance(Duration.ofSeconds(60));
            // when: 3 of 4 (more than 2, and 75 % >= 55 %): ReducedQPSFunc gives 0 for a zone of 50 nodes or fewer
            cluster.editNode("a-1").fail();
            cluster.editNode("a-2").fail();
            cluster.editNode("a-3").fail();
            cluster.advance(Duration.ofMinutes(10));
            // then
            assertThat(ready(cluster.node("a-1")).getStatus()).isEqualTo("Unknown");
            assertThat(noExecute(cluster, "a-1")).isEmpty();
            assertThat(noExecute(cluster, "a-2")).isEmpty();
            assertThat(noExecute(cluster, "a-3")).isEmpty();
            assertThat(podReadyOn(cluster, "a-1")).isEmpty();
        }
    }

    @Test
    void whenEveryNodeIsDownNothingIsTainted() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker-1")) {
            cluster.advance(Duration.ofSeconds(60));
            // when ("Controller detected that all Nodes are not-Ready. Entering master disruption mode")
            cluster.editNode("worker-1").fail();
            cluster.advance(Duration.ofMinutes(5));
            // then
            assertThat(ready(cluster.node("worker-1")).getStatus()).isEqualTo("Unknown");
            assertThat(noExecute(cluster, "worker-1")).isEmpty();
        }
    }

    @Test
    void aFullyDisruptedZoneBesideAHealthyOneIsTaintedAtTheNormalRate() {
        dev.peapod.ClusterSpec spec = dev.peapod.ClusterSpec.empty();
        for (String name : List.of("a-1", "a-2", "b-1")) {
            spec = spec.node(dev.peapod.NodeSpec.named(name).label("topology.kubernetes.io/zone", name.substring(0, 1)));
        }
        try (FakeCluster cluster = FakeCluster.start(spec)) {
            cluster.advance(Duration.ofSeconds(60));
            cluster.editNode("a-1").fail();
            cluster.editNode("a-2").fail();
            cluster.advance(Duration.ofSeconds(80));
            assertThat(noExecute(cluster, "a-1")).containsExactly("node.kubernetes.io/unreachable:NoExecute@2025-01-01T00:02:00Z");
            assertThat(noExecute(cluster, "a-2")).containsExactly("node.kubernetes.io/unreachable:NoExecute@2025-01-01T00:02:10Z");
        }
    }

    @Test
    void aStoppedKubeletLeavesItsContainersRunningAndTakesThemUpWhenItStarts() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker-1", "worker-2")) {
            cluster.applyYaml(WEB);
            cluster.advance(Duration.ofSeconds(60));
            String ip = cluster.pod("web-1").getStatus().getPodIP();
            // when
            cluster.editNode("worker-1").stopKubelet();
            cluster.advance(Duration.ofSeconds(60)); // 00:02:00
            // then
            assertThat(ready(cluster.node("worker-1")).getStatus()).isEqualTo("Unknown");
            assertThat(podReady(cluster.pod("web-1")).getStatus()).isEqualTo("False");
            // when
            cluster.editNode("worker-1").startKubelet();
            // then: the lease and status at once, the pod's kept status written again
            assertThat(ready(cluster.node("worker-1")).getStatus()).isEqualTo("True");
            assertThat(ready(cluster.node("worker-1")).getLastTransitionTime()).isEqualTo("2025-01-01T00:02:00Z");
            assertThat(podReady(cluster.pod("web-1")).getStatus()).isEqualTo("True");
            assertThat(cluster.pod("web-1").getStatus().getPodIP()).isEqualTo(ip);
            assertThat(cluster.pod("web-1").getStatus().getContainerStatuses().get(0).getRestartCount()).isZero();
            assertThat(endpoints(cluster)).containsExactly("web-1");
        }
    }

    @Test
    void aNodeThatComesBackStartsItsPodsAgainInANewSandbox() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker-1", "worker-2")) {
            cluster.applyYaml(WEB);
            cluster.advance(Duration.ofSeconds(60));
            String ip = cluster.pod("web-1").getStatus().getPodIP();
            cluster.editNode("worker-1").fail();
            cluster.advance(Duration.ofSeconds(120)); // 00:03:00
            // when
            cluster.editNode("worker-1").recover();
            cluster.advance(Duration.ofSeconds(10));
            // then
            Pod pod = cluster.pod("web-1");
            assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
            assertThat(podReady(pod).getStatus()).isEqualTo("True");
            assertThat(pod.getStatus().getPodIP()).isNotEqualTo(ip);
            assertThat(endpoints(cluster)).containsExactly("web-1");
            assertThat(taints(cluster.node("worker-1"))).isEmpty();
            assertThat(cluster.timeline().describe("default", "web-1"))
                    .contains("node worker-1 powered off: the pod's containers died with it")
                    .contains("node worker-1 came back: the kubelet syncs the pod again, in a new sandbox");
        }
    }

    @Test
    void aPodDeletedWhileItsNodeWasDownIsFinishedWhenTheNodeComesBack() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker-1", "worker-2")) {
            cluster.applyYaml(WEB);
            cluster.advance(Duration.ofSeconds(60));
            cluster.editNode("worker-1").fail();
            cluster.delete(Pod.class, "web-1");
            cluster.advance(Duration.ofSeconds(120));
            assertThat(cluster.context().store().peek(Pod.class, "default", "web-1")).isNotNull(); // Terminating: no kubelet
            // when
            cluster.editNode("worker-1").recover();
            cluster.advance(Duration.ofSeconds(5));
            // then
            assertThat(cluster.context().store().peek(Pod.class, "default", "web-1")).isNull();
        }
    }

    @Test
    void aDeletedNodeIsNotRegisteredAgainByItsRunningKubelet() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker-1", "worker-2")) {
            cluster.advance(Duration.ofSeconds(60));
            Node node = cluster.node("worker-1");
            // when
            cluster.delete(Node.class, "worker-1");
            cluster.advance(Duration.ofMinutes(6));
            // then: the kubelet registers once (registrationCompleted) and posts no status nor lease for a node that is gone
            assertThat(cluster.context().store().peek(Node.class, null, "worker-1")).isNull();
            assertThat(renewTime(cluster)).isEqualTo("2025-01-01T00:01:00Z");
            assertThat(cluster.context().store().list(Event.class).stream()
                    .filter(e -> "RemovingNode".equals(e.getReason())).map(Event::getMessage).toList())
                    .containsExactly("Node worker-1 event: Removing Node worker-1 from Controller");
            assertThat(node.getMetadata().getName()).isEqualTo("worker-1");
        }
    }

    @Test
    void aYearOfIdleTimeIsJumpedOverAndEndsWithTheHeartbeatsOfTheLastTicks() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker-1", "worker-2")) {
            long before = cluster.context().loop().eventsRun();
            // when
            cluster.advance(Duration.ofDays(365).plusSeconds(7));
            // then: the last renewal at a multiple of 10 s, the last report at a multiple of 5 minutes
            assertThat(cluster.context().loop().eventsRun() - before).isLessThan(2_000);
            assertThat(renewTime(cluster)).isEqualTo("2026-01-01T00:00:00Z");
            assertThat(ready(cluster.node("worker-1")).getLastHeartbeatTime()).isEqualTo("2026-01-01T00:00:00Z");
            assertThat(ready(cluster.node("worker-1")).getStatus()).isEqualTo("True");
            assertThat(noExecute(cluster, "worker-1")).isEmpty();
            // and a failure after it is seen as without the jump
            cluster.editNode("worker-1").fail();
            cluster.advance(Duration.ofSeconds(60));
            assertThat(ready(cluster.node("worker-1")).getLastTransitionTime()).isEqualTo("2026-01-01T00:00:55Z");
        }
    }

    @Test
    void aNodeRelabelledIntoAnotherZoneCountsThereAtTheNextPass() {
        try (FakeCluster cluster = zone("a", 4)) {
            cluster.advance(Duration.ofSeconds(60));
            // when: a-4 moves to zone b, then the other three fail: zone a is fully disrupted beside a healthy zone b
            cluster.editNode("a-4").label("topology.kubernetes.io/zone", "b");
            cluster.advance(Duration.ofSeconds(5));
            cluster.editNode("a-1").fail();
            cluster.editNode("a-2").fail();
            cluster.editNode("a-3").fail();
            cluster.advance(Duration.ofSeconds(90)); // 00:02:35
            // then: tainted at the normal rate (had a-4 still counted in zone a, 3 of 4 would stop the tainting)
            assertThat(noExecute(cluster, "a-1")).containsExactly("node.kubernetes.io/unreachable:NoExecute@2025-01-01T00:02:00Z");
            assertThat(noExecute(cluster, "a-2")).containsExactly("node.kubernetes.io/unreachable:NoExecute@2025-01-01T00:02:10Z");
            assertThat(noExecute(cluster, "a-3")).containsExactly("node.kubernetes.io/unreachable:NoExecute@2025-01-01T00:02:20Z");
            assertThat(noExecute(cluster, "a-4")).isEmpty();
        }
    }

    @Test
    void aLeaseRenewedByAWatcherOfTheControllersOwnWriteCountsInTheSamePass() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker-1", "worker-2")) {
            cluster.advance(Duration.ofSeconds(60));
            // a watcher renews worker-2's lease once, when it sees worker-1 go Unknown: in the pass that writes worker-1
            dev.peapod.store.ObjectStore store = cluster.context().store();
            java.util.concurrent.atomic.AtomicBoolean renewed = new java.util.concurrent.atomic.AtomicBoolean();
            store.watch(Node.class, dev.peapod.store.ListOptions.all(), null, event -> {
                if (event.object().getMetadata().getName().equals("worker-1") && "Unknown".equals(ready(event.object()).getStatus())
                        && !renewed.getAndSet(true)) {
                    store.renewLease("kube-node-lease", "worker-2", cluster.context().clock().now().atZone(java.time.ZoneOffset.UTC));
                }
            });
            // when
            cluster.editNode("worker-1").fail();
            cluster.editNode("worker-2").fail();
            cluster.advance(Duration.ofSeconds(55)); // 00:01:55
            // then: worker-2's lease, renewed after the pass began, is read when the pass comes to worker-2
            assertThat(ready(cluster.node("worker-1")).getStatus()).isEqualTo("Unknown");
            assertThat(ready(cluster.node("worker-2")).getStatus()).isEqualTo("True");
            // when
            cluster.advance(Duration.ofSeconds(55)); // 00:02:50: the first pass after 00:01:55 + 50 s
            // then
            assertThat(ready(cluster.node("worker-2")).getLastTransitionTime()).isEqualTo("2025-01-01T00:02:50Z");
        }
    }

    private static FakeCluster zone(String zone, int nodes) {
        dev.peapod.ClusterSpec spec = dev.peapod.ClusterSpec.empty();
        for (int i = 1; i <= nodes; i++) {
            spec = spec.node(dev.peapod.NodeSpec.named(zone + "-" + i).label("topology.kubernetes.io/zone", zone));
        }
        return FakeCluster.start(spec);
    }

    private static List<String> noExecute(FakeCluster cluster, String node) {
        return taints(cluster.node(node)).stream().filter(t -> t.contains(":NoExecute@")).toList();
    }

    private static List<Pod> podReadyOn(FakeCluster cluster, String node) {
        return cluster.context().store().list(Pod.class).stream().filter(p -> node.equals(p.getSpec().getNodeName())).toList();
    }

    // ---------------------------------------------------------------- helpers

    static String renewTime(FakeCluster cluster) {
        return dev.peapod.store.Timestamps.format(cluster.context().store().require(Lease.class, "kube-node-lease", "worker-1")
                .getSpec().getRenewTime().toInstant());
    }

    static NodeCondition ready(Node node) {
        return node.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow();
    }

    static PodCondition podReady(Pod pod) {
        return pod.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow();
    }

    static List<String> taints(Node node) {
        List<Taint> taints = node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
        return taints.stream().map(t -> t.getKey() + ":" + t.getEffect() + "@" + t.getTimeAdded()).toList();
    }

    static List<String> endpoints(FakeCluster cluster) {
        Endpoints endpoints = cluster.context().store().require(Endpoints.class, "default", "web");
        List<EndpointSubset> subsets = endpoints.getSubsets() == null ? List.of() : endpoints.getSubsets();
        return subsets.stream().flatMap(s -> s.getAddresses() == null ? java.util.stream.Stream.<EndpointAddress>empty() : s.getAddresses().stream())
                .map(a -> a.getTargetRef().getName()).toList();
    }
}
