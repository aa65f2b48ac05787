package dev.peapod.scheduler;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The nodes of one scheduling cycle, in the node tree's order (NodeTree), and on how many of them each image is (ImageStateSummary.NumNodes). */
final class Snapshot {
    private final List<NodeInfo> nodes;
    private final Map<String, Integer> imageNodeCounts = new TreeMap<>();

    Snapshot(List<NodeInfo> nodes) {
        this.nodes = List.copyOf(nodes);
        for (NodeInfo node : this.nodes) {
            node.images().keySet().forEach(image -> imageNodeCounts.merge(image, 1, Integer::sum));
        }
    }

    List<NodeInfo> nodes() {
        return nodes;
    }

    int imageNodeCount(String image) {
        return imageNodeCounts.getOrDefault(image, 0);
    }
}
