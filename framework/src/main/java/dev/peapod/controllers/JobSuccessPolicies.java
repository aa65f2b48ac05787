package dev.peapod.controllers;

import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicy;
import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicyRule;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** An Indexed Job's successPolicy (pkg/controller/job/success_policy.go; JobSuccessPolicy is GA in v1.33). */
final class JobSuccessPolicies {
    private JobSuccessPolicies() {
    }

    /** matchSuccessPolicy: {@code "Matched rules at index <i>"} for the first rule met, else null. */
    static String match(SuccessPolicy policy, int completions, SortedSet<Integer> succeeded) {
        if (policy == null || policy.getRules() == null || succeeded.isEmpty()) {
            return null;
        }
        List<SuccessPolicyRule> rules = policy.getRules();
        for (int index = 0; index < rules.size(); index++) {
            SuccessPolicyRule rule = rules.get(index);
            if (rule.getSucceededIndexes() != null) {
                TreeSet<Integer> required = JobIndexes.parse(rule.getSucceededIndexes(), completions);
                if (required.isEmpty()) {
                    continue;
                }
                if (matchesIndexes(required, succeeded, rule.getSucceededCount())) {
                    return "Matched rules at index " + index;
                }
            } else if (rule.getSucceededCount() != null && succeeded.size() >= rule.getSucceededCount()) {
                return "Matched rules at index " + index;
            }
        }
        return null;
    }

    /** matchSucceededIndexesRule: enough of the required indexes succeeded (all of them without a count). */
    private static boolean matchesIndexes(TreeSet<Integer> required, SortedSet<Integer> succeeded, Integer count) {
        int matched = 0;
        for (int index : required) {
            if (succeeded.contains(index)) {
                matched++;
            }
        }
        return count == null ? matched == required.size() : matched >= count;
    }
}
