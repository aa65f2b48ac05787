package dev.peapod.manifest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import org.apiguardian.api.API;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * What {@code apply} did with one object, as {@code kubectl apply} reports it:
 * {@code pod/web created}, {@code deployment.apps/web configured}, {@code configmap/settings unchanged}.
 *
 * <p>{@link #warnings()} are the apply's {@code Warning:} lines: first the API server's own warnings
 * for the write, in its words ({@code spec.containers[0].resources.limits[memory]: fractional byte
 * value "100m" is invalid, must be an integer}; {@link #apiWarnings()} lists only these), then what
 * the apply did not do that a real cluster would: a kind Peapod stores but does not simulate says so
 * ({@code not simulated: Peapod stores and validates Deployment objects but does not run them: no
 * ReplicaSet or pod is created for it}). The cluster's timeline carries the same words.
 *
 * @param object the object as stored after the apply
 * @param warnings the API server's warnings, then what Peapod did not do with it; empty for a clean
 *                 object of a kind Peapod simulates
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Applied(HasMetadata object, Action action, List<String> warnings) {

    public enum Action {
        /** It did not exist and was created. */
        CREATED,
        /** It existed and was updated: its resourceVersion changed. */
        CONFIGURED,
        /** It existed and the manifest changed nothing: nothing was written. */
        UNCHANGED
    }

    public Applied {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(action, "action");
        warnings = List.copyOf(warnings);
    }

    /** The result for an object of a kind Peapod simulates, or with its warnings worked out from its kind. */
    public Applied(HasMetadata object, Action action) {
        this(object, action, Simulated.warnings(object));
    }

    /**
     * The result with the API server's warnings for the write, followed by Peapod's not-simulated
     * note for the object's kind, if any.
     */
    static Applied withApiWarnings(HasMetadata object, Action action, List<String> apiWarnings) {
        List<String> warnings = new java.util.ArrayList<>(apiWarnings);
        warnings.addAll(Simulated.warnings(object));
        return new Applied(object, action, warnings);
    }

    /**
     * The API server's warnings among {@link #warnings()}, in its words, without Peapod's
     * not-simulated notes: what {@code kubectl apply} would print after {@code Warning: }.
     */
    public List<String> apiWarnings() {
        return warnings.stream().filter(warning -> !warning.startsWith(Simulated.PREFIX)).toList();
    }

    /** kubectl's name for the object: {@code pod/web}; a kind of a named API group carries it ({@code deployment.apps/web}). */
    public String resource() {
        return object instanceof io.fabric8.kubernetes.api.model.Pod ? "pod/" + object.getMetadata().getName()
                : dev.peapod.timeline.Timeline.subject(object);
    }

    /** kubectl's line: {@code pod/web created}, {@code deployment.apps/web configured}. */
    @Override
    public String toString() {
        return resource() + " " + action.name().toLowerCase(Locale.ROOT);
    }
}
