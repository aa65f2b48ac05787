package dev.peapod.scheduler;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.TreeMap;

/**
 * The nodes of one scheduling cycle, in the node tree's order (NodeTree), on how many of them each
 * image is (ImageStateSummary.NumNodes), the nodes with pods with affinity and with required
 * anti-affinity (havePodsWithAffinityNodeInfoList, havePodsWithRequiredAntiAffinityNodeInfoList),
 * and the pods nominated to each node by an earlier preemption (the queue's nominator, which the
 * framework reads through PodNominator) (kubernetes: pkg/scheduler/backend/cache/snapshot.go).
 *
 * <p>A snapshot never changes; {@link SchedulerCache} derives the next one from the last by
 * replacing the NodeInfos of the nodes that changed ({@link #updated}), as UpdateSnapshot does,
 * sharing the name index and the affinity positions while the node set and the nodes with such
 * pods stay the same.
 */
final class Snapshot {
    private final NodeInfo[] nodes;
    private final List<NodeInfo> nodeList;
    /** Node name to its position in {@link #nodes}. Looked up, never iterated. */
    private final Map<String, Integer> index;
    /** Positions, in node order, of the nodes with pods with affinity / with required anti-affinity. */
    private final int[] withAffinity;
    private final int[] withRequiredAntiAffinity;
    /** Counted at the first question (ImageLocality's score), and shared with {@link #withNominated}'s copy. */
    private Map<String, Integer> imageNodeCounts;
    /**
     * Label key to how many nodes have it: counted at the first question, then carried from one
     * snapshot to the next and adjusted for the nodes whose Node object changed. Looked up, never iterated.
     */
    private Map<String, Integer> labelKeyCounts;
    /** Node name to the pods nominated to it, in the order they were nominated. */
    private final Map<String, List<PodInfo>> nominated;
    /** The nodes' columns, which serve this snapshot while their version is {@link #version}. */
    private final NodeColumns columns;
    private final long version;

    Snapshot(List<NodeInfo> nodes) {
        this(nodes.toArray(NodeInfo[]::new), null);
    }

    /** A snapshot of these nodes, in this order; {@code index} (name to position) built when null. */
    Snapshot(NodeInfo[] nodes, Map<String, Integer> index) {
        this(nodes, index == null ? index(nodes) : index, positions(nodes, true), positions(nodes, false), Map.of(),
                new NodeColumns(nodes), 0);
    }

    private Snapshot(NodeInfo[] nodes, Map<String, Integer> index, int[] withAffinity, int[] withRequiredAntiAffinity,
                     Map<String, List<PodInfo>> nominated, NodeColumns columns, long version) {
        this.nodes = nodes;
        this.nodeList = new Nodes(nodes);
        this.index = index;
        this.withAffinity = withAffinity;
        this.withRequiredAntiAffinity = withRequiredAntiAffinity;
        this.nominated = nominated;
        this.columns = columns;
        this.version = version;
    }

    /**
     * The same nodes with those named in {@code changed} replaced by {@code infos}' (UpdateSnapshot):
     * the affinity positions are recomputed over every node only when a changed node gains its first
     * or loses its last pod with affinity (updateNodeInfoSnapshotList's condition), as upstream does.
     */
    Snapshot updated(Iterable<String> changed, java.util.function.Function<String, NodeInfo> infos) {
        NodeInfo[] next = nodes.clone();
        boolean affinityChanged = false;
        for (String name : changed) {
            Integer i = index.get(name);
            if (i == null) {
                continue; // not a node of the tree (pods bound to a node the cache does not have yet)
            }
            NodeInfo before = next[i];
            NodeInfo after = infos.apply(name);
            next[i] = after;
            affinityChanged |= before.podsWithAffinity().isEmpty() != after.podsWithAffinity().isEmpty()
                    || before.podsWithRequiredAntiAffinity().isEmpty() != after.podsWithRequiredAntiAffinity().isEmpty();
        }
        Snapshot snapshot;
        if (affinityChanged || columns.version() != version) {
            snapshot = new Snapshot(next, index); // columns of its own: these belong to a later snapshot
        } else {
            snapshot = new Snapshot(next, index, withAffinity, withRequiredAntiAffinity, Map.of(), columns, columns.advance());
            for (String name : changed) {
                Integer i = index.get(name);
                if (i != null) {
                    columns.set(i, next[i]);
                }
            }
        }
        snapshot.labelKeyCounts = labelKeysAfter(changed, next);
        return snapshot;
    }

