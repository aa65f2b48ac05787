package dev.peapod.manifest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import org.apiguardian.api.API;

import java.util.Locale;
import java.util.Objects;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * What {@code apply} did with one object, as {@code kubectl apply} reports it:
 * {@code pod/web created}, {@code deployment.apps/web configured}, {@code configmap/settings unchanged}.
 *
 * @param object the object as stored after the apply
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Applied(HasMetadata object, Action action) {

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
    }

    /** kubectl's line: {@code pod/web created}; a kind of a named API group carries it ({@code deployment.apps/web}). */
    @Override
    public String toString() {
        String apiVersion = Objects.requireNonNullElse(object.getApiVersion(), "v1");
        String group = apiVersion.contains("/") ? "." + apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String kind = Objects.requireNonNullElse(object.getKind(), HasMetadata.getKind(object.getClass()));
        return kind.toLowerCase(Locale.ROOT) + group + "/" + object.getMetadata().getName() + " "
                + action.name().toLowerCase(Locale.ROOT);
    }
}
