package dev.peapod.controllers;

import dev.peapod.store.Timestamps;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which pods a scale-down deletes first (pkg/controller/controller_utils.go ActivePodsWithRanks):
 * unscheduled before scheduled, Pending before Unknown before Running, not ready before ready,
 * pods on nodes crowded with related pods first, then the more recently ready, the more restarted,
 * the newer.
 */
final class DeletionOrder {
    private DeletionOrder() {
    }

    static Comparator<Pod> comparator(List<Pod> related, Instant now) {
        Map<String, Integer> perNode = new HashMap<>();
        for (Pod pod : related) {
            String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
            if (node != null && !node.isEmpty() && Pods.isActive(pod)) {
                perNode.merge(node, 1, Integer::sum);
            }
        }
        Comparator<Pod> order = Comparator.comparing((Pod p) -> assigned(p) ? 1 : 0);
        order = order.thenComparing(p -> phaseRank(p));
        order = order.thenComparing(p -> Pods.isReady(p) ? 1 : 0);
        order = order.thenComparing(p -> -perNode.getOrDefault(nodeOf(p), 0));
        order = order.thenComparing((Pod p) -> readySince(p), Comparator.nullsLast(Comparator.reverseOrder()));
        order = order.thenComparing(p -> -maxRestarts(p));
        order = order.thenComparing((Pod p) -> created(p), Comparator.nullsFirst(Comparator.reverseOrder()));
        return order.thenComparing(ReplicaSetController.BY_NAME);
    }

    private static boolean assigned(Pod pod) {
        return pod.getSpec() != null && pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
    }

    private static String nodeOf(Pod pod) {
        return assigned(pod) ? pod.getSpec().getNodeName() : "";
    }

    /** podPhaseToOrdinal: Pending 0, Unknown 1, Running 2. */
    private static int phaseRank(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Pending".equals(phase)) {
            return 0;
        }
        if ("Unknown".equals(phase)) {
            return 1;
        }
        if ("Running".equals(phase)) {
            return 2;
        }
        return 3;
    }

    private static Instant readySince(Pod pod) {
        if (!Pods.isReady(pod)) {
            return null;
        }
        return Pods.readyCondition(pod).map(c -> c.getLastTransitionTime() == null ? null
                : Timestamps.parse(c.getLastTransitionTime())).orElse(null);
    }

    private static int maxRestarts(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return 0;
        }
        return pod.getStatus().getContainerStatuses().stream().mapToInt(ContainerStatus::getRestartCount).max().orElse(0);
    }

    private static Instant created(Pod pod) {
        String at = pod.getMetadata().getCreationTimestamp();
        return at == null ? null : Timestamps.parse(at);
    }
}
