package dev.peapod.apiserver;

import dev.peapod.manifest.Manifests;
import dev.peapod.store.ApiException;
import dev.peapod.store.FieldError;
import io.fabric8.kubernetes.api.model.HasMetadata;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A write's {@code fieldValidation} for the fields of the body its kind does not have (apiserver
 * handlers/rest.go fieldValidation, runtime.StrictDecodingError): {@code Warn} (the default) answers
 * each as a warning, {@code unknown field "spec.foo"}; {@code Strict} refuses the write with a 400,
 * {@code ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "spec.foo"}; {@code Ignore} says nothing. Under Warn and
 * Ignore the fields are dropped, as the decoder drops them: never stored, never served back. Unknown fields
 * are judged against Fabric8's model, not yet against upstream's OpenAPI schemas.
 */
final class FieldValidation {
    private FieldValidation() {
    }

    /**
     * The object as the API server's decoder leaves it: without the fields its kind does not have, which
     * are neither stored nor served back (under Warn each is a warning; Strict refuses the write first).
     */
    static <T extends HasMetadata> T apply(Query query, String options, T object, Consumer<String> warnings) {
        String mode = mode(query, options);
        List<String> paths = Manifests.unknownFields(object);
        if (paths.isEmpty()) {
            return object;
        }
        List<String> unknown = paths.stream().map(path -> "unknown field \"" + path + "\"").toList();
        if (mode.equals("Strict")) {
            // create.go and update.go: transformDecodeError of the decoder's strict decoding error
            String version = object.getApiVersion() == null ? "" : object.getApiVersion().substring(object.getApiVersion().indexOf('/') + 1);
            throw ApiException.badRequest(object.getKind() + " in version \"" + version + "\" cannot be handled as a " + object.getKind()
                    + ": strict decoding error: " + unknown.stream().collect(Collectors.joining(", ")));
        }
        if (mode.equals("Warn")) {
            unknown.forEach(warnings);
        }
        JsonNode tree = Json.MAPPER.valueToTree(object);
        paths.forEach(path -> strip(tree, path));
        @SuppressWarnings("unchecked")
        Class<T> kind = (Class<T>) object.getClass();
        return Bodies.ownerReferencesAsWritten(tree, Json.MAPPER.treeToValue(tree, kind));
    }

    /** Removes a field the kind does not have, named as {@code spec.containers[0].livenesProbe}. */
    static void strip(JsonNode tree, String path) {
        JsonNode node = tree;
        String[] segments = path.split("\\.");
        for (int i = 0; i < segments.length && node != null; i++) {
            String segment = segments[i];
            List<Integer> indices = new ArrayList<>();
            int bracket = segment.indexOf('[');
            String name = bracket < 0 ? segment : segment.substring(0, bracket);
            for (int at = bracket; at >= 0; at = segment.indexOf('[', at + 1)) {
                indices.add(Integer.parseInt(segment.substring(at + 1, segment.indexOf(']', at))));
            }
            if (i == segments.length - 1 && indices.isEmpty()) {
                if (node instanceof ObjectNode object) {
                    object.remove(name);
                }
                return;
            }
            node = node.get(name);
            for (int index : indices) {
                node = node == null ? null : node.get(index);
            }
        }
    }



    /** The request's {@code fieldValidation}: Ignore, Warn (the default) or Strict; any other is 422 on the options. */
    static String mode(Query query, String options) {
        String directive = query.get("fieldValidation");
        String mode = directive == null ? "Warn" : directive;
        if (!List.of("Ignore", "Warn", "Strict").contains(mode)) {
            throw ApiException.invalid(options + ".meta.k8s.io", "", List.of(FieldError.notSupported("fieldValidation", mode,
                    List.of("Ignore", "Warn", "Strict"))));
        }
        return mode;
    }
}
