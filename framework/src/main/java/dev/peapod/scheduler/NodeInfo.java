package dev.peapod.scheduler;

import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.Node;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A node with the pods the scheduler counts on it (bound and not terminal) and their sums
 * (kubernetes: pkg/scheduler/framework/types.go, NodeInfo).
 *
 * @param images image name to size in bytes, from status.images (NodeInfo.ImageStates)
 */
record NodeInfo(Node node, List<PodInfo> pods, Resource requested, long nonZeroMilliCpu, long nonZeroMemory,
                Resource allocatable, HostPorts usedPorts, Map<String, Long> images) {

    static NodeInfo of(Node node, List<PodInfo> pods) {
        Resource requested = Resource.ZERO;
        long cpu = 0;
        long memory = 0;
        HostPorts ports = new HostPorts();
        for (PodInfo pod : pods) {
            requested = requested.plus(pod.requests());
            cpu += pod.nonZeroMilliCpu();
            memory += pod.nonZeroMemory();
            pod.ports().forEach(ports::add);
        }
        Resource allocatable = PodResources.allocatable(node.getStatus() == null ? null : node.getStatus().getAllocatable());
        return new NodeInfo(node, List.copyOf(pods), requested, cpu, memory, allocatable, ports, images(node));
    }

    String name() {
        return node.getMetadata().getName();
    }

    /** The same node without some of its pods, as preemption's dry run sees it. */
    NodeInfo without(List<PodInfo> removed) {
        return of(node, pods.stream().filter(p -> !removed.contains(p)).toList());
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
