package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * ValidateObjectMeta (k8s.io/apimachinery/pkg/api/validation/objectmeta.go) for the parts that a
 * manifest sets: generateName, name, namespace, labels, annotations and finalizers. Label and
 * annotation keys are checked in sorted order; upstream walks a Go map, whose order is random.
 */
final class MetaValidation {
    /** TotalAnnotationSizeLimitB: 256 kB for all keys and values together. */
    static final int ANNOTATIONS_SIZE_LIMIT = 256 * 1024;
    /** helper.IsStandardFinalizerName (pkg/apis/core/helper/helpers.go). */
    private static final Set<String> STANDARD_FINALIZERS = Set.of("kubernetes", "orphan", "foregroundDeletion");

    private MetaValidation() {
    }

    static void objectMeta(ObjectMeta meta, boolean namespaced, Names.Rule rule, FieldPath path, Errors errs) {
        if (!PodDefaults.empty(meta.getGenerateName())) {
            errs.invalidEach(path.child("generateName"), meta.getGenerateName(), rule.check(meta.getGenerateName(), true));
        }
        if (PodDefaults.empty(meta.getName())) {
            errs.required(path.child("name"), "name or generateName is required");
        } else {
            errs.invalidEach(path.child("name"), meta.getName(), rule.check(meta.getName(), false));
        }
        namespace(meta, namespaced, path, errs);
        // generation is not checked: the store sets it, as PrepareForCreate does before validation
        labels(meta.getLabels(), path.child("labels"), errs);
        annotations(meta.getAnnotations(), path.child("annotations"), errs);
        finalizers(meta.getFinalizers(), path.child("finalizers"), errs);
        ownerReferences(meta.getOwnerReferences(), path.child("ownerReferences"), errs);
    }

    /**
     * ValidateOwnerReferences, each reference at the list's path (upstream names no index): a version
     * in apiVersion (schema.FromAPIVersionAndKind: an apiVersion that does not parse has none), a kind, a
     * name, a uid, no banned owner kind (BannedOwners: v1 Event), then at most one reference with
     * {@code controller: true}. Upstream prints the bad reference (and the list) with Go's {@code %#v}:
     * a set pointer shows an address, which Peapod prints as {@code 0xc000000000}.
     */
    static void ownerReferences(List<OwnerReference> references, FieldPath path, Errors errs) {
        if (references == null) {
            return;
        }
        String firstController = "";
        for (OwnerReference reference : references) {
            ownerReference(reference, path, errs);
            if (Boolean.TRUE.equals(reference.getController())) {
                String controller = nonNull(reference.getKind()) + "/" + nonNull(reference.getName());
                if (!firstController.isEmpty()) {
                    errs.invalid(path, goOwnerReferences(references), "Only one reference can have Controller set to true. "
                            + "Found \"true\" in references for " + firstController + " and " + controller);
                } else {
                    firstController = controller;
                }
            }
        }
    }

    /** validateOwnerReference (k8s.io/apimachinery/pkg/api/validation/objectmeta.go, v1.33). */
    private static void ownerReference(OwnerReference reference, FieldPath path, Errors errs) {
        String apiVersion = nonNull(reference.getApiVersion());
        // schema.ParseGroupVersion: "v1" is the legacy group, "g/v" a group, anything else no version at all
        String[] parts = apiVersion.split("/", -1);
        String group = parts.length == 2 ? parts[0] : "";
        String version = parts.length == 1 ? apiVersion : parts.length == 2 ? parts[1] : "";
        String kind = nonNull(reference.getKind());
        if (version.isEmpty()) {
            errs.invalid(path.child("apiVersion"), apiVersion, "version must not be empty");
        }
        if (kind.isEmpty()) {
            errs.invalid(path.child("kind"), kind, "kind must not be empty");
        }
        if (PodDefaults.empty(reference.getName())) {
            errs.invalid(path.child("name"), "", "name must not be empty");
        }
        if (PodDefaults.empty(reference.getUid())) {
            errs.invalid(path.child("uid"), "", "uid must not be empty");
        }
        if (group.isEmpty() && version.equals("v1") && kind.equals("Event")) {
            // schema.GroupVersionKind.String(): group + "/" + version + ", Kind=" + kind
            errs.invalid(path, goOwnerReference(reference), group + "/" + version + ", Kind=" + kind + " is disallowed from being an owner");
        }
    }

    /** {@code v1.OwnerReference{APIVersion:"v1", Kind:"Event", ...}}: metav1.OwnerReference under {@code %#v}. */
    private static GoValue goOwnerReference(OwnerReference reference) {
        return new GoValue(goStruct(reference));
    }

    private static GoValue goOwnerReferences(List<OwnerReference> references) {
        return new GoValue("[]v1.OwnerReference{" + references.stream().map(MetaValidation::goStruct)
                .collect(java.util.stream.Collectors.joining(", ")) + "}");
    }

    private static String goStruct(OwnerReference r) {
        return "v1.OwnerReference{APIVersion:" + GoValue.quote(nonNull(r.getApiVersion()))
                + ", Kind:" + GoValue.quote(nonNull(r.getKind()))
                + ", Name:" + GoValue.quote(nonNull(r.getName()))
                + ", UID:" + GoValue.quote(nonNull(r.getUid()))
                + ", Controller:(*bool)(" + (r.getController() == null ? "nil" : "0xc000000000") + ")"
                + ", BlockOwnerDeletion:(*bool)(" + (r.getBlockOwnerDeletion() == null ? "nil" : "0xc000000000") + ")}";
    }

