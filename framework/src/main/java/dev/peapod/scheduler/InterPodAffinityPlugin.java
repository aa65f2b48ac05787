package dev.peapod.scheduler;

import dev.peapod.store.LabelSelector;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Pod affinity and anti-affinity: required terms (the pod's own, and the required anti-affinity of
 * the pods already bound) filter, preferred terms score, and so do the required affinity terms of
 * bound pods the incoming pod matches, with hardPodAffinityWeight 1
 * (kubernetes: pkg/scheduler/framework/plugins/interpodaffinity/plugin.go, filtering.go, scoring.go;
 * pkg/scheduler/framework/types.go AffinityTerm, NewPodInfo).
 *
 * <p>matchLabelKeys / mismatchLabelKeys (MatchLabelKeysInPodAffinity, beta and on in v1.33) are merged
 * into labelSelector by the API server when the pod is created, so the scheduler never reads them.
 * The cycle's PreFilter and PreScore states live in fields: one cycle runs at a time.
 */
final class InterPodAffinityPlugin implements FilterPlugin, ScorePlugin {
    static final String NAME = "InterPodAffinity";
    /** ErrReasonAffinityRulesNotMatch. */
    static final String AFFINITY = "node(s) didn't match pod affinity rules";
    /** ErrReasonAntiAffinityRulesNotMatch. */
    static final String ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
    /** ErrReasonExistingAntiAffinityRulesNotMatch. */
    static final String EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
    /** The default InterPodAffinityArgs.HardPodAffinityWeight. */
    static final int HARD_POD_AFFINITY_WEIGHT = 1;

    /**
     * A parsed PodAffinityTerm (framework.AffinityTerm): the namespaces named, or the pod's own when
     * the term names none and has no namespaceSelector; the namespaceSelector (null in the API:
     * nothing); the label selector (null in the API: nothing).
     */
    record Term(Set<String> namespaces, LabelSelector namespaceSelector, LabelSelector selector, String topologyKey, int weight) {

        /** AffinityTerm.Matches: the pod's namespace is one of the term's, or its labels match the namespaceSelector. */
        boolean matches(Pod pod, Map<String, String> namespaceLabels) {
            if (namespaces.contains(pod.getMetadata().getNamespace()) || namespaceSelector.matches(namespaceLabels)) {
                return selector.matches(pod.getMetadata().getLabels());
            }
            return false;
        }

        /** mergeAffinityTermNamespacesIfNotEmpty: the namespaces the selector picks join the names, and the selector goes. */
        Term merged(SchedulerListers listers) {
            if (namespaceSelector.isEverything()) {
                return this; // Empty(): an empty namespaceSelector keeps matching every namespace
            }
            Set<String> all = new TreeSet<>(namespaces);
            all.addAll(listers.namespaces(namespaceSelector));
            return new Term(all, LabelSelector.of((io.fabric8.kubernetes.api.model.LabelSelector) null), selector, topologyKey, weight);
        }
    }

