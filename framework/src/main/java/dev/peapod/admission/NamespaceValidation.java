package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.Namespace;

import static dev.peapod.admission.PodDefaults.nonNull;

/** ValidateNamespace (pkg/apis/core/validation/validation.go, v1.33), beyond the metadata. */
final class NamespaceValidation {
    private NamespaceValidation() {
    }

    /**
     * validateFinalizerName for each spec finalizer. Upstream passes the list's path, not the
     * item's, so every error names {@code spec.finalizers}.
     */
    static void spec(Namespace namespace, Errors errs) {
        if (namespace.getSpec() == null) {
            return;
        }
        FieldPath path = FieldPath.of("spec").child("finalizers");
        for (String finalizer : nonNull(namespace.getSpec().getFinalizers())) {
            String name = finalizer == null ? "" : finalizer;
            errs.invalidEach(path, name, Names.qualifiedName(name));
            if (!name.contains("/") && !MetaValidation.isStandardFinalizer(name)) {
                errs.invalid(path, name, "name is neither a standard finalizer name nor is it fully qualified");
            }
        }
    }
}
