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
    /** Counted at the first question (ImageLocality's score), and shared with {@link #withNominated}'s copy. */
    private Map<String, Integer> imageNodeCounts;
    /** Node name to the pods nominated to it, in the order they were nominated. */
    private final Map<String, List<PodInfo>> nominated;

    Snapshot(List<NodeInfo> nodes) {
        this(nodes, Map.of());
    }

    private Snapshot(List<NodeInfo> nodes, Map<String, List<PodInfo>> nominated) {
        this.nodes = List.copyOf(nodes);
        this.nominated = nominated;
    }

    /** The same nodes with the nominator's pods by node; this snapshot itself when none is nominated. */
    Snapshot withNominated(Map<String, List<PodInfo>> nominated) {
        if (nominated.isEmpty() && this.nominated.isEmpty()) {
            return this;
        }
        Snapshot copy = new Snapshot(nodes, Map.copyOf(nominated));
        copy.imageNodeCounts = imageNodeCounts;
        return copy;
    }

    List<NodeInfo> nodes() {
        return nodes;
    }

    int imageNodeCount(String image) {
        if (imageNodeCounts == null) {
            Map<String, Integer> counts = new TreeMap<>();
            for (NodeInfo node : nodes) {
                node.images().keySet().forEach(name -> counts.merge(name, 1, Integer::sum));
            }
            imageNodeCounts = counts;
        }
        return imageNodeCounts.getOrDefault(image, 0);
    }

    /** NominatedPodsForNode. */
    List<PodInfo> nominatedPods(String node) {
        return nominated.getOrDefault(node, List.of());
    }
}
