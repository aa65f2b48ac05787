package dev.peapod.controllers;

import dev.peapod.store.Copies;
import dev.peapod.store.LabelSelector;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Where a DaemonSet's pods belong (pkg/controller/daemon/daemon_controller.go NodeShouldRunDaemonPod,
 * predicates; pkg/controller/daemon/util/daemonset_util.go). The scheduler has its own copy of the
 * node-affinity and toleration rules: engine parts do not import each other (DESIGN §1), so the
 * rules the DaemonSet controller shares with it
 * (component-helpers/scheduling/corev1/nodeaffinity, v1helper.FindMatchingUntoleratedTaint) are
 * repeated here.
 */
final class DaemonSetPredicates {
    /** apps.DefaultDaemonSetUniqueLabelKey (= ControllerRevisionHashLabelKey). */
    static final String HASH_LABEL = "controller-revision-hash";
    /** extensions.DaemonSetTemplateGenerationKey. */
    static final String GENERATION_LABEL = "pod-template-generation";

    private DaemonSetPredicates() {
    }

    /** Where a DaemonSet stands with a node: create a pod there; keep a pod already there. */
    record Fit(boolean shouldRun, boolean shouldContinueRunning) {
    }

    /** Where a DaemonSet stands with a node, and when it should not run there, why (for a failing check). */
    record Verdict(Fit fit, Optional<String> whyNot) {
    }

    /** NodeShouldRunDaemonPod. */
    static Fit nodeShouldRunDaemonPod(Node node, DaemonSet ds) {
        return verdict(node, ds).fit();
    }

    /**
     * NodeShouldRunDaemonPod with the reason it says no, in the order upstream checks: the template's
     * nodeName, then the predicates fitsNodeName (the new pod's nodeName is the node's), fitsNodeAffinity
     * (nodeSelector, then required node affinity) and fitsTaints.
     */
    static Verdict verdict(Node node, DaemonSet ds) {
        PodSpec spec = newPodSpec(ds, node.getMetadata().getName());
        String templateNode = ds.getSpec().getTemplate().getSpec().getNodeName();
        if (!(templateNode == null || templateNode.isEmpty() || templateNode.equals(node.getMetadata().getName()))) {
            return new Verdict(new Fit(false, false), Optional.of("the template's nodeName is " + templateNode));
        }
        List<Taint> taints = node.getSpec() == null ? null : node.getSpec().getTaints();
        if (!matchesNodeSelector(spec, node)) {
            return new Verdict(new Fit(false, false), Optional.of("its labels do not match the nodeSelector "
                    + LabelSelector.ofLabels(spec.getNodeSelector())));
        }
        if (!matchesRequiredNodeAffinity(spec, node)) {
            return new Verdict(new Fit(false, false), Optional.of("its labels match no term of the required node affinity"));
        }
        Optional<Taint> untolerated = firstUntolerated(taints, spec.getTolerations(),
                t -> "NoExecute".equals(t.getEffect()) || "NoSchedule".equals(t.getEffect()));
        if (untolerated.isPresent()) {
            // scheduled daemon pods keep running if they tolerate the NoExecute taints
            boolean noExecuteTolerated = firstUntolerated(taints, spec.getTolerations(), t -> "NoExecute".equals(t.getEffect())).isEmpty();
            Taint taint = untolerated.get();
            // kubectl's taint notation, key[=value]:Effect
            String text = taint.getKey() + (emptyIfNull(taint.getValue()).isEmpty() ? "" : "=" + taint.getValue()) + ":" + taint.getEffect();
            return new Verdict(new Fit(false, noExecuteTolerated), Optional.of("the pod does not tolerate its taint " + text));
        }
        return new Verdict(new Fit(true, true), Optional.empty());
    }

    /** NewPod's spec: the template's, with the node's name and the automatic tolerations. */
    private static PodSpec newPodSpec(DaemonSet ds, String nodeName) {
        PodSpec spec = Copies.copy(ds.getSpec().getTemplate().getSpec());
        spec.setNodeName(nodeName);
        addOrUpdateDaemonPodTolerations(spec);
        return spec;
    }

