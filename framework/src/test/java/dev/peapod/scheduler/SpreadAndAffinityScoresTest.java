package dev.peapod.scheduler;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.peapod.scheduler.TestCluster.newPod;
import static dev.peapod.scheduler.TestCluster.node;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The raw and normalized scores of PodTopologySpread and InterPodAffinity, computed by hand from
 * upstream's formulas (podtopologyspread/scoring.go scoreForCount, topologyNormalizingWeight and
 * NormalizeScore's integer division; interpodaffinity/scoring.go NormalizeScore's float truncation).
 */
class SpreadAndAffinityScoresTest {

    private static Pod web(String name, String node) {
        return newPod(name).editMetadata().withLabels(Map.of("app", "web")).endMetadata().editSpec().withNodeName(node).endSpec().build();
    }

    private static NodeInfo nodeInfo(String name, Pod... pods) {
        List<PodInfo> infos = new ArrayList<>();
        for (Pod pod : pods) {
            infos.add(PodInfo.of(pod));
        }
        return NodeInfo.of(node(name).build(), infos);
    }

    @Test
    void hostnameSpreadScoresCountTimesLogOfDomainsPlusTwoThenReversedByIntegerDivision() {
        // given two matching pods on node-1, one on node-2, none on node-3
        List<NodeInfo> nodes = List.of(nodeInfo("node-1", web("a", "node-1"), web("b", "node-1")),
                nodeInfo("node-2", web("c", "node-2")), nodeInfo("node-3"));
        Snapshot snapshot = new Snapshot(nodes);
        PodInfo pod = PodInfo.of(newPod("new").editMetadata().withLabels(Map.of("app", "web")).endMetadata().editSpec()
                .withTopologySpreadConstraints(new TopologySpreadConstraintBuilder().withMaxSkew(1)
                        .withTopologyKey("kubernetes.io/hostname").withWhenUnsatisfiable("ScheduleAnyway")
                        .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "web").build()).build())
                .endSpec().build());
        PodTopologySpreadPlugin plugin = new PodTopologySpreadPlugin(SchedulerListers.NONE);
        // when
        assertThat(plugin.preScore(pod, nodes, snapshot)).isTrue();
        long[] scores = new long[3];
        for (int i = 0; i < 3; i++) {
            scores[i] = plugin.score(pod, i, nodes.get(i), snapshot);
        }
        // then round(2 * ln 5) = 3, round(ln 5) = 2, 0; then 100 * (3 + 0 - s) / 3
        assertThat(scores).containsExactly(3, 2, 0);
        plugin.normalize(scores);
        assertThat(scores).containsExactly(0, 33, 100);
    }

    @Test
    void interPodAffinityNormalizesFromTheLowestToTheHighestAndTruncates() {
        // given
        long[] scores = {-10, 0, 5};
        // when
        new InterPodAffinityPlugin(SchedulerListers.NONE).normalize(scores);
        // then 100 * 10 / 15 = 66.67, truncated
        assertThat(scores).containsExactly(0, 66, 100);
    }

    @Test
    void theSystemDefaultSelectorIsNoneForABarePod() {
        // given
        PodTopologySpreadPlugin plugin = new PodTopologySpreadPlugin(SchedulerListers.NONE);
        // then
        assertThat(plugin.defaultSelector(web("a", "node-1")).requirements()).isEmpty();
    }
}
