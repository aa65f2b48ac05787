package dev.peapod.admission;

import dev.peapod.store.ApiException;
import dev.peapod.store.FieldError;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.List;

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
}