    /** This snapshot's label key counts adjusted for the changed nodes of {@code next}; null when not counted yet. */
    private Map<String, Integer> labelKeysAfter(Iterable<String> changed, NodeInfo[] next) {
        if (labelKeyCounts == null) {
            return null;
        }
        Map<String, Integer> counts = labelKeyCounts;
        for (String name : changed) {
            Integer i = index.get(name);
            if (i == null || nodes[i].node() == next[i].node()) {
                continue; // a pod change leaves the Node object as it was
            }
            if (counts == labelKeyCounts) {
                counts = new HashMap<>(labelKeyCounts);
            }
            for (String key : NodeSelectors.labels(nodes[i].node()).keySet()) {
                counts.merge(key, -1, Integer::sum);
            }
            for (String key : NodeSelectors.labels(next[i].node()).keySet()) {
                counts.merge(key, 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Whether some node has a label with this key. */
    boolean anyNodeHasLabel(String key) {
        if (labelKeyCounts == null) {
            Map<String, Integer> counts = new HashMap<>();
            for (NodeInfo node : nodes) {
                for (String label : NodeSelectors.labels(node.node()).keySet()) {
                    counts.merge(label, 1, Integer::sum);
                }
            }
            labelKeyCounts = counts;
        }
        return labelKeyCounts.getOrDefault(key, 0) > 0;
    }

    /** The same nodes with the nominator's pods by node; this snapshot itself when none is nominated. */
    Snapshot withNominated(Map<String, List<PodInfo>> nominated) {
        if (nominated.isEmpty() && this.nominated.isEmpty()) {
            return this;
        }
        Snapshot copy = new Snapshot(nodes, index, withAffinity, withRequiredAntiAffinity, Map.copyOf(nominated), columns, version);
        copy.imageNodeCounts = imageNodeCounts;
        copy.labelKeyCounts = labelKeyCounts;
        return copy;
    }

    /** NodeInfos().List(): every node, in the node tree's order. */
    List<NodeInfo> nodes() {
        return nodeList;
    }

    /** NodeInfos().Get: the node of that name, or null. */
    NodeInfo node(String name) {
        Integer i = index.get(name);
        return i == null ? null : nodes[i];
    }

    /** The columns while they hold this snapshot's nodes; null once a later snapshot took them over. */
    private NodeColumns current() {
        return columns.version() == version ? columns : null;
    }

    /** The {@link NodeColumns} trait bits of the node at position {@code i} of {@link #nodes()}. */
    byte traits(int i) {
        NodeColumns c = current();
        return c != null ? c.traits(i) : NodeColumns.traits(nodes[i]);
    }

    /** How many more pods the node at position {@code i} of {@link #nodes()} takes (allocatable pods minus its pods). */
    long podRoom(int i) {
        NodeColumns c = current();
        return c != null ? c.podRoom(i) : NodeColumns.podRoom(nodes[i]);
    }

    /** NonZeroRequested cpu of the node at position {@code i} (see {@link NodeInfo#nonZeroMilliCpu}). */
    long nonZeroMilliCpu(int i) {
        NodeColumns c = current();
        return c != null ? c.nonZeroMilliCpu(i) : nodes[i].nonZeroMilliCpu();
    }

    long nonZeroMemory(int i) {
        NodeColumns c = current();
        return c != null ? c.nonZeroMemory(i) : nodes[i].nonZeroMemory();
    }

    long allocatableMilliCpu(int i) {
        NodeColumns c = current();
        return c != null ? c.allocatableMilliCpu(i) : nodes[i].allocatable().milliCpu();
    }

    long allocatableMemory(int i) {
        NodeColumns c = current();
        return c != null ? c.allocatableMemory(i) : nodes[i].allocatable().memory();
    }

    /** HavePodsWithAffinityList. */
    List<NodeInfo> havePodsWithAffinity() {
        return at(withAffinity);
    }

    /** HavePodsWithRequiredAntiAffinityList. */
    List<NodeInfo> havePodsWithRequiredAntiAffinity() {
        return at(withRequiredAntiAffinity);
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
        return nominated.isEmpty() ? List.of() : nominated.getOrDefault(node, List.of());
    }

    /** Whether any pod is nominated to any node. */
    boolean hasNominatedPods() {
        return !nominated.isEmpty();
    }

    private List<NodeInfo> at(int[] positions) {
        List<NodeInfo> list = new ArrayList<>(positions.length);
        for (int i : positions) {
            list.add(nodes[i]);
        }
        return list;
    }

    private static Map<String, Integer> index(NodeInfo[] nodes) {
        Map<String, Integer> index = new HashMap<>(nodes.length * 2);
        for (int i = 0; i < nodes.length; i++) {
            index.put(nodes[i].name(), i);
        }
        return index;
    }

    private static int[] positions(NodeInfo[] nodes, boolean affinity) {
        int count = 0;
        int[] positions = new int[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            if (!(affinity ? nodes[i].podsWithAffinity() : nodes[i].podsWithRequiredAntiAffinity()).isEmpty()) {
                positions[count++] = i;
            }
        }
        return java.util.Arrays.copyOf(positions, count);
    }

    /** An unmodifiable view of the array, which nothing modifies: the snapshot copies it to change it. */
    private static final class Nodes extends AbstractList<NodeInfo> implements RandomAccess {
        private final NodeInfo[] nodes;

        Nodes(NodeInfo[] nodes) {
            this.nodes = nodes;
        }

        @Override
        public NodeInfo get(int index) {
            return nodes[index];
        }

        @Override
        public int size() {
            return nodes.length;
        }
    }
}
