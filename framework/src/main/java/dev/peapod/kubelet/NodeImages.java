package dev.peapod.kubelet;

import dev.peapod.runtime.NodeImage;
import dev.peapod.runtime.NodeRuntime;
import dev.peapod.runtime.PullResult;
import dev.peapod.spi.ClusterContext;
import dev.peapod.time.Timer;
import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.ContainerImageBuilder;
import io.fabric8.kubernetes.api.model.Node;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The kubelet's side of the node's images: whether an image is on the node, the serial puller every
 * pod worker pulls through, and the Node's {@code status.images}.
 *
 * <p>A node whose spec lists no images has every image a registry would give (Peapod's default, so
 * that a spec need not list them); its status lists none. A node that lists its images has exactly
 * those at start and learns the ones it pulls; its status lists them, largest first, at most 50
 * (the kubelet's default {@code nodeStatusMaxImages}; nodestatus/setters.go Images). The kubelet
 * reads the list from its image cache, which it refreshes from the runtime every 30 s
 * (pkg/kubelet/images/image_gc_manager.go Start), and its node status sync publishes it: here a
 * pulled image reaches {@code status.images} at the first refresh, counted from the kubelet's start,
 * at or after the pull.
 */
final class NodeImages {
    /** kubelet config nodeStatusMaxImages default (pkg/kubelet/apis/config/v1beta1/defaults.go). */
    static final int MAX_IMAGES_IN_STATUS = 50;
    /** The image cache's refresh period (image_gc_manager.go: wait.Until(..., 30*time.Second, ...)). */
    static final Duration CACHE_REFRESH = Duration.ofSeconds(30);

    private final NodeRuntime runtime;
    private final SerialImagePuller puller;
    private ClusterContext context;
    private String nodeName;
    private Instant startedAt;
    private Timer refresh;

    NodeImages(NodeRuntime runtime, List<String> declared) {
        this.runtime = runtime;
        this.puller = new SerialImagePuller(runtime);
        if (declared != null) {
            runtime.declareImages(declared);
        }
    }

    void start(ClusterContext context, String nodeName) {
        this.context = context;
        this.nodeName = nodeName;
        this.startedAt = context.clock().now();
    }

    /** ImageStatus as the image manager asks it: a node that lists no images has every image a registry gives. */
    boolean present(String image) {
        if (!runtime.declaresImages()) {
            return runtime.pullError(image) == null;
        }
        return runtime.imagePresent(image);
    }

    /** Pulls through the node's serial puller; a node that lists its images publishes the new one at the next cache refresh. */
    void pull(String image, Consumer<PullResult> done) {
        puller.pull(image, result -> {
            if (result.pulled() && runtime.declaresImages()) {
                scheduleRefresh();
            }
            done.accept(result);
        });
    }

    /** {@code status.images} now; null for a node that lists no images. */
    List<ContainerImage> status() {
        if (!runtime.declaresImages()) {
            return null;
        }
        List<ContainerImage> list = new ArrayList<>();
        for (NodeImage image : runtime.images()) {
            if (list.size() == MAX_IMAGES_IN_STATUS) {
                break;
            }
            list.add(new ContainerImageBuilder().withNames(image.names()).withSizeBytes(image.sizeBytes()).build());
        }
        return list;
    }

    private void scheduleRefresh() {
        if (refresh != null) {
            return;
        }
        long elapsed = Duration.between(startedAt, context.clock().now()).toNanos();
        long period = CACHE_REFRESH.toNanos();
        Instant at = startedAt.plusNanos((elapsed + period - 1) / period * period);
        refresh = context.loop().schedule(at, "image cache of " + nodeName, this::publish);
    }

    /** Whether the kubelet's writes reach the API (set by the kubelet). */
    java.util.function.BooleanSupplier reachesApi = () -> true;

    /** The cache refresh and the node status sync: the Node's status.images, written when it changed. */
    private void publish() {
        refresh = null;
        Node node = context.store().peek(Node.class, null, nodeName);
        if (node == null || !reachesApi.getAsBoolean()) { // a kubelet cut off from the API writes nothing
            return;
        }
        List<ContainerImage> images = status();
        if (images.equals(node.getStatus().getImages())) {
            return;
        }
        context.store().editStatus(Node.class, null, nodeName, copy -> copy.getStatus().setImages(images));
    }
}
