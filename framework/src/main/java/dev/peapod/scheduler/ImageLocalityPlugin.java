package dev.peapod.scheduler;

import io.fabric8.kubernetes.api.model.Container;

import java.util.ArrayList;
import java.util.List;

/**
 * Favours nodes that already have the pod's images, by size and by how many nodes share them
 * (kubernetes: pkg/scheduler/framework/plugins/imagelocality/image_locality.go). Nodes that report
 * no status.images all score 0.
 */
final class ImageLocalityPlugin implements ScorePlugin {
    static final String NAME = "ImageLocality";
    private static final long MB = 1024 * 1024;
    private static final long MIN_THRESHOLD = 23 * MB;
    private static final long MAX_CONTAINER_THRESHOLD = 1000 * MB;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int weight() {
        return 1;
    }

    @Override
    public long score(PodInfo pod, NodeInfo node, Snapshot snapshot) {
        List<Container> containers = new ArrayList<>();
        if (pod.pod().getSpec().getInitContainers() != null) {
            containers.addAll(pod.pod().getSpec().getInitContainers());
        }
        if (pod.pod().getSpec().getContainers() != null) {
            containers.addAll(pod.pod().getSpec().getContainers());
        }
        long sum = 0;
        for (Container container : containers) {
            String image = normalized(container.getImage());
            Long size = node.images().get(image);
            if (size != null) {
                double spread = (double) snapshot.imageNodeCount(image) / (double) snapshot.nodes().size();
                sum += (long) (size * spread);
            }
        }
        return priority(sum, containers.size());
    }

    /** calculatePriority: the summed score scaled between 23 MB and 1000 MB per container. */
    private static long priority(long sum, int containers) {
        long max = MAX_CONTAINER_THRESHOLD * containers;
        long clamped = Math.min(Math.max(sum, MIN_THRESHOLD), max);
        return max == MIN_THRESHOLD ? 0 : MAX_NODE_SCORE * (clamped - MIN_THRESHOLD) / (max - MIN_THRESHOLD);
    }

    /** normalizedImageName: a name without a tag gets ":latest". */
    static String normalized(String image) {
        if (image == null) {
            return "";
        }
        return image.lastIndexOf(':') <= image.lastIndexOf('/') ? image + ":latest" : image;
    }
}
