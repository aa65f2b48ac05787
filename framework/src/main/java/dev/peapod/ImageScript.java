package dev.peapod;

import dev.peapod.core.Checks;
import dev.peapod.core.PeapodException;
import dev.peapod.runtime.ImageRegistry;
import dev.peapod.time.EngineLock;
import org.apiguardian.api.API;

import java.time.Duration;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * What the registry does with one image, from {@link FakeCluster#image(String)}:
 * <pre>{@code
 * cluster.image("registry.example.com/team/api:2").pullTakes(Duration.ofSeconds(12)).size(48_000_000);
 * cluster.image("nginx:nope").cannotBePulled();
 * }</pre>
 * Images are compared as containerd names them: {@code nginx} and {@code docker.io/library/nginx:latest}
 * are one image. Each call holds from then on, for every node; a pull already under way keeps its time.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ImageScript {
    private final ImageRegistry registry;
    private final String image;
    private final EngineLock.Guard guard;

    ImageScript(ImageRegistry registry, String image, EngineLock.Guard guard) {
        this.registry = registry;
        this.image = image;
        this.guard = guard;
    }

    /**
     * A pull of this image takes this long, whatever {@link FakeCluster#imagePullsTake} says. A node
     * pulls one image at a time (the kubelet's default {@code serializeImagePulls: true}), so a pull
     * asked while another runs on the node waits for it.
     */
    public ImageScript pullTakes(Duration duration) {
        try (EngineLock.Held held = guard.enter("ImageScript.pullTakes")) {
            Checks.notNull(duration, "duration");
            if (duration.isNegative()) {
                throw new PeapodException("image " + image + ": a pull cannot take a negative time, but was " + duration
                        + "; give Duration.ZERO or more");
            }
            registry.pullTakes(image, duration);
            return this;
        }
    }

    /**
     * The image's size in bytes, as the {@code Pulled} event ("Image size: 48000000 bytes.") and the
     * node's {@code status.images} say it; containerd reports an image's compressed size. Without it,
     * the images of Peapod's built-in profiles have a real size and other images 0.
     */
    public ImageScript size(long bytes) {
        try (EngineLock.Held held = guard.enter("ImageScript.size")) {
            if (bytes < 0) {
                throw new PeapodException("image " + image + ": a size cannot be negative, but was " + bytes + " bytes");
            }
            registry.size(image, bytes);
            return this;
        }
    }

    /**
     * No registry gives this image (a typo, a missing tag): pulls fail with containerd's NotFound
     * answer and the container waits in ErrImagePull / ImagePullBackOff.
     */
    public ImageScript cannotBePulled() {
        try (EngineLock.Held held = guard.enter("ImageScript.cannotBePulled")) {
            registry.imageCannotBePulled(image, null);
            return this;
        }
    }
}
