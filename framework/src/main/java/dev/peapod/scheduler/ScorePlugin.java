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

    long score(PodInfo pod, NodeInfo node, Snapshot snapshot);

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
