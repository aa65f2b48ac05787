package dev.peapod.scheduler;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.peapod.scheduler.TestCluster.newPod;
import static dev.peapod.scheduler.TestCluster.node;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PodTopologySpread and InterPodAffinity on a 3-zone, 6-node cluster (zones a, b, c; two nodes
 * each), placements and FailedScheduling messages pinned (kubernetes v1.33:
 * pkg/scheduler/framework/plugins/podtopologyspread, pkg/scheduler/framework/plugins/interpodaffinity).
 */
class TopologySpreadAndPodAffinityTest {
    private static final String ZONE = "topology.kubernetes.io/zone";
    private static final String HOSTNAME = "kubernetes.io/hostname";
    private final TestCluster cluster = new TestCluster().started();

    private void threeZones() {
        for (String zone : List.of("a", "b", "c")) {
            cluster.add(zoned(zone + "-1", zone), zoned(zone + "-2", zone));
        }
    }

    private static Node zoned(String name, String zone) {
        return node(name).label(ZONE, zone).build();
    }

    private static PodBuilder web(String name) {
        return newPod(name).editMetadata().withLabels(Map.of("app", "web")).endMetadata();
    }

    private static PodAffinityTerm term(String app, String topologyKey) {
        return new PodAffinityTermBuilder().withTopologyKey(topologyKey)
                .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", app).build()).build();
    }

