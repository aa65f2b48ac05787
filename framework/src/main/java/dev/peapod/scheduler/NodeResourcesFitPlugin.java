package dev.peapod.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Requests against allocatable minus what the node's pods request, and the pod count; scores with
 * LeastAllocated over cpu and memory, weight 1 each
 * (kubernetes: pkg/scheduler/framework/plugins/noderesources/fit.go, least_allocated.go, resource_allocation.go).
 */
final class NodeResourcesFitPlugin implements FilterPlugin, ScorePlugin {
    static final String NAME = "NodeResourcesFit";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int weight() {
        return 1;
    }

    /**
     * Every insufficient resource is a reason of its own, so one node can add several entries to
     * the FitError histogram. Unschedulable in v1.33; v1.34 made a request above the node's whole
     * allocatable UnschedulableAndUnresolvable (PR #131345).
     */
    @Override
    public Status filter(PodInfo pod, NodeInfo node) {
        List<String> reasons = insufficient(pod.requests(), node);
        return reasons.isEmpty() ? Status.SUCCESS : Status.unschedulable(reasons);
    }

    /** A pod that requests nothing but its place fits a node with room for one more pod (most pods, issue #13). */
    @Override
    public Status filter(PodInfo pod, Snapshot snapshot, int i) {
        return pod.requests().isEmpty() && snapshot.podRoom(i) >= 1 ? Status.SUCCESS : filter(pod, snapshot.nodes().get(i));
    }

    /** fitsRequest: the reasons in upstream's order (pods, cpu, memory, ephemeral-storage, then scalars by name). */
    static List<String> insufficient(Resource request, NodeInfo node) {
        Resource allocatable = node.allocatable();
        Resource requested = node.requested();
        boolean tooMany = node.pods().size() + 1 > allocatable.allowedPods();
        if (request.isEmpty()) {
            return tooMany ? List.of("Too many pods") : List.of(); // no list to allocate for most nodes
        }
        List<String> reasons = new ArrayList<>();
        if (tooMany) {
            reasons.add("Too many pods");
        }
        if (request.milliCpu() > 0 && request.milliCpu() > allocatable.milliCpu() - requested.milliCpu()) {
            reasons.add("Insufficient cpu");
        }
        if (request.memory() > 0 && request.memory() > allocatable.memory() - requested.memory()) {
            reasons.add("Insufficient memory");
        }
        if (request.ephemeralStorage() > 0
                && request.ephemeralStorage() > allocatable.ephemeralStorage() - requested.ephemeralStorage()) {
            reasons.add("Insufficient ephemeral-storage");
        }
        for (Map.Entry<String, Long> scalar : request.scalars().entrySet()) {
            long wanted = scalar.getValue();
            if (wanted != 0 && wanted > allocatable.scalar(scalar.getKey()) - requested.scalar(scalar.getKey())) {
                reasons.add("Insufficient " + scalar.getKey());
            }
        }
        return reasons;
    }

    /**
     * Node Add | UpdateNodeAllocatable: the pod fits the node when empty and, for an update, some
     * resource it requests grew; AssignedPod Delete of a bound pod.
     */
    @Override
    public boolean isSchedulableAfter(ClusterEvent event, Pod pod) {
        return switch (event.type()) {
            case NODE_ADD, NODE_UPDATE_ALLOCATABLE -> {
                Resource request = PodInfo.of(pod).requests();
                Node updated = (Node) event.newObject();
                if (!insufficient(request, NodeInfo.of(updated, List.of())).isEmpty()) {
                    yield false;
                }
                yield event.oldObject() == null || increased(request, allocatable((Node) event.oldObject()), allocatable(updated));
            }
            case ASSIGNED_POD_DELETE -> boundOrNominated((Pod) event.oldObject());
            default -> false;
        };
    }

    /** haveAnyRequestedResourcesIncreased. */
    private static boolean increased(Resource request, Resource before, Resource after) {
        if (after.allowedPods() > before.allowedPods()) {
            return true;
        }
        if (request.isEmpty()) {
            return false;
        }
        if ((request.milliCpu() > 0 && after.milliCpu() > before.milliCpu())
                || (request.memory() > 0 && after.memory() > before.memory())
                || (request.ephemeralStorage() > 0 && after.ephemeralStorage() > before.ephemeralStorage())) {
            return true;
        }
        return request.scalars().entrySet().stream()
                .anyMatch(e -> e.getValue() != 0 && after.scalar(e.getKey()) > before.scalar(e.getKey()));
    }

    /** LeastAllocated over cpu and memory, counting 100m and 200Mi for containers that request nothing. */
    @Override
    public long score(PodInfo pod, NodeInfo node, Snapshot snapshot) {
        return leastAllocated(node.nonZeroMilliCpu() + pod.nonZeroMilliCpu(), node.nonZeroMemory() + pod.nonZeroMemory(),
                node.allocatable().milliCpu(), node.allocatable().memory());
    }

    @Override
    public long score(PodInfo pod, int index, NodeInfo node, Snapshot snapshot, int at) {
        if (at < 0) {
            return score(pod, node, snapshot);
        }
        return leastAllocated(snapshot.nonZeroMilliCpu(at) + pod.nonZeroMilliCpu(), snapshot.nonZeroMemory(at) + pod.nonZeroMemory(),
                snapshot.allocatableMilliCpu(at), snapshot.allocatableMemory(at));
    }

    /** The mean of the resources' scores, over those the node has (weight 1 each). */
    private static long leastAllocated(long requestedCpu, long requestedMemory, long allocatableCpu, long allocatableMemory) {
        long nodeScore = 0;
        long weightSum = 0;
        if (allocatableCpu != 0) {
            nodeScore += leastRequestedScore(requestedCpu, allocatableCpu);
            weightSum++;
        }
        if (allocatableMemory != 0) {
            nodeScore += leastRequestedScore(requestedMemory, allocatableMemory);
            weightSum++;
        }
        return weightSum == 0 ? 0 : nodeScore / weightSum;
    }

    private static long leastRequestedScore(long requested, long capacity) {
        if (capacity == 0 || requested > capacity) {
            return 0;
        }
        return (capacity - requested) * MAX_NODE_SCORE / capacity;
    }

    static boolean boundOrNominated(Pod pod) {
        String node = pod.getSpec().getNodeName();
        String nominated = pod.getStatus() == null ? null : pod.getStatus().getNominatedNodeName();
        return (node != null && !node.isEmpty()) || (nominated != null && !nominated.isEmpty());
    }

    private static Resource allocatable(Node node) {
        return PodResources.allocatable(node.getStatus() == null ? null : node.getStatus().getAllocatable());
    }
}
