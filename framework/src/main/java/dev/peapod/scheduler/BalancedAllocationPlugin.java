package dev.peapod.scheduler;

/**
 * Favours nodes whose cpu and memory would be used in equal fractions: score = (1 - std) * 100 over
 * the requested fractions (kubernetes: pkg/scheduler/framework/plugins/noderesources/balanced_allocation.go,
 * v1.33 form, before the v1.35 rewrite that compares with and without the pod).
 */
final class BalancedAllocationPlugin implements ScorePlugin {
    static final String NAME = "NodeResourcesBalancedAllocation";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int weight() {
        return 1;
    }

    /** Skip best-effort pods, which request no cpu and no memory (PR #130260, v1.33). */
    @Override
    public boolean preScore(PodInfo pod) {
        return pod.requests().milliCpu() != 0 || pod.requests().memory() != 0;
    }

    /** Uses the pods' real requests (useRequested), not the 100m/200Mi scoring defaults. */
    @Override
    public long score(PodInfo pod, NodeInfo node, Snapshot snapshot) {
        long[] requested = {node.requested().milliCpu() + pod.requests().milliCpu(),
                node.requested().memory() + pod.requests().memory()};
        long[] allocatable = {node.allocatable().milliCpu(), node.allocatable().memory()};
        double[] fractions = new double[requested.length];
        int count = 0;
        double total = 0;
        for (int i = 0; i < requested.length; i++) {
            if (allocatable[i] == 0) {
                continue;
            }
            double fraction = Math.min(1, (double) requested[i] / (double) allocatable[i]);
            total += fraction;
            fractions[count++] = fraction;
        }
        double std = 0;
        if (count == 2) {
            std = Math.abs((fractions[0] - fractions[1]) / 2);
        } else if (count > 2) {
            double mean = total / count;
            double sum = 0;
            for (int i = 0; i < count; i++) {
                sum += (fractions[i] - mean) * (fractions[i] - mean);
            }
            std = Math.sqrt(sum / count);
        }
        return (long) ((1 - std) * (double) MAX_NODE_SCORE);
    }
}
