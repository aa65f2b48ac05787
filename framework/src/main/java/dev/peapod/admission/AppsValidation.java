package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.DaemonSetSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSetUpdateStrategy;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDaemonSet;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;

import java.util.List;
import java.util.regex.Pattern;

import static dev.peapod.admission.ProbeValidation.NEGATIVE;

/**
 * The spec rules of the apps/v1 workloads besides their pod template, in upstream's order
 * (pkg/apis/apps/validation/validation.go, v1.33: ValidateDeploymentSpec, ValidateDeploymentStrategy,
 * ValidateRollingUpdateDeployment, ValidateReplicaSetSpec, ValidateDaemonSetSpec,
 * ValidateDaemonSetUpdateStrategy, ValidateRollingUpdateDaemonSet, ValidateStatefulSetSpec), checked
 * against a copy of that file with the Ordinals rule (v1.27 or later); the index holds no v1.33 copy.
 */
final class AppsValidation {
    private static final String PERCENT_FMT = "[0-9]+%";
    private static final Pattern PERCENT = Pattern.compile(PERCENT_FMT);
    private static final String PERCENT_MSG = "a valid percent string must be a numeric string followed by an ending '%'";

    private AppsValidation() {
    }

    static void nonNegative(Integer value, FieldPath path, Errors errs) {
        if (value != null && value < 0) {
            errs.invalid(path, (long) value, NEGATIVE);
        }
    }

    /** A required selector that must not be empty; false when LabelSelectorAsSelector would fail. */
    static boolean requiredSelector(LabelSelector selector, FieldPath path, String kind, Errors errs) {
        if (selector == null) {
            errs.required(path, "");
            return true;
        }
        int before = errs.size();
        MetaValidation.labelSelector(selector, path, errs);
        boolean valid = errs.size() == before;
        if (isEmpty(selector)) {
            errs.invalid(path, WorkloadValues.labelSelector(selector), "empty selector is invalid for " + kind);
        }
        return valid;
    }

    static boolean isEmpty(LabelSelector selector) {
        return size(selector.getMatchLabels()) + size(selector.getMatchExpressions()) == 0;
    }

    private static int size(java.util.Collection<?> c) {
        return c == null ? 0 : c.size();
    }

    private static int size(java.util.Map<?, ?> m) {
        return m == null ? 0 : m.size();
    }

    /** The Deployment's fields after its template: strategy, minReadySeconds, revisionHistoryLimit, progressDeadlineSeconds. */
    static void deploymentTail(DeploymentSpec spec, FieldPath path, Errors errs) {
        strategy(spec.getStrategy(), path.child("strategy"), errs);
        int minReady = spec.getMinReadySeconds() == null ? 0 : spec.getMinReadySeconds();
        nonNegative(minReady, path.child("minReadySeconds"), errs);
        nonNegative(spec.getRevisionHistoryLimit(), path.child("revisionHistoryLimit"), errs);
        Integer deadline = spec.getProgressDeadlineSeconds();
        if (deadline != null) {
            nonNegative(deadline, path.child("progressDeadlineSeconds"), errs);
            if (deadline <= minReady) {
                errs.invalid(path.child("progressDeadlineSeconds"), (long) deadline, "must be greater than minReadySeconds");
            }
        }
    }