    private static String nonNull(String text) {
        return text == null ? "" : text;
    }

    /**
     * The metadata checks of ValidateObjectMetaAccessorUpdate that concern the new object alone:
     * labels, annotations and owner references (the immutable fields are the store's).
     */
    static void update(ObjectMeta meta, FieldPath path, Errors errs) {
        labels(meta.getLabels(), path.child("labels"), errs);
        annotations(meta.getAnnotations(), path.child("annotations"), errs);
        ownerReferences(meta.getOwnerReferences(), path.child("ownerReferences"), errs);
    }

    private static void namespace(ObjectMeta meta, boolean namespaced, FieldPath path, Errors errs) {
        if (!namespaced) {
            if (!PodDefaults.empty(meta.getNamespace())) {
                errs.forbidden(path.child("namespace"), "not allowed on this type");
            }
        } else if (PodDefaults.empty(meta.getNamespace())) {
            errs.required(path.child("namespace"), "");
        } else {
            errs.invalidEach(path.child("namespace"), meta.getNamespace(), Names.dns1123Label(meta.getNamespace()));
        }
    }

    /** ValidateLabels (meta/v1/validation): every error names the map's path, not the key's. */
    static void labels(Map<String, String> labels, FieldPath path, Errors errs) {
        if (labels == null) {
            return;
        }
        new TreeMap<>(labels).forEach((key, value) -> {
            errs.invalidEach(path, key, Names.qualifiedName(key));
            errs.invalidEach(path, value == null ? "" : value, Names.labelValue(value == null ? "" : value));
        });
    }

    /**
     * ValidateLabelSelector (meta/v1/validation), label values checked strictly (no
     * AllowInvalidLabelValueInSelector): workload selectors, pod affinity terms, spread constraints.
     */
    static void labelSelector(io.fabric8.kubernetes.api.model.LabelSelector selector, FieldPath path, Errors errs) {
        if (selector == null) {
            return;
        }
        labels(selector.getMatchLabels(), path.child("matchLabels"), errs);
        var expressions = selector.getMatchExpressions() == null
                ? List.<io.fabric8.kubernetes.api.model.LabelSelectorRequirement>of() : selector.getMatchExpressions();
        for (int i = 0; i < expressions.size(); i++) {
            requirement(expressions.get(i), path.child("matchExpressions").index(i), errs);
        }
    }

    private static void requirement(io.fabric8.kubernetes.api.model.LabelSelectorRequirement r, FieldPath path, Errors errs) {
        String operator = r.getOperator() == null ? "" : r.getOperator();
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        switch (operator) {
            case "In", "NotIn" -> {
                if (values.isEmpty()) {
                    errs.required(path.child("values"), "must be specified when `operator` is 'In' or 'NotIn'");
                }
            }
            case "Exists", "DoesNotExist" -> {
                if (!values.isEmpty()) {
                    errs.forbidden(path.child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
                }
            }
            default -> errs.invalid(path.child("operator"), operator, "not a valid selector operator");
        }
        String key = r.getKey() == null ? "" : r.getKey();
        errs.invalidEach(path.child("key"), key, Names.qualifiedName(key));
        labelValues(values, path.child("values"), errs);
    }

    /** Each value a valid label value (ValidateLabelValue), at its index. */
    static void labelValues(List<String> values, FieldPath path, Errors errs) {
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i) == null ? "" : values.get(i);
            errs.invalidEach(path.index(i), value, Names.labelValue(value));
        }
    }

    /** ValidateAnnotations: keys are qualified names in any case; the total size is bounded. */
    static void annotations(Map<String, String> annotations, FieldPath path, Errors errs) {
        if (annotations == null) {
            return;
        }
        long size = 0;
        for (Map.Entry<String, String> e : new TreeMap<>(annotations).entrySet()) {
            errs.invalidEach(path, e.getKey(), Names.qualifiedName(e.getKey().toLowerCase(Locale.ROOT)));
            size += Names.bytes(e.getKey()) + (e.getValue() == null ? 0 : Names.bytes(e.getValue()));
        }
        if (size > ANNOTATIONS_SIZE_LIMIT) {
            errs.add(dev.peapod.store.FieldError.tooLong(path.value(), ANNOTATIONS_SIZE_LIMIT));
        }
    }

    /** helper.IsStandardFinalizerName. */
    static boolean isStandardFinalizer(String name) {
        return STANDARD_FINALIZERS.contains(name);
    }

    private static void finalizers(List<String> finalizers, FieldPath path, Errors errs) {
        for (String finalizer : PodDefaults.nonNull(finalizers)) {
            errs.invalidEach(path, finalizer, Names.qualifiedName(finalizer));
        }
        // validateKubeFinalizerName (pkg/apis/core/validation/validation.go) runs after the generic checks
        List<String> list = PodDefaults.nonNull(finalizers);
        for (int i = 0; i < list.size(); i++) {
            String finalizer = list.get(i);
            if (!finalizer.contains("/") && !STANDARD_FINALIZERS.contains(finalizer)) {
                errs.invalid(path.index(i), finalizer, "name is neither a standard finalizer name nor is it fully qualified");
            }
        }
    }
}
