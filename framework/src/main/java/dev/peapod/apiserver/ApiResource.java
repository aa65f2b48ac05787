package dev.peapod.apiserver;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;

import java.util.List;
import java.util.Locale;

/**
 * One resource the HTTP face serves, as discovery lists it (apimachinery's metav1.APIResource): the
 * Fabric8 model class behind it, its group and version, plural and singular names, scope, short names
 * and categories, and whether it has a {@code status} subresource.
 */
record ApiResource(Class<? extends HasMetadata> type, String group, String version, String plural, String kind,
                   boolean namespaced, List<String> shortNames, List<String> categories, boolean hasStatus,
                   boolean deleteCollection) {

    static ApiResource of(Class<? extends HasMetadata> type, List<String> shortNames, List<String> categories) {
        String group = HasMetadata.getGroup(type);
        boolean status;
        try {
            type.getMethod("getStatus");
            status = true;
        } catch (NoSuchMethodException e) {
            status = false;
        }
        String kind = HasMetadata.getKind(type);
        // Namespaces have no deletecollection verb upstream (pkg/registry/core/namespace/storage: no DeleteCollection).
        return new ApiResource(type, group == null ? "" : group, HasMetadata.getVersion(type), HasMetadata.getPlural(type),
                kind, Namespaced.class.isAssignableFrom(type), shortNames, categories, status, !kind.equals("Namespace"));
    }

    /** Whether it has a {@code scale} subresource (autoscaling/v1 Scale): the replicated workloads. */
    boolean hasScale() {
        return Scales.SCALED.contains(kind);
    }

    /** {@code v1}, {@code apps/v1}. */
    String groupVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** {@code pod}: discovery's singularName, the kind in lower case. */
    String singular() {
        return kind.toLowerCase(Locale.ROOT);
    }

    /** The verbs discovery lists, in upstream's (sorted) order. */
    List<String> verbs() {
        return deleteCollection
                ? List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")
                : List.of("create", "delete", "get", "list", "patch", "update", "watch");
    }

    /**
     * The Go package of the API server's internal type, as its conversion errors name it:
     * {@code core.Pod}, {@code apps.Deployment}.
     */
    String internalType() {
        String pkg = group.isEmpty() ? "core" : group.split("\\.")[0];
        return pkg + "." + kind;
    }
}