    /**
     * AddOrUpdateDaemonPodTolerations: not-ready and unreachable NoExecute without tolerationSeconds
     * (the node lifecycle controller never evicts a daemon pod), disk-, memory- and pid-pressure and
     * unschedulable NoSchedule, and network-unavailable NoSchedule for a hostNetwork pod.
     */
    static void addOrUpdateDaemonPodTolerations(PodSpec spec) {
        addOrUpdate(spec, "node.kubernetes.io/not-ready", "NoExecute");
        addOrUpdate(spec, "node.kubernetes.io/unreachable", "NoExecute");
        addOrUpdate(spec, "node.kubernetes.io/disk-pressure", "NoSchedule");
        addOrUpdate(spec, "node.kubernetes.io/memory-pressure", "NoSchedule");
        addOrUpdate(spec, "node.kubernetes.io/pid-pressure", "NoSchedule");
        addOrUpdate(spec, "node.kubernetes.io/unschedulable", "NoSchedule");
        if (Boolean.TRUE.equals(spec.getHostNetwork())) {
            addOrUpdate(spec, "node.kubernetes.io/network-unavailable", "NoSchedule");
        }
    }

    /**
     * v1helper.AddOrUpdateTolerationInPodSpec: a toleration matching on key, operator, value and
     * effect is replaced in place (dropping its tolerationSeconds); otherwise it is appended.
     */
    private static void addOrUpdate(PodSpec spec, String key, String effect) {
        Toleration toleration = new TolerationBuilder().withKey(key).withOperator("Exists").withEffect(effect).build();
        List<Toleration> old = spec.getTolerations() == null ? List.of() : spec.getTolerations();
        List<Toleration> updated = new ArrayList<>();
        boolean replaced = false;
        for (Toleration existing : old) {
            if (Objects.equals(existing.getKey(), key) && Objects.equals(existing.getEffect(), effect)
                    && "Exists".equals(existing.getOperator()) && emptyIfNull(existing.getValue()).isEmpty()) {
                if (existing.equals(toleration)) {
                    return;
                }
                updated.add(toleration);
                replaced = true;
                continue;
            }
            updated.add(existing);
        }
        if (!replaced) {
            updated.add(toleration);
        }
        spec.setTolerations(updated);
    }

    /**
     * ReplaceDaemonSetPodNodeNameNodeAffinity: the required node affinity becomes one term,
     * {@code matchFields metadata.name In [node]}, so the default scheduler binds the pod there; the
     * preferred terms stay.
     */
    static Affinity replaceNodeNameAffinity(Affinity affinity, String nodeName) {
        NodeSelectorRequirement byName = new NodeSelectorRequirementBuilder()
                .withKey("metadata.name").withOperator("In").withValues(nodeName).build();
        NodeSelectorTerm term = new NodeSelectorTermBuilder().withMatchFields(byName).build();
        Affinity result = affinity == null ? new Affinity() : affinity;
        if (result.getNodeAffinity() == null) {
            result.setNodeAffinity(new NodeAffinity());
        }
        NodeAffinity nodeAffinity = result.getNodeAffinity();
        if (nodeAffinity.getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            nodeAffinity.setRequiredDuringSchedulingIgnoredDuringExecution(new NodeSelector(new ArrayList<>(List.of(term))));
        } else {
            nodeAffinity.getRequiredDuringSchedulingIgnoredDuringExecution().setNodeSelectorTerms(new ArrayList<>(List.of(term)));
        }
        return result;
    }

