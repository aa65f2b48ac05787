package dev.peapod.scheduler;

import dev.peapod.store.LabelSelector;
import dev.peapod.store.LabelSelector.Requirement;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Spreads pods over topology domains: DoNotSchedule constraints filter, ScheduleAnyway constraints
 * (or the system default ones, for pods a Service, ReplicationController, ReplicaSet or StatefulSet
 * selects) score (kubernetes: pkg/scheduler/framework/plugins/podtopologyspread/plugin.go,
 * common.go, filtering.go, scoring.go; helper/spread.go DefaultSelector).
 *
 * <p>The feature gates of v1.33 are all on: minDomains, nodeAffinityPolicy / nodeTaintsPolicy
 * (NodeInclusionPolicyInPodTopologySpread) and matchLabelKeys, which v1.33's scheduler still merges
 * itself (the API server does it from v1.34).
 *
 * <p>The cycle's PreFilter and PreScore states live in fields: the scheduler runs one cycle at a
 * time on the event loop.
 */
final class PodTopologySpreadPlugin implements FilterPlugin, ScorePlugin {
    static final String NAME = "PodTopologySpread";
    /** ErrReasonConstraintsNotMatch. */
    static final String REASON = "node(s) didn't match pod topology spread constraints";
    /** ErrReasonNodeLabelNotMatch. */
    static final String MISSING_LABEL = REASON + " (missing required label)";
    static final String HOSTNAME = "kubernetes.io/hostname";
    static final String ZONE = "topology.kubernetes.io/zone";
    private static final String DO_NOT_SCHEDULE = "DoNotSchedule";
    private static final String SCHEDULE_ANYWAY = "ScheduleAnyway";

    /** A constraint with its selector parsed (topologySpreadConstraint). */
    record Constraint(int maxSkew, String topologyKey, LabelSelector selector, int minDomains,
                      boolean honorNodeAffinity, boolean honorNodeTaints) {

        /** matchNodeInclusionPolicies. */
        boolean includes(Pod pod, Node node) {
            if (honorNodeAffinity && !NodeSelectors.matchesRequired(pod, node)) {
                return false;
            }
            return !honorNodeTaints || Tolerations.firstUntolerated(taints(node), pod.getSpec().getTolerations(),
                    Tolerations.DO_NOT_SCHEDULE).isEmpty();
        }
    }

    /**
     * systemDefaultConstraints: hostname maxSkew 3 then zone maxSkew 5, both ScheduleAnyway, with
     * minDomains 1, nodeAffinityPolicy Honor and nodeTaintsPolicy Ignore as any constraint without them.
     */
    private static final List<Constraint> SYSTEM_DEFAULTS = List.of(
            new Constraint(3, HOSTNAME, LabelSelector.everything(), 1, true, false),
            new Constraint(5, ZONE, LabelSelector.everything(), 1, true, false));

    private final SchedulerListers listers;
    private PreFilterState preFilterState;
    private PreScoreState preScoreState;
    /** The selector keys seen so far, each kept as one String object. Looked up, never iterated. */
    private final Map<String, String> canonicalKeys = new HashMap<>();

