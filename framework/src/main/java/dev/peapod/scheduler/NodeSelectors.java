package dev.peapod.scheduler;

import dev.peapod.store.LabelSelector;
import dev.peapod.store.LabelSelector.Operator;
import dev.peapod.store.LabelSelector.Requirement;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Node selection by a pod: its nodeSelector AND its required node affinity (terms ORed, the
 * requirements of a term ANDed), and the weights of its preferred terms
 * (kubernetes: staging/src/k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go).
 */
final class NodeSelectors {
    private NodeSelectors() {
    }

    /** GetRequiredNodeAffinity(pod).Match(node). */
    static boolean matchesRequired(Pod pod, Node node) {
        Map<String, String> selector = pod.getSpec().getNodeSelector();
        if (selector != null && !selector.isEmpty() && !LabelSelector.ofLabels(selector).matches(labels(node))) {
            return false;
        }
        return required(pod).map(ns -> matchesAnyTerm(ns.getNodeSelectorTerms(), node)).orElse(true);
    }

    /** The required node selector, if the pod has one: a present selector with no terms matches no node. */
    static Optional<NodeSelector> required(Pod pod) {
        var affinity = pod.getSpec().getAffinity();
        if (affinity == null || affinity.getNodeAffinity() == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution());
    }

    static List<PreferredSchedulingTerm> preferred(Pod pod) {
        var affinity = pod.getSpec().getAffinity();
        if (affinity == null || affinity.getNodeAffinity() == null
                || affinity.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution() == null) {
            return List.of();
        }
        return affinity.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
    }

    /**
     * PreferredSchedulingTerms.Score: the sum of the weights of the terms the node matches; terms
     * with weight 0 or an empty preference count for nothing.
     */
    static long preferredScore(List<PreferredSchedulingTerm> terms, Node node) {
        long score = 0;
        for (PreferredSchedulingTerm term : terms) {
            int weight = term.getWeight() == null ? 0 : term.getWeight();
            if (weight != 0 && !isEmpty(term.getPreference()) && matches(term.getPreference(), node)) {
                score += weight;
            }
        }
        return score;
    }

    /** LazyErrorNodeSelector.Match: empty terms select nothing; a term that does not parse does not match. */
    static boolean matchesAnyTerm(List<NodeSelectorTerm> terms, Node node) {
        if (terms == null) {
            return false;
        }
        return terms.stream().anyMatch(term -> !isEmpty(term) && matches(term, node));
    }

    private static boolean matches(NodeSelectorTerm term, Node node) {
        List<NodeSelectorRequirement> expressions = list(term.getMatchExpressions());
        List<NodeSelectorRequirement> fields = list(term.getMatchFields());
        Optional<List<Requirement>> labelRequirements = labelRequirements(expressions);
        Optional<Boolean> fieldsMatch = fieldsMatch(fields, node);
        if (labelRequirements.isEmpty() || fieldsMatch.isEmpty()) {
            return false;
        }
        if (!expressions.isEmpty() && !LabelSelector.of(labelRequirements.get()).matches(labels(node))) {
            return false;
        }
        return fields.isEmpty() || fieldsMatch.get();
    }

    /** nodeSelectorRequirementsAsSelector, with labels.NewRequirement's checks; empty when a requirement does not parse. */
    private static Optional<List<Requirement>> labelRequirements(List<NodeSelectorRequirement> expressions) {
        List<Requirement> requirements = new ArrayList<>();
        for (NodeSelectorRequirement expression : expressions) {
            List<String> values = list(expression.getValues());
            Operator operator;
            try {
                operator = LabelSelector.operator(String.valueOf(expression.getOperator()));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
            if (!validValues(operator, values) || expression.getKey() == null || expression.getKey().isEmpty()) {
                return Optional.empty();
            }
            requirements.add(new Requirement(expression.getKey(), operator, values));
        }
        return Optional.of(requirements);
    }

    private static boolean validValues(Operator operator, List<String> values) {
        return switch (operator) {
            case IN, NOT_IN -> !values.isEmpty();
            case EXISTS, DOES_NOT_EXIST -> values.isEmpty();
            case GT, LT -> values.size() == 1 && isInteger(values.get(0));
            default -> false;
        };
    }

    /**
     * nodeSelectorRequirementsAsFieldSelector: In and NotIn with exactly one value, on the node's
     * fields (metadata.name only); empty when a requirement does not parse.
     */
    private static Optional<Boolean> fieldsMatch(List<NodeSelectorRequirement> fields, Node node) {
        boolean all = true;
        for (NodeSelectorRequirement field : fields) {
            List<String> values = list(field.getValues());
            String operator = String.valueOf(field.getOperator());
            if (values.size() != 1 || !(operator.equals("In") || operator.equals("NotIn"))) {
                return Optional.empty();
            }
            String actual = "metadata.name".equals(field.getKey()) ? node.getMetadata().getName() : "";
            boolean equal = values.get(0).equals(actual);
            all &= operator.equals("In") == equal;
        }
        return Optional.of(all);
    }

    private static boolean isEmpty(NodeSelectorTerm term) {
        return term == null || (list(term.getMatchExpressions()).isEmpty() && list(term.getMatchFields()).isEmpty());
    }

    private static boolean isInteger(String value) {
        try {
            Long.parseLong(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static Map<String, String> labels(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }
}
