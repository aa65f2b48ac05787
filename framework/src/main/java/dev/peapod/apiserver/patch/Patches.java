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
 * Not done here: the strict-decoding warnings and errors of unknown or duplicate fields in the patch body, and the
 * decoding of the result into the kind's object (the server's step, which answers 422 Invalid on field "patch").
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
     * The 415 for a Content-Type that names no patch format (negotiation.NewUnsupportedMediaTypeError with the
     * types the resource accepts).
     */
    public static PatchException unsupportedMediaType(PatchSchema schema) {
        return PatchException.unsupportedMediaType(schema.supportsStrategicMerge() ? BUILT_IN_TYPES
                : CUSTOM_RESOURCE_TYPES);
    }
}
