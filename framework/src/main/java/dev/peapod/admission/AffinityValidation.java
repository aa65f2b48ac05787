package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.peapod.admission.ContainerValidation.nullToEmpty;
import static dev.peapod.admission.PodDefaults.nonNull;

/**
 * validateAffinity and validateTopologySpreadConstraints of pkg/apis/core/validation/validation.go
 * (v1.33), with ValidateLabelSelector of k8s.io/apimachinery/pkg/apis/meta/v1/validation. The options
 * are those of a create: label values in required node affinity, pod affinity selectors and spread
 * constraint selectors are all checked (no Allow* relaxations from an old object).
 */
final class AffinityValidation {
    static final String NOT_POSITIVE = "must be greater than zero";
    private static final String WEIGHT_RANGE = "must be in the range 1-100";
    private static final String NOT_AN_OPERATOR = "not a valid selector operator";
    private static final List<String> SCHEDULE_ACTIONS = List.of("DoNotSchedule", "ScheduleAnyway");
    private static final List<String> NODE_INCLUSION_POLICIES = List.of("Honor", "Ignore");

    private AffinityValidation() {
    }

    static void affinity(Affinity affinity, FieldPath path, Errors errs) {
        if (affinity == null) {
            return;
        }
        if (affinity.getNodeAffinity() != null) {
            nodeAffinity(affinity.getNodeAffinity(), path.child("nodeAffinity"), errs);
        }
        if (affinity.getPodAffinity() != null) {
            podAffinity(affinity.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution(),
                    affinity.getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecution(),
                    path.child("podAffinity"), errs);
        }
        if (affinity.getPodAntiAffinity() != null) {
            podAffinity(affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution(),
                    affinity.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution(),
                    path.child("podAntiAffinity"), errs);
        }
    }

    private static void nodeAffinity(NodeAffinity na, FieldPath path, Errors errs) {
        if (na.getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
            nodeSelector(na.getRequiredDuringSchedulingIgnoredDuringExecution(),
                    path.child("requiredDuringSchedulingIgnoredDuringExecution"), errs);
        }
        List<PreferredSchedulingTerm> preferred = nonNull(na.getPreferredDuringSchedulingIgnoredDuringExecution());
        FieldPath prefPath = path.child("preferredDuringSchedulingIgnoredDuringExecution");
        for (int i = 0; i < preferred.size(); i++) {
            PreferredSchedulingTerm term = preferred.get(i);
            weight(term.getWeight(), prefPath.index(i).child("weight"), errs);
            // upstream always allows invalid label values in preferred terms
            NodeSelectorTerm preference = term.getPreference() == null ? new NodeSelectorTerm() : term.getPreference();
            nodeSelectorTerm(preference, true, prefPath.index(i).child("preference"), errs);
        }
    }

    /** ValidateNodeSelector: at least one term, then each term. */
    private static void nodeSelector(NodeSelector selector, FieldPath path, Errors errs) {
        FieldPath termPath = path.child("nodeSelectorTerms");
        List<NodeSelectorTerm> terms = nonNull(selector.getNodeSelectorTerms());
        if (terms.isEmpty()) {
            errs.required(termPath, "must have at least one node selector term");
            return;
        }
        for (int i = 0; i < terms.size(); i++) {
            nodeSelectorTerm(terms.get(i), false, termPath.index(i), errs);
        }
    }

    private static void nodeSelectorTerm(NodeSelectorTerm term, boolean allowInvalidValues, FieldPath path, Errors errs) {
        List<NodeSelectorRequirement> expressions = nonNull(term.getMatchExpressions());
        for (int j = 0; j < expressions.size(); j++) {
            nodeSelectorRequirement(expressions.get(j), allowInvalidValues, path.child("matchExpressions").index(j), errs);
        }
        List<NodeSelectorRequirement> fields = nonNull(term.getMatchFields());
        for (int j = 0; j < fields.size(); j++) {
            nodeFieldSelectorRequirement(fields.get(j), path.child("matchFields").index(j), errs);
        }
    }

