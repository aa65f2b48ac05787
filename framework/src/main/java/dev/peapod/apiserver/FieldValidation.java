package dev.peapod.apiserver;

import dev.peapod.manifest.Manifests;
import dev.peapod.store.ApiException;
import dev.peapod.store.FieldError;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A write's {@code fieldValidation} for the fields of the body its kind does not have (apiserver
 * handlers/rest.go fieldValidation, runtime.StrictDecodingError): {@code Warn} (the default) answers
 * each as a warning, {@code unknown field "spec.foo"}; {@code Strict} refuses the write with a 400,
 * {@code strict decoding error: unknown field "spec.foo"}; {@code Ignore} says nothing. Unknown fields
 * are judged against Fabric8's model, not yet against upstream's OpenAPI schemas.
 */
final class FieldValidation {
    private FieldValidation() {
    }

    static void apply(Query query, String options, HasMetadata object, Consumer<String> warnings) {
        String mode = mode(query, options);
        if (mode.equals("Ignore")) {
            return;
        }
        List<String> unknown = Manifests.unknownFields(object).stream().map(path -> "unknown field \"" + path + "\"").toList();
        if (unknown.isEmpty()) {
            return;
        }
        if (mode.equals("Strict")) {
            throw ApiException.badRequest("strict decoding error: " + unknown.stream().collect(Collectors.joining(", ")));
        }
        unknown.forEach(warnings);
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
