package dev.peapod.controllers;

import dev.peapod.store.Timestamps;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which pods a scale-down deletes first: v1.33's ActivePodsWithRanks.Less
 * (pkg/controller/controller_utils.go) with the PodDeletionCost (beta, on) and LogarithmicScaleDown
 * (GA) gates on: unassigned before assigned; Pending, Unknown, then Running; not ready before ready;
 * lower {@code controller.kubernetes.io/pod-deletion-cost} first; more related active pods on the
 * same node first; more recently ready first, compared in log2 buckets of the time since (ties broken
 * by uid); more restarts (then more sidecar restarts) first; newer first, in log2 buckets of age
 * (ties by uid). Upstream's sort.Sort is not stable; Peapod sorts stably from the lister's order.
 */
final class DeletionOrder {
    /** core.PodDeletionCost. */
    static final String POD_DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

    private DeletionOrder() {
    }

    /**
     * getPodsRankedByRelatedPodsOnSameNode + sort: {@code related} are the pods of the ReplicaSets
     * sharing this one's controller (getIndirectlyRelatedPods: none for a ReplicaSet without one),
     * counted per node when active, the node name "" included.
     */
    static Comparator<Pod> comparator(List<Pod> related, Instant now) {
        Map<String, Integer> perNode = new HashMap<>(); // looked up only
        for (Pod pod : related) {
            if (Pods.isActive(pod)) {
                perNode.merge(nodeOf(pod), 1, Integer::sum);
            }
        }
        return (a, b) -> compare(a, b, perNode.getOrDefault(nodeOf(a), 0), perNode.getOrDefault(nodeOf(b), 0), now);
    }

    /** Less as a comparison: negative when {@code a} is deleted before {@code b}. */
    static int compare(Pod a, Pod b, int rankA, int rankB, Instant now) {
        String nodeA = nodeOf(a);
        String nodeB = nodeOf(b);
        if (!nodeA.equals(nodeB) && (nodeA.isEmpty() || nodeB.isEmpty())) {
            return nodeA.isEmpty() ? -1 : 1;
        }
        int phase = Integer.compare(phaseRank(a), phaseRank(b));
        if (phase != 0) {
            return phase;
        }
        if (Pods.isReady(a) != Pods.isReady(b)) {
            return Pods.isReady(a) ? 1 : -1;
        }
        int cost = Integer.compare(deletionCost(a), deletionCost(b));
        if (cost != 0) {
            return cost;
        }
        if (rankA != rankB) {
            return rankA > rankB ? -1 : 1;
        }
        if (Pods.isReady(a) && Pods.isReady(b)) {
            Instant readyA = readySince(a);
            Instant readyB = readySince(b);
            if (!java.util.Objects.equals(readyA, readyB)) {
                return newerFirst(readyA, readyB, a, b, now);
            }
        }
        int restarts = compareRestarts(a, b);
        if (restarts != 0) {
            return restarts;
        }
        Instant createdA = created(a);
        Instant createdB = created(b);
        if (!java.util.Objects.equals(createdA, createdB)) {
            return newerFirst(createdA, createdB, a, b, now);
        }
        return 0;
    }

    /**
     * LogarithmicScaleDown: the instant nearer to now first, compared by floor(log2(now - t)) in
     * nanoseconds (-1 for no time passed), equal buckets by uid; a zero time (absent) counts as the
     * newest (afterOrZero).
     */
    private static int newerFirst(Instant t1, Instant t2, Pod a, Pod b, Instant now) {
        if (t1 == null || t2 == null) {
            return t1 == null ? -1 : 1;
        }
        long diff = logRank(Duration.between(t1, now)) - logRank(Duration.between(t2, now));
        if (diff == 0) {
            return uid(a).compareTo(uid(b));
        }
        return diff < 0 ? -1 : 1;
    }

    /** int64(math.Log2(float64(d))) for d > 0, else -1. */
    static long logRank(Duration since) {
        if (since.isNegative() || since.isZero()) {
            return -1;
        }
        // floor(log2(n)) exactly; Go's math.Log2 is exact on powers of two and agrees below 2^53 ns
        return 63 - Long.numberOfLeadingZeros(since.toNanos());
    }

    private static String uid(Pod pod) {
        return pod.getMetadata().getUid() == null ? "" : pod.getMetadata().getUid();
    }

    private static String nodeOf(Pod pod) {
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return node == null ? "" : node;
    }

    /** podPhaseToOrdinal: Pending 0, Unknown 1, Running 2; a phase not in the map reads as 0. */
    private static int phaseRank(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Unknown".equals(phase)) {
            return 1;
        }
        return "Running".equals(phase) ? 2 : 0;
    }

    /**
     * helper.GetDeletionCostFromPodAnnotations: an int32 without a plus sign or leading zeros; anything
     * else counts as 0.
     */
    static int deletionCost(Pod pod) {
        String value = pod.getMetadata().getAnnotations() == null ? null : pod.getMetadata().getAnnotations().get(POD_DELETION_COST);
        if (value == null || value.isEmpty()) {
            return 0;
        }
        char first = value.charAt(0);
        boolean validFirst = first == '-' || value.equals("0") || (first >= '1' && first <= '9');
        if (!validFirst) {
            return 0;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Instant readySince(Pod pod) {
        return Pods.readyCondition(pod).filter(c -> "True".equals(c.getStatus()) && c.getLastTransitionTime() != null)
                .map(c -> Timestamps.parse(c.getLastTransitionTime())).orElse(null);
    }

    /** compareMaxContainerRestarts: more restarts of regular containers first, then of sidecars. */
    private static int compareRestarts(Pod a, Pod b) {
        int regular = Integer.compare(maxRestarts(a, false), maxRestarts(b, false));
        if (regular != 0) {
            return -regular;
        }
        return -Integer.compare(maxRestarts(a, true), maxRestarts(b, true));
    }

    private static int maxRestarts(Pod pod, boolean sidecars) {
        if (pod.getStatus() == null) {
            return 0;
        }
        List<ContainerStatus> statuses;
        Set<String> names = null;
        if (sidecars) {
            names = new HashSet<>();
            List<Container> inits = pod.getSpec() == null || pod.getSpec().getInitContainers() == null
                    ? List.of() : pod.getSpec().getInitContainers();
            for (Container init : inits) {
                if ("Always".equals(init.getRestartPolicy())) {
                    names.add(init.getName());
                }
            }
            statuses = pod.getStatus().getInitContainerStatuses();
        } else {
            statuses = pod.getStatus().getContainerStatuses();
        }
        int max = 0;
        for (ContainerStatus status : statuses == null ? new ArrayList<ContainerStatus>() : statuses) {
            if ((names == null || names.contains(status.getName())) && status.getRestartCount() != null) {
                max = Math.max(max, status.getRestartCount());
            }
        }
        return max;
    }

    private static Instant created(Pod pod) {
        String at = pod.getMetadata().getCreationTimestamp();
        return at == null ? null : Timestamps.parse(at);
    }
}
