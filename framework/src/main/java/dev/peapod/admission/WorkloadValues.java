package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The Go texts of the workload fields that upstream reports with {@code %#v}: an IntOrString
 * ({@code String()} has a pointer receiver, so the value is no Stringer) and a label selector
 * (field.Error.ErrorBody dereferences the pointer first; k8s.io/apimachinery/pkg/util/validation/field/errors.go).
 */
final class WorkloadValues {
    private WorkloadValues() {
    }

    /** {@code intstr.IntOrString{Type:1, IntVal:0, StrVal:"25"}}. */
    static GoValue intOrString(IntOrString value) {
        boolean string = isString(value);
        int intVal = string || value == null || value.getIntVal() == null ? 0 : value.getIntVal();
        String strVal = string ? value.getStrVal() : "";
        return new GoValue("intstr.IntOrString{Type:" + (string ? 1 : 0) + ", IntVal:" + intVal + ", StrVal:"
                + GoValue.quote(strVal) + "}");
    }

    static boolean isString(IntOrString value) {
        return value != null && value.getStrVal() != null;
    }

    /**
     * {@code v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}}.
     * Fabric8 does not tell an absent map from an empty one; an empty one prints as absent.
     */
    static GoValue labelSelector(LabelSelector selector) {
        if (selector == null) {
            return new GoValue("null");
        }
        var labels = selector.getMatchLabels();
        String matchLabels = labels == null || labels.isEmpty() ? "map[string]string(nil)"
                : GoValue.stringMap(labels).text();
        List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
        String matchExpressions = expressions == null || expressions.isEmpty() ? "[]v1.LabelSelectorRequirement(nil)"
                : expressions.stream().map(WorkloadValues::requirement)
                        .collect(Collectors.joining(", ", "[]v1.LabelSelectorRequirement{", "}"));
        return new GoValue("v1.LabelSelector{MatchLabels:" + matchLabels + ", MatchExpressions:" + matchExpressions + "}");
    }

    private static String requirement(LabelSelectorRequirement r) {
        List<String> values = r.getValues();
        String valueText = values == null || values.isEmpty() ? "[]string(nil)"
                : values.stream().map(v -> GoValue.quote(v == null ? "" : v)).collect(Collectors.joining(", ", "[]string{", "}"));
        return "v1.LabelSelectorRequirement{Key:" + GoValue.quote(nullToEmpty(r.getKey())) + ", Operator:"
                + GoValue.quote(nullToEmpty(r.getOperator())) + ", Values:" + valueText + "}";
    }

    /** {@code []int32{1, 2}}, {@code []int32(nil)}. */
    static GoValue int32s(List<Integer> values) {
        if (values == null || values.isEmpty()) {
            return new GoValue("[]int32(nil)");
        }
        return new GoValue(values.stream().map(String::valueOf).collect(Collectors.joining(", ", "[]int32{", "}")));
    }

    static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
