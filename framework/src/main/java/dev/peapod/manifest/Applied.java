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
 * <p>Like the API server's {@code Warning:} lines, {@link #warnings()} says what the apply did not do
 * that a real cluster would: a kind Peapod stores but does not simulate says so
 * ({@code not simulated: Peapod stores and validates Deployment objects but does not run them: no
 * ReplicaSet or pod is created for it}); the cluster's timeline carries the same words.
 *
 * @param object the object as stored after the apply
 * @param warnings what Peapod did not do with it, empty when it simulates the object's kind
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
        this(object, action, Simulated.warning(object).map(List::of).orElse(List.of()));
    }

    /** kubectl's name for the object: {@code pod/web}; a kind of a named API group carries it ({@code deployment.apps/web}). */
    public String resource() {
        String apiVersion = Objects.requireNonNullElse(object.getApiVersion(), "v1");
        String group = apiVersion.contains("/") ? "." + apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String kind = Objects.requireNonNullElse(object.getKind(), HasMetadata.getKind(object.getClass()));
        return kind.toLowerCase(Locale.ROOT) + group + "/" + object.getMetadata().getName();
    }

    /** kubectl's line: {@code pod/web created}, {@code deployment.apps/web configured}. */
    @Override
    public String toString() {
        return resource() + " " + action.name().toLowerCase(Locale.ROOT);
    }
}
