package dev.peapod.scheduler;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.peapod.scheduler.TestCluster.newPod;
import static dev.peapod.scheduler.TestCluster.node;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * kube-scheduler v1.33 stops filtering once it found numFeasibleNodesToFind nodes that fit, and the
 * next cycle starts where this one stopped (pkg/scheduler/schedule_one.go, findNodesThatFitPod,
 * findNodesThatPassFilters and numFeasibleNodesToFind with percentageOfNodesToScore unset).
 */
class FeasibleNodesTest {

    @Test
    void smallClustersAreSearchedWholeAndLargeOnesByAnAdaptivePercentage() {
        assertThat(SchedulingAlgorithm.numFeasibleNodesToFind(3)).isEqualTo(3);
        assertThat(SchedulingAlgorithm.numFeasibleNodesToFind(99)).isEqualTo(99);
        // 50% of 100 is 50, raised to minFeasibleNodesToFind
        assertThat(SchedulingAlgorithm.numFeasibleNodesToFind(100)).isEqualTo(100);
        // 50 - 300/125 = 48%
        assertThat(SchedulingAlgorithm.numFeasibleNodesToFind(300)).isEqualTo(144);
        assertThat(SchedulingAlgorithm.numFeasibleNodesToFind(1_000)).isEqualTo(420);
        // 50 - 40 = 10%
        assertThat(SchedulingAlgorithm.numFeasibleNodesToFind(5_000)).isEqualTo(500);
        // never under minFeasibleNodesPercentageToFind, 5%
        assertThat(SchedulingAlgorithm.numFeasibleNodesToFind(10_000)).isEqualTo(500);
        assertThat(SchedulingAlgorithm.numFeasibleNodesToFind(20_000)).isEqualTo(1_000);
    }

    @Test
    void eachCycleExaminesTheNextNodesInTurn() {
        // given 300 empty nodes: 144 are examined per pod, and every one of them scores the same
        TestCluster cluster = new TestCluster().started();
        List<String> names = new ArrayList<>();
        for (int n = 0; n < 300; n++) {
            String name = String.format("node-%03d", n);
            names.add(name);
            cluster.add(node(name).build());
        }
        // when
        for (int p = 0; p < 6; p++) {
            cluster.add(newPod("pod-" + p).build());
        }
        // then pod p lands among the 144 nodes from index 144 * p (mod 300): 0-143, 144-287, 288-131
        // (the search wraps round), 132-275, ...
        for (int p = 0; p < 6; p++) {
            int start = 144 * p % 300;
            int offset = Math.floorMod(names.indexOf(cluster.nodeOf("pod-" + p)) - start, 300);
            assertThat(offset).as("pod-%d on %s, searched from node-%03d", p, cluster.nodeOf("pod-" + p), start)
                    .isBetween(0, 143);
        }
    }

    @Test
    void whenNoNodeFitsEveryNodeIsExaminedAndNamedInTheMessage() {
        // given
        TestCluster cluster = new TestCluster().started();
        for (int n = 0; n < 300; n++) {
            cluster.add(node(String.format("node-%03d", n)).cpu("1").build());
        }
        // when
        cluster.add(newPod("big", "2").build());
        // then
        assertThat(cluster.failedScheduling("big")).startsWith("0/300 nodes are available: 300 Insufficient cpu. ");
    }
}
