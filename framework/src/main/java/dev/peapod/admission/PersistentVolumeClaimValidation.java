package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TypedLocalObjectReference;
import io.fabric8.kubernetes.api.model.TypedObjectReference;
import io.fabric8.kubernetes.api.model.VolumeResourceRequirements;
import io.fabric8.kubernetes.api.model.VolumeResourceRequirementsBuilder;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static dev.peapod.admission.ContainerValidation.nullToEmpty;
import static dev.peapod.admission.PodDefaults.nonNull;

/**
 * SetDefaults_PersistentVolumeClaimSpec (pkg/apis/core/v1/defaults.go), ValidatePersistentVolumeClaim
 * and ValidatePersistentVolumeClaimUpdate (pkg/apis/core/validation/validation.go, v1.33), with
 * RecoverVolumeExpansionFailure on, as it is by default in v1.33.
 */
final class PersistentVolumeClaimValidation {
    private static final List<String> ACCESS_MODES = List.of("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod");
    private static final List<String> VOLUME_MODES = List.of("Block", "Filesystem");
    /** v1.BetaStorageClassAnnotation. */
    private static final String STORAGE_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";
    private static final String IMMUTABLE_SPEC =
            "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims";

    private PersistentVolumeClaimValidation() {
    }

    /**
     * SetDefaults_PersistentVolumeClaimSpec. The Pending phase of SetDefaults_PersistentVolumeClaim is
     * the store's: PrepareForCreate clears the status, and a client reads it back defaulted to Pending.
     */
    static void defaults(PersistentVolumeClaim claim) {
        if (claim.getSpec() == null) {
            claim.setSpec(new PersistentVolumeClaimSpec());
        }
        if (claim.getSpec().getVolumeMode() == null) {
            claim.getSpec().setVolumeMode("Filesystem");
        }
        // The strategy's PrepareForCreate/PrepareForUpdate run DropDisabledSpecFields
        // (pkg/api/persistentvolumeclaim/util.go): with the VolumeAttributesClass gate off, as it is by
        // default in v1.33 (beta), volumeAttributesClassName is cleared unless the stored claim uses it,
        // and no stored claim can, since every create clears it. The API server says nothing of it.
        claim.getSpec().setVolumeAttributesClassName(null);
    }

    /** ValidatePersistentVolumeClaimSpec. */
    static void spec(PersistentVolumeClaim claim, Errors errs) {
        PersistentVolumeClaimSpec spec = claim.getSpec();
        FieldPath path = FieldPath.of("spec");
        List<String> modes = nonNull(spec.getAccessModes());
        if (modes.isEmpty()) {
            errs.required(path.child("accessModes"), "at least 1 access mode is required");
        }
        MetaValidation.labelSelector(spec.getSelector(), path.child("selector"), errs);
        boolean once = false;
        boolean other = false;
        for (String mode : modes) {
            String m = nullToEmpty(mode);
            if (!ACCESS_MODES.contains(m)) {
                errs.notSupported(path.child("accessModes"), m, ACCESS_MODES);
            } else if (m.equals("ReadWriteOncePod")) {
                once = true;
            } else {
                other = true;
            }
        }
        if (once && other) {
            errs.forbidden(path.child("accessModes"), "may not use ReadWriteOncePod with other access modes");
        }
        storage(spec, path, errs);
        if (!nullToEmpty(spec.getStorageClassName()).isEmpty()) {
            errs.invalidEach(path.child("storageClassName"), spec.getStorageClassName(),
                    Names.dns1123Subdomain(spec.getStorageClassName()));
        }
        if (spec.getVolumeMode() != null && !VOLUME_MODES.contains(spec.getVolumeMode())) {
            errs.notSupported(path.child("volumeMode"), spec.getVolumeMode(), VOLUME_MODES);
        }
        dataSources(spec, path, errs);
    }

