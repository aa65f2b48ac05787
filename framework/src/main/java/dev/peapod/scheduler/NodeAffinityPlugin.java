package dev.peapod.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * nodeSelector and node affinity: required terms filter, preferred terms score
 * (kubernetes: pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go).
 */
final class NodeAffinityPlugin implements FilterPlugin, ScorePlugin {
    static final String NAME = "NodeAffinity";
    static final String REASON = "node(s) didn't match Pod's node affinity/selector";
    static final String CONFLICT = "pod affinity terms conflict";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int weight() {
        return 2;
    }

    /**
     * Skip when the pod selects no nodes at all; otherwise, when every required term names nodes
     * with matchFields metadata.name In, only those nodes are worth filtering.
     */
    @Override
    public PreFilterResult preFilter(PodInfo pod) {
        Pod p = pod.pod();
        var required = NodeSelectors.required(p);
        Map<String, String> selector = p.getSpec().getNodeSelector();
        if (required.isEmpty() && (selector == null || selector.isEmpty())) {
            return PreFilterResult.SKIP;
        }
        List<NodeSelectorTerm> terms = required.map(ns -> ns.getNodeSelectorTerms()).orElse(null);
        if (terms == null || terms.isEmpty()) {
            return PreFilterResult.ALL_NODES;
        }
        Set<String> nodeNames = new TreeSet<>();
        for (NodeSelectorTerm term : terms) {
            Set<String> termNames = null;
            for (NodeSelectorRequirement field : term.getMatchFields() == null ? List.<NodeSelectorRequirement>of() : term.getMatchFields()) {
                if ("metadata.name".equals(field.getKey()) && "In".equals(field.getOperator())) {
                    Set<String> values = new HashSet<>(field.getValues() == null ? List.of() : field.getValues());
                    if (termNames == null) {
                        termNames = values;
                    } else {
                        termNames.retainAll(values);
                    }
                }
            }
            if (termNames == null) {
                return PreFilterResult.ALL_NODES; // this term can match any node, and terms are ORed
            }
            nodeNames.addAll(termNames);
        }
        if (nodeNames.isEmpty()) {
            return new PreFilterResult(Status.unresolvable(CONFLICT), null);
        }
        return new PreFilterResult(Status.SUCCESS, nodeNames);
    }

    @Override
    public Status filter(PodInfo pod, NodeInfo node) {
        return NodeSelectors.matchesRequired(pod.pod(), node.node()) ? Status.SUCCESS : Status.unresolvable(REASON);
    }

    /** Node Add | UpdateNodeLabel: the added node matches, or the updated node went from not matching to matching. */
    @Override
    public boolean isSchedulableAfter(ClusterEvent event, Pod pod) {
        if (event.type() != ClusterEvent.Type.NODE_ADD && event.type() != ClusterEvent.Type.NODE_UPDATE_LABEL) {
            return false;
        }
        if (!NodeSelectors.matchesRequired(pod, (Node) event.newObject())) {
            return false;
        }
        return event.oldObject() == null || !NodeSelectors.matchesRequired(pod, (Node) event.oldObject());
    }

    /** Skip when the pod has no preferred terms. */
    @Override
    public boolean preScore(PodInfo pod) {
        return !NodeSelectors.preferred(pod.pod()).isEmpty();
    }

    @Override
    public long score(PodInfo pod, NodeInfo node, Snapshot snapshot) {
        return NodeSelectors.preferredScore(NodeSelectors.preferred(pod.pod()), node.node());
    }

    @Override
    public void normalize(long[] scores) {
        ScorePlugin.defaultNormalize(scores, false);
    }
}
