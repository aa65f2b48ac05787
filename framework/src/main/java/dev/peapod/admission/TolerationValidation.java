package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.Toleration;

import java.util.List;

import static dev.peapod.admission.ContainerValidation.nullToEmpty;

/** ValidateTolerations and validateTaintEffect of pkg/apis/core/validation/validation.go (v1.33). */
final class TolerationValidation {
    static final List<String> EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    private TolerationValidation() {
    }

    static void tolerations(List<Toleration> tolerations, FieldPath path, Errors errs) {
        for (int i = 0; i < tolerations.size(); i++) {
            toleration(tolerations.get(i), path.index(i), errs);
        }
    }

    private static void toleration(Toleration t, FieldPath at, Errors errs) {
        String key = nullToEmpty(t.getKey());
        String operator = nullToEmpty(t.getOperator());
        String value = nullToEmpty(t.getValue());
        String effect = nullToEmpty(t.getEffect());
        if (!key.isEmpty()) {
            errs.invalidEach(at.child("key"), key, Names.qualifiedName(key));
        }
        if (key.isEmpty() && !operator.equals("Exists")) {
            errs.invalid(at.child("operator"), operator,
                    "operator must be Exists when `key` is empty, which means \"match all values and all keys\"");
        }
        if (t.getTolerationSeconds() != null && !effect.equals("NoExecute")) {
            errs.invalid(at.child("effect"), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set");
        }
        switch (operator) {
            case "Equal", "" -> {
                List<String> msgs = Names.labelValue(value);
                if (!msgs.isEmpty()) {
                    errs.invalid(at.child("operator"), value, String.join(";", msgs));
                }
            }
            case "Exists" -> {
                // upstream passes toleration.Value here, not the whole toleration
                if (!value.isEmpty()) {
                    errs.invalid(at.child("operator"), value, "value must be empty when `operator` is 'Exists'");
                }
            }
            default -> errs.notSupported(at.child("operator"), operator, List.of("Equal", "Exists"));
        }
        if (!effect.isEmpty() && !EFFECTS.contains(effect)) {
            errs.notSupported(at.child("effect"), effect, EFFECTS);
        }
    }
}
