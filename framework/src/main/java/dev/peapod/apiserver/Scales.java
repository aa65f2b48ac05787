package dev.peapod.apiserver;

import dev.peapod.apiserver.patch.GoJson;
import dev.peapod.store.ApiException;
import dev.peapod.store.FieldError;
import dev.peapod.store.ObjectStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.mockwebserver.http.RecordedRequest;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code scale} subresource of the replicated workloads, as autoscaling/v1 Scale
 * (pkg/registry/apps/deployment/storage ScaleREST and its twins): GET reads spec.replicas,
 * status.replicas and the selector as a string; PUT sets spec.replicas, with the Scale's
 * resourceVersion as a precondition, and answers the new Scale.
 */
final class Scales {
    static final Set<String> SCALED = Set.of("Deployment", "ReplicaSet", "StatefulSet", "ReplicationController");

    private Scales() {
    }

    record Request(Integer replicas, String resourceVersion) {
    }

    static Map<String, Object> get(ObjectStore store, RequestPath path) {
        return scaleOf(require(store, path));
    }

    static Request read(RecordedRequest request, RequestPath path) {
        String type = Bodies.mediaType(request.getHeader("Content-Type"));
        if (!type.equals("application/json")) {
            throw Statuses.unsupportedMediaType(List.of("application/json"));
        }
        byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
        String syntax = GoJson.syntaxError(body).orElse(null);
        if (syntax != null) {
            throw ApiException.badRequest("the object provided is unrecognized (must be of type Scale): couldn't get version/kind; "
                    + "json parse error: " + syntax + " (" + Bodies.summary(body) + ")");
        }
        return read(Json.MAPPER.readTree(body), path);
    }

    /** A Scale given as JSON (a PUT's body, or a patched Scale), checked as a PUT's body is. */
    static Request read(JsonNode tree, RequestPath path) {
        JsonNode metadata = tree.get("metadata");
        String name = metadata != null && metadata.hasNonNull("name") ? metadata.get("name").asString() : "";
        if (!name.equals(path.name())) {
            throw ApiException.badRequest("the name of the object (" + name + ") does not match the name on the URL (" + path.name() + ")");
        }
        JsonNode replicas = tree.path("spec").get("replicas");
        boolean int32 = replicas != null && replicas.isIntegralNumber() && replicas.canConvertToInt();
        if (replicas != null && !replicas.isNull() && !int32) {
            // encoding/json names a number that does not fit an int32 (a fraction, too large) by its text
            String value = replicas.isNumber() ? "number " + replicas.asString() : replicas.isString() ? "string"
                    : replicas.isObject() ? "object" : replicas.isArray() ? "array" : "bool";
            throw ApiException.badRequest("Scale in version \"v1\" cannot be handled as a Scale: json: cannot unmarshal "
                    + value + " into Go struct field ScaleSpec.spec.replicas of type int32");
        }
        String rv = metadata != null && metadata.hasNonNull("resourceVersion") ? metadata.get("resourceVersion").asString() : null;
        return new Request(replicas == null || replicas.isNull() ? 0 : replicas.asInt(), rv == null || rv.isEmpty() ? null : rv);
    }

    /** With the engine held: checks and writes spec.replicas, then answers the Scale of what was stored. */
    static Map<String, Object> put(ObjectStore store, RequestPath path, Request scale) {
        HasMetadata current = require(store, path);
        String qualified = ResourceDispatcher.qualified(path.resource());
        if (scale.resourceVersion() != null && !scale.resourceVersion().equals(current.getMetadata().getResourceVersion())) {
            throw ApiException.conflict(qualified, path.name());
        }
        if (scale.replicas() < 0) {
            // autoscaling validation ValidateScale
            throw ApiException.invalid("Scale.autoscaling", path.name(), List.of(FieldError.invalid("spec.replicas",
                    scale.replicas(), "must be greater than or equal to 0")));
        }
        setReplicas(current, scale.replicas());
        current.getMetadata().setResourceVersion(null);
        HasMetadata written = store.updateIfChanged(current).map(HasMetadata.class::cast)
                .orElseGet(() -> require(store, path));
        return scaleOf(written);
    }

    private static HasMetadata require(ObjectStore store, RequestPath path) {
        ApiResource resource = path.resource();
        return store.get(resource.type(), path.namespace(), path.name())
                .orElseThrow(() -> ApiException.notFound(ResourceDispatcher.qualified(resource), path.name()));
    }

