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
    /** The pod whose {@link #images} these are: the scheduler scores one pod at a time, on the event loop. */
    private PodInfo imagesOf;
    private List<String> images;

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
        List<String> images = images(pod);
        long sum = 0;
        if (!node.images().isEmpty()) {
            for (String image : images) {
                Long size = node.images().get(image);
                if (size != null) {
                    double spread = (double) snapshot.imageNodeCount(image) / (double) snapshot.nodes().size();
                    sum += (long) (size * spread);
                }
            }
        }
        return priority(sum, images.size());
    }

    /** A node that reports no images scores as for no image of the pod's: read from its columns. */
    @Override
    public long score(PodInfo pod, int index, NodeInfo node, Snapshot snapshot, int at) {
        if (at >= 0 && (snapshot.traits(at) & NodeColumns.HAS_IMAGES) == 0) {
            return priority(0, images(pod).size());
        }
        return score(pod, node, snapshot);
    }

    /** The normalized images of the pod's init and regular containers, worked out once per cycle's pod. */
    private List<String> images(PodInfo pod) {
        if (pod != imagesOf) {
            List<String> names = new ArrayList<>();
            List<Container> init = pod.pod().getSpec().getInitContainers();
            List<Container> containers = pod.pod().getSpec().getContainers();
            (init == null ? List.<Container>of() : init).forEach(c -> names.add(normalized(c.getImage())));
            (containers == null ? List.<Container>of() : containers).forEach(c -> names.add(normalized(c.getImage())));
            images = names;
            imagesOf = pod;
        }
        return images;
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
