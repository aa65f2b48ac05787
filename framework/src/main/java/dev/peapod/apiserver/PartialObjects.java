package dev.peapod.apiserver;

import dev.peapod.store.ApiException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.client.utils.Serialization;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Objects;

/**
 * The metadata-only answers a client asks for with {@code as=PartialObjectMetadata} or
 * {@code as=PartialObjectMetadataList} (client-go's metadata informers, the garbage collector), as
 * handlers/response.go asPartialObjectMetadata and asPartialObjectMetadataList make them: the whole
 * ObjectMeta, typed meta.k8s.io v1 or v1beta1. Asking for the one where the request reads the other is
 * 406 NotAcceptable in upstream's words, which name the Go type of the internal object.
 */
final class PartialObjects {
    private static final ObjectMapper JSON = Serialization.jsonMapper();

    private PartialObjects() {
    }

    /** A PartialObjectMetadata of one object. */
    static ObjectNode object(HasMetadata object, String version) {
        Objects.requireNonNull(object, "object");
        ObjectNode partial = JSON.createObjectNode();
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", apiVersion(version));
        partial.set("metadata", JSON.valueToTree(object.getMetadata()));
        return partial;
    }

    /** A PartialObjectMetadataList of a list, with its metadata; {@code "items": null} when empty, as Go's nil slice. */
    static ObjectNode list(List<? extends HasMetadata> items, ListMeta listMeta, String version) {
        Objects.requireNonNull(items, "items");
        ObjectNode list = JSON.createObjectNode();
        list.put("kind", "PartialObjectMetadataList");
        list.put("apiVersion", apiVersion(version));
        ObjectNode metadata = list.putObject("metadata");
        if (listMeta != null) {
            putIfPresent(metadata, "resourceVersion", listMeta.getResourceVersion());
            putIfPresent(metadata, "continue", listMeta.getContinue());
            if (listMeta.getRemainingItemCount() != null) {
                metadata.put("remainingItemCount", listMeta.getRemainingItemCount());
            }
        }
        if (items.isEmpty()) {
            list.putNull("items");
        } else {
            ArrayNode array = list.putArray("items");
            for (HasMetadata item : items) {
                array.add(object(item, version));
            }
        }
        return list;
    }

    /** A list request that asked for one PartialObjectMetadata. */
    static ApiException listAskedAsObject(Class<? extends HasMetadata> kind) {
        return notAcceptable("you requested PartialObjectMetadata, but the requested object is a list ("
                + goType(kind) + "List)");
    }

    /** A request for one object that asked for a PartialObjectMetadataList. */
    static ApiException objectAskedAsList(Class<? extends HasMetadata> kind) {
        return notAcceptable("you requested PartialObjectMetadataList, but the requested object is not a list ("
                + goType(kind) + ")");
    }

    /**
     * Go's %T of the internal object the handler holds: {@code *core.Pod}, {@code *apps.Deployment},
     * {@code *rbac.Role}; the package is the API group's first label, the core group's is core (and
     * events.k8s.io Events are core Events inside the API server).
     */
    static String goType(Class<? extends HasMetadata> kind) {
        String group = HasMetadata.getGroup(kind);
        String name = HasMetadata.getKind(kind);
        String pkg = group == null || group.isEmpty() || group.equals("events.k8s.io") ? "core"
                : group.substring(0, group.indexOf('.') < 0 ? group.length() : group.indexOf('.'));
        return "*" + pkg + "." + name;
    }

    private static ApiException notAcceptable(String message) {
        return new ApiException(406, "NotAcceptable", message, List.of());
    }

    private static String apiVersion(String version) {
        if (!"v1".equals(version) && !"v1beta1".equals(version)) {
            throw new IllegalArgumentException("no PartialObjectMetadata exists in group version meta.k8s.io/" + version);
        }
        return "meta.k8s.io/" + version;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }
}
