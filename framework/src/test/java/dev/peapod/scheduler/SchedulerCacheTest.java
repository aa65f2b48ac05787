package dev.peapod.scheduler;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.peapod.scheduler.TestCluster.newPod;
import static dev.peapod.scheduler.TestCluster.node;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache's snapshot as UpdateSnapshot keeps it (pkg/scheduler/backend/cache/cache.go): only the
 * nodes that changed since the last cycle get a new NodeInfo, and the lists of nodes with pods with
 * affinity and required anti-affinity follow their pods.
 */
class SchedulerCacheTest {
    private final SchedulerCache cache = new SchedulerCache();

    private static Pod bound(String name, String node) {
        return newPod(name).editSpec().withNodeName(node).endSpec().build();
    }

    private static Pod withAntiAffinity(String name, String node) {
        return newPod(name).editMetadata().withLabels(Map.of("app", "db")).endMetadata().editSpec().withNodeName(node)
                .withNewAffinity().withNewPodAntiAffinity().addToRequiredDuringSchedulingIgnoredDuringExecution(
                        new PodAffinityTermBuilder().withTopologyKey("kubernetes.io/hostname")
                                .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "db").build()).build())
                .endPodAntiAffinity().endAffinity().endSpec().build();
    }

    @Test
    void aCycleWithNothingChangedGetsTheSameSnapshotAndAPodChangeReplacesOnlyItsNode() {
        // given
        cache.putNode(node("node-1").build());
        cache.putNode(node("node-2").build());
        cache.putNode(node("node-3").build());
        Snapshot first = cache.snapshot();
        // when nothing changed
        Snapshot second = cache.snapshot();
        // then
        assertThat(second).isSameAs(first);
        // when a pod is bound to node-2
        cache.putPod(bound("a", "node-2"));
        Snapshot third = cache.snapshot();
        // then node-2 alone is a new NodeInfo, in the same place, and found by name
        assertThat(third).isNotSameAs(first);
        assertThat(third.nodes()).extracting(NodeInfo::name).containsExactly("node-1", "node-2", "node-3");
        assertThat(third.nodes().get(0)).isSameAs(first.nodes().get(0));
        assertThat(third.nodes().get(2)).isSameAs(first.nodes().get(2));
        assertThat(third.nodes().get(1).pods()).extracting(PodInfo::key).containsExactly("default/a");
        assertThat(third.node("node-2")).isSameAs(third.nodes().get(1));
        assertThat(third.node("node-9")).isNull();
        // and the earlier snapshot is as it was
        assertThat(first.nodes().get(1).pods()).isEmpty();
    }

    @Test
    void aNewOrRemovedNodeRebuildsTheListInTheTreeOrder() {
        // given
        cache.putNode(node("node-1").build());
        cache.putPod(bound("a", "node-1"));
        Snapshot first = cache.snapshot();
        // when
        cache.putNode(node("node-2").build());
        cache.putPod(bound("b", "node-2"));
        Snapshot second = cache.snapshot();
        // then
        assertThat(second.nodes()).extracting(NodeInfo::name).containsExactly("node-1", "node-2");
        assertThat(second.nodes().get(0)).isSameAs(first.nodes().get(0));
        assertThat(second.node("node-2").pods()).extracting(PodInfo::key).containsExactly("default/b");
        // when
        cache.removeNode("node-1");
        // then
        assertThat(cache.snapshot().nodes()).extracting(NodeInfo::name).containsExactly("node-2");
        assertThat(cache.snapshot().node("node-1")).isNull();
    }

    @Test
    void theNodesWithPodsWithRequiredAntiAffinityFollowTheirPods() {
        // given
        cache.putNode(node("node-1").build());
        cache.putNode(node("node-2").build());
        cache.putNode(node("node-3").build());
        cache.putPod(bound("plain", "node-1"));
        // then
        assertThat(cache.snapshot().havePodsWithRequiredAntiAffinity()).isEmpty();
        assertThat(cache.snapshot().havePodsWithAffinity()).isEmpty();
        // when
        Pod db = withAntiAffinity("db", "node-3");
        cache.putPod(db);
        cache.putPod(withAntiAffinity("db2", "node-2"));
        // then in the node order, each the current NodeInfo
        Snapshot snapshot = cache.snapshot();
        assertThat(snapshot.havePodsWithRequiredAntiAffinity()).extracting(NodeInfo::name).containsExactly("node-2", "node-3");
        assertThat(snapshot.havePodsWithAffinity()).extracting(NodeInfo::name).containsExactly("node-2", "node-3");
        assertThat(snapshot.havePodsWithRequiredAntiAffinity().get(1)).isSameAs(snapshot.node("node-3"));
        // when a plain pod joins node-3, which stays on the list
        cache.putPod(bound("plain2", "node-3"));
        snapshot = cache.snapshot();
        // then the list holds node-3's new NodeInfo
        assertThat(snapshot.havePodsWithRequiredAntiAffinity().get(1)).isSameAs(snapshot.node("node-3"));
        assertThat(snapshot.node("node-3").podsWithRequiredAntiAffinity()).extracting(PodInfo::key).containsExactly("default/db");
        // when
        cache.removePod(db);
        // then
        assertThat(cache.snapshot().havePodsWithRequiredAntiAffinity()).extracting(NodeInfo::name).containsExactly("node-2");
    }

    @Test
    void topologySpreadCountsFollowANodesPodsFromOneCycleToTheNext() {
        // given node-1 with one matching pod, node-2 with none, and the plugin of every cycle
        cache.putNode(node("node-1").label("kubernetes.io/hostname", "node-1").build());
        cache.putNode(node("node-2").label("kubernetes.io/hostname", "node-2").build());
        cache.putPod(web("a", "node-1"));
        PodTopologySpreadPlugin plugin = new PodTopologySpreadPlugin(SchedulerListers.NONE);
        // then node-1 scores round(1 * ln 4) = 1 and node-2 0
        assertThat(scores(plugin, cache.snapshot())).containsExactly(1, 0);
        // when two matching pods join node-2 and the one on node-1 goes
        cache.putPod(web("b", "node-2"));
        cache.putPod(web("c", "node-2"));
        cache.removePod(web("a", "node-1"));
        // then the counts are node-2's new ones: round(2 * ln 4) = 3
        assertThat(scores(plugin, cache.snapshot())).containsExactly(0, 3);
    }

    private static Pod web(String name, String node) {
        return newPod(name).editMetadata().withLabels(Map.of("app", "web")).endMetadata().editSpec().withNodeName(node).endSpec().build();
    }

    private static long[] scores(PodTopologySpreadPlugin plugin, Snapshot snapshot) {
        PodInfo pod = PodInfo.of(newPod("new").editMetadata().withLabels(Map.of("app", "web")).endMetadata().editSpec()
                .withTopologySpreadConstraints(new TopologySpreadConstraintBuilder().withMaxSkew(1)
                        .withTopologyKey("kubernetes.io/hostname").withWhenUnsatisfiable("ScheduleAnyway")
                        .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "web").build()).build())
                .endSpec().build());
        assertThat(plugin.preScore(pod, snapshot.nodes(), snapshot)).isTrue();
        long[] scores = new long[snapshot.nodes().size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = plugin.score(pod, i, snapshot.nodes().get(i), snapshot);
        }
        return scores;
    }

    @Test
    void zoneSpreadScoresCountThePodsOfEveryNodeOfTheZoneNotOnlyTheFeasibleOnes() {
        // given zone a: a-1 with two matching pods, a-2 with one; zone b: b-1 with none
        cache.putNode(node("a-1").label("topology.kubernetes.io/zone", "a").build());
        cache.putNode(node("a-2").label("topology.kubernetes.io/zone", "a").build());
        cache.putNode(node("b-1").label("topology.kubernetes.io/zone", "b").build());
        cache.putPod(web("x", "a-1"));
        cache.putPod(web("y", "a-1"));
        cache.putPod(web("z", "a-2"));
        Snapshot snapshot = cache.snapshot();
        List<NodeInfo> feasible = List.of(snapshot.node("a-2"), snapshot.node("b-1"));
        PodInfo pod = PodInfo.of(newPod("new").editMetadata().withLabels(Map.of("app", "web")).endMetadata().editSpec()
                .withTopologySpreadConstraints(new TopologySpreadConstraintBuilder().withMaxSkew(1)
                        .withTopologyKey("topology.kubernetes.io/zone").withWhenUnsatisfiable("ScheduleAnyway")
                        .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "web").build()).build())
                .endSpec().build());
        PodTopologySpreadPlugin plugin = new PodTopologySpreadPlugin(SchedulerListers.NONE);
        // when
        assertThat(plugin.preScore(pod, feasible, snapshot)).isTrue();
        long[] scores = {plugin.score(pod, 0, feasible.get(0), snapshot), plugin.score(pod, 1, feasible.get(1), snapshot)};
        // then zone a counts 3 (a-1's two as well): round(3 * ln 4) = 4; zone b 0
        assertThat(scores).containsExactly(4, 0);
    }

    @Test
    void theFilterColumnsFollowEveryChangeToANodeAndToItsPods() {
        // given two nodes that take 2 pods each, one of them cordoned
        cache.putNode(node("node-1").allocatable("pods", "2").build());
        cache.putNode(node("node-2").allocatable("pods", "2").unschedulable().build());
        Snapshot first = cache.snapshot();
        // then
        assertThat(first.traits(0)).isEqualTo((byte) 0);
        assertThat(first.traits(1)).isEqualTo(NodeColumns.UNSCHEDULABLE);
        assertThat(first.podRoom(0)).isEqualTo(2);
        // when a pod is bound to node-1, and node-2 is uncordoned and tainted
        cache.putPod(bound("a", "node-1"));
        cache.putNode(node("node-2").allocatable("pods", "2").taint("dedicated", "db", "NoSchedule").build());
        Snapshot second = cache.snapshot();
        // then the changed nodes' columns are new, and the first snapshot's are as they were
        assertThat(second.podRoom(0)).isEqualTo(1);
        assertThat(second.traits(1)).isEqualTo(NodeColumns.TAINTED);
        assertThat(first.podRoom(0)).isEqualTo(2);
        assertThat(first.traits(1)).isEqualTo(NodeColumns.UNSCHEDULABLE);
        // when node-1 fills up, then loses a pod, and node-2 loses its taint
        cache.putPod(bound("b", "node-1"));
        assertThat(cache.snapshot().podRoom(0)).isZero();
        cache.removePod(bound("a", "node-1"));
        cache.putNode(node("node-2").allocatable("pods", "2").build());
        // then
        assertThat(cache.snapshot().podRoom(0)).isEqualTo(1);
        assertThat(cache.snapshot().traits(1)).isEqualTo((byte) 0);
    }

    @Test
    void theFiltersThatReadTheColumnsGiveWhatTheyGiveForTheNodeInfo() {
        // given a full node, a cordoned one, a tainted one and a free one
        cache.putNode(node("full").allocatable("pods", "1").build());
        cache.putPod(bound("a", "full"));
        cache.putNode(node("cordoned").unschedulable().build());
        cache.putNode(node("tainted").taint("dedicated", "db", "NoSchedule").build());
        cache.putNode(node("free").build());
        Snapshot snapshot = cache.snapshot();
        PodInfo pod = PodInfo.of(newPod("web").build());
        PodInfo requesting = PodInfo.of(newPod("big", "100").build());
        // then every plugin answers alike from the columns and from the node
        for (FilterPlugin plugin : List.of(new NodeUnschedulablePlugin(), new TaintTolerationPlugin(), new NodeResourcesFitPlugin())) {
            for (int i = 0; i < snapshot.nodes().size(); i++) {
                for (PodInfo p : List.of(pod, requesting)) {
                    assertThat(plugin.filter(p, snapshot, i)).isEqualTo(plugin.filter(p, snapshot.nodes().get(i)));
                }
            }
        }
        assertThat(new NodeResourcesFitPlugin().filter(pod, snapshot, 0).reasons()).containsExactly("Too many pods");
        assertThat(new NodeUnschedulablePlugin().filter(pod, snapshot, 1).isSuccess()).isFalse();
        assertThat(new TaintTolerationPlugin().filter(pod, snapshot, 2).reasons())
                .containsExactly("node(s) had untolerated taint {dedicated: db}");
        assertThat(new NodeResourcesFitPlugin().filter(requesting, snapshot, 3).reasons()).containsExactly("Insufficient cpu");
    }

    @Test
    void theScoresThatReadTheColumnsGiveWhatTheyGiveForTheNodeInfo() {
        // given nodes with pods, taints and images, and a snapshot taken over by a later one
        cache.putNode(node("busy").cpu("2").build());
        cache.putPod(bound("a", "busy"));
        cache.putNode(node("tainted").taint("spot", "yes", "PreferNoSchedule").build());
        cache.putNode(new io.fabric8.kubernetes.api.model.NodeBuilder(node("imaged").build()).editStatus()
                .addNewImage().withNames("nginx:latest").withSizeBytes(500L * 1024 * 1024).endImage().endStatus().build());
        Snapshot older = cache.snapshot();
        cache.putPod(bound("b", "busy"));
        Snapshot newer = cache.snapshot();
        PodInfo pod = PodInfo.of(newPod("web", "500m", "1Gi").build());
        // then every plugin scores alike from the columns and from the node, in both snapshots
        for (ScorePlugin plugin : List.of(new NodeResourcesFitPlugin(), new TaintTolerationPlugin(), new ImageLocalityPlugin())) {
            for (Snapshot snapshot : List.of(older, newer)) {
                for (int i = 0; i < snapshot.nodes().size(); i++) {
                    NodeInfo node = snapshot.nodes().get(i);
                    assertThat(plugin.score(pod, 0, node, snapshot, i)).isEqualTo(plugin.score(pod, node, snapshot));
                }
            }
        }
        // and the values are the ones expected: busy has 2 (older: 1) pods of 100m/200Mi beside the pod's 500m/1Gi
        assertThat(new NodeResourcesFitPlugin().score(pod, 0, older.nodes().get(0), older, 0)).isEqualTo(81); // cpu (2000 - 600) / 20 = 70, memory 92
        assertThat(new NodeResourcesFitPlugin().score(pod, 0, newer.nodes().get(0), newer, 0)).isEqualTo(78); // cpu 65, memory 91
        assertThat(new TaintTolerationPlugin().score(pod, 0, newer.nodes().get(1), newer, 1)).isEqualTo(1);
        assertThat(new ImageLocalityPlugin().score(pod, 0, newer.nodes().get(2), newer, 2)).isPositive();
    }

    @Test
    void aStatusWriteKeepsWhatThePodsSpecGaveAndASpecChangeWorksItOutAgain() {
        // given a bound pod requesting 100m
        cache.putNode(node("node-1").build());
        Pod first = newPod("a", "100m").editSpec().withNodeName("node-1").endSpec().build();
        cache.putPod(first);
        PodInfo before = cache.snapshot().node("node-1").pods().get(0);
        // when its status is written: a new pod sharing the spec object
        Pod statusWrite = new io.fabric8.kubernetes.api.model.PodBuilder(first).withNewStatus().withPhase("Running").endStatus().build();
        statusWrite.setSpec(first.getSpec());
        cache.putPod(statusWrite);
        PodInfo after = cache.snapshot().node("node-1").pods().get(0);
        // then the derived values are the same objects, for the new pod
        assertThat(after.pod()).isSameAs(statusWrite);
        assertThat(after.requests()).isSameAs(before.requests());
        // when its spec is another object asking for 300m
        Pod resized = newPod("a", "300m").editSpec().withNodeName("node-1").endSpec().build();
        cache.putPod(resized);
        // then
        assertThat(cache.snapshot().node("node-1").pods().get(0).requests().milliCpu()).isEqualTo(300);
        assertThat(cache.snapshot().node("node-1").requested().milliCpu()).isEqualTo(300);
    }
}
