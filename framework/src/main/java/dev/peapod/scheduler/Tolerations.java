package dev.peapod.scheduler;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/** Taints and tolerations as in k8s.io/api/core/v1 toleration.go and component-helpers/scheduling/corev1. */
final class Tolerations {
    /** The taint behind spec.unschedulable (v1.TaintNodeUnschedulable). */
    static final Taint UNSCHEDULABLE = new TaintBuilder().withKey("node.kubernetes.io/unschedulable").withEffect("NoSchedule").build();

    /** helper.DoNotScheduleTaintsFilterFunc: the Filter looks at NoSchedule and NoExecute only. */
    static final Predicate<Taint> DO_NOT_SCHEDULE = t -> "NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect());

    private Tolerations() {
    }

    /** Toleration.ToleratesTaint: an empty effect or key matches any; an empty operator means Equal. */
    static boolean tolerates(Toleration toleration, Taint taint) {
        if (notEmpty(toleration.getEffect()) && !toleration.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if (notEmpty(toleration.getKey()) && !toleration.getKey().equals(taint.getKey())) {
            return false;
        }
        String operator = toleration.getOperator();
        if (operator == null || operator.isEmpty() || operator.equals("Equal")) {
            return Objects.equals(emptyIfNull(toleration.getValue()), emptyIfNull(taint.getValue()));
        }
        return operator.equals("Exists");
    }

    static boolean tolerated(List<Toleration> tolerations, Taint taint) {
        return list(tolerations).stream().anyMatch(t -> tolerates(t, taint));
    }

    /** FindMatchingUntoleratedTaint: the first taint, in node order, that passes the filter and is not tolerated. */
    static Optional<Taint> firstUntolerated(List<Taint> taints, List<Toleration> tolerations, Predicate<Taint> filter) {
        return list(taints).stream().filter(filter).filter(t -> !tolerated(tolerations, t)).findFirst();
    }

    static String emptyIfNull(String value) {
        return value == null ? "" : value;
    }

    private static boolean notEmpty(String value) {
        return value != null && !value.isEmpty();
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }
}
