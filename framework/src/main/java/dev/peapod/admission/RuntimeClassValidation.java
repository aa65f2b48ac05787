package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;

import java.util.Objects;

import static dev.peapod.admission.ContainerValidation.nullToEmpty;
import static dev.peapod.admission.PodDefaults.nonNull;

/** ValidateRuntimeClass and ValidateRuntimeClassUpdate (pkg/apis/node/validation/validation.go, v1.33). */
final class RuntimeClassValidation {
    private RuntimeClassValidation() {
    }

    static void create(RuntimeClass rc, Errors errs) {
        String handler = nullToEmpty(rc.getHandler());
        errs.invalidEach(FieldPath.of("handler"), handler, Names.dns1123Label(handler));
        if (rc.getOverhead() != null && rc.getOverhead().getPodFixed() != null) {
            // validateOverhead reuses the resource requirements check on a limits-only list
            ResourceValidation.requirements(new ResourceRequirementsBuilder().withLimits(rc.getOverhead().getPodFixed()).build(),
                    FieldPath.of("overhead"), errs);
        }
        if (rc.getScheduling() != null) {
            FieldPath scheduling = FieldPath.of("scheduling");
            if (rc.getScheduling().getNodeSelector() != null) {
                MetaValidation.labels(rc.getScheduling().getNodeSelector(), scheduling.child("nodeSelector"), errs);
            }
            TolerationValidation.tolerations(nonNull(rc.getScheduling().getTolerations()), scheduling.child("tolerations"), errs);
        }
    }

    /** The handler is immutable. */
    static void update(RuntimeClass rc, RuntimeClass old, Errors errs) {
        if (!Objects.equals(nullToEmpty(rc.getHandler()), nullToEmpty(old.getHandler()))) {
            errs.invalid(FieldPath.of("handler"), nullToEmpty(rc.getHandler()), "field is immutable");
        }
    }
}
