package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * SetDefaults_PriorityClass (pkg/apis/scheduling/v1/defaults.go), ValidatePriorityClass and
 * ValidatePriorityClassUpdate (pkg/apis/scheduling/validation/validation.go, v1.33).
 */
final class PriorityClassValidation {
    /** scheduling.HighestUserDefinablePriority. */
    static final int HIGHEST_USER_DEFINABLE = 1_000_000_000;
    /** schedulingapiv1.systemPriorityClasses: name to value; neither is a global default. */
    private static final Map<String, Integer> SYSTEM_CLASSES = Map.of(
            "system-node-critical", 2_000_001_000, "system-cluster-critical", 2_000_000_000);
    private static final List<String> POLICIES = List.of("PreemptLowerPriority", "Never");

    private PriorityClassValidation() {
    }

    static void defaults(PriorityClass priorityClass) {
        if (priorityClass.getPreemptionPolicy() == null) {
            priorityClass.setPreemptionPolicy("PreemptLowerPriority");
        }
    }

    static void create(PriorityClass pc, Errors errs) {
        String name = pc.getMetadata().getName() == null ? "" : pc.getMetadata().getName();
        int value = pc.getValue() == null ? 0 : pc.getValue();
        if (name.startsWith("system-")) {
            String error = knownSystemClassError(name, value, Boolean.TRUE.equals(pc.getGlobalDefault()));
            if (error != null) {
                errs.forbidden(FieldPath.of("metadata").child("name"),
                        "priority class names with 'system-' prefix are reserved for system use only. error: " + error);
            }
        } else if (value > HIGHEST_USER_DEFINABLE) {
            errs.forbidden(FieldPath.of("value"), "maximum allowed value of a user defined priority is " + HIGHEST_USER_DEFINABLE);
        }
        String policy = pc.getPreemptionPolicy();
        if (policy != null) {
            if (policy.isEmpty()) {
                errs.required(FieldPath.of("preemptionPolicy"), "");
            } else if (!POLICIES.contains(policy)) {
                errs.notSupported(FieldPath.of("preemptionPolicy"), policy, POLICIES);
            }
        }
    }

    /** Value and preemption policy are immutable. */
    static void update(PriorityClass pc, PriorityClass old, Errors errs) {
        if (!Objects.equals(pc.getValue(), old.getValue())) {
            errs.forbidden(FieldPath.of("value"), "may not be changed in an update.");
        }
        if (!Objects.equals(pc.getPreemptionPolicy(), old.getPreemptionPolicy())) {
            errs.invalid(FieldPath.of("preemptionPolicy"), pc.getPreemptionPolicy(), "field is immutable");
        }
    }

    /** IsKnownSystemPriorityClass's error, or null for a known class with its own value. */
    private static String knownSystemClassError(String name, int value, boolean globalDefault) {
        Integer known = SYSTEM_CLASSES.get(name);
        if (known == null) {
            return name + " is not a known system priority class";
        }
        if (known != value) {
            return "value of " + name + " PriorityClass must be " + known;
        }
        return globalDefault ? "globalDefault of " + name + " PriorityClass must be false" : null;
    }
}
