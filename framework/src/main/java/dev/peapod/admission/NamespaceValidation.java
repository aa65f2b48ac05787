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

    /**
     * ValidateNamespaceFinalizeUpdate: each spec finalizer that PUT {@code namespaces/<name>/finalize} sets is
     * a finalizer name, at its own index ({@code spec.finalizers[0]}). An update that leaves them as they were
     * (every other update: the strategy keeps the stored ones) has nothing to check.
     */
    static void finalizeUpdate(Namespace namespace, Namespace old, Errors errs) {
        java.util.List<String> finalizers = namespace.getSpec() == null ? java.util.List.of() : nonNull(namespace.getSpec().getFinalizers());
        java.util.List<String> before = old.getSpec() == null ? java.util.List.of() : nonNull(old.getSpec().getFinalizers());
        if (finalizers.equals(before)) {
            return;
        }
        FieldPath path = FieldPath.of("spec").child("finalizers");
        for (int i = 0; i < finalizers.size(); i++) {
            String name = finalizers.get(i) == null ? "" : finalizers.get(i);
            errs.invalidEach(path.index(i), name, Names.qualifiedName(name));
            if (!name.contains("/") && !MetaValidation.isStandardFinalizer(name)) {
                errs.invalid(path.index(i), name, "name is neither a standard finalizer name nor is it fully qualified");
            }
        }
    }
}
