package dev.peapod.controllers;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnPodConditionsPattern;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;

import java.util.List;

/** A Job's podFailurePolicy against a failed pod (pkg/controller/job/pod_failure_policy.go). */
final class PodFailurePolicies {
    /**
     * What the first matching rule says: the FailJob message (else null), whether the failure counts
     * toward the backoff limits (only Ignore does not), and the rule's action (null when none matched).
     */
    record Match(String failJobMessage, boolean countFailed, String action) {
        static final Match NONE = new Match(null, true, null);
    }

    private PodFailurePolicies() {
    }

    /** matchPodFailurePolicy (v1.33, with FailIndex: JobBackoffLimitPerIndex is GA). */
    static Match match(PodFailurePolicy policy, Pod pod) {
        if (policy == null || policy.getRules() == null) {
            return Match.NONE;
        }
        List<PodFailurePolicyRule> rules = policy.getRules();
        for (int index = 0; index < rules.size(); index++) {
            PodFailurePolicyRule rule = rules.get(index);
            String action = rule.getAction();
            if (rule.getOnExitCodes() != null) {
                ContainerStatus container = matchOnExitCodes(pod, rule.getOnExitCodes());
                if (container != null) {
                    switch (action) {
                        case "Ignore":
                            return new Match(null, false, action);
                        case "FailIndex":
                        case "Count":
                            return new Match(null, true, action);
                        case "FailJob":
                            return new Match(String.format("Container %s for pod %s/%s failed with exit code %d matching %s rule at index %d",
                                    container.getName(), pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                                    container.getState().getTerminated().getExitCode(), action, index), true, action);
                        default:
                            break;
                    }
                }
            } else if (rule.getOnPodConditions() != null) {
                PodCondition condition = matchOnPodConditions(pod, rule.getOnPodConditions());
                if (condition != null) {
                    switch (action) {
                        case "Ignore":
                            return new Match(null, false, action);
                        case "FailIndex":
                        case "Count":
                            return new Match(null, true, action);
                        case "FailJob":
                            return new Match(String.format("Pod %s/%s has condition %s matching %s rule at index %d",
                                    pod.getMetadata().getNamespace(), pod.getMetadata().getName(), condition.getType(), action, index),
                                    true, action);
                        default:
                            break;
                    }
                }
            }
        }
        return Match.NONE;
    }

    /** matchOnExitCodes: app containers first, then init containers. */
    private static ContainerStatus matchOnExitCodes(Pod pod, PodFailurePolicyOnExitCodesRequirement requirement) {
        if (pod.getStatus() == null) {
            return null;
        }
        ContainerStatus found = matching(pod.getStatus().getContainerStatuses(), requirement);
        return found != null ? found : matching(pod.getStatus().getInitContainerStatuses(), requirement);
    }

    private static ContainerStatus matching(List<ContainerStatus> statuses, PodFailurePolicyOnExitCodesRequirement requirement) {
        if (statuses == null) {
            return null;
        }
        for (ContainerStatus status : statuses) {
            if (status.getState() == null || status.getState().getTerminated() == null) {
                continue; // still terminating: no exit code to match
            }
            if (requirement.getContainerName() == null || requirement.getContainerName().equals(status.getName())) {
                int exitCode = status.getState().getTerminated().getExitCode() == null ? 0 : status.getState().getTerminated().getExitCode();
                if (exitCode != 0 && operatorMatches(exitCode, requirement)) {
                    return status;
                }
            }
        }
        return null;
    }

    private static boolean operatorMatches(int exitCode, PodFailurePolicyOnExitCodesRequirement requirement) {
        List<Integer> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        return switch (requirement.getOperator() == null ? "" : requirement.getOperator()) {
            case "In" -> values.contains(exitCode);
            case "NotIn" -> !values.contains(exitCode);
            default -> false;
        };
    }

    private static PodCondition matchOnPodConditions(Pod pod, List<PodFailurePolicyOnPodConditionsPattern> patterns) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        for (PodCondition condition : pod.getStatus().getConditions()) {
            for (PodFailurePolicyOnPodConditionsPattern pattern : patterns) {
                if (condition.getType().equals(pattern.getType()) && condition.getStatus().equals(pattern.getStatus())) {
                    return condition;
                }
            }
        }
        return null;
    }
}
