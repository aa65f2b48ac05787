package dev.peapod.scheduler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The PostFilter: decides whether evicting lower-priority pods could make room, and says why not
 * (kubernetes: pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go and
 * pkg/scheduler/framework/preemption/preemption.go, Preempt / findCandidates / SelectVictimsOnNode).
 *
 * <p>Peapod runs the dry run only. When it finds a node where evicting every lower-priority pod
 * would let the pod fit, upstream would evict victims and nominate the node; Peapod does not (yet),
 * and reports the candidate instead of pretending.
 */
final class DefaultPreemption {
    static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";
    static final String NO_VICTIMS = "No preemption victims found for incoming pod";

    /** What preemption says, and the first node where it would have evicted pods, if any. */
    record Result(String message, String candidateNode) {
    }

    /**
     * @param filters runs every Filter plugin the pod did not skip on a node, first failure wins
     */
    Result postFilter(PodInfo pod, FitError fitError, Snapshot snapshot, BiFunction<PodInfo, NodeInfo, Status> filters) {
        if ("Never".equals(pod.pod().getSpec().getPreemptionPolicy())) {
            return new Result("preemption: not eligible due to preemptionPolicy=Never.", null);
        }
        Map<String, Status> statuses = new LinkedHashMap<>();
        List<String> candidates = new ArrayList<>();
        for (NodeInfo node : snapshot.nodes()) {
            Status status = fitError.statuses().get(node.name());
            if (status == null || status.code() != Status.Code.UNSCHEDULABLE) {
                continue; // nodesWherePreemptionMightHelp: only nodes that failed with Unschedulable
            }
            Status dryRun = selectVictims(pod, node, filters);
            if (dryRun.isSuccess()) {
                candidates.add(node.name());
            } else {
                statuses.put(node.name(), dryRun);
            }
        }
        if (!candidates.isEmpty()) {
            return new Result("", candidates.get(0));
        }
        FitError preemption = new FitError(snapshot.nodes().size(), statuses, Status.unresolvable(NOT_HELPFUL), "", "");
        return new Result("preemption: " + preemption.message(), null);
    }

    /** SelectVictimsOnNode up to its first question: does the pod fit once every lower-priority pod is gone? */
    private static Status selectVictims(PodInfo pod, NodeInfo node, BiFunction<PodInfo, NodeInfo, Status> filters) {
        List<PodInfo> lower = node.pods().stream().filter(p -> p.priority() < pod.priority()).toList();
        if (lower.isEmpty()) {
            return Status.unresolvable(NO_VICTIMS);
        }
        return filters.apply(pod, node.without(lower));
    }
}
