package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetSpec;

import java.util.List;

/** ValidatePodDisruptionBudget (pkg/apis/policy/validation/validation.go, v1.33). */
final class PolicyValidation {
    /** supportedUnhealthyPodEvictionPolicies, as sets.List sorts them. */
    private static final List<String> UNHEALTHY_POD_EVICTION_POLICIES = List.of("AlwaysAllow", "IfHealthyBudget");

    private PolicyValidation() {
    }

    /**
     * ValidatePodDisruptionBudgetSpec: not both minAvailable and maxUnavailable; each a non-negative
     * integer or a percentage of at most 100%; the selector; the unhealthy pod eviction policy.
     */
    static void spec(PodDisruptionBudget pdb, Errors errs) {
        PodDisruptionBudgetSpec spec = pdb.getSpec();
        if (spec == null) {
            return;
        }
        FieldPath path = FieldPath.of("spec");
        if (spec.getMinAvailable() != null && spec.getMaxUnavailable() != null) {
            // upstream prints the internal spec with %#v, its pointers as addresses Peapod cannot reproduce
            errs.invalid(path, new GoValue("policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0xc000000000), "
                    + "Selector:(*v1.LabelSelector)(" + (spec.getSelector() == null ? "nil" : "0xc000000000") + "), "
                    + "MaxUnavailable:(*intstr.IntOrString)(0xc000000000), UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)("
                    + (spec.getUnhealthyPodEvictionPolicy() == null ? "nil" : "0xc000000000") + ")}"),
                    "minAvailable and maxUnavailable cannot be both set");
        }
        if (spec.getMinAvailable() != null) {
            AppsValidation.positiveIntOrPercent(spec.getMinAvailable(), path.child("minAvailable"), errs);
            AppsValidation.notMoreThan100Percent(spec.getMinAvailable(), path.child("minAvailable"), errs);
        }
        if (spec.getMaxUnavailable() != null) {
            AppsValidation.positiveIntOrPercent(spec.getMaxUnavailable(), path.child("maxUnavailable"), errs);
            AppsValidation.notMoreThan100Percent(spec.getMaxUnavailable(), path.child("maxUnavailable"), errs);
        }
        MetaValidation.labelSelector(spec.getSelector(), path.child("selector"), errs);
        String policy = spec.getUnhealthyPodEvictionPolicy();
        if (policy != null && !UNHEALTHY_POD_EVICTION_POLICIES.contains(policy)) {
            errs.notSupported(path.child("unhealthyPodEvictionPolicy"), policy, UNHEALTHY_POD_EVICTION_POLICIES);
        }
    }
}