    private static void strategy(DeploymentStrategy strategy, FieldPath path, Errors errs) {
        String type = WorkloadValues.nullToEmpty(strategy.getType());
        switch (type) {
            case "Recreate" -> {
                if (strategy.getRollingUpdate() != null) {
                    errs.forbidden(path.child("rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'");
                }
            }
            case "RollingUpdate" -> {
                if (strategy.getRollingUpdate() == null) {
                    errs.required(path.child("rollingUpdate"), "this should be defaulted and never be nil");
                } else {
                    rollingUpdate(strategy.getRollingUpdate(), path.child("rollingUpdate"), errs);
                }
            }
            // upstream reports the whole strategy struct (%#v) at strategy; a non-nil rollingUpdate pointer
            // prints as an address there, which Peapod cannot reproduce
            default -> errs.notSupported(path, new GoValue("apps.DeploymentStrategy{Type:" + GoValue.quote(type)
                    + ", RollingUpdate:(*apps.RollingUpdateDeployment)(" + (strategy.getRollingUpdate() == null ? "nil" : "0xc000000000")
                    + ")}"), List.of("Recreate", "RollingUpdate"));
        }
    }

    private static void rollingUpdate(RollingUpdateDeployment rolling, FieldPath path, Errors errs) {
        IntOrString maxUnavailable = rolling.getMaxUnavailable();
        IntOrString maxSurge = rolling.getMaxSurge();
        positiveIntOrPercent(maxUnavailable, path.child("maxUnavailable"), errs);
        positiveIntOrPercent(maxSurge, path.child("maxSurge"), errs);
        if (intOrPercentValue(maxUnavailable) == 0 && intOrPercentValue(maxSurge) == 0) {
            errs.invalid(path.child("maxUnavailable"), WorkloadValues.intOrString(maxUnavailable),
                    "may not be 0 when `maxSurge` is 0");
        }
        notMoreThan100Percent(maxUnavailable, path.child("maxUnavailable"), errs);
    }

    /** ValidatePositiveIntOrPercent. */
    static void positiveIntOrPercent(IntOrString value, FieldPath path, Errors errs) {
        if (WorkloadValues.isString(value)) {
            if (!PERCENT.matcher(value.getStrVal()).matches()) {
                errs.invalid(path, WorkloadValues.intOrString(value), Names.regexError(PERCENT_MSG, PERCENT_FMT, "1%", "93%"));
            }
        } else if (value != null && value.getIntVal() != null && value.getIntVal() < 0) {
            errs.invalid(path, (long) value.getIntVal(), NEGATIVE);
        }
    }

    /** getIntOrPercentValue: a valid percent's number, else IntValue() (a string that is no number is 0). */
    static int intOrPercentValue(IntOrString value) {
        if (value == null) {
            return 0;
        }
        if (WorkloadValues.isString(value)) {
            String s = value.getStrVal();
            String digits = PERCENT.matcher(s).matches() ? s.substring(0, s.length() - 1) : s;
            // strconv.Atoi on a 64-bit int, its error ignored: out of range is the largest value of its sign (so
            // "99999999999%" is more than 100%), what is no number is 0; held here in an int, clamped
            try {
                long parsed = Long.parseLong(digits);
                return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, parsed));
            } catch (NumberFormatException e) {
                return digits.matches("[+-]?\\d+") ? (digits.startsWith("-") ? Integer.MIN_VALUE : Integer.MAX_VALUE) : 0;
            }
        }
        return value.getIntVal() == null ? 0 : value.getIntVal();
    }

    static void notMoreThan100Percent(IntOrString value, FieldPath path, Errors errs) {
        if (WorkloadValues.isString(value) && PERCENT.matcher(value.getStrVal()).matches() && intOrPercentValue(value) > 100) {
            errs.invalid(path, WorkloadValues.intOrString(value), "must not be greater than 100%");
        }
    }

    /** The DaemonSet's fields after its template: minReadySeconds, updateStrategy, revisionHistoryLimit. */
    static void daemonSetTail(DaemonSetSpec spec, FieldPath path, Errors errs) {
        nonNegative(spec.getMinReadySeconds(), path.child("minReadySeconds"), errs);
        daemonSetStrategy(spec.getUpdateStrategy(), path.child("updateStrategy"), errs);
        nonNegative(spec.getRevisionHistoryLimit(), path.child("revisionHistoryLimit"), errs);
    }

    private static void daemonSetStrategy(DaemonSetUpdateStrategy strategy, FieldPath path, Errors errs) {
        String type = WorkloadValues.nullToEmpty(strategy.getType());
        switch (type) {
            case "OnDelete" -> {
            }
            case "RollingUpdate" -> {
                if (strategy.getRollingUpdate() == null) {
                    errs.required(path.child("rollingUpdate"), "");
                } else {
                    daemonSetRollingUpdate(strategy.getRollingUpdate(), path.child("rollingUpdate"), errs);
                }
            }
            // upstream reports the whole strategy struct (%#v) at updateStrategy
            default -> errs.notSupported(path, new GoValue("apps.DaemonSetUpdateStrategy{Type:" + GoValue.quote(type)
                    + ", RollingUpdate:(*apps.RollingUpdateDaemonSet)(" + (strategy.getRollingUpdate() == null ? "nil" : "0xc000000000")
                    + ")}"), List.of("RollingUpdate", "OnDelete"));
        }
    }

    private static void daemonSetRollingUpdate(RollingUpdateDaemonSet rolling, FieldPath path, Errors errs) {
        IntOrString maxUnavailable = rolling.getMaxUnavailable();
        IntOrString maxSurge = rolling.getMaxSurge();
        positiveIntOrPercent(maxUnavailable, path.child("maxUnavailable"), errs);
        positiveIntOrPercent(maxSurge, path.child("maxSurge"), errs);
        notMoreThan100Percent(maxUnavailable, path.child("maxUnavailable"), errs);
        notMoreThan100Percent(maxSurge, path.child("maxSurge"), errs);
        boolean hasUnavailable = intOrPercentValue(maxUnavailable) != 0;
        boolean hasSurge = intOrPercentValue(maxSurge) != 0;
        if (hasUnavailable && hasSurge) {
            errs.invalid(path.child("maxSurge"), WorkloadValues.intOrString(maxSurge),
                    "may not be set when maxUnavailable is non-zero");
        } else if (!hasUnavailable && !hasSurge) {
            errs.required(path.child("maxUnavailable"), "cannot be 0 when maxSurge is 0");
        }
    }

    /** ValidateStatefulSetSpec before the selector: podManagementPolicy, updateStrategy, claim retention, replicas, minReadySeconds, ordinals. */
    static void statefulSetHead(StatefulSetSpec spec, FieldPath path, Errors errs) {
        String policy = WorkloadValues.nullToEmpty(spec.getPodManagementPolicy());
        switch (policy) {
            case "" -> errs.required(path.child("podManagementPolicy"), "");
            case "OrderedReady", "Parallel" -> {
            }
            default -> errs.invalid(path.child("podManagementPolicy"), policy, "must be 'OrderedReady' or 'Parallel'");
        }
        statefulSetStrategy(spec.getUpdateStrategy(), path.child("updateStrategy"), errs);
        var retention = spec.getPersistentVolumeClaimRetentionPolicy();
        if (retention != null) {
            retentionType(retention.getWhenDeleted(), path.child("persistentVolumeClaimRetentionPolicy").child("whenDeleted"), errs);
            retentionType(retention.getWhenScaled(), path.child("persistentVolumeClaimRetentionPolicy").child("whenScaled"), errs);
        }
        nonNegative(spec.getReplicas() == null ? 0 : spec.getReplicas(), path.child("replicas"), errs);
        nonNegative(spec.getMinReadySeconds() == null ? 0 : spec.getMinReadySeconds(), path.child("minReadySeconds"), errs);
        if (spec.getOrdinals() != null) {
            Integer start = spec.getOrdinals().getStart();
            nonNegative(start == null ? 0 : start, path.child("ordinals.start"), errs);
        }
    }

    private static void statefulSetStrategy(StatefulSetUpdateStrategy strategy, FieldPath path, Errors errs) {
        String type = WorkloadValues.nullToEmpty(strategy.getType());
        switch (type) {
            case "" -> errs.required(path, "");
            case "OnDelete" -> {
                if (strategy.getRollingUpdate() != null) {
                    var rolling = strategy.getRollingUpdate();
                    errs.invalid(path.child("rollingUpdate"), new GoValue("apps.RollingUpdateStatefulSetStrategy{Partition:"
                                    + (rolling.getPartition() == null ? 0 : rolling.getPartition()) + ", MaxUnavailable:(*intstr.IntOrString)(nil)}"),
                            "only allowed for updateStrategy 'RollingUpdate'");
                }
            }
            case "RollingUpdate" -> {
                if (strategy.getRollingUpdate() != null) {
                    Integer partition = strategy.getRollingUpdate().getPartition();
                    nonNegative(partition == null ? 0 : partition, path.child("rollingUpdate").child("partition"), errs);
                }
            }
            default -> errs.invalid(path, new GoValue("apps.StatefulSetUpdateStrategy{Type:" + GoValue.quote(type)
                    + ", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}"), "must be 'RollingUpdate' or 'OnDelete'");
        }
    }

    private static void retentionType(String value, FieldPath path, Errors errs) {
        String type = WorkloadValues.nullToEmpty(value);
        if (!type.equals("Retain") && !type.equals("Delete")) {
            errs.notSupported(path, type, List.of("Retain", "Delete"));
        }
    }
}