    /**
     * validateDataSource, validateDataSourceRef and their agreement, on the spec as
     * EnforceDataSourceBackwardsCompatibility leaves it on create (pkg/api/persistentvolumeclaim/util.go):
     * one given alone stands for both, so only two given and different disagree.
     */
    private static void dataSources(PersistentVolumeClaimSpec spec, FieldPath path, Errors errs) {
        TypedLocalObjectReference source = spec.getDataSource();
        TypedObjectReference ref = spec.getDataSourceRef();
        if (source != null) {
            reference(source.getApiGroup(), source.getKind(), source.getName(), path.child("dataSource"), errs);
        }
        if (ref != null) {
            FieldPath refPath = path.child("dataSourceRef");
            reference(ref.getApiGroup(), ref.getKind(), ref.getName(), refPath, errs);
            if (!nullToEmpty(ref.getNamespace()).isEmpty()) {
                errs.invalidEach(refPath.child("namespace"), ref.getNamespace(), Names.dns1123Label(ref.getNamespace()));
            }
        }
        if (ref != null && !nullToEmpty(ref.getNamespace()).isEmpty()) {
            if (source != null) {
                errs.invalid(path, new GoValue(path.child("dataSource").value()), "may not be specified when dataSourceRef.namespace is specified");
            }
        } else if (source != null && ref != null && !(Objects.equals(source.getApiGroup(), ref.getApiGroup())
                && Objects.equals(source.getKind(), ref.getKind()) && Objects.equals(source.getName(), ref.getName()))) {
            // upstream passes the *field.Path as the value; ErrorBody dereferences it and prints the struct with
            // %#v, heap address included, which Peapod cannot reproduce: it prints the path instead
            errs.invalid(path, new GoValue(path.child("dataSource").value()), "must match dataSourceRef");
        }
    }

    private static void reference(String apiGroup, String kind, String name, FieldPath path, Errors errs) {
        if (nullToEmpty(name).isEmpty()) {
            errs.required(path.child("name"), "");
        }
        if (nullToEmpty(kind).isEmpty()) {
            errs.required(path.child("kind"), "");
        }
        String group = nullToEmpty(apiGroup);
        if (group.isEmpty() && !"PersistentVolumeClaim".equals(kind)) {
            errs.invalid(path, nullToEmpty(kind), "must be 'PersistentVolumeClaim' when referencing the default apiGroup");
        }
        if (!group.isEmpty()) {
            errs.invalidEach(path.child("apiGroup"), group, Names.dns1123Subdomain(group));
        }
    }

    /** The storage request must be there and positive; upstream keys its path on "resources" itself. */
    private static void storage(PersistentVolumeClaimSpec spec, FieldPath path, Errors errs) {
        FieldPath storagePath = path.child("resources").key("storage");
        Map<String, Quantity> requests = spec.getResources() == null ? null : spec.getResources().getRequests();
        if (requests == null || !requests.containsKey("storage")) {
            errs.required(storagePath, "");
            return;
        }
        Quantity storage = requests.get("storage");
        Quantities.parse(storage).ifPresent(parsed -> {
            if (parsed.value().signum() <= 0) {
                errs.invalid(storagePath, Quantities.canonical(parsed), "must be greater than zero");
            }
        });
    }

    /** ValidatePersistentVolumeClaimUpdate, without the cmp.Diff upstream appends to the spec error. */
    static void update(PersistentVolumeClaim claim, PersistentVolumeClaim old, Errors errs) {
        spec(claim, errs);
        PersistentVolumeClaimSpec newSpec = copy(claim.getSpec());
        PersistentVolumeClaimSpec oldSpec = copy(old.getSpec());
        if (nullToEmpty(oldSpec.getVolumeName()).isEmpty()) {
            oldSpec.setVolumeName(newSpec.getVolumeName()); // volumeName may be set once
        }
        storageClass(claim, old, newSpec, errs);
        boolean bound = claim.getStatus() != null && "Bound".equals(claim.getStatus().getPhase());
        if (bound) {
            Map<String, Quantity> requests = new LinkedHashMap<>(requests(newSpec));
            Quantity oldStorage = requests(oldSpec).get("storage");
            if (oldStorage == null) {
                requests.remove("storage");
            } else {
                requests.put("storage", oldStorage);
            }
            newSpec.setResources(new VolumeResourceRequirementsBuilder()
                    .withLimits(newSpec.getResources() == null ? null : newSpec.getResources().getLimits())
                    .withRequests(requests).build());
            newSpec.setVolumeAttributesClassName(oldSpec.getVolumeAttributesClassName());
        }
        if (!semanticEqual(newSpec, oldSpec)) {
            errs.forbidden(FieldPath.of("spec"), IMMUTABLE_SPEC);
        }
        shrink(claim, old, errs);
        if (!Objects.equals(claim.getSpec().getVolumeMode(), old.getSpec().getVolumeMode())) {
            errs.invalid(FieldPath.of("volumeMode"), nullToEmpty(claim.getSpec().getVolumeMode()), "field is immutable");
        }
    }

