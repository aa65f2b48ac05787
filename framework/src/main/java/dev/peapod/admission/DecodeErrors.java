package dev.peapod.admission;

import dev.peapod.store.ApiException;
import dev.peapod.store.FieldError;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Values the API server cannot even decode (undecodable base64, a quantity that does not parse):
 * it answers 400 BadRequest before defaulting and validation, in transformDecodeError's words
 * (apiserver/pkg/endpoints/handlers/create.go):
 * {@code Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 4},
 * which kubectl prints as {@code Error from server (BadRequest): error when creating "secret.yaml":
 * Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 4}.
 * Upstream's answer names no field; Peapod adds one cause that does, so a manifest error can
 * point at the line.
 */
final class DecodeErrors {
    /** resource.ErrFormatWrong and ErrSuffix (k8s.io/apimachinery/pkg/api/resource/quantity.go). */
    static final String QUANTITY_FORMAT = "quantities must match the regular expression "
            + "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    static final String QUANTITY_SUFFIX = "unable to parse quantity's suffix";

    private DecodeErrors() {
    }

    static ApiException of(HasMetadata object, FieldPath field, Object value, String error) {
        String kind = object.getKind() == null || object.getKind().isEmpty()
                ? HasMetadata.getKind(object.getClass()) : object.getKind();
        String version = object.getApiVersion() == null || object.getApiVersion().isEmpty()
                ? HasMetadata.getVersion(object.getClass()) : object.getApiVersion();
        version = version.contains("/") ? version.substring(version.indexOf('/') + 1) : version;
        String message = kind + " in version \"" + version + "\" cannot be handled as a " + kind + ": " + error;
        return new ApiException(400, "BadRequest", message, List.of(FieldError.invalid(field.value(), value, error)));
    }

    /** Refuses the first quantity of a resource list (in key order) that resource.ParseQuantity refuses. */
    static void requireQuantities(HasMetadata object, Map<String, Quantity> list, FieldPath path, boolean keyed) {
        if (list == null) {
            return;
        }
        for (Map.Entry<String, Quantity> e : new TreeMap<>(list).entrySet()) {
            String text = e.getValue() == null ? "" : e.getValue().toString();
            if (Quantities.parse(e.getValue()).isEmpty()) {
                throw of(object, keyed ? path.key(e.getKey()) : path.child(e.getKey()), text, quantityError(text.trim()));
            }
        }
    }

    /**
     * Which of ParseQuantity's errors a text gets: parseQuantityString reads digits, one '.',
     * digits, then suffix letters and an optional signed exponent; anything else is ErrFormatWrong,
     * and a well-formed but unknown suffix ({@code 5mi}) is ErrSuffix.
     */
    static String quantityError(String text) {
        return text.matches("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)[eEinumkKMGTP]*([-+]?[0-9]+)?") ? QUANTITY_SUFFIX : QUANTITY_FORMAT;
    }
}
