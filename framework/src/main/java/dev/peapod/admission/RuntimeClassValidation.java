package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import static dev.peapod.admission.ContainerValidation.nullToEmpty;
import static dev.peapod.admission.PodDefaults.nonNull;

/**
 * ValidateRuntimeClass and ValidateRuntimeClassUpdate (pkg/apis/node/validation/validation.go, v1.33;
 * the duplicate-toleration check of validateTolerations was read in a recent copy of that file).
 */
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
            tolerations(nonNull(rc.getScheduling().getTolerations()), scheduling.child("tolerations"), errs);
        }
    }

    /**
     * validateTolerations: ValidateTolerations, then no two tolerations alike in key, operator, value
     * and effect (the list keys; tolerationSeconds is not one), reported with the whole toleration.
     */
    private static void tolerations(List<Toleration> tolerations, FieldPath path, Errors errs) {
        TolerationValidation.tolerations(tolerations, path, errs);
        Set<List<String>> seen = new HashSet<>();
        for (int i = 0; i < tolerations.size(); i++) {
            Toleration t = tolerations.get(i) == null ? new Toleration() : tolerations.get(i);
            List<String> key = List.of(nullToEmpty(t.getKey()), nullToEmpty(t.getOperator()), nullToEmpty(t.getValue()),
                    nullToEmpty(t.getEffect()));
            if (!seen.add(key)) {
                // Go's %#v prints a pointer's address; Peapod prints a fixed one, as AppsValidation does
                errs.duplicate(path.index(i), new GoValue("core.Toleration{Key:" + GoValue.quote(key.get(0))
                        + ", Operator:" + GoValue.quote(key.get(1)) + ", Value:" + GoValue.quote(key.get(2))
                        + ", Effect:" + GoValue.quote(key.get(3)) + ", TolerationSeconds:(*int64)("
                        + (t.getTolerationSeconds() == null ? "nil" : "0xc000000000") + ")}"));
            }
        }
    }

    /**
     * The RuntimeClass strategy's ValidateUpdate (pkg/registry/node/runtimeclass/strategy.go):
     * ValidateRuntimeClass on the new object, then ValidateRuntimeClassUpdate.
     */
    static void createThenUpdate(RuntimeClass rc, RuntimeClass old, Errors errs) {
        create(rc, errs);
        update(rc, old, errs);
    }

    /** The handler is immutable. */
    static void update(RuntimeClass rc, RuntimeClass old, Errors errs) {
        if (!Objects.equals(nullToEmpty(rc.getHandler()), nullToEmpty(old.getHandler()))) {
            errs.invalid(FieldPath.of("handler"), nullToEmpty(rc.getHandler()), "field is immutable");
        }
    }
}