    /**
     * The beta storage-class annotation is immutable (ValidateImmutableAnnotation, path built with
     * Child), except on the two upgrade paths to storageClassName: from the annotation
     * (validateStorageClassUpgradeFromAnnotation) and from no class at all (validateStorageClassUpgradeFromNil).
     * An allowed upgrade leaves the spec comparison blind to storageClassName.
     */
    private static void storageClass(PersistentVolumeClaim claim, PersistentVolumeClaim old, PersistentVolumeClaimSpec newSpec,
                                     Errors errs) {
        Map<String, String> oldAnnotations = nonNullMap(old.getMetadata().getAnnotations());
        Map<String, String> newAnnotations = nonNullMap(claim.getMetadata().getAnnotations());
        String oldClassName = old.getSpec() == null ? null : old.getSpec().getStorageClassName();
        String newClassName = claim.getSpec().getStorageClassName();
        String oldAnnotation = oldAnnotations.get(STORAGE_CLASS_ANNOTATION);
        String newAnnotation = newAnnotations.get(STORAGE_CLASS_ANNOTATION);
        if (oldAnnotation != null && oldClassName == null && newClassName != null && newClassName.equals(oldAnnotation)
                && (newAnnotation == null || newAnnotation.equals(oldAnnotation))) {
            newSpec.setStorageClassName(null);
            return;
        }
        if (!nullToEmpty(newAnnotation).equals(nullToEmpty(oldAnnotation))) {
            errs.invalid(FieldPath.of("metadata").child("annotations").child(STORAGE_CLASS_ANNOTATION), nullToEmpty(newAnnotation),
                    "field is immutable");
        }
        if (newClassName != null && oldClassName == null && (oldAnnotation == null || newClassName.equals(oldAnnotation))) {
            newSpec.setStorageClassName(null);
        }
    }

    /**
     * With RecoverVolumeExpansionFailure on, a request may shrink, but not to the capacity the stored
     * claim's status records or below (no capacity recorded reads as zero).
     */
    private static void shrink(PersistentVolumeClaim claim, PersistentVolumeClaim old, Errors errs) {
        Optional<BigDecimal> newSize = size(requests(claim.getSpec()).get("storage"));
        Optional<BigDecimal> oldSize = size(requests(old.getSpec()).get("storage"));
        Map<String, Quantity> capacity = old.getStatus() == null || old.getStatus().getCapacity() == null ? Map.of()
                : old.getStatus().getCapacity();
        BigDecimal statusSize = size(capacity.get("storage")).orElse(BigDecimal.ZERO);
        BigDecimal next = newSize.orElse(BigDecimal.ZERO);
        if (next.compareTo(oldSize.orElse(BigDecimal.ZERO)) < 0 && next.compareTo(statusSize) <= 0) {
            errs.forbidden(FieldPath.of("spec").child("resources").child("requests").child("storage"),
                    "field can not be less than status.capacity");
        }
    }

    private static Optional<BigDecimal> size(Quantity quantity) {
        return quantity == null ? Optional.empty() : Quantities.parse(quantity).map(parsed -> parsed.value());
    }

    private static Map<String, String> nonNullMap(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    private static Map<String, Quantity> requests(PersistentVolumeClaimSpec spec) {
        return spec == null || spec.getResources() == null || spec.getResources().getRequests() == null ? Map.of()
                : spec.getResources().getRequests();
    }

    /** apiequality.Semantic compares quantities by value: 1Gi equals 1024Mi. */
    private static boolean semanticEqual(PersistentVolumeClaimSpec a, PersistentVolumeClaimSpec b) {
        PersistentVolumeClaimSpec left = copy(a);
        PersistentVolumeClaimSpec right = copy(b);
        for (PersistentVolumeClaimSpec spec : List.of(left, right)) {
            VolumeResourceRequirements resources = spec.getResources() == null ? new VolumeResourceRequirements() : spec.getResources();
            spec.setResources(new VolumeResourceRequirementsBuilder().withRequests(canonical(resources.getRequests()))
                    .withLimits(canonical(resources.getLimits())).build());
        }
        return left.equals(right);
    }

    private static Map<String, Quantity> canonical(Map<String, Quantity> list) {
        if (list == null || list.isEmpty()) {
            return null;
        }
        Map<String, Quantity> out = new java.util.TreeMap<>();
        list.forEach((k, v) -> out.put(k, new Quantity(Quantities.parse(v).map(p -> p.value().stripTrailingZeros())
                .map(BigDecimal::toPlainString).orElse(String.valueOf(v)))));
        return out;
    }

    private static PersistentVolumeClaimSpec copy(PersistentVolumeClaimSpec spec) {
        return spec == null ? new PersistentVolumeClaimSpec() : new io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpecBuilder(spec).build();
    }
}
