package dev.peapod.runtime;

import org.apiguardian.api.API;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The registries the cluster's nodes pull from, as one: every image can be pulled, in
 * {@link #pullDuration()} (zero unless set), except those declared unpullable, whose pulls fail
 * with their error. Shared by every node's {@link NodeRuntime}.
 */
@API(status = INTERNAL, since = "0.1")
public final class ImageRegistry {
    /** Images no registry will give, by normalized reference, with the error the pull fails with. */
    private final Map<String, String> unpullable = new LinkedHashMap<>();
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

    /** How long a successful pull takes from now on. */
    public void pullsTake(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new dev.peapod.core.PeapodException("a pull cannot take a negative time, but was " + duration);
        }
        this.pullDuration = duration;
    }

    public Duration pullDuration() {
        return pullDuration;
    }
}