    /** The four lists of terms of a pod (PodInfo.RequiredAffinityTerms, ...). */
    record Terms(List<Term> requiredAffinity, List<Term> requiredAntiAffinity, List<Term> preferredAffinity,
                 List<Term> preferredAntiAffinity) {
        static final Terms NONE = new Terms(List.of(), List.of(), List.of(), List.of());

        static Terms of(Pod pod) {
            Affinity affinity = pod.getSpec().getAffinity();
            if (affinity == null || (affinity.getPodAffinity() == null && affinity.getPodAntiAffinity() == null)) {
                return NONE;
            }
            var podAffinity = affinity.getPodAffinity();
            var antiAffinity = affinity.getPodAntiAffinity();
            return new Terms(
                    terms(pod, podAffinity == null ? null : podAffinity.getRequiredDuringSchedulingIgnoredDuringExecution()),
                    terms(pod, antiAffinity == null ? null : antiAffinity.getRequiredDuringSchedulingIgnoredDuringExecution()),
                    weighted(pod, podAffinity == null ? null : podAffinity.getPreferredDuringSchedulingIgnoredDuringExecution()),
                    weighted(pod, antiAffinity == null ? null : antiAffinity.getPreferredDuringSchedulingIgnoredDuringExecution()));
        }

        Terms merged(SchedulerListers listers) {
            if (this == NONE) {
                return NONE; // most pods: nothing to merge, nothing to allocate
            }
            return new Terms(merge(requiredAffinity, listers), merge(requiredAntiAffinity, listers),
                    merge(preferredAffinity, listers), merge(preferredAntiAffinity, listers));
        }

        private static List<Term> merge(List<Term> terms, SchedulerListers listers) {
            return terms.stream().map(t -> t.merged(listers)).toList();
        }

        private static List<Term> terms(Pod pod, List<PodAffinityTerm> terms) {
            if (terms == null) {
                return List.of();
            }
            return terms.stream().map(t -> term(pod, t, 0)).toList();
        }

        private static List<Term> weighted(Pod pod, List<WeightedPodAffinityTerm> terms) {
            if (terms == null) {
                return List.of();
            }
            return terms.stream().map(t -> term(pod, t.getPodAffinityTerm(), t.getWeight() == null ? 0 : t.getWeight())).toList();
        }

        /** newAffinityTerm and getNamespacesFromPodAffinityTerm. */
        private static Term term(Pod pod, PodAffinityTerm term, int weight) {
            Set<String> namespaces = new TreeSet<>();
            if ((term.getNamespaces() == null || term.getNamespaces().isEmpty()) && term.getNamespaceSelector() == null) {
                namespaces.add(pod.getMetadata().getNamespace());
            } else if (term.getNamespaces() != null) {
                namespaces.addAll(term.getNamespaces());
            }
            return new Term(namespaces, LabelSelector.of(term.getNamespaceSelector()), LabelSelector.of(term.getLabelSelector()),
                    term.getTopologyKey(), weight);
        }
    }

    private record Pair(String key, String value) {
    }

