package dev.peapod.scheduler;

/** A Score plugin with its PreScore and NormalizeScore (kubernetes: pkg/scheduler/framework/interface.go). */
interface ScorePlugin {
    /** framework.MaxNodeScore. */
    long MAX_NODE_SCORE = 100;

    String name();

    /** The plugin's weight in the default profile (apis/config/v1/default_plugins.go). */
    int weight();

    /** PreScore: false is Skip, and the plugin scores no node. */
    default boolean preScore(PodInfo pod) {
        return true;
    }

    /** PreScore with the feasible nodes and the cycle's snapshot, for the plugins that count bound pods. */
    default boolean preScore(PodInfo pod, java.util.List<NodeInfo> feasible, Snapshot snapshot) {
        return preScore(pod);
    }

    long score(PodInfo pod, NodeInfo node, Snapshot snapshot);

    /** Score of the {@code index}th feasible node, in the order PreScore got them. */
    default long score(PodInfo pod, int index, NodeInfo node, Snapshot snapshot) {
        return score(pod, node, snapshot);
    }

    /**
     * As {@link #score(PodInfo, int, NodeInfo, Snapshot)} for a node at position {@code at} of the
     * snapshot's nodes (-1 when the node was not taken from there): a plugin whose score shows in
     * the snapshot's per-node columns reads them without reading the node's objects (same score).
     */
    default long score(PodInfo pod, int index, NodeInfo node, Snapshot snapshot, int at) {
        return score(pod, index, node, snapshot);
    }

    /** NormalizeScore, in place; most plugins have none. */
    default void normalize(long[] scores) {
    }

    /** helper.DefaultNormalizeScore: scale to [0, 100] by the highest score, reversed if asked. */
    static void defaultNormalize(long[] scores, boolean reverse) {
        long max = 0;
        for (long score : scores) {
            max = Math.max(max, score);
        }
        for (int i = 0; i < scores.length; i++) {
            if (max == 0) {
                scores[i] = reverse ? MAX_NODE_SCORE : scores[i];
                continue;
            }
            long scaled = MAX_NODE_SCORE * scores[i] / max;
            scores[i] = reverse ? MAX_NODE_SCORE - scaled : scaled;
        }
    }
}
