package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;

import java.util.List;
import java.util.Map;

import static dev.peapod.admission.PodDefaults.empty;
import static dev.peapod.admission.PodDefaults.nonNull;

/**
 * Pod and pod-template validation entry points of pkg/apis/core/validation/validation.go (v1.33):
 * ValidatePodCreate, validatePodMetadataAndSpec and ValidatePodTemplateSpec.
 */
final class PodValidation {
    static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

    private PodValidation() {
    }

    static Errors create(Pod pod) {
        Errors errs = new Errors();
        metadataAndSpec(pod, errs);
        PodSpec spec = PodDefaults.spec(pod);
        FieldPath specPath = FieldPath.of("spec");
        if (!nonNull(spec.getEphemeralContainers()).isEmpty()) {
            errs.forbidden(specPath.child("ephemeralContainers"), "cannot be set on create");
        }
        if (!empty(spec.getNodeName()) && !nonNull(spec.getSchedulingGates()).isEmpty()) {
            errs.forbidden(specPath.child("nodeName"), "cannot be set until all schedulingGates have been cleared");
        }
        return errs;
    }

    /** validatePodMetadataAndSpec: shared by create and update. */
    static void metadataAndSpec(Pod pod, Errors errs) {
        FieldPath metaPath = FieldPath.of("metadata");
        FieldPath specPath = FieldPath.of("spec");
        MetaValidation.objectMeta(pod.getMetadata(), true, Names.Rule.DNS1123_SUBDOMAIN, metaPath, errs);
        podAnnotations(pod.getMetadata().getAnnotations(), metaPath.child("annotations"), errs);
        PodSpec spec = PodDefaults.spec(pod);
        PodSpecValidation.spec(spec, specPath, true, errs);
        if (empty(spec.getServiceAccountName())) {
            tokenProjectionsNeedAccount(spec, specPath, errs);
        }
        containersOnlyForPod(spec.getContainers(), specPath.child("containers"), errs);
        containersOnlyForPod(spec.getInitContainers(), specPath.child("initContainers"), errs);
    }

    /** ValidatePodTemplateSpec: the template's labels and annotations, then its spec as a non-pod spec. */
    static void template(PodTemplateSpec template, FieldPath path, Errors errs) {
        ObjectMeta meta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        MetaValidation.labels(meta.getLabels(), path.child("labels"), errs);
        MetaValidation.annotations(meta.getAnnotations(), path.child("annotations"), errs);
        podAnnotations(meta.getAnnotations(), path.child("annotations"), errs);
        PodSpec spec = template.getSpec() == null ? new PodSpec() : template.getSpec();
        PodSpecValidation.spec(spec, path.child("spec"), false, errs);
        if (!nonNull(spec.getEphemeralContainers()).isEmpty()) {
            errs.forbidden(path.child("spec").child("ephemeralContainers"), "ephemeral containers not allowed in pod template");
        }
    }

    /** ValidatePodSpecificAnnotations, for the deletion-cost annotation only. */
    private static void podAnnotations(Map<String, String> annotations, FieldPath path, Errors errs) {
        if (annotations != null && annotations.containsKey(DELETION_COST) && !validDeletionCost(annotations.get(DELETION_COST))) {
            errs.invalid(path.key(DELETION_COST), annotations.get(DELETION_COST), "must be a 32bit integer");
        }
    }

    /** helper.GetDeletionCostFromPodAnnotations: a plain int32, no '+' and no leading zeros. */
    private static boolean validDeletionCost(String value) {
        if (value == null || value.isEmpty() || !(value.charAt(0) == '-' || value.equals("0")
                || (value.charAt(0) >= '1' && value.charAt(0) <= '9'))) {
            return false;
        }
        try {
            Integer.parseInt(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void tokenProjectionsNeedAccount(PodSpec spec, FieldPath specPath, Errors errs) {
        List<Volume> volumes = nonNull(spec.getVolumes());
        for (int vi = 0; vi < volumes.size(); vi++) {
            if (volumes.get(vi).getProjected() == null) {
                continue;
            }
            List<VolumeProjection> sources = nonNull(volumes.get(vi).getProjected().getSources());
            for (int si = 0; si < sources.size(); si++) {
                if (sources.get(si).getServiceAccountToken() != null) {
                    errs.forbidden(specPath.child("volumes").index(vi).child("projected").child("sources").index(si)
                            .child("serviceAccountToken"), "must not be specified when serviceAccountName is not set");
                }
            }
        }
    }

    /** validateContainersOnlyForPod: a pod's images may not be padded (templates may, for compatibility). */
    private static void containersOnlyForPod(List<Container> containers, FieldPath path, Errors errs) {
        for (int i = 0; i < nonNull(containers).size(); i++) {
            String image = ContainerValidation.nullToEmpty(containers.get(i).getImage());
            if (!image.equals(image.strip())) {
                errs.invalid(path.index(i).child("image"), image, "must not have leading or trailing whitespace");
            }
        }
    }
}