    PodTopologySpreadPlugin(SchedulerListers listers) {
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

    // ---------------------------------------------------------------- constraints

    /** getConstraints: the pod's DoNotSchedule constraints, or the system default ones of that kind (none). */
    private List<Constraint> hardConstraints(Pod pod) {
        return constraints(pod, DO_NOT_SCHEDULE);
    }

    private List<Constraint> constraints(Pod pod, String action) {
        List<TopologySpreadConstraint> own = pod.getSpec().getTopologySpreadConstraints();
        if (own != null && !own.isEmpty()) {
            return filterConstraints(own, labels(pod), action);
        }
        return defaultConstraints(pod, action);
    }

    /** filterTopologySpreadConstraints. */
    private static List<Constraint> filterConstraints(List<TopologySpreadConstraint> constraints, Map<String, String> podLabels,
                                                      String action) {
        List<Constraint> result = new ArrayList<>();
        for (TopologySpreadConstraint c : constraints) {
            if (!action.equals(c.getWhenUnsatisfiable())) {
                continue;
            }
            LabelSelector selector = LabelSelector.of(c.getLabelSelector());
            if (c.getMatchLabelKeys() != null && !c.getMatchLabelKeys().isEmpty()) {
                // mergeLabelSetWithSelector: the pod's values of the keys, then the selector's requirements
                // (a null selector has none, so only the keys remain).
                Map<String, String> matchLabels = new TreeMap<>();
                for (String key : c.getMatchLabelKeys()) {
                    if (podLabels.containsKey(key)) {
                        matchLabels.put(key, podLabels.get(key));
                    }
                }
                if (!matchLabels.isEmpty()) {
                    List<Requirement> requirements = new ArrayList<>(LabelSelector.ofLabels(matchLabels).requirements());
                    requirements.addAll(selector.requirements());
                    selector = LabelSelector.of(requirements);
                }
            }
            result.add(new Constraint(c.getMaxSkew() == null ? 0 : c.getMaxSkew(), c.getTopologyKey(), selector,
                    c.getMinDomains() == null ? 1 : c.getMinDomains(),
                    !"Ignore".equals(c.getNodeAffinityPolicy()), "Honor".equals(c.getNodeTaintsPolicy())));
        }
        return result;
    }

    /** buildDefaultConstraints: the system defaults with the selector of what selects the pod; none if nothing does. */
    private List<Constraint> defaultConstraints(Pod pod, String action) {
        if (!SCHEDULE_ANYWAY.equals(action)) {
            return List.of(); // every system default constraint is ScheduleAnyway
        }
        LabelSelector selector = defaultSelector(pod);
        if (selector.requirements().isEmpty()) {
            return List.of();
        }
        return SYSTEM_DEFAULTS.stream().map(c -> new Constraint(c.maxSkew(), c.topologyKey(), selector, c.minDomains(),
                c.honorNodeAffinity(), c.honorNodeTaints())).toList();
    }

    /**
     * helper.DefaultSelector: the selectors of the pod's namespace's Services that select it, merged
     * (a Service without a selector selects nothing), then the selector of its controller if that is a
     * ReplicationController (merged as a set), a ReplicaSet or a StatefulSet (requirements added).
     */
    LabelSelector defaultSelector(Pod pod) {
        String namespace = pod.getMetadata().getNamespace();
        Map<String, String> podLabels = labels(pod);
        Map<String, String> labelSet = new TreeMap<>();
        for (Service service : listers.services(namespace)) {
            Map<String, String> selector = service.getSpec() == null ? null : service.getSpec().getSelector();
            if (selector != null && LabelSelector.ofLabels(selector).matches(podLabels)) {
                labelSet.putAll(selector);
            }
        }
        List<Requirement> requirements = new ArrayList<>(LabelSelector.ofLabels(labelSet).requirements());
        OwnerReference owner = controllerOf(pod);
        if (owner == null) {
            return LabelSelector.of(requirements);
        }
        String gvk = owner.getApiVersion() + "/" + owner.getKind();
        switch (gvk) {
            case "v1/ReplicationController" -> {
                if (listers.controller("ReplicationController", namespace, owner.getName()) instanceof ReplicationController rc
                        && rc.getSpec() != null && rc.getSpec().getSelector() != null) {
                    labelSet.putAll(rc.getSpec().getSelector());
                    requirements = new ArrayList<>(LabelSelector.ofLabels(labelSet).requirements());
                }
            }
            case "apps/v1/ReplicaSet" -> {
                if (listers.controller("ReplicaSet", namespace, owner.getName()) instanceof ReplicaSet rs && rs.getSpec() != null) {
                    addRequirements(requirements, rs.getSpec().getSelector());
                }
            }
            case "apps/v1/StatefulSet" -> {
                if (listers.controller("StatefulSet", namespace, owner.getName()) instanceof StatefulSet ss && ss.getSpec() != null) {
                    addRequirements(requirements, ss.getSpec().getSelector());
                }
            }
            default -> {
                // not owned by a supported controller
            }
        }
        return LabelSelector.of(requirements);
    }

    /** selector.Add(other.Requirements()...), where a nil selector (Nothing) has no requirements to add. */
    private static void addRequirements(List<Requirement> requirements, io.fabric8.kubernetes.api.model.LabelSelector selector) {
        if (selector == null) {
            return;
        }
        try {
            requirements.addAll(LabelSelector.of(selector).requirements());
        } catch (RuntimeException e) {
            // LabelSelectorAsSelector failed: upstream adds nothing
        }
    }

    /** metav1.GetControllerOfNoCopy. */
    private static OwnerReference controllerOf(Pod pod) {
        List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
        if (owners == null) {
            return null;
        }
        return owners.stream().filter(o -> Boolean.TRUE.equals(o.getController())).findFirst().orElse(null);
    }

    // ---------------------------------------------------------------- PreFilter and Filter

    /**
     * The matching pods per topology value of each hard constraint, over every node that has all
     * the constraints' keys and that each constraint's inclusion policies admit.
     */
    private record PreFilterState(Pod pod, List<Constraint> constraints, List<String> selectorKeys,
                                  List<Map<String, Integer>> tpValueToMatchNum, Snapshot nodes) {

        /** The critical path's count: the lowest count over the domains, 0 below minDomains domains. */
        int minMatchNum(int i) {
            Map<String, Integer> counts = tpValueToMatchNum.get(i);
            if (counts.size() < constraints.get(i).minDomains()) {
                return 0;
            }
            int min = Integer.MAX_VALUE; // newCriticalPaths: MaxInt32 when there is no domain
            for (int count : counts.values()) {
                min = Math.min(min, count);
            }
            return min;
        }

        /**
         * The state as AddPod / RemovePod leave it after preemption's dry run took pods off this node
         * (updateWithPod): the node's counts recomputed from the node given.
         */
        PreFilterState adjustedFor(NodeInfo node) {
            NodeInfo before = nodes.node(node.name());
            if (before == null || before == node || !nodeLabelsMatch(labels(node.node()), constraints)) {
                return this;
            }
            List<Map<String, Integer>> counts = new ArrayList<>();
            for (int i = 0; i < constraints.size(); i++) {
                Constraint c = constraints.get(i);
                Map<String, Integer> map = new HashMap<>(tpValueToMatchNum.get(i));
                if (c.includes(pod, node.node())) {
                    String value = labels(node.node()).get(c.topologyKey());
                    int delta = countMatching(node, c.selector(), namespace(pod), selectorKeys.get(i))
                            - countMatching(before, c.selector(), namespace(pod), selectorKeys.get(i));
                    map.merge(value, delta, Integer::sum);
                }
                counts.add(map);
            }
            return new PreFilterState(pod, constraints, selectorKeys, counts, nodes);
        }
    }

    /** Skip when the pod has no hard constraint; otherwise counts the matching pods per domain (calPreFilterState). */
    @Override
    public PreFilterResult preFilter(PodInfo podInfo, Snapshot snapshot) {
        preFilterState = null;
        Pod pod = podInfo.pod();
        List<Constraint> constraints = hardConstraints(pod);
        if (constraints.isEmpty()) {
            return PreFilterResult.SKIP;
        }
        List<Map<String, Integer>> counts = new ArrayList<>();
        constraints.forEach(c -> counts.add(new HashMap<>()));
        List<String> selectorKeys = selectorKeys(constraints, namespace(pod));
        for (NodeInfo node : snapshot.nodes()) {
            Map<String, String> nodeLabels = labels(node.node());
            if (!nodeLabelsMatch(nodeLabels, constraints)) {
                continue;
            }
            for (int i = 0; i < constraints.size(); i++) {
                Constraint c = constraints.get(i);
                if (c.includes(pod, node.node())) {
                    counts.get(i).merge(nodeLabels.get(c.topologyKey()),
                            countMatching(node, c.selector(), namespace(pod), selectorKeys.get(i)), Integer::sum);
                }
            }
        }
        preFilterState = new PreFilterState(pod, constraints, selectorKeys, counts, snapshot);
        return PreFilterResult.ALL_NODES;
    }

    @Override
    public PreFilterResult preFilter(PodInfo pod) {
        throw new IllegalStateException("PodTopologySpread needs the snapshot: call preFilter(pod, snapshot)");
    }

    /**
     * Fails a node without a constraint's key as UnschedulableAndUnresolvable, and one where the pod
     * would make a domain's count exceed the global minimum by more than maxSkew as Unschedulable.
     */
    @Override
    public Status filter(PodInfo pod, NodeInfo node) {
        PreFilterState state = preFilterState;
        if (state == null || state.constraints().isEmpty()) {
            return Status.SUCCESS;
        }
        state = state.adjustedFor(node);
        Map<String, String> nodeLabels = labels(node.node());
        Map<String, String> podLabels = labels(pod.pod());
        for (int i = 0; i < state.constraints().size(); i++) {
            Constraint c = state.constraints().get(i);
            String value = nodeLabels.get(c.topologyKey());
            if (value == null) {
                return Status.unresolvable(MISSING_LABEL);
            }
            int minMatchNum = state.minMatchNum(i);
            int selfMatchNum = c.selector().matches(podLabels) ? 1 : 0;
            int matchNum = state.tpValueToMatchNum().get(i).getOrDefault(value, 0);
            if ((long) matchNum + selfMatchNum - minMatchNum > c.maxSkew()) {
                return Status.unschedulable(REASON);
            }
        }
        return Status.SUCCESS;
    }

    // ---------------------------------------------------------------- QueueingHints

    /**
     * Pod Add | UpdatePodLabel | Delete of a bound pod in the pod's namespace that a hard constraint
     * selects (for an update: whose match changed), UpdatePodToleration of the pod itself under
     * nodeTaintsPolicy Honor; Node Add of a node with every constraint's key, UpdateNodeLabel |
     * UpdateNodeTaint that changes whether it has them, or of such a node, its keys' values or its
     * taints, Node/Delete of a node with them (plugin.go isSchedulableAfterPodChange,
     * isSchedulableAfterNodeChange; v1.33 EventsToRegister has Add | Delete | UpdateNodeLabel | UpdateNodeTaint).
     */
    @Override
    public boolean isSchedulableAfter(ClusterEvent event, Pod pod) {
        List<Constraint> constraints = hardConstraints(pod);
        return switch (event.type()) {
            case ASSIGNED_POD_ADD, ASSIGNED_POD_DELETE -> {
                Pod other = (Pod) (event.newObject() != null ? event.newObject() : event.oldObject());
                yield sameNamespace(other, pod) && constraints.stream().anyMatch(c -> c.selector().matches(labels(other)));
            }
            case ASSIGNED_POD_UPDATE -> {
                Pod old = (Pod) event.oldObject();
                Pod updated = (Pod) event.newObject();
                yield sameNamespace(updated, pod) && constraints.stream()
                        .anyMatch(c -> c.selector().matches(labels(old)) != c.selector().matches(labels(updated)));
            }
            case POD_UPDATE_TOLERATION -> NodeUnschedulablePlugin.sameUid(pod, event.newObject())
                    && constraints.stream().anyMatch(Constraint::honorNodeTaints);
            case NODE_ADD -> nodeLabelsMatch(labels((Node) event.newObject()), constraints);
            // "4. Node/Delete: The original node matched the pod's topology spread constraints."
            case NODE_DELETE -> nodeLabelsMatch(labels((Node) event.oldObject()), constraints);
            case NODE_UPDATE_LABEL, NODE_UPDATE_TAINT -> {
                Node oldNode = (Node) event.oldObject();
                Node newNode = (Node) event.newObject();
                boolean before = nodeLabelsMatch(labels(oldNode), constraints);
                boolean after = nodeLabelsMatch(labels(newNode), constraints);
                yield before != after || (after && (constraints.stream().anyMatch(c ->
                        !Objects.equals(labels(oldNode).getOrDefault(c.topologyKey(), ""), labels(newNode).getOrDefault(c.topologyKey(), "")))
                        || !Objects.equals(listOrEmpty(taints(oldNode)), listOrEmpty(taints(newNode)))));
            }
            default -> false;
        };
    }

    private static <T> List<T> listOrEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static boolean sameNamespace(Pod a, Pod b) {
        return Objects.equals(a.getMetadata().getNamespace(), b.getMetadata().getNamespace());
    }

    // ---------------------------------------------------------------- PreScore, Score, NormalizeScore

    /**
     * @param ignored  the feasible nodes, by index, that lack a key and score 0
     * @param counts   per constraint other than hostname, the matching pods per topology value of the feasible nodes
     * @param weights  topologyNormalizingWeight per constraint
     */
    private record PreScoreState(List<Constraint> constraints, boolean[] ignored, List<Map<String, long[]>> counts,
                                 double[] weights, List<String> selectorKeys) {
    }

    /**
     * initPreScoreState and PreScore: Skip when the pod has no soft constraint (nor a default one);
     * then counts matching pods over all nodes for each constraint but the hostname one, whose
     * counts Score takes from the node itself. Nodes must have every key only for the pod's own
     * constraints: the system default ones also score nodes without a zone.
     */
    @Override
    public boolean preScore(PodInfo podInfo, List<NodeInfo> feasible, Snapshot snapshot) {
        preScoreState = null;
        Pod pod = podInfo.pod();
        if (snapshot.nodes().isEmpty()) {
            return false;
        }
        boolean requireAllTopologies = pod.getSpec().getTopologySpreadConstraints() != null
                && !pod.getSpec().getTopologySpreadConstraints().isEmpty();
        List<Constraint> constraints = constraints(pod, SCHEDULE_ANYWAY);
        if (constraints.isEmpty()) {
            return false;
        }
        boolean[] ignored = new boolean[feasible.size()];
        int ignoredCount = 0;
        List<Map<String, long[]>> counts = new ArrayList<>();
        constraints.forEach(c -> counts.add(new HashMap<>()));
        // Upstream counts a node without the key under the value "" (Go's missing map entry); only a node
        // whose key is present with the value "" reads that count, so Peapod counts them only then.
        boolean[] emptyValueRead = new boolean[constraints.size()];
        for (int n = 0; n < feasible.size(); n++) {
            Map<String, String> nodeLabels = labels(feasible.get(n).node());
            if (requireAllTopologies && !nodeLabelsMatch(nodeLabels, constraints)) {
                ignored[n] = true;
                ignoredCount++;
                continue;
            }
            for (int i = 0; i < constraints.size(); i++) {
                String key = constraints.get(i).topologyKey();
                if (!key.equals(HOSTNAME)) {
                    String value = nodeLabels.getOrDefault(key, "");
                    counts.get(i).computeIfAbsent(value, v -> new long[1]);
                    emptyValueRead[i] |= value.isEmpty() && nodeLabels.containsKey(key);
                }
            }
        }
        double[] weights = new double[constraints.size()];
        for (int i = 0; i < constraints.size(); i++) {
            int size = constraints.get(i).topologyKey().equals(HOSTNAME) ? feasible.size() - ignoredCount : counts.get(i).size();
            weights[i] = Math.log(size + 2); // topologyNormalizingWeight
        }
        List<String> selectorKeys = selectorKeys(constraints, namespace(pod));
        // Only a constraint with a domain among the feasible nodes, whose key some node has, can count
        // anything in the walk below (the hostname one never: Score counts it). Without such a
        // constraint the walk is skipped, as when the nodes have no zone label: the counts stay 0.
        boolean[] walked = new boolean[constraints.size()];
        boolean walk = false;
        for (int i = 0; i < constraints.size(); i++) {
            walked[i] = !counts.get(i).isEmpty() && snapshot.anyNodeHasLabel(constraints.get(i).topologyKey());
            walk |= walked[i];
        }
        for (NodeInfo node : walk ? snapshot.nodes() : List.<NodeInfo>of()) {
            Map<String, String> nodeLabels = labels(node.node());
            if (requireAllTopologies && !nodeLabelsMatch(nodeLabels, constraints)) {
                continue;
            }
            for (int i = 0; i < constraints.size(); i++) {
                if (!walked[i]) {
                    continue;
                }
                Constraint c = constraints.get(i);
                String value = nodeLabels.get(c.topologyKey());
                if (value == null && !emptyValueRead[i]) {
                    continue;
                }
                long[] count = counts.get(i).get(value == null ? "" : value);
                if (count == null || !c.includes(pod, node.node())) {
                    continue;
                }
                count[0] += countMatching(node, c.selector(), namespace(pod), selectorKeys.get(i));
            }
        }
        preScoreState = new PreScoreState(constraints, ignored, counts, weights, selectorKeys);
        return true;
    }

    @Override
    public boolean preScore(PodInfo pod) {
        throw new IllegalStateException("PodTopologySpread needs the nodes: call preScore(pod, feasible, snapshot)");
    }

    /** The sum over the constraints whose key the node has of count * weight + maxSkew - 1, rounded (scoreForCount). */
    @Override
    public long score(PodInfo pod, NodeInfo node, Snapshot snapshot) {
        throw new IllegalStateException("PodTopologySpread scores by index: call score(pod, index, node)");
    }

    @Override
    public long score(PodInfo pod, int index, NodeInfo node, Snapshot snapshot) {
        PreScoreState state = preScoreState;
        if (state.ignored()[index]) {
            return 0;
        }
        Map<String, String> nodeLabels = labels(node.node());
        double score = 0;
        for (int i = 0; i < state.constraints().size(); i++) {
            Constraint c = state.constraints().get(i);
            String value = nodeLabels.get(c.topologyKey());
            if (value == null) {
                continue;
            }
            long count = c.topologyKey().equals(HOSTNAME) ? countMatching(node, c.selector(), namespace(pod.pod()), state.selectorKeys().get(i))
                    : state.counts().get(i).get(value)[0];
            score += count * state.weights()[i] + (c.maxSkew() - 1);
        }
        return Math.round(score); // math.Round: half away from zero, the same for these positive sums
    }

    /** Fewer matching pods score higher: MaxNodeScore * (max + min - score) / max, ignored nodes 0. */
    @Override
    public void normalize(long[] scores) {
        boolean[] ignored = preScoreState.ignored();
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < scores.length; i++) {
            if (ignored[i]) {
                continue;
            }
            min = Math.min(min, scores[i]);
            max = Math.max(max, scores[i]);
        }
        for (int i = 0; i < scores.length; i++) {
            if (ignored[i]) {
                scores[i] = 0;
            } else if (max == 0) {
                scores[i] = MAX_NODE_SCORE;
            } else {
                scores[i] = MAX_NODE_SCORE * (max + min - scores[i]) / max;
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * countPodsMatchSelector on one node, remembered with the NodeInfo until the node's pods change:
     * a cycle then counts only the nodes that changed since the selector was last asked about.
     *
     * @param key the selector's {@link #selectorKey}
     */
    private static int countMatching(NodeInfo node, LabelSelector selector, String namespace, String key) {
        Integer count = node.matching().get(key);
        if (count == null) {
            count = countMatching(node.pods(), selector, namespace);
            node.matching().put(key, count);
        }
        return count;
    }

    /**
     * The constraints' selector keys, each the same String object as in earlier cycles, so that the
     * NodeInfos' {@link NodeInfo#matching} lookups find it by reference, not by comparing characters.
     */
    private List<String> selectorKeys(List<Constraint> constraints, String namespace) {
        List<String> keys = new ArrayList<>(constraints.size());
        for (Constraint c : constraints) {
            String key = selectorKey(c.selector(), namespace);
            keys.add(canonicalKeys.computeIfAbsent(key, k -> k));
        }
        return keys;
    }

    /** A string that is the same only for selectors that select the same pods: nothing, everything, or the requirements. */
    private static String selectorKey(LabelSelector selector, String namespace) {
        String requirements = selector.isEverything() ? "*" : selector.requirements().isEmpty() ? "!" : "=" + selector;
        return namespace + "/" + requirements; // a namespace has no slash
    }

    /** nodeLabelsMatchSpreadConstraints: the node has every constraint's key. */
    static boolean nodeLabelsMatch(Map<String, String> nodeLabels, List<Constraint> constraints) {
        for (Constraint c : constraints) {
            if (!nodeLabels.containsKey(c.topologyKey())) {
                return false;
            }
        }
        return true;
    }

    /** countPodsMatchSelector: pods of the namespace, not terminating, that the selector matches. */
    static int countMatching(List<PodInfo> pods, LabelSelector selector, String namespace) {
        int count = 0;
        for (PodInfo p : pods) {
            Pod pod = p.pod();
            if (pod.getMetadata().getDeletionTimestamp() != null || !namespace.equals(pod.getMetadata().getNamespace())) {
                continue;
            }
            if (selector.matches(pod.getMetadata().getLabels())) {
                count++;
            }
        }
        return count;
    }

    private static String namespace(Pod pod) {
        return pod.getMetadata().getNamespace();
    }

    static Map<String, String> labels(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    static Map<String, String> labels(Node node) {
        return NodeSelectors.labels(node);
    }

    private static List<io.fabric8.kubernetes.api.model.Taint> taints(Node node) {
        return node.getSpec() == null ? null : node.getSpec().getTaints();
    }
}
