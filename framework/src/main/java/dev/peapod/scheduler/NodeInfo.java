package dev.peapod.scheduler;

import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A node with the pods the scheduler counts on it (bound and not terminal) and their sums
 * (kubernetes: pkg/scheduler/framework/types.go, NodeInfo).
 *
 * @param images                       image name to size in bytes, from status.images (NodeInfo.ImageStates)
 * @param podsWithAffinity             the pods with pod affinity or anti-affinity (NodeInfo.PodsWithAffinity)
 * @param podsWithRequiredAntiAffinity the pods with required pod anti-affinity terms (NodeInfo.PodsWithRequiredAntiAffinity)
 * @param unschedulable                spec.unschedulable, read once per NodeInfo rather than per cycle
 * @param taints                       spec.taints, empty when absent
 * @param matching                     per selector key, how many of the pods a selector matches, counted at
 *                                     the first question (PodTopologySpread's countPodsMatchSelector): a
 *                                     NodeInfo is a new object whenever its node or pods change, so the
 *                                     counts of an unchanged node serve every cycle. Looked up, never iterated.
 */
record NodeInfo(Node node, List<PodInfo> pods, Resource requested, long nonZeroMilliCpu, long nonZeroMemory,
                Resource allocatable, HostPorts usedPorts, Map<String, Long> images, List<PodInfo> podsWithAffinity,
                List<PodInfo> podsWithRequiredAntiAffinity, boolean unschedulable, List<Taint> taints,
                Map<String, Integer> matching) {

    static NodeInfo of(Node node, List<PodInfo> pods) {
        return of(node, pods, null);
    }

    /**
     * @param previous the node's last NodeInfo, whose allocatable and images are reused when the
     *                 node object is the same (a pod change leaves the node as it is); null for none
     */
    static NodeInfo of(Node node, List<PodInfo> pods, NodeInfo previous) {
        Resource requested = Resource.ZERO;
        long cpu = 0;
        long memory = 0;
        HostPorts ports = new HostPorts();
        List<PodInfo> withAffinity = List.of();
        List<PodInfo> withRequiredAntiAffinity = List.of();
        for (PodInfo pod : pods) {
            requested = requested.plus(pod.requests());
            cpu += pod.nonZeroMilliCpu();
            memory += pod.nonZeroMemory();
            pod.ports().forEach(ports::add);
            if (InterPodAffinityPlugin.hasAffinity(pod.pod())) {
                withAffinity = added(withAffinity, pod);
            }
            if (hasRequiredAntiAffinity(pod.pod())) {
                withRequiredAntiAffinity = added(withRequiredAntiAffinity, pod);
            }
        }
        boolean sameNode = previous != null && previous.node() == node;
        Resource allocatable = sameNode ? previous.allocatable()
                : PodResources.allocatable(node.getStatus() == null ? null : node.getStatus().getAllocatable());
        return new NodeInfo(node, List.copyOf(pods), requested, cpu, memory, allocatable, ports,
                sameNode ? previous.images() : images(node), List.copyOf(withAffinity), List.copyOf(withRequiredAntiAffinity),
                NodeUnschedulablePlugin.unschedulable(node),
                node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints(),
                new HashMap<>());
    }

    String name() {
        return node.getMetadata().getName();
    }

    /** The same node without some of its pods, as preemption's dry run sees it. */
    NodeInfo without(List<PodInfo> removed) {
        return of(node, pods.stream().filter(p -> !removed.contains(p)).toList(), this);
    }

    /** podWithRequiredAntiAffinity (types.go). */
    static boolean hasRequiredAntiAffinity(Pod pod) {
        var affinity = pod.getSpec().getAffinity();
        return affinity != null && affinity.getPodAntiAffinity() != null
                && affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() != null
                && !affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().isEmpty();
    }

    private static List<PodInfo> added(List<PodInfo> list, PodInfo pod) {
        List<PodInfo> result = list.isEmpty() ? new ArrayList<>() : list;
        result.add(pod);
        return result;
    }

    private static Map<String, Long> images(Node node) {
        Map<String, Long> images = new TreeMap<>();
        if (node.getStatus() != null && node.getStatus().getImages() != null) {
            for (ContainerImage image : node.getStatus().getImages()) {
                long size = image.getSizeBytes() == null ? 0 : image.getSizeBytes();
                if (image.getNames() != null) {
                    image.getNames().forEach(name -> images.put(name, size));
                }
            }
        }
        return images;
    }
}