    /** ValidateNodeSelectorRequirement: Gt and Lt need one value; upstream does not check it is an integer. */
    private static void nodeSelectorRequirement(NodeSelectorRequirement rq, boolean allowInvalidValues, FieldPath path,
                                                Errors errs) {
        List<String> values = nonNull(rq.getValues());
        String operator = nullToEmpty(rq.getOperator());
        switch (operator) {
            case "In", "NotIn" -> {
                if (values.isEmpty()) {
                    errs.required(path.child("values"), "must be specified when `operator` is 'In' or 'NotIn'");
                }
            }
            case "Exists", "DoesNotExist" -> {
                if (!values.isEmpty()) {
                    errs.forbidden(path.child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
                }
            }
            case "Gt", "Lt" -> {
                if (values.size() != 1) {
                    errs.required(path.child("values"), "must be specified single value when `operator` is 'Lt' or 'Gt'");
                }
            }
            default -> errs.invalid(path.child("operator"), operator, NOT_AN_OPERATOR);
        }
        String key = nullToEmpty(rq.getKey());
        errs.invalidEach(path.child("key"), key, Names.qualifiedName(key));
        if (!allowInvalidValues) {
            MetaValidation.labelValues(values, path.child("values"), errs);
        }
    }

    /** ValidateNodeFieldSelectorRequirement: only metadata.name, with In or NotIn and one node name. */
    private static void nodeFieldSelectorRequirement(NodeSelectorRequirement rq, FieldPath path, Errors errs) {
        List<String> values = nonNull(rq.getValues());
        String operator = nullToEmpty(rq.getOperator());
        if (operator.equals("In") || operator.equals("NotIn")) {
            if (values.size() != 1) {
                errs.required(path.child("values"),
                        "must be only one value when `operator` is 'In' or 'NotIn' for node field selector");
            }
        } else {
            errs.invalid(path.child("operator"), operator, NOT_AN_OPERATOR);
        }
        String key = nullToEmpty(rq.getKey());
        if (!key.equals("metadata.name")) {
            errs.invalid(path.child("key"), key, "not a valid field selector key");
        } else {
            for (int i = 0; i < values.size(); i++) {
                String value = nullToEmpty(values.get(i));
                errs.invalidEach(path.child("values").index(i), value, Names.dns1123Subdomain(value));
            }
        }
    }

    /** validatePodAffinity and validatePodAntiAffinity share their shape. */
    private static void podAffinity(List<PodAffinityTerm> required, List<WeightedPodAffinityTerm> preferred,
                                    FieldPath path, Errors errs) {
        if (required != null) {
            FieldPath reqPath = path.child("requiredDuringSchedulingIgnoredDuringExecution");
            for (int i = 0; i < required.size(); i++) {
                podAffinityTerm(required.get(i), reqPath.index(i), errs);
            }
        }
        if (preferred != null) {
            FieldPath prefPath = path.child("preferredDuringSchedulingIgnoredDuringExecution");
            for (int j = 0; j < preferred.size(); j++) {
                WeightedPodAffinityTerm term = preferred.get(j);
                weight(term.getWeight(), prefPath.index(j).child("weight"), errs);
                PodAffinityTerm inner = term.getPodAffinityTerm() == null ? new PodAffinityTerm() : term.getPodAffinityTerm();
                podAffinityTerm(inner, prefPath.index(j).child("podAffinityTerm"), errs);
            }
        }
    }

    private static void podAffinityTerm(PodAffinityTerm term, FieldPath path, Errors errs) {
        MetaValidation.labelSelector(term.getLabelSelector(), path.child("labelSelector"), errs);
        MetaValidation.labelSelector(term.getNamespaceSelector(), path.child("namespaceSelector"), errs);
        for (String name : nonNull(term.getNamespaces())) {
            String ns = nullToEmpty(name);
            // upstream names the path "namespace", not "namespaces"
            errs.invalidEach(path.child("namespace"), ns, Names.dns1123Label(ns));
        }
        matchLabelKeysAndMismatchLabelKeys(path, nonNull(term.getMatchLabelKeys()), nonNull(term.getMismatchLabelKeys()),
                term.getLabelSelector(), errs);
        String topologyKey = nullToEmpty(term.getTopologyKey());
        if (topologyKey.isEmpty()) {
            errs.required(path.child("topologyKey"), "can not be empty");
        }
        errs.invalidEach(path.child("topologyKey"), topologyKey, Names.qualifiedName(topologyKey));
    }

    private static void matchLabelKeysAndMismatchLabelKeys(FieldPath path, List<String> matchLabelKeys,
                                                           List<String> mismatchLabelKeys, LabelSelector selector,
                                                           Errors errs) {
        labelKeys(path.child("matchLabelKeys"), matchLabelKeys, selector, errs);
        labelKeys(path.child("mismatchLabelKeys"), mismatchLabelKeys, selector, errs);
        if (selector != null) {
            Map<String, Integer> indexes = new HashMap<>();
            for (int i = 0; i < matchLabelKeys.size(); i++) {
                indexes.put(matchLabelKeys.get(i), i);
            }
            Set<String> selectorKeys = new HashSet<>(selector.getMatchLabels() == null ? Set.of() : selector.getMatchLabels().keySet());
            for (LabelSelectorRequirement expression : nonNull(selector.getMatchExpressions())) {
                String key = nullToEmpty(expression.getKey());
                Integer i = indexes.get(key);
                if (i != null && selectorKeys.contains(key)) {
                    // upstream indexes the term's path itself here
                    errs.invalid(path.index(i), key, "exists in both matchLabelKeys and labelSelector");
                }
                selectorKeys.add(key);
            }
        }
        Set<String> mismatch = new HashSet<>(mismatchLabelKeys);
        for (int i = 0; i < matchLabelKeys.size(); i++) {
            if (mismatch.contains(matchLabelKeys.get(i))) {
                errs.invalid(path.child("matchLabelKeys").index(i), matchLabelKeys.get(i),
                        "exists in both matchLabelKeys and mismatchLabelKeys");
            }
        }
    }

    private static void labelKeys(FieldPath path, List<String> keys, LabelSelector selector, Errors errs) {
        if (keys.isEmpty()) {
            return;
        }
        if (selector == null) {
            errs.forbidden(path, "must not be specified when labelSelector is not set");
            return;
        }
        for (int i = 0; i < keys.size(); i++) {
            String key = nullToEmpty(keys.get(i));
            errs.invalidEach(path.index(i), key, Names.qualifiedName(key));
        }
    }

    /** validateTopologySpreadConstraints. */
    static void topologySpreadConstraints(List<TopologySpreadConstraint> constraints, FieldPath path, Errors errs) {
        for (int i = 0; i < constraints.size(); i++) {
            TopologySpreadConstraint c = constraints.get(i);
            FieldPath at = path.index(i);
            int maxSkew = c.getMaxSkew() == null ? 0 : c.getMaxSkew();
            if (maxSkew <= 0) {
                errs.invalid(at.child("maxSkew"), maxSkew, NOT_POSITIVE);
            }
            String topologyKey = nullToEmpty(c.getTopologyKey());
            if (topologyKey.isEmpty()) {
                errs.required(at.child("topologyKey"), "can not be empty");
            }
            String action = nullToEmpty(c.getWhenUnsatisfiable());
            if (!SCHEDULE_ACTIONS.contains(action)) {
                errs.notSupported(at.child("whenUnsatisfiable"), action, SCHEDULE_ACTIONS);
            }
            for (TopologySpreadConstraint rest : constraints.subList(i + 1, constraints.size())) {
                if (topologyKey.equals(nullToEmpty(rest.getTopologyKey())) && action.equals(nullToEmpty(rest.getWhenUnsatisfiable()))) {
                    errs.duplicate(at.child("{topologyKey, whenUnsatisfiable}"), "{" + topologyKey + ", " + action + "}");
                    break;
                }
            }
            if (c.getMinDomains() != null) {
                int minDomains = c.getMinDomains();
                if (minDomains <= 0) {
                    errs.invalid(at.child("minDomains"), minDomains, NOT_POSITIVE);
                }
                if (!action.equals("DoNotSchedule")) {
                    errs.invalid(at.child("minDomains"), minDomains,
                            "can only use minDomains if whenUnsatisfiable=DoNotSchedule, not " + action);
                }
            }
            nodeInclusionPolicy(c.getNodeAffinityPolicy(), at.child("nodeAffinityPolicy"), errs);
            nodeInclusionPolicy(c.getNodeTaintsPolicy(), at.child("nodeTaintsPolicy"), errs);
            matchLabelKeysInTopologySpread(at.child("matchLabelKeys"), nonNull(c.getMatchLabelKeys()), c.getLabelSelector(), errs);
            MetaValidation.labelSelector(c.getLabelSelector(), at.child("labelSelector"), errs);
        }
    }

    private static void nodeInclusionPolicy(String policy, FieldPath path, Errors errs) {
        if (policy != null && !NODE_INCLUSION_POLICIES.contains(policy)) {
            errs.notSupported(path, policy, NODE_INCLUSION_POLICIES);
        }
    }

    private static void matchLabelKeysInTopologySpread(FieldPath path, List<String> keys, LabelSelector selector, Errors errs) {
        if (keys.isEmpty()) {
            return;
        }
        Set<String> selectorKeys = new HashSet<>();
        if (selector != null) {
            if (selector.getMatchLabels() != null) {
                selectorKeys.addAll(selector.getMatchLabels().keySet());
            }
            nonNull(selector.getMatchExpressions()).forEach(e -> selectorKeys.add(nullToEmpty(e.getKey())));
        } else {
            errs.forbidden(path, "must not be specified when labelSelector is not set");
        }
        for (int i = 0; i < keys.size(); i++) {
            String key = nullToEmpty(keys.get(i));
            errs.invalidEach(path.index(i), key, Names.qualifiedName(key));
            if (selectorKeys.contains(key)) {
                errs.invalid(path.index(i), key, "exists in both matchLabelKeys and labelSelector");
            }
        }
    }

    private static void weight(Integer weight, FieldPath path, Errors errs) {
        int w = weight == null ? 0 : weight;
        if (w <= 0 || w > 100) {
            errs.invalid(path, w, WEIGHT_RANGE);
        }
    }
}
