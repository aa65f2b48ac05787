package dev.peapod.apiserver.patch;

import org.apiguardian.api.API;

import java.util.Optional;

import static org.apiguardian.api.API.Status.INTERNAL;

/** The patch formats of a PATCH request, by Content-Type (k8s.io/apimachinery/pkg/types/patch.go). */
@API(status = INTERNAL, since = "0.1")
public enum PatchType {
    /** RFC 6902: a list of operations. */
    JSON_PATCH("application/json-patch+json"),
    /** RFC 7386: a partial document; {@code null} deletes. */
    MERGE_PATCH("application/merge-patch+json"),
    /** Kubernetes' strategic merge patch: lists merge by the field's merge key. */
    STRATEGIC_MERGE_PATCH("application/strategic-merge-patch+json"),
    /** Server-side apply: the server applies it through {@code apiserver.apply.ServerSideApply}; {@link Patches#apply} refuses it. */
    APPLY_PATCH_YAML("application/apply-patch+yaml");

    private final String mediaType;

    PatchType(String mediaType) {
        this.mediaType = mediaType;
    }

    /** The Content-Type that selects this format. */
    public String mediaType() {
        return mediaType;
    }

    /**
     * The format a Content-Type names, parameters ({@code ; charset=utf-8}) cut off as upstream's PatchResource
     * does; empty for any other type (the server answers 415, see {@link Patches#unsupportedMediaType}).
     */
    public static Optional<PatchType> fromContentType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        int semicolon = contentType.indexOf(';');
        // Exact and case-sensitive, as upstream compares it (sets.NewString(patchTypes...).Has(contentType)).
        String bare = semicolon > 0 ? contentType.substring(0, semicolon) : contentType;
        for (PatchType type : values()) {
            if (type.mediaType.equals(bare)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
