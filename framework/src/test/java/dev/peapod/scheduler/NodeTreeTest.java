package dev.peapod.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import org.junit.jupiter.api.Test;

import static dev.peapod.scheduler.TestCluster.newPod;
import static dev.peapod.scheduler.TestCluster.node;
import static org.assertj.core.api.Assertions.assertThat;

/** The scheduler's node order (pkg/scheduler/backend/cache/node_tree.go) and what it decides on a large cluster. */
class NodeTreeTest {
    private final NodeTree tree = new NodeTree();

    @Test
    void listsZonesRoundRobinEachInTheOrderItsNodesWereAdded() {
        // when
        tree.put(inZone("a", "z1"));
        tree.put(inZone("d", "z2"));
        tree.put(inZone("b", "z1"));
        tree.put(inZone("e", "z3"));
        tree.put(inZone("c", "z1"));
        tree.put(inZone("f", "z3"));
        // then
        assertThat(tree.list()).containsExactly("a", "d", "e", "b", "f", "c");
    }

    @Test
    void aNodeThatChangesZoneMovesToTheEndOfItsNewZoneAndAnEmptiedZoneGoes() {
        // given
        tree.put(inZone("a", "z1"));
        tree.put(inZone("b", "z2"));
        tree.put(inZone("c", "z2"));
        // when
        tree.put(inZone("a", "z2"));
        tree.put(inZone("b", "z2")); // same zone: stays where it is
        // then
        assertThat(tree.list()).containsExactly("b", "c", "a");
        // when
        tree.remove("c");
        tree.put(node("z").build()); // no zone labels: zone key ""
        // then
        assertThat(tree.list()).containsExactly("b", "z", "a");
    }

    @Test
    void theZoneKeyIsRegionAndZoneWithTheBetaLabelsAsFallback() {
        assertThat(NodeTree.zoneKey(node("n").label("topology.kubernetes.io/zone", "eu-1a")
                .label("topology.kubernetes.io/region", "eu-1").build())).isEqualTo("eu-1:\0:eu-1a");
        assertThat(NodeTree.zoneKey(node("n").label("failure-domain.beta.kubernetes.io/zone", "old").build())).isEqualTo(":\0:old");
        assertThat(NodeTree.zoneKey(node("n").build())).isEmpty();
    }

    @Test
    void aLargeClusterIsSearchedInTheOrderNodesJoinedNotByName() {
        // given node-1 .. node-150 joined in that order; the last 50 are far larger, so LeastAllocated
        // would prefer them, but 150 nodes are searched for 100 feasible ones: node-1 .. node-100
        TestCluster cluster = new TestCluster().started();
        for (int n = 1; n <= 150; n++) {
            cluster.add(node("node-" + n).cpu(n > 100 ? "64" : "4").build());
        }
        // when
        cluster.add(newPod("web", "1").build());
        // then
        int placed = Integer.parseInt(cluster.nodeOf("web").substring("node-".length()));
        assertThat(placed).isBetween(1, 100);
    }

    private static Node inZone(String name, String zone) {
        return node(name).label("topology.kubernetes.io/zone", zone).build();
    }
}