    /** GetTargetNodeName: spec.nodeName, else the matchFields metadata.name In value; empty if neither. */
    static Optional<String> targetNodeName(Pod pod) {
        String bound = pod.getSpec().getNodeName();
        if (bound != null && !bound.isEmpty()) {
            return Optional.of(bound);
        }
        Affinity affinity = pod.getSpec().getAffinity();
        if (affinity == null || affinity.getNodeAffinity() == null
                || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return Optional.empty();
        }
        for (NodeSelectorTerm term : list(affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms())) {
            for (NodeSelectorRequirement field : list(term.getMatchFields())) {
                if ("metadata.name".equals(field.getKey()) && "In".equals(field.getOperator())) {
                    return list(field.getValues()).size() == 1 ? Optional.of(field.getValues().get(0)) : Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- nodeaffinity.GetRequiredNodeAffinity(pod).Match(node)

    /** The nodeSelector: every label of it on the node (checked before the required node affinity; both must hold). */
    private static boolean matchesNodeSelector(PodSpec spec, Node node) {
        Map<String, String> selector = spec.getNodeSelector();
        return selector == null || selector.isEmpty() || LabelSelector.ofLabels(selector).matches(labels(node));
    }

    /** The required node affinity: one of its terms matches (terms ORed); parse errors do not match. */
    private static boolean matchesRequiredNodeAffinity(PodSpec spec, Node node) {
        Affinity affinity = spec.getAffinity();
        if (affinity == null || affinity.getNodeAffinity() == null
                || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return true;
        }
        List<NodeSelectorTerm> terms = affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
        return list(terms).stream().anyMatch(term -> matches(term, node));
    }

    private static boolean matches(NodeSelectorTerm term, Node node) {
        List<NodeSelectorRequirement> expressions = list(term.getMatchExpressions());
        List<NodeSelectorRequirement> fields = list(term.getMatchFields());
        if (expressions.isEmpty() && fields.isEmpty()) {
            return false; // an empty term selects nothing
        }
        List<LabelSelector.Requirement> requirements = new ArrayList<>();
        for (NodeSelectorRequirement expression : expressions) {
            LabelSelector.Operator operator;
            try {
                operator = LabelSelector.operator(String.valueOf(expression.getOperator()));
            } catch (RuntimeException e) {
                return false;
            }
            List<String> values = list(expression.getValues());
            boolean valid = switch (operator) {
                case IN, NOT_IN -> !values.isEmpty();
                case EXISTS, DOES_NOT_EXIST -> values.isEmpty();
                case GT, LT -> values.size() == 1 && values.get(0).matches("-?[0-9]+");
                default -> false;
            };
            if (!valid || expression.getKey() == null || expression.getKey().isEmpty()) {
                return false;
            }
            requirements.add(new LabelSelector.Requirement(expression.getKey(), operator, values));
        }
        if (!requirements.isEmpty() && !LabelSelector.of(requirements).matches(labels(node))) {
            return false;
        }
        for (NodeSelectorRequirement field : fields) {
            List<String> values = list(field.getValues());
            String operator = String.valueOf(field.getOperator());
            if (values.size() != 1 || !(operator.equals("In") || operator.equals("NotIn"))) {
                return false;
            }
            String actual = "metadata.name".equals(field.getKey()) ? node.getMetadata().getName() : "";
            if (operator.equals("In") != values.get(0).equals(actual)) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- v1helper.FindMatchingUntoleratedTaint

    static Optional<Taint> firstUntolerated(List<Taint> taints, List<Toleration> tolerations, Predicate<Taint> filter) {
        return list(taints).stream().filter(filter)
                .filter(taint -> list(tolerations).stream().noneMatch(t -> tolerates(t, taint))).findFirst();
    }

    /** Toleration.ToleratesTaint: an empty effect or key matches any; an empty operator means Equal. */
    private static boolean tolerates(Toleration toleration, Taint taint) {
        if (!emptyIfNull(toleration.getEffect()).isEmpty() && !toleration.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if (!emptyIfNull(toleration.getKey()).isEmpty() && !toleration.getKey().equals(taint.getKey())) {
            return false;
        }
        String operator = emptyIfNull(toleration.getOperator());
        if (operator.isEmpty() || operator.equals("Equal")) {
            return emptyIfNull(toleration.getValue()).equals(emptyIfNull(taint.getValue()));
        }
        return operator.equals("Exists");
    }

    private static Map<String, String> labels(Node node) {
        return node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    }

    private static String emptyIfNull(String value) {
        return value == null ? "" : value;
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }
}
