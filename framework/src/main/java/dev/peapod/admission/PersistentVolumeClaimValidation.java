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
        if (!Objects.equals(claim.getSpec().getVolumeMode(), old.getSpec().getVolumeMode())) {
            errs.invalid(FieldPath.of("volumeMode"), nullToEmpty(claim.getSpec().getVolumeMode()), "field is immutable");
        }
    }

    private static Map<String, Quantity> requests(PersistentVolumeClaimSpec spec) {
        return spec.getResources() == null || spec.getResources().getRequests() == null ? Map.of()
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
