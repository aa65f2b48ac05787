package dev.peapod.apiserver.patch;

import org.apiguardian.api.API;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Objects;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The PATCH algorithms of the API server, as pure functions on Jackson trees: no store, no HTTP. The server's
 * PATCH route reads the Content-Type ({@link PatchType#fromContentType}), the stored object as JSON and the body,
 * calls {@link #apply}, then decodes, admits and stores the result; a {@link PatchException} becomes the
 * {@code Status} it describes and nothing is written.
 * <p>
 * Errors follow upstream v1.33's patch handler (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go)
 * with fieldValidation Warn or Strict, the server's default and kubectl's: see each format's class for its words.
 * The strict-decoding errors of the body (unknown and duplicate fields) come from {@link #strictDecodingErrors}.
 * Not done here: the decoding of the result into the kind's object (the server's step: upstream answers 422
 * Invalid on field "patch" when it fails, and reports the result's unknown fields as warnings or errors).
 */
@API(status = INTERNAL, since = "0.1")
public final class Patches {
    /** The patch formats upstream accepts for built-in resources, in the order its 415 message lists them. */
    static final List<String> BUILT_IN_TYPES = List.of(PatchType.JSON_PATCH.mediaType(),
            PatchType.MERGE_PATCH.mediaType(), PatchType.STRATEGIC_MERGE_PATCH.mediaType(),
            PatchType.APPLY_PATCH_YAML.mediaType());
    /** Custom resources: no strategic merge patch (apiextensions-apiserver customresource_handler.go). */
    static final List<String> CUSTOM_RESOURCE_TYPES = List.of(PatchType.JSON_PATCH.mediaType(),
            PatchType.MERGE_PATCH.mediaType(), PatchType.APPLY_PATCH_YAML.mediaType());

    private Patches() {
    }

    /**
     * Applies a patch to a stored object's JSON and answers the patched JSON; {@code original} is not changed.
     *
     * @param type       the format, from the request's Content-Type
     * @param original   the stored object as JSON (an object node)
     * @param patchBody  the request body
     * @param schema     the kind's patch strategies ({@link PatchSchema#forKind}); decides strategic merge lists
     * @throws PatchException what the API server answers for this patch: 400, 413, 415 or 422
     */
    public static JsonNode apply(PatchType type, JsonNode original, byte[] patchBody, PatchSchema schema) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(patchBody, "patchBody");
        Objects.requireNonNull(schema, "schema");
        return switch (type) {
            case JSON_PATCH -> JsonPatch.apply(original, patchBody);
            case MERGE_PATCH -> MergePatch.apply(original, patchBody);
            case STRATEGIC_MERGE_PATCH -> {
                if (!schema.supportsStrategicMerge()) {
                    throw PatchException.unsupportedMediaType(CUSTOM_RESOURCE_TYPES);
                }
                yield StrategicMergePatch.apply(original, patchBody, schema);
            }
            case APPLY_PATCH_YAML -> throw PatchException.notSupported("server-side apply ("
                    + PatchType.APPLY_PATCH_YAML.mediaType() + ") is not supported by Peapod yet; use "
                    + String.join(", ", PatchType.JSON_PATCH.mediaType(), PatchType.MERGE_PATCH.mediaType(),
                    PatchType.STRATEGIC_MERGE_PATCH.mediaType()));
        };
    }

    /**
     * The strict-decoding errors upstream collects from a patch body (sigs.k8s.io/json UnmarshalStrict in patch.go):
     * duplicate fields, and for a JSON patch unknown fields of an operation, e.g.
     * {@code json patch unknown field "[0].valeu"} or {@code duplicate field "metadata.labels.app"}. With
     * fieldValidation Warn (the default) the server sends each as a warning; with Strict upstream answers 422
     * Invalid on field "patch" (after decoding the result); with Ignore there are none. Empty for a body that is
     * not JSON (apply refuses it) and for server-side apply.
     */
    public static List<String> strictDecodingErrors(PatchType type, byte[] patchBody) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(patchBody, "patchBody");
        if (type == PatchType.APPLY_PATCH_YAML || GoJson.syntaxError(patchBody).isPresent()) {
            return List.of();
        }
        List<String> errors = StrictFields.of(patchBody, type == PatchType.JSON_PATCH);
        return type == PatchType.JSON_PATCH ? errors.stream().map(e -> "json patch " + e).toList() : errors;
    }

    /**
     * The 415 for a Content-Type that names no patch format (negotiation.NewUnsupportedMediaTypeError with the
     * types the resource accepts).
     */
    public static PatchException unsupportedMediaType(PatchSchema schema) {
        return PatchException.unsupportedMediaType(schema.supportsStrategicMerge() ? BUILT_IN_TYPES
                : CUSTOM_RESOURCE_TYPES);
    }
}
