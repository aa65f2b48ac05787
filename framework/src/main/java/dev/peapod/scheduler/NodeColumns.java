package dev.peapod.scheduler;

/**
 * Per node, in a snapshot's node order, what the filters and scores of nearly every cycle read:
 * whether the node is cordoned, tainted or reports images, how many more pods it takes, and the
 * cpu and memory its pods request (with the scoring defaults) and it has. A cycle reads them from
 * a few arrays rather than from each node's objects (issue #13: at 1,000 nodes every plugin's look
 * at a NodeInfo was a cache miss, a third of creating 10,000 pods).
 *
 * <p>Derived from NodeInfos, which never change. One set of arrays serves one snapshot after the
 * other: {@link Snapshot#updated} rewrites the changed nodes' entries in place and takes the next
 * {@link #version}; an older snapshot, whose version is no longer the arrays', reads its NodeInfos
 * instead (the same values, worked out again).
 */
final class NodeColumns {
    /** spec.unschedulable is true. */
    static final byte UNSCHEDULABLE = 1;
    /** spec.taints is not empty. */
    static final byte TAINTED = 2;
    /** status.images names some image. */
    static final byte HAS_IMAGES = 4;

    private final byte[] traits;
    private final long[] podRoom;
    private final long[] nonZeroMilliCpu;
    private final long[] nonZeroMemory;
    private final long[] allocatableMilliCpu;
    private final long[] allocatableMemory;
    /** The version of the snapshot whose nodes the arrays hold. */
    private long version;

    NodeColumns(NodeInfo[] nodes) {
        traits = new byte[nodes.length];
        podRoom = new long[nodes.length];
        nonZeroMilliCpu = new long[nodes.length];
        nonZeroMemory = new long[nodes.length];
        allocatableMilliCpu = new long[nodes.length];
        allocatableMemory = new long[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            set(i, nodes[i]);
        }
    }

    long version() {
        return version;
    }

    /** The arrays now hold the next snapshot's nodes: call {@link #set} for each node that changed. */
    long advance() {
        return ++version;
    }

    void set(int i, NodeInfo node) {
        traits[i] = traits(node);
        podRoom[i] = podRoom(node);
        nonZeroMilliCpu[i] = node.nonZeroMilliCpu();
        nonZeroMemory[i] = node.nonZeroMemory();
        allocatableMilliCpu[i] = node.allocatable().milliCpu();
        allocatableMemory[i] = node.allocatable().memory();
    }

    static byte traits(NodeInfo node) {
        return (byte) ((node.unschedulable() ? UNSCHEDULABLE : 0) | (node.taints().isEmpty() ? 0 : TAINTED)
                | (node.images().isEmpty() ? 0 : HAS_IMAGES));
    }

    /** Allocatable pods minus the node's pods. */
    static long podRoom(NodeInfo node) {
        return node.allocatable().allowedPods() - node.pods().size();
    }

    byte traits(int i) {
        return traits[i];
    }

    long podRoom(int i) {
        return podRoom[i];
    }

    long nonZeroMilliCpu(int i) {
        return nonZeroMilliCpu[i];
    }

    long nonZeroMemory(int i) {
        return nonZeroMemory[i];
    }

    long allocatableMilliCpu(int i) {
        return allocatableMilliCpu[i];
    }

    long allocatableMemory(int i) {
        return allocatableMemory[i];
    }
}
