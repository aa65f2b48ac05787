package dev.peapod.admission;

import dev.peapod.store.Copies;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static dev.peapod.admission.ContainerValidation.nullToEmpty;
import static dev.peapod.admission.PodDefaults.nonNull;

/**
 * ValidatePodUpdate of pkg/apis/core/validation/validation.go (v1.33): a pod's spec is immutable
 * except for container images, a shrinking activeDeadlineSeconds, added tolerations and removed
 * scheduling gates. Labels and annotations may change.
 *
 * <p>Upstream ends the "may not change fields" error with a {@code cmp.Diff} of the two specs;
 * Peapod reports the sentence without the diff. The extra mutations allowed on scheduling-gated
 * pods (node selector and affinity additions) are not modelled.
 */
final class PodUpdateValidation {
    static final String UPDATABLE_FIELDS = String.join(",",
            "`spec.containers[*].image`",
            "`spec.initContainers[*].image`",
            "`spec.activeDeadlineSeconds`",
            "`spec.tolerations` (only additions to existing tolerations)",
            "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)");
    static final String FORBIDDEN_UPDATE = "pod updates may not change fields other than " + UPDATABLE_FIELDS;
    /** Compares specs as the API's semantic equality does: an empty list equals an absent one. */
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private PodUpdateValidation() {
    }

    static Errors update(Pod pod, Pod old) {
        Errors errs = new Errors();
        PodValidation.metadataAndSpec(pod, errs);
        PodSpec spec = PodDefaults.spec(pod);
        PodSpec oldSpec = PodDefaults.spec(old);
        FieldPath specPath = FieldPath.of("spec");
        if (containerUpdates(spec.getContainers(), oldSpec.getContainers(), specPath.child("containers"), errs)
                || containerUpdates(spec.getInitContainers(), oldSpec.getInitContainers(), specPath.child("initContainers"), errs)) {
            return errs;
        }
        if (!activeDeadline(spec.getActiveDeadlineSeconds(), oldSpec.getActiveDeadlineSeconds(), specPath, errs)) {
            return errs;
        }
        onlyAddedTolerations(nonNull(spec.getTolerations()), nonNull(oldSpec.getTolerations()), specPath.child("tolerations"), errs);
        onlyDeletedGates(nonNull(spec.getSchedulingGates()), nonNull(oldSpec.getSchedulingGates()), specPath.child("schedulingGates"), errs);
        if (!equal(munged(spec, oldSpec), oldSpec)) {
            errs.forbidden(specPath, FORBIDDEN_UPDATE);
        }
        return errs;
    }

    /** ValidateContainerUpdates; true means stop, as upstream returns at once. */
    private static boolean containerUpdates(List<Container> containers, List<Container> old, FieldPath path, Errors errs) {
        if (nonNull(containers).size() != nonNull(old).size()) {
            errs.forbidden(path, "pod updates may not add or remove containers");
            return true;
        }
        for (int i = 0; i < nonNull(containers).size(); i++) {
            String image = nullToEmpty(containers.get(i).getImage());
            if (image.isEmpty()) {
                errs.required(path.index(i).child("image"), "");
            }
            if (!image.equals(image.strip())) {
                errs.invalid(path.index(i).child("image"), image, "must not have leading or trailing whitespace");
            }
        }
        return false;
    }

    /** From unset to a value, or down to a smaller one; false means stop. */
    private static boolean activeDeadline(Long value, Long old, FieldPath specPath, Errors errs) {
        FieldPath path = specPath.child("activeDeadlineSeconds");
        if (value != null) {
            if (value < 0 || value > PodSpecValidation.MAX_INT32) {
                errs.invalid(path, value, Names.inclusiveRangeError(0, PodSpecValidation.MAX_INT32));
                return false;
            }
            if (old != null && old < value) {
                errs.invalid(path, value, "must be less than or equal to previous value");
                return false;
            }
        } else if (old != null) {
            errs.invalid(path, null, "must not update from a positive integer to nil value");
        }
        return true;
    }

    /** validateOnlyAddedTolerations: every old toleration must remain, up to its tolerationSeconds. */
    private static void onlyAddedTolerations(List<Toleration> tolerations, List<Toleration> old, FieldPath path, Errors errs) {
        for (Toleration existing : old) {
            boolean found = tolerations.stream().anyMatch(t -> sameExceptSeconds(existing, t));
            if (!found) {
                errs.forbidden(path, "existing toleration can not be modified except its tolerationSeconds");
                return;
            }
        }
        TolerationValidation.tolerations(tolerations, path, errs);
    }

    private static boolean sameExceptSeconds(Toleration a, Toleration b) {
        return nullToEmpty(a.getKey()).equals(nullToEmpty(b.getKey()))
                && nullToEmpty(a.getOperator()).equals(nullToEmpty(b.getOperator()))
                && nullToEmpty(a.getValue()).equals(nullToEmpty(b.getValue()))
                && nullToEmpty(a.getEffect()).equals(nullToEmpty(b.getEffect()));
    }

    /** validateOnlyDeletedSchedulingGates, reported in list order where upstream walks a map. */
    private static void onlyDeletedGates(List<PodSchedulingGate> gates, List<PodSchedulingGate> old, FieldPath path, Errors errs) {
        Set<String> oldNames = new HashSet<>();
        old.forEach(g -> oldNames.add(nullToEmpty(g.getName())));
        for (int i = 0; i < gates.size(); i++) {
            String name = nullToEmpty(gates.get(i).getName());
            if (!oldNames.contains(name)) {
                errs.forbidden(path.index(i).child("name"), "only deletion is allowed, but found new scheduling gate '" + name + "'");
            }
        }
    }

    /** The new spec with every updatable field set back to the old value. */
    private static PodSpec munged(PodSpec spec, PodSpec old) {
        PodSpec munged = Copies.copy(spec);
        restoreImages(munged.getContainers(), old.getContainers());
        restoreImages(munged.getInitContainers(), old.getInitContainers());
        munged.setActiveDeadlineSeconds(old.getActiveDeadlineSeconds());
        munged.setSchedulingGates(old.getSchedulingGates());
        munged.setTolerations(old.getTolerations());
        Long oldGrace = old.getTerminationGracePeriodSeconds();
        if (oldGrace != null && oldGrace < 0 && Objects.equals(munged.getTerminationGracePeriodSeconds(), 1L)) {
            munged.setTerminationGracePeriodSeconds(oldGrace);
        }
        return munged;
    }

    private static void restoreImages(List<Container> containers, List<Container> old) {
        for (int i = 0; i < nonNull(containers).size(); i++) {
            containers.get(i).setImage(old.get(i).getImage());
        }
    }

    private static boolean equal(PodSpec a, PodSpec b) {
        return JSON.convertValue(a, Map.class).equals(JSON.convertValue(b, Map.class));
    }
}