    private static TopologySpreadConstraintBuilder zoneSpread() {
        return new TopologySpreadConstraintBuilder().withMaxSkew(1).withTopologyKey(ZONE)
                .withWhenUnsatisfiable("DoNotSchedule")
                .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "web").build());
    }

    private static Pod spread(String name, TopologySpreadConstraint constraint) {
        return web(name).editSpec().withTopologySpreadConstraints(constraint).endSpec().build();
    }

    private Map<String, Integer> podsPerZone(List<String> pods) {
        Map<String, Integer> perZone = new TreeMap<>();
        for (String pod : pods) {
            String node = cluster.nodeOf(pod);
            perZone.merge(node.isEmpty() ? "<pending>" : node.substring(0, 1), 1, Integer::sum);
        }
        return perZone;
    }

    @Test
    void aDeletedNodeWithTheTopologyKeyRequeuesAPodTheSpreadRejected() {
        // given zone a has one web pod and zone b none, but b's only node is full
        cluster.add(zoned("a-1", "a"), node("b-1").label(ZONE, "b").cpu("1").build());
        cluster.add(web("web-0").editSpec().withNodeName("a-1").endSpec().build());
        cluster.add(newPod("filler", "1").editSpec().withNodeName("b-1").endSpec().build());
        cluster.add(newPod("web-1", "100m").editMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .editSpec().withTopologySpreadConstraints(zoneSpread().build()).endSpec().build());
        assertThat(cluster.nodeOf("web-1")).isEmpty();
        cluster.advance(Duration.ofSeconds(10));
        // when b-1 is deleted at 00:00:10: zone b is gone, so zone a alone sets the minimum
        cluster.store.delete(Node.class, null, "b-1");
        cluster.loop.settle();
        // then PodTopologySpread's hint for Node/Delete of a node with the key says Queue (v1.33 plugin.go)
        assertThat(cluster.nodeOf("web-1")).isEqualTo("a-1");
        assertThat(cluster.podScheduled("web-1").getLastTransitionTime()).isEqualTo("2025-01-01T00:00:10Z");
    }

    // ---------------------------------------------------------------- InterPodAffinity

    @Test
    void threeReplicasWithRequiredAntiAffinityOnHostnameLandOnThreeNodes() {
        // given
        threeZones();
        // when
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            cluster.add(web("web-" + i).editSpec().withNewAffinity().withNewPodAntiAffinity()
                    .withRequiredDuringSchedulingIgnoredDuringExecution(term("web", HOSTNAME))
                    .endPodAntiAffinity().endAffinity().endSpec().build());
            nodes.add(cluster.nodeOf("web-" + i));
        }
        // then
        assertThat(nodes).doesNotContain("").doesNotHaveDuplicates();
    }

    @Test
    void aSeventhReplicaWithAntiAffinityOnSixNodesSaysEveryNodeBreaksItsAntiAffinity() {
        // given six replicas, one per node
        threeZones();
        for (int i = 0; i < 7; i++) {
            cluster.add(web("web-" + i).editSpec().withNewAffinity().withNewPodAntiAffinity()
                    .withRequiredDuringSchedulingIgnoredDuringExecution(term("web", HOSTNAME))
                    .endPodAntiAffinity().endAffinity().endSpec().build());
        }
        // then the pod's own anti-affinity is checked before the bound pods' (filtering.go Filter);
        // Unschedulable, and the bound pods have no lower priority: no victims
        assertThat(cluster.nodeOf("web-6")).isEmpty();
        assertThat(cluster.failedScheduling("web-6")).isEqualTo("0/6 nodes are available: "
                + "6 node(s) didn't match pod anti-affinity rules. "
                + "preemption: 0/6 nodes are available: 6 No preemption victims found for incoming pod.");
    }

    @Test
    void aBoundPodsRequiredAntiAffinityKeepsOthersOutOfItsZone() {
        // given a guard in zone a that wants no web pod in its zone
        cluster.add(zoned("a-1", "a"), zoned("a-2", "a"));
        cluster.add(newPod("guard").editSpec().withNodeName("a-1").withNewAffinity().withNewPodAntiAffinity()
                .withRequiredDuringSchedulingIgnoredDuringExecution(term("web", ZONE))
                .endPodAntiAffinity().endAffinity().endSpec().build());
        // when
        cluster.add(web("web").build());
        // then
        assertThat(cluster.failedScheduling("web")).isEqualTo("0/2 nodes are available: "
                + "2 node(s) didn't satisfy existing pods anti-affinity rules. "
                + "preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.");
        // and a zone b node is free of it
        cluster.add(zoned("b-1", "b"));
        cluster.advance(java.time.Duration.ofMinutes(6));
        assertThat(cluster.nodeOf("web")).isEqualTo("b-1");
    }

    @Test
    void affinityToAPodInAnotherNamespaceThroughANamespaceSelector() {
        // given a db pod in namespace "data", labelled team=storage, on b-2
        threeZones();
        cluster.add(new NamespaceBuilder().withNewMetadata().withName("data").withLabels(Map.of("team", "storage"))
                .endMetadata().build());
        cluster.add(newPod("db").editMetadata().withNamespace("data").withLabels(Map.of("app", "db")).endMetadata()
                .editSpec().withNodeName("b-2").endSpec().build());
        PodAffinityTerm toDb = term("db", HOSTNAME);
        toDb.setNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels("team", "storage").build());
        // when
        cluster.add(web("web").editSpec().withNewAffinity().withNewPodAffinity()
                .withRequiredDuringSchedulingIgnoredDuringExecution(toDb).endPodAffinity().endAffinity().endSpec().build());
        // then
        assertThat(cluster.nodeOf("web")).isEqualTo("b-2");
    }

    @Test
    void affinityWithoutNamespacesLooksInThePodsOwnNamespaceOnly() {
        // given the db pod in namespace "data"
        threeZones();
        cluster.add(new NamespaceBuilder().withNewMetadata().withName("data").endMetadata().build());
        cluster.add(newPod("db").editMetadata().withNamespace("data").withLabels(Map.of("app", "db")).endMetadata()
                .editSpec().withNodeName("b-2").endSpec().build());
        // when
        cluster.add(web("web").editSpec().withNewAffinity().withNewPodAffinity()
                .withRequiredDuringSchedulingIgnoredDuringExecution(term("db", HOSTNAME)).endPodAffinity().endAffinity()
                .endSpec().build());
        // then affinity is UnschedulableAndUnresolvable
        assertThat(cluster.failedScheduling("web")).isEqualTo("0/6 nodes are available: "
                + "6 node(s) didn't match pod affinity rules. "
                + "preemption: 0/6 nodes are available: 6 Preemption is not helpful for scheduling.");
    }

    @Test
    void aPendingPodWithAffinityIsScheduledWhenAMatchingPodIsBound() {
        // given web waits for a db pod
        threeZones();
        cluster.add(web("web").editSpec().withNewAffinity().withNewPodAffinity()
                .withRequiredDuringSchedulingIgnoredDuringExecution(term("db", HOSTNAME)).endPodAffinity().endAffinity()
                .endSpec().build());
        assertThat(cluster.nodeOf("web")).isEmpty();
        // when a db pod is bound to c-1 (AssignedPodAdd; the QueueingHint says Queue)
        cluster.add(newPod("db").editMetadata().withLabels(Map.of("app", "db")).endMetadata()
                .editSpec().withNodeName("c-1").endSpec().build());
        cluster.advance(java.time.Duration.ofSeconds(1));
        // then, after its 1 s backoff
        assertThat(cluster.nodeOf("web")).isEqualTo("c-1");
        assertThat(cluster.failedSchedulingCount("web")).isEqualTo(1);
    }

    @Test
    void theFirstPodOfAGroupWithAffinityToItselfIsScheduled() {
        // given no pod matches yet, but the pod matches its own term
        threeZones();
        // when
        cluster.add(web("web-0").editSpec().withNewAffinity().withNewPodAffinity()
                .withRequiredDuringSchedulingIgnoredDuringExecution(term("web", ZONE)).endPodAffinity().endAffinity()
                .endSpec().build());
        String zone = cluster.nodeOf("web-0").substring(0, 1);
        cluster.add(web("web-1").editSpec().withNewAffinity().withNewPodAffinity()
                .withRequiredDuringSchedulingIgnoredDuringExecution(term("web", ZONE)).endPodAffinity().endAffinity()
                .endSpec().build());
        // then the second follows it into its zone
        assertThat(cluster.nodeOf("web-0")).isNotEmpty();
        assertThat(cluster.nodeOf("web-1")).startsWith(zone);
    }

    @Test
    void preferredAntiAffinityOutweighsABiggerNode() {
        // given a web pod on the big node
        cluster.add(node("big").cpu("64").allocatable("memory", "256Gi").build(), node("small").build());
        cluster.add(web("web-0").editSpec().withNodeName("big").endSpec().build());
        // when
        cluster.add(newPod("web-1").editSpec().withNewAffinity().withNewPodAntiAffinity()
                .withPreferredDuringSchedulingIgnoredDuringExecution(new WeightedPodAffinityTermBuilder().withWeight(10)
                        .withPodAffinityTerm(term("web", HOSTNAME)).build())
                .endPodAntiAffinity().endAffinity().endSpec().build());
        cluster.add(newPod("plain").build());
        // then
        assertThat(cluster.nodeOf("web-1")).isEqualTo("small");
        assertThat(cluster.nodeOf("plain")).isEqualTo("big");
    }

    // ---------------------------------------------------------------- PodTopologySpread

    @Test
    void zoneSpreadWithMaxSkewOnePutsOnePodInEachZone() {
        // given
        threeZones();
        // when
        List<String> pods = List.of("web-0", "web-1", "web-2");
        pods.forEach(name -> cluster.add(spread(name, zoneSpread().build())));
        // then
        assertThat(podsPerZone(pods)).isEqualTo(Map.of("a", 1, "b", 1, "c", 1));
    }

    @Test
    void minDomainsAboveTheZonesMakesTheGlobalMinimumZero() {
        // given one pod per zone, with minDomains 4 of 3 zones: every zone may hold at most maxSkew pods
        threeZones();
        List<String> pods = List.of("web-0", "web-1", "web-2", "web-3");
        pods.forEach(name -> cluster.add(spread(name, zoneSpread().withMinDomains(4).build())));
        // then
        assertThat(podsPerZone(pods)).isEqualTo(Map.of("a", 1, "b", 1, "c", 1, "<pending>", 1));
        assertThat(cluster.failedScheduling("web-3")).isEqualTo("0/6 nodes are available: "
                + "6 node(s) didn't match pod topology spread constraints. "
                + "preemption: 0/6 nodes are available: 6 No preemption victims found for incoming pod.");
    }

    @Test
    void withoutMinDomainsTheFourthPodFindsAZone() {
        // given
        threeZones();
        List<String> pods = List.of("web-0", "web-1", "web-2", "web-3");
        // when
        pods.forEach(name -> cluster.add(spread(name, zoneSpread().build())));
        // then
        assertThat(podsPerZone(pods)).doesNotContainKey("<pending>");
    }

    @Test
    void aNodeWithoutTheTopologyKeyIsUnresolvable() {
        // given the three zones full under minDomains 4, and a node without a zone
        threeZones();
        cluster.add(node("bare").build());
        List.of("web-0", "web-1", "web-2", "web-3").forEach(name -> cluster.add(spread(name, zoneSpread().withMinDomains(4).build())));
        // then
        assertThat(cluster.failedScheduling("web-3")).isEqualTo("0/7 nodes are available: "
                + "1 node(s) didn't match pod topology spread constraints (missing required label), "
                + "6 node(s) didn't match pod topology spread constraints. "
                + "preemption: 0/7 nodes are available: 1 Preemption is not helpful for scheduling, "
                + "6 No preemption victims found for incoming pod.");
    }

    @Test
    void nodeAffinityPolicyHonorCountsOnlyTheZonesThePodMaySelect() {
        // given pods that select zones a and b
        threeZones();
        List<String> pods = List.of("web-0", "web-1", "web-2", "web-3");
        // when
        pods.forEach(name -> cluster.add(web(name).editSpec().withNodeSelector(Map.of(ZONE, "a")).endSpec()
                .editSpec().withNodeSelector(null).withNewAffinity().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm().addNewMatchExpression()
                .withKey(ZONE).withOperator("In").withValues("a", "b").endMatchExpression().endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity()
                .withTopologySpreadConstraints(zoneSpread().build()).endSpec().build()));
        // then zone c does not count as an empty domain
        assertThat(podsPerZone(pods)).isEqualTo(Map.of("a", 2, "b", 2));
    }

    @Test
    void nodeAffinityPolicyIgnoreCountsZoneCAsAnEmptyDomain() {
        // given
        threeZones();
        List<String> pods = List.of("web-0", "web-1", "web-2");
        // when
        pods.forEach(name -> cluster.add(web(name).editSpec().withNewAffinity().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm().addNewMatchExpression()
                .withKey(ZONE).withOperator("In").withValues("a", "b").endMatchExpression().endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity()
                .withTopologySpreadConstraints(zoneSpread().withNodeAffinityPolicy("Ignore").build()).endSpec().build()));
        // then
        assertThat(podsPerZone(pods)).isEqualTo(Map.of("a", 1, "b", 1, "<pending>", 1));
        assertThat(cluster.failedScheduling("web-2")).isEqualTo("0/6 nodes are available: "
                + "2 node(s) didn't match Pod's node affinity/selector, "
                + "4 node(s) didn't match pod topology spread constraints. "
                + "preemption: 0/6 nodes are available: 2 Preemption is not helpful for scheduling, "
                + "4 No preemption victims found for incoming pod.");
    }

    @Test
    void nodeTaintsPolicyIgnoreCountsATaintedZoneAsAnEmptyDomain() {
        // given zone c tainted, and a spread that ignores taints (the default)
        cluster.add(zoned("a-1", "a"), zoned("b-1", "b"),
                node("c-1").label(ZONE, "c").taint("dedicated", "db", "NoSchedule").build());
        List<String> pods = List.of("web-0", "web-1", "web-2");
        // when
        pods.forEach(name -> cluster.add(spread(name, zoneSpread().build())));
        // then
        assertThat(podsPerZone(pods)).isEqualTo(Map.of("a", 1, "b", 1, "<pending>", 1));
        assertThat(cluster.failedScheduling("web-2")).isEqualTo("0/3 nodes are available: "
                + "1 node(s) had untolerated taint {dedicated: db}, "
                + "2 node(s) didn't match pod topology spread constraints. "
                + "preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, "
                + "2 No preemption victims found for incoming pod.");
    }

    @Test
    void nodeTaintsPolicyHonorLeavesATaintedZoneOut() {
        // given
        cluster.add(zoned("a-1", "a"), zoned("b-1", "b"),
                node("c-1").label(ZONE, "c").taint("dedicated", "db", "NoSchedule").build());
        List<String> pods = List.of("web-0", "web-1", "web-2");
        // when
        pods.forEach(name -> cluster.add(spread(name, zoneSpread().withNodeTaintsPolicy("Honor").build())));
        // then
        assertThat(podsPerZone(pods)).doesNotContainKey("<pending>").doesNotContainKey("c");
    }

    @Test
    void aPodRejectedBySpreadingIsRetriedWhenAMatchingPodIsDeleted() {
        // given the fourth pod pending under minDomains 4
        threeZones();
        List.of("web-0", "web-1", "web-2", "web-3").forEach(name -> cluster.add(spread(name, zoneSpread().withMinDomains(4).build())));
        String zone = cluster.nodeOf("web-0").substring(0, 1);
        // when
        cluster.store.delete(Pod.class, "default", "web-0", 0L); // gone at once: a terminating pod moves no pod (no event type)
        cluster.loop.settle();
        cluster.advance(java.time.Duration.ofSeconds(1));
        // then
        assertThat(cluster.nodeOf("web-3")).startsWith(zone);
    }

    @Test
    void preemptionsDryRunRecountsTheDomainsWithoutTheLowerPriorityPods() {
        // given one priority-0 pod per zone, and minDomains 4: every zone is full
        threeZones();
        List.of("web-0", "web-1", "web-2").forEach(name -> cluster.add(spread(name, zoneSpread().withMinDomains(4).build())));
        List<String> taken = List.of(cluster.nodeOf("web-0"), cluster.nodeOf("web-1"), cluster.nodeOf("web-2"));
        // when a priority-100 pod comes
        cluster.add(web("web-3").editSpec().withPriority(100).withTopologySpreadConstraints(zoneSpread().withMinDomains(4).build())
                .endSpec().build());
        // then evicting a zone's pod makes room there (RemovePod updates the PreFilter counts), so
        // preemption finds a candidate: the pod is nominated to that node and its victim is deleted
        assertThat(cluster.failedScheduling("web-3")).isEqualTo("0/6 nodes are available: "
                + "6 node(s) didn't match pod topology spread constraints.");
        String nominated = cluster.pod("web-3").getStatus().getNominatedNodeName();
        assertThat(taken).contains(nominated);
        String victim = List.of("web-0", "web-1", "web-2").get(taken.indexOf(nominated));
        assertThat(cluster.event(victim, "Preempted")).isPresent();
    }

    @Test
    void preemptionsDryRunRecountsAnAntiAffinityWithoutTheLowerPriorityPod() {
        // given a priority-0 web pod on each of two nodes
        cluster.add(zoned("a-1", "a"), zoned("a-2", "a"));
        for (int i = 0; i < 2; i++) {
            cluster.add(web("web-" + i).editSpec().withNodeName("a-" + (i + 1)).endSpec().build());
        }
        // when a priority-100 pod that wants no web pod on its node comes
        cluster.add(newPod("solo").editSpec().withPriority(100).withNewAffinity().withNewPodAntiAffinity()
                .withRequiredDuringSchedulingIgnoredDuringExecution(term("web", HOSTNAME))
                .endPodAntiAffinity().endAffinity().endSpec().build());
        // then
        assertThat(cluster.failedScheduling("solo")).isEqualTo("0/2 nodes are available: "
                + "2 node(s) didn't match pod anti-affinity rules.");
        assertThat(cluster.pod("solo").getStatus().getNominatedNodeName()).isEqualTo("a-1");
        assertThat(cluster.event("web-0", "Preempted")).isPresent();
        assertThat(cluster.event("web-1", "Preempted")).isEmpty();
    }

    // ---------------------------------------------------------------- system default spreading

    @Test
    void replicaSetPodsAreSpreadOverHostnamesByTheSystemDefaults() {
        // given a big and a small node, and a ReplicaSet selecting app=web
        cluster.add(node("big").cpu("64").allocatable("memory", "256Gi").build(), node("small").build());
        cluster.add(new ReplicaSetBuilder().withNewMetadata().withName("web").withNamespace("default").withUid("rs-uid")
                .endMetadata().withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector().endSpec().build());
        // when two of its pods arrive
        for (int i = 0; i < 2; i++) {
            cluster.add(web("web-" + i).editMetadata().withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1")
                    .withKind("ReplicaSet").withName("web").withUid("rs-uid").withController(true).build()).endMetadata().build());
        }
        // then the second goes to the small node: hostname spreading (weight 2) outweighs LeastAllocated
        assertThat(cluster.nodeOf("web-0")).isEqualTo("big");
        assertThat(cluster.nodeOf("web-1")).isEqualTo("small");
    }

    @Test
    void podsNothingSelectsAreNotSpread() {
        // given
        cluster.add(node("big").cpu("64").allocatable("memory", "256Gi").build(), node("small").build());
        // when
        cluster.add(web("web-0").build());
        cluster.add(web("web-1").build());
        // then
        assertThat(cluster.nodeOf("web-0")).isEqualTo("big");
        assertThat(cluster.nodeOf("web-1")).isEqualTo("big");
    }

    @Test
    void podsAServiceSelectsAreSpread() {
        // given
        cluster.add(node("big").cpu("64").allocatable("memory", "256Gi").build(), node("small").build());
        cluster.add(new ServiceBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().withSelector(Map.of("app", "web")).endSpec().build());
        // when
        cluster.add(web("web-0").build());
        cluster.add(web("web-1").build());
        // then
        assertThat(cluster.nodeOf("web-0")).isEqualTo("big");
        assertThat(cluster.nodeOf("web-1")).isEqualTo("small");
    }
}
