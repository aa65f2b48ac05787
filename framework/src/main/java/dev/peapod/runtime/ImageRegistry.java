package dev.peapod.runtime;

import dev.peapod.core.PeapodException;
import org.apiguardian.api.API;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The registries the cluster's nodes pull from, as one: every image can be pulled, in its own pull
 * time if one is scripted, else in {@link #pullDuration()} (zero unless set), except those declared
 * unpullable, whose pulls fail with their error. Each image has a size: the declared one, else
 * {@link ImageSizes#builtIn}. Shared by every node's {@link NodeRuntime}.
 *
 * <p>Images are compared as containerd names them, so {@code nginx} and
 * {@code docker.io/library/nginx:latest} are one image.
 */
@API(status = INTERNAL, since = "0.1")
public final class ImageRegistry {
    /** Images no registry will give, by normalized reference, with the error the pull fails with. */
    private final Map<String, String> unpullable = new LinkedHashMap<>();
    /** Pull times scripted per image, by normalized reference. */
    private final Map<String, Duration> pullTimes = new LinkedHashMap<>();
    /** Sizes declared per image, by normalized reference. */
    private final Map<String, Long> sizes = new LinkedHashMap<>();
    private Duration pullDuration = Duration.ZERO;

    /**
     * A pull of this image fails with {@code error} (null: containerd's NotFound answer). Images are
     * compared as containerd names them, so {@code nginx} and {@code docker.io/library/nginx:latest}
     * are one image.
     */
    public void imageCannotBePulled(String image, String error) {
        unpullable.put(Images.normalized(image), error == null ? Images.notFound(image) : error);
    }

    /** The error a pull of this image fails with; null when it pulls. */
    public String pullError(String image) {
        return unpullable.get(Images.normalized(image));
    }

    /** How long a successful pull of an image without a time of its own takes from now on. */
    public void pullsTake(Duration duration) {
        this.pullDuration = checked(duration);
    }

    /** How long a successful pull of this image takes from now on, whatever {@link #pullsTake} says. */
    public void pullTakes(String image, Duration duration) {
        pullTimes.put(Images.normalized(image), checked(duration));
    }

    /** The pull time of images without one of their own. */
    public Duration pullDuration() {
        return pullDuration;
    }

    /** How long a successful pull of this image takes: its own time, else {@link #pullDuration()}. */
    public Duration pullDuration(String image) {
        return pullTimes.getOrDefault(Images.normalized(image), pullDuration);
    }

    /** This image's size in bytes, as containerd's ImageStatus reports it (the compressed size). */
    public void size(String image, long bytes) {
        if (bytes < 0) {
            throw new PeapodException("an image's size cannot be negative, but " + image + " was given " + bytes + " bytes");
        }
        sizes.put(Images.normalized(image), bytes);
    }

    /** The image's size in bytes: the declared one, else {@link ImageSizes#builtIn}. */
    public long size(String image) {
        Long declared = sizes.get(Images.normalized(image));
        return declared != null ? declared : ImageSizes.builtIn(image);
    }

    private static Duration checked(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new PeapodException("a pull cannot take a negative time, but was " + duration);
        }
        return duration;
    }
}