    private final SchedulerListers listers;
    private PreFilterState preFilterState;
    private Map<String, Map<String, Long>> topologyScore;
    InterPodAffinityPlugin(SchedulerListers listers) {
        this.listers = listers;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int weight() {
        return 2;
    }

    // ---------------------------------------------------------------- PreFilter and Filter

    /**
     * @param existingAntiAffinity per topology pair, the terms of bound pods' required anti-affinity the pod matches
     * @param affinity             per topology pair, the bound pods that match all the pod's required affinity terms
     * @param antiAffinity         per topology pair, the bound pods that match one of the pod's required anti-affinity terms
     */
    private record PreFilterState(Pod pod, Terms terms, Map<String, String> namespaceLabels, Map<Pair, Long> existingAntiAffinity,
                                  Map<Pair, Long> affinity, Map<Pair, Long> antiAffinity, Snapshot nodes) {

        /** updateWithPod, multiplier 1 or -1. */
        void update(Pod other, Node node, long multiplier) {
            updateWithAntiAffinityTerms(existingAntiAffinity, Terms.of(other).requiredAntiAffinity(), pod, namespaceLabels, node, multiplier);
            updateWithAffinityTerms(affinity, terms.requiredAffinity(), other, node, multiplier);
            updateWithAntiAffinityTerms(antiAffinity, terms.requiredAntiAffinity(), other, null, node, multiplier);
        }

        /** The state after preemption's dry run took pods off this node (RemovePod / AddPod). */
        PreFilterState adjustedFor(NodeInfo node) {
            NodeInfo before = nodes.node(node.name());
            if (before == null || before == node) {
                return this;
            }
            PreFilterState copy = new PreFilterState(pod, terms, namespaceLabels, new HashMap<>(existingAntiAffinity),
                    new HashMap<>(affinity), new HashMap<>(antiAffinity), nodes);
            before.pods().stream().filter(p -> !node.pods().contains(p)).forEach(p -> copy.update(p.pod(), node.node(), -1));
            node.pods().stream().filter(p -> !before.pods().contains(p)).forEach(p -> copy.update(p.pod(), node.node(), 1));
            return copy;
        }
    }

    /**
     * Counts, per topology pair, the bound pods whose required anti-affinity the pod matches, and the
     * bound pods that match the pod's required terms; Skip when there is nothing to check.
     */
    @Override
    public PreFilterResult preFilter(PodInfo podInfo, Snapshot snapshot) {
        preFilterState = null;
        Pod pod = podInfo.pod();
        Terms terms = Terms.of(pod).merged(listers);
        Map<String, String> namespaceLabels = listers.namespaceLabels(pod.getMetadata().getNamespace());
        Map<Pair, Long> existing = new HashMap<>();
        Map<Pair, Long> affinity = new HashMap<>();
        Map<Pair, Long> antiAffinity = new HashMap<>();
        boolean incoming = !terms.requiredAffinity().isEmpty() || !terms.requiredAntiAffinity().isEmpty();
        // getExistingAntiAffinityCounts over HavePodsWithRequiredAntiAffinityList: no node at all in
        // the usual cluster, where no pod has required anti-affinity
        for (NodeInfo node : snapshot.havePodsWithRequiredAntiAffinity()) {
            for (PodInfo other : node.podsWithRequiredAntiAffinity()) {
                updateWithAntiAffinityTerms(existing, Terms.of(other.pod()).requiredAntiAffinity(), pod, namespaceLabels,
                        node.node(), 1);
            }
        }
        if (incoming) { // getIncomingAffinityAntiAffinityCounts returns at once for a pod without required terms
            for (NodeInfo node : snapshot.nodes()) {
                for (PodInfo other : node.pods()) {
                    updateWithAffinityTerms(affinity, terms.requiredAffinity(), other.pod(), node.node(), 1);
                    updateWithAntiAffinityTerms(antiAffinity, terms.requiredAntiAffinity(), other.pod(), null, node.node(), 1);
                }
            }
        }
        if (existing.isEmpty() && !incoming) {
            return PreFilterResult.SKIP;
        }
        preFilterState = new PreFilterState(pod, terms, namespaceLabels, existing, affinity, antiAffinity, snapshot);
        return PreFilterResult.ALL_NODES;
    }

    @Override
    public PreFilterResult preFilter(PodInfo pod) {
        throw new IllegalStateException("InterPodAffinity needs the snapshot: call preFilter(pod, snapshot)");
    }

    /**
     * Affinity first (UnschedulableAndUnresolvable: evicting pods cannot bring matching ones), then
     * the pod's anti-affinity and the bound pods' anti-affinity (Unschedulable: evicting may help).
     */
    @Override
    public Status filter(PodInfo pod, NodeInfo node) {
        PreFilterState state = preFilterState;
        if (state == null) {
            return Status.SUCCESS;
        }
        state = state.adjustedFor(node);
        Map<String, String> nodeLabels = NodeSelectors.labels(node.node());
        if (!satisfiesAffinity(state, nodeLabels)) {
            return Status.unresolvable(AFFINITY);
        }
        for (Term term : state.terms().requiredAntiAffinity()) {
            String value = nodeLabels.get(term.topologyKey());
            if (value != null && state.antiAffinity().getOrDefault(new Pair(term.topologyKey(), value), 0L) > 0) {
                return Status.unschedulable(ANTI_AFFINITY);
            }
        }
        if (!state.existingAntiAffinity().isEmpty()) {
            for (Map.Entry<String, String> label : nodeLabels.entrySet()) {
                if (state.existingAntiAffinity().getOrDefault(new Pair(label.getKey(), label.getValue()), 0L) > 0) {
                    return Status.unschedulable(EXISTING_ANTI_AFFINITY);
                }
            }
        }
        return Status.SUCCESS;
    }

    /**
     * satisfyPodAffinity: the node has every term's key, and a matching pod in each term's domain;
     * or no pod in the cluster matches at all and the pod matches its own terms, so that the first
     * pod of a group with affinity to itself can start.
     */
    private static boolean satisfiesAffinity(PreFilterState state, Map<String, String> nodeLabels) {
        boolean podsExist = true;
        for (Term term : state.terms().requiredAffinity()) {
            String value = nodeLabels.get(term.topologyKey());
            if (value == null) {
                return false;
            }
            if (state.affinity().getOrDefault(new Pair(term.topologyKey(), value), 0L) <= 0) {
                podsExist = false;
            }
        }
        if (!podsExist) {
            return state.affinity().isEmpty() && matchesAll(state.terms().requiredAffinity(), state.pod());
        }
        return true;
    }

    // ---------------------------------------------------------------- QueueingHints

    /**
     * Pod Add | UpdatePodLabel | Delete of bound pods, Node Add | UpdateNodeLabel | UpdateNodeTaint
     * (plugin.go isSchedulableAfterPodChange, isSchedulableAfterNodeChange, as in the stored copy read
     * for this port): an added bound pod that matches all the pod's affinity terms; an updated one that
     * starts matching them, or stops matching all its anti-affinity terms; a deleted one that matched
     * all its anti-affinity terms; a node that has one of its affinity or anti-affinity terms' keys.
     */
    @Override
    public boolean isSchedulableAfter(ClusterEvent event, Pod pod) {
        Terms terms = Terms.of(pod);
        return switch (event.type()) {
            case ASSIGNED_POD_ADD -> matchesAll(terms.requiredAffinity(), (Pod) event.newObject());
            case ASSIGNED_POD_UPDATE -> {
                Pod old = (Pod) event.oldObject();
                Pod updated = (Pod) event.newObject();
                yield (!matchesAll(terms.requiredAffinity(), old) && matchesAll(terms.requiredAffinity(), updated))
                        || (matchesAll(terms.requiredAntiAffinity(), old) && !matchesAll(terms.requiredAntiAffinity(), updated));
            }
            case ASSIGNED_POD_DELETE -> matchesAll(terms.requiredAntiAffinity(), (Pod) event.oldObject());
            // EventsToRegister: with SchedulerQueueingHints on (v1.33's default) Node/UpdateNodeTaint is not
            // registered, a taint never changing this plugin's verdict (plugin.go, issue #109437)
            case NODE_ADD, NODE_UPDATE_LABEL -> {
                Map<String, String> labels = NodeSelectors.labels((Node) event.newObject());
                yield terms.requiredAffinity().stream().anyMatch(t -> labels.containsKey(t.topologyKey()))
                        || terms.requiredAntiAffinity().stream().anyMatch(t -> labels.containsKey(t.topologyKey()));
            }
            default -> false;
        };
    }

    /**
     * getUnschedulablePodsWithCrossTopologyTerm (scheduling_queue.go): a pending pod that a bound
     * pod's add or label change may help: PodTopologySpread rejected it and they share a namespace,
     * or the bound pod matches one of its required affinity terms.
     */
    static boolean crossTopology(Pod pending, Set<String> unschedulablePlugins, Pod assigned, Map<String, String> namespaceLabels) {
        if (unschedulablePlugins.contains(PodTopologySpreadPlugin.NAME)
                && Objects.equals(pending.getMetadata().getNamespace(), assigned.getMetadata().getNamespace())) {
            return true;
        }
        return hasAffinity(pending) && Terms.of(pending).requiredAffinity().stream().anyMatch(t -> t.matches(assigned, namespaceLabels));
    }

    // ---------------------------------------------------------------- PreScore, Score, NormalizeScore

    /**
     * Sums, per topology pair, the weights of the preferred terms the bound pods match (the pod's
     * own; theirs, which the pod matches; their required affinity with hardPodAffinityWeight),
     * anti-affinity subtracting. Without preferred terms of its own only pods with affinity count.
     * Skip when nothing adds up.
     */
    @Override
    public boolean preScore(PodInfo podInfo, List<NodeInfo> feasible, Snapshot snapshot) {
        topologyScore = null;
        Pod pod = podInfo.pod();
        Terms own = Terms.of(pod);
        boolean hasConstraints = !own.preferredAffinity().isEmpty() || !own.preferredAntiAffinity().isEmpty();
        Terms terms = hasConstraints ? own.merged(listers) : own;
        Map<String, String> namespaceLabels = listers.namespaceLabels(pod.getMetadata().getNamespace());
        Map<String, Map<String, Long>> scores = new HashMap<>();
        // "Unless the pod being scheduled has preferred affinity terms, we only need to process nodes
        // hosting pods with affinity" (scoring.go PreScore: HavePodsWithAffinityList)
        for (NodeInfo node : hasConstraints ? snapshot.nodes() : snapshot.havePodsWithAffinity()) {
            Map<String, String> nodeLabels = NodeSelectors.labels(node.node());
            if (nodeLabels.isEmpty()) {
                continue; // processExistingPod
            }
            for (PodInfo existing : hasConstraints ? node.pods() : node.podsWithAffinity()) {
                Terms theirs = Terms.of(existing.pod());
                process(scores, terms.preferredAffinity(), existing.pod(), null, nodeLabels, 1);
                process(scores, terms.preferredAntiAffinity(), existing.pod(), null, nodeLabels, -1);
                for (Term term : theirs.requiredAffinity()) {
                    processTerm(scores, term, HARD_POD_AFFINITY_WEIGHT, pod, namespaceLabels, nodeLabels, 1);
                }
                process(scores, theirs.preferredAffinity(), pod, namespaceLabels, nodeLabels, 1);
                process(scores, theirs.preferredAntiAffinity(), pod, namespaceLabels, nodeLabels, -1);
            }
        }
        if (scores.isEmpty()) {
            return false;
        }
        topologyScore = scores;
        return true;
    }

    private static void process(Map<String, Map<String, Long>> scores, List<Term> terms, Pod pod, Map<String, String> namespaceLabels,
                                Map<String, String> nodeLabels, int multiplier) {
        for (Term term : terms) {
            processTerm(scores, term, term.weight(), pod, namespaceLabels, nodeLabels, multiplier);
        }
    }

    /** scoreMap.processTerm: an entry appears even when the weight is 0. */
    private static void processTerm(Map<String, Map<String, Long>> scores, Term term, int weight, Pod pod,
                                    Map<String, String> namespaceLabels, Map<String, String> nodeLabels, int multiplier) {
        if (!term.matches(pod, namespaceLabels)) {
            return;
        }
        String value = nodeLabels.get(term.topologyKey());
        if (value != null) {
            scores.computeIfAbsent(term.topologyKey(), k -> new HashMap<>()).merge(value, (long) weight * multiplier, Long::sum);
        }
    }

    @Override
    public boolean preScore(PodInfo pod) {
        throw new IllegalStateException("InterPodAffinity needs the nodes: call preScore(pod, feasible, snapshot)");
    }

    /** The sum of the topology scores of the node's pairs. */
    @Override
    public long score(PodInfo pod, NodeInfo node, Snapshot snapshot) {
        Map<String, String> nodeLabels = NodeSelectors.labels(node.node());
        long score = 0;
        for (Map.Entry<String, Map<String, Long>> entry : topologyScore.entrySet()) {
            String value = nodeLabels.get(entry.getKey());
            if (value != null) {
                score += entry.getValue().getOrDefault(value, 0L);
            }
        }
        return score;
    }

    /** Scaled linearly from the lowest (0) to the highest (100), truncated; all 0 when they are equal. */
    @Override
    public void normalize(long[] scores) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long score : scores) {
            min = Math.min(min, score);
            max = Math.max(max, score);
        }
        long diff = max - min;
        for (int i = 0; i < scores.length; i++) {
            double f = 0;
            if (diff > 0) {
                f = (double) MAX_NODE_SCORE * ((double) (scores[i] - min) / (double) diff);
            }
            scores[i] = (long) f;
        }
    }

    // ---------------------------------------------------------------- helpers

    /** updateWithAffinityTerms: every term's pair counts when the pod matches all the terms. */
    private static void updateWithAffinityTerms(Map<Pair, Long> counts, List<Term> terms, Pod pod, Node node, long value) {
        if (matchesAll(terms, pod)) {
            for (Term term : terms) {
                update(counts, node, term.topologyKey(), value);
            }
        }
    }

    /** updateWithAntiAffinityTerms: each term the pod matches counts its pair. */
    private static void updateWithAntiAffinityTerms(Map<Pair, Long> counts, List<Term> terms, Pod pod, Map<String, String> namespaceLabels,
                                                    Node node, long value) {
        for (Term term : terms) {
            if (term.matches(pod, namespaceLabels)) {
                update(counts, node, term.topologyKey(), value);
            }
        }
    }

    private static void update(Map<Pair, Long> counts, Node node, String key, long value) {
        String topologyValue = NodeSelectors.labels(node).get(key);
        if (topologyValue != null) {
            Pair pair = new Pair(key, topologyValue);
            long sum = counts.getOrDefault(pair, 0L) + value;
            if (sum == 0) {
                counts.remove(pair);
            } else {
                counts.put(pair, sum);
            }
        }
    }

    /** podMatchesAllAffinityTerms: false without terms; namespace labels nil, as the incoming pod's terms are merged. */
    static boolean matchesAll(List<Term> terms, Pod pod) {
        if (terms.isEmpty()) {
            return false;
        }
        return terms.stream().allMatch(t -> t.matches(pod, null));
    }

    private static boolean matchesAny(List<Term> terms, Pod pod) {
        return terms.stream().anyMatch(t -> t.matches(pod, null));
    }

    /** NodeInfo.PodsWithAffinity: a pod with pod affinity or anti-affinity. */
    static boolean hasAffinity(Pod pod) {
        Affinity affinity = pod.getSpec().getAffinity();
        return affinity != null && (affinity.getPodAffinity() != null || affinity.getPodAntiAffinity() != null);
    }
}
