package dev.peapod.scheduler;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The nodes of one scheduling cycle, in the node tree's order (NodeTree), on how many of them each
 * image is (ImageStateSummary.NumNodes), and the pods nominated to each node by an earlier
 * preemption (the queue's nominator, which the framework reads through PodNominator).
 */
final class Snapshot {
    private final List<NodeInfo> nodes;
    private final Map<String, Integer> imageNodeCounts = new TreeMap<>();
    /** Node name to the pods nominated to it, in the order they were nominated. */
    private final Map<String, List<PodInfo>> nominated;

    Snapshot(List<NodeInfo> nodes) {
        this(nodes, Map.of());
    }

    private Snapshot(List<NodeInfo> nodes, Map<String, List<PodInfo>> nominated) {
        this.nodes = List.copyOf(nodes);
        this.nominated = nominated;
        for (NodeInfo node : this.nodes) {
            node.images().keySet().forEach(image -> imageNodeCounts.merge(image, 1, Integer::sum));
        }
    }

    /** The same nodes with the nominator's pods by node. */
    Snapshot withNominated(Map<String, List<PodInfo>> nominated) {
        return new Snapshot(nodes, Map.copyOf(nominated));
    }

    List<NodeInfo> nodes() {
        return nodes;
    }

    int imageNodeCount(String image) {
        return imageNodeCounts.getOrDefault(image, 0);
    }

    /** NominatedPodsForNode. */
    List<PodInfo> nominatedPods(String node) {
        return nominated.getOrDefault(node, List.of());
    }
}