    static Map<String, Object> scaleOf(HasMetadata object) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", object.getMetadata().getName());
        metadata.put("namespace", object.getMetadata().getNamespace());
        metadata.put("uid", object.getMetadata().getUid());
        metadata.put("resourceVersion", object.getMetadata().getResourceVersion());
        metadata.put("creationTimestamp", object.getMetadata().getCreationTimestamp());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("replicas", specReplicas(object));
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("replicas", statusReplicas(object));
        String selector = selector(object);
        if (!selector.isEmpty()) {
            status.put("selector", selector);
        }
        Map<String, Object> scale = new LinkedHashMap<>();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        scale.put("metadata", metadata);
        scale.put("spec", spec);
        scale.put("status", status);
        return scale;
    }

    private static int specReplicas(HasMetadata object) {
        Integer replicas = null;
        if (object instanceof Deployment d && d.getSpec() != null) {
            replicas = d.getSpec().getReplicas();
        } else if (object instanceof ReplicaSet r && r.getSpec() != null) {
            replicas = r.getSpec().getReplicas();
        } else if (object instanceof StatefulSet s && s.getSpec() != null) {
            replicas = s.getSpec().getReplicas();
        } else if (object instanceof ReplicationController c && c.getSpec() != null) {
            replicas = c.getSpec().getReplicas();
        }
        return replicas == null ? 0 : replicas;
    }

    private static int statusReplicas(HasMetadata object) {
        Integer replicas = null;
        if (object instanceof Deployment d && d.getStatus() != null) {
            replicas = d.getStatus().getReplicas();
        } else if (object instanceof ReplicaSet r && r.getStatus() != null) {
            replicas = r.getStatus().getReplicas();
        } else if (object instanceof StatefulSet s && s.getStatus() != null) {
            replicas = s.getStatus().getReplicas();
        } else if (object instanceof ReplicationController c && c.getStatus() != null) {
            replicas = c.getStatus().getReplicas();
        }
        return replicas == null ? 0 : replicas;
    }

    private static void setReplicas(HasMetadata object, int replicas) {
        if (object instanceof Deployment d) {
            d.getSpec().setReplicas(replicas);
        } else if (object instanceof ReplicaSet r) {
            r.getSpec().setReplicas(replicas);
        } else if (object instanceof StatefulSet s) {
            s.getSpec().setReplicas(replicas);
        } else if (object instanceof ReplicationController c) {
            c.getSpec().setReplicas(replicas);
        } else {
            throw new IllegalStateException("no scale for " + object.getKind());
        }
    }

    /** metav1.LabelSelectorAsSelector(..).String(): requirements sorted by key, joined by commas. */
    static String selector(HasMetadata object) {
        if (object instanceof ReplicationController controller) {
            Map<String, String> labels = controller.getSpec() == null || controller.getSpec().getSelector() == null
                    ? Map.of() : controller.getSpec().getSelector();
            List<String> terms = new ArrayList<>();
            new TreeMap<>(labels).forEach((k, v) -> terms.add(k + "=" + v));
            return String.join(",", terms);
        }
        LabelSelector selector = null;
        if (object instanceof Deployment d && d.getSpec() != null) {
            selector = d.getSpec().getSelector();
        } else if (object instanceof ReplicaSet r && r.getSpec() != null) {
            selector = r.getSpec().getSelector();
        } else if (object instanceof StatefulSet s && s.getSpec() != null) {
            selector = s.getSpec().getSelector();
        }
        if (selector == null) {
            return "";
        }
        TreeMap<String, List<String>> byKey = new TreeMap<>();
        if (selector.getMatchLabels() != null) {
            selector.getMatchLabels().forEach((k, v) -> byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(k + "=" + v));
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
                String key = requirement.getKey();
                List<String> values = requirement.getValues() == null ? List.of()
                        : requirement.getValues().stream().sorted().toList();
                String term = switch (requirement.getOperator()) {
                    case "In" -> key + " in (" + String.join(",", values) + ")";
                    case "NotIn" -> key + " notin (" + String.join(",", values) + ")";
                    case "Exists" -> key;
                    case "DoesNotExist" -> "!" + key;
                    default -> key + " " + requirement.getOperator();
                };
                byKey.computeIfAbsent(key, x -> new ArrayList<>()).add(term);
            }
        }
        List<String> terms = new ArrayList<>();
        byKey.values().forEach(terms::addAll);
        return String.join(",", terms);
    }
}
