package dev.peapod.scheduler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * One scheduling cycle's algorithm: PreFilter, Filter, PostFilter (preemption), Score and host
 * selection over the default v1.33 plugins that Peapod implements
 * (kubernetes: pkg/scheduler/schedule_one.go, schedulePod / findNodesThatFitPod / prioritizeNodes / selectHost).
 */
final class SchedulingAlgorithm {
    /** ErrNoNodesAvailable. */
    static final String NO_NODES = "no nodes available to schedule pods";

    /** What the cycle decided. */
    sealed interface Decision permits Bind, Unschedulable {
    }

    record Bind(String node) implements Decision {
    }

    /**
     * @param plugins       the plugins that rejected the pod (Diagnosis.UnschedulablePlugins); empty
     *                      when there were no nodes, which the queue treats as an error
     * @param nominatedNode what preemption nominates (PostFilterResult.NominatingInfo): a node, "" to
     *                      clear the pod's nomination, null to leave it
     * @param victims       the pods preemption evicts on the nominated node
     */
    record Unschedulable(String message, Set<String> plugins, String nominatedNode, List<PodInfo> victims)
            implements Decision {
        Unschedulable(String message, Set<String> plugins) {
            this(message, plugins, null, List.of());
        }
    }

    private final NodeUnschedulablePlugin nodeUnschedulable = new NodeUnschedulablePlugin();
    private final TaintTolerationPlugin taintToleration = new TaintTolerationPlugin();
    private final NodeAffinityPlugin nodeAffinity = new NodeAffinityPlugin();
    private final NodePortsPlugin nodePorts = new NodePortsPlugin();
    private final NodeResourcesFitPlugin fit = new NodeResourcesFitPlugin();
    private final PodTopologySpreadPlugin podTopologySpread;
    private final InterPodAffinityPlugin interPodAffinity;
    /** The MultiPoint order of default_plugins.go, Filter plugins Peapod implements. */
    private final List<FilterPlugin> filters;
    /**
     * The same order for Score: TaintToleration 3, NodeAffinity 2, NodeResourcesFit 1,
     * PodTopologySpread 2, InterPodAffinity 2, BalancedAllocation 1, ImageLocality 1.
     */
    private final List<ScorePlugin> scorers;
    private final DefaultPreemption preemption;
    private final Random random;
    /** See {@link #scratch}. */
    private final long[][] scoreArrays = {new long[0], new long[0]};
    /** Where the next cycle starts examining nodes, so that every node gets its turn (sched.nextStartNodeIndex). */
    private int nextStartNodeIndex;

    SchedulingAlgorithm(Random random) {
        this(random, SchedulerListers.NONE);
    }

    /** @param listers what PodTopologySpread and InterPodAffinity read besides nodes and pods */
    SchedulingAlgorithm(Random random, SchedulerListers listers) {
        this.random = random;
        this.preemption = new DefaultPreemption(random);
        this.podTopologySpread = new PodTopologySpreadPlugin(listers);
        this.interPodAffinity = new InterPodAffinityPlugin(listers);
        this.filters = List.of(nodeUnschedulable, taintToleration, nodeAffinity, nodePorts, fit, podTopologySpread, interPodAffinity);
        this.scorers = List.of(taintToleration, nodeAffinity, fit, podTopologySpread, interPodAffinity,
                new BalancedAllocationPlugin(), new ImageLocalityPlugin());
    }

    Optional<FilterPlugin> filterPlugin(String name) {
        return filters.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** @param now the cycle's instant, which preemption reads for victims not yet started */
    Decision schedule(PodInfo pod, Snapshot snapshot, Instant now) {
        if (snapshot.nodes().isEmpty()) {
            // schedule_one.go schedulingCycle: on ErrNoNodesAvailable the result carries
            // clearNominatedNode ({ModeOverride, ""}), so the pod's nomination is dropped
            return new Unschedulable(NO_NODES, Set.of(), "", List.of());
        }
        PreFilter pre = preFilter(pod, snapshot);
        if (pre.rejection() != null) {
            return unschedulable(pod, pre.rejection(), snapshot, pre, now);
        }
        String nominated = evaluateNominatedNode(pod, snapshot, pre);
        if (nominated != null) {
            return new Bind(nominated);
        }
        List<NodeInfo> nodes = snapshot.nodes();
        // with every node to filter and none nominated, a node's place in the snapshot serves the
        // filters that answer from its columns
        boolean inPlace = pre.nodeNames() == null && !snapshot.hasNominatedPods();
        if (pre.nodeNames() != null) {
            nodes = nodes.stream().filter(node -> pre.nodeNames().contains(node.name())).toList();
        }
        Map<String, Status> statuses = new LinkedHashMap<>();
        // findNodesThatPassFilters: from where the last cycle left off, until numFeasibleNodesToFind
        // nodes fit. Upstream filters in parallel and cancels once enough fit; Peapod checks one node
        // after another and stops at the last one needed, so the same nodes are examined on every run.
        int numNodesToFind = numFeasibleNodesToFind(nodes.size());
        Feasible feasible = new Feasible(Math.min(numNodesToFind, nodes.size()));
        int[] feasibleAt = inPlace ? new int[Math.min(numNodesToFind, nodes.size())] : null;
        for (int i = 0; i < nodes.size() && feasible.size() < numNodesToFind; i++) {
            int at = (nextStartNodeIndex + i) % nodes.size();
            NodeInfo node = nodes.get(at);
            Status status = inPlace ? runFilters(pod, snapshot, at, pre.active())
                    : runFiltersWithNominatedPods(pod, node, pre.active(), snapshot);
            if (status.isSuccess()) {
                if (inPlace) {
                    feasibleAt[feasible.size()] = at;
                }
                feasible.add(node);
            } else {
                statuses.put(node.name(), status);
                pre.plugins().add(status.plugin()); // Diagnosis.AddPluginStatus
            }
        }
        // findNodesThatFitPod: processedNodes = len(feasibleNodes) + diagnosis.NodeToStatus.Len(), modulo all nodes
        nextStartNodeIndex = (nextStartNodeIndex + feasible.size() + statuses.size()) % snapshot.nodes().size();
        if (feasible.isEmpty()) {
            return unschedulable(pod, new FitError(snapshot.nodes().size(), statuses, pre.absentStatus(), "", ""), snapshot, pre,
                    now);
        }
        return new Bind(feasible.size() == 1 ? feasible.get(0).name() : selectHost(pod, feasible, feasibleAt, snapshot));
    }

    /** minFeasibleNodesToFind and minFeasibleNodesPercentageToFind (schedule_one.go). */
    private static final int MIN_FEASIBLE_NODES_TO_FIND = 100;
    private static final int MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

    /**
     * numFeasibleNodesToFind with percentageOfNodesToScore unset (0, the default): every node of a
     * cluster under 100 nodes; above, an adaptive 50% - 1% per 125 nodes (at least 5%), and at least
     * 100 nodes. 1,000 nodes: 420.
     */
    static int numFeasibleNodesToFind(int numAllNodes) {
        if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) {
            return numAllNodes;
        }
        int percentage = Math.max(50 - numAllNodes / 125, MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND);
        return Math.max(numAllNodes * percentage / 100, MIN_FEASIBLE_NODES_TO_FIND);
    }

    /**
     * What PreFilter left: the plugins to skip, the plugins that rejected the pod so far, the only
     * nodes worth filtering (null: all) with the status of the others, or a rejection.
     */
    private record PreFilter(Set<String> skipped, Set<String> plugins, Set<String> nodeNames, Status absentStatus,
                             FitError rejection, FilterPlugin[] active) {
    }

    /** RunPreFilterPlugins, and findNodesThatFitPod's handling of its result. */
    private PreFilter preFilter(PodInfo pod, Snapshot snapshot) {
        int numAllNodes = snapshot.nodes().size();
        Set<String> skipped = new HashSet<>();
        Set<String> plugins = new TreeSet<>();
        Set<String> nodeNames = null;
        for (FilterPlugin plugin : filters) {
            FilterPlugin.PreFilterResult result = plugin.preFilter(pod, snapshot);
            Status rejection = null;
            if (result.status().code() == Status.Code.SKIP) {
                skipped.add(plugin.name());
            } else if (result.status().isRejected()) {
                plugins.add(plugin.name());
                rejection = result.status();
            } else if (result.nodeNames() != null) {
                plugins.add(plugin.name()); // the plugins that narrowed the node set count as rejecting
                nodeNames = intersect(nodeNames, result.nodeNames());
                if (nodeNames.isEmpty()) {
                    rejection = Status.unresolvable("node(s) didn't satisfy plugin " + plugin.name());
                }
            }
            if (rejection != null) {
                FitError error = new FitError(numAllNodes, Map.of(), rejection, rejection.message(), "");
                return new PreFilter(skipped, plugins, null, rejection, error, active(skipped));
            }
        }
        Status absent = nodeNames == null ? new Status(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE, List.of(), "")
                : Status.unresolvable("node(s) didn't satisfy plugin(s) " + goList(plugins));
        return new PreFilter(skipped, plugins, nodeNames, absent, null, active(skipped));
    }

    /** The Filter plugins PreFilter did not skip, in order: worked out once per cycle rather than per node. */
    private FilterPlugin[] active(Set<String> skipped) {
        return filters.stream().filter(p -> !skipped.contains(p.name())).toArray(FilterPlugin[]::new);
    }

    /** RunFilterPlugins: the first plugin that does not succeed decides the node's status. */
    private static Status runFilters(PodInfo pod, NodeInfo node, FilterPlugin[] active) {
        for (FilterPlugin plugin : active) {
            Status status = plugin.filter(pod, node);
            if (!status.isSuccess()) {
                return status.withPlugin(plugin.name());
            }
        }
        return Status.SUCCESS;
    }

    /** As {@link #runFilters(PodInfo, NodeInfo, FilterPlugin[])} for the node at position {@code i} of the snapshot's nodes. */
    private static Status runFilters(PodInfo pod, Snapshot snapshot, int i, FilterPlugin[] active) {
        for (FilterPlugin plugin : active) {
            Status status = plugin.filter(pod, snapshot, i);
            if (!status.isSuccess()) {
                return status.withPlugin(plugin.name());
            }
        }
        return Status.SUCCESS;
    }

    /**
     * evaluateNominatedNode (findNodesThatFitPod): a pod nominated by an earlier preemption tries that
     * node alone first, before PreFilter's node set is applied, and takes it if it passes the filters;
     * no scoring then, and the next cycle's start index does not move. Null when it does not fit.
     */
    private String evaluateNominatedNode(PodInfo pod, Snapshot snapshot, PreFilter pre) {
        String nominated = DefaultPreemption.nominatedNodeName(pod.pod());
        if (nominated.isEmpty()) {
            return null;
        }
        NodeInfo node = snapshot.node(nominated);
        if (node == null) {
            return null; // the node is gone: upstream logs the error and goes on with every node
        }
        return runFiltersWithNominatedPods(pod, node, pre.active(), snapshot).isSuccess() ? nominated : null;
    }

    /**
     * RunFilterPluginsWithNominatedPods (framework/runtime/framework.go, addGENominatedPods): the
     * pods nominated to the node with a priority at least the pod's (the pod itself aside) count on
     * it; if the pod fits with them, it must also fit without them, as they may not land there.
     */
    private static Status runFiltersWithNominatedPods(PodInfo pod, NodeInfo node, FilterPlugin[] active, Snapshot snapshot) {
        if (!snapshot.hasNominatedPods()) {
            return runFilters(pod, node, active);
        }
        List<PodInfo> nominated = snapshot.nominatedPods(node.name()).stream()
                .filter(p -> p.priority() >= pod.priority() && !p.key().equals(pod.key())).toList();
        if (nominated.isEmpty()) {
            return runFilters(pod, node, active);
        }
        List<PodInfo> with = new ArrayList<>(node.pods());
        with.addAll(nominated);
        Status status = runFilters(pod, NodeInfo.of(node.node(), with, node), active);
        return status.isSuccess() ? runFilters(pod, node, active) : status;
    }

    /** The FitError with what PostFilter (DefaultPreemption) says appended, and what preemption decided. */
    private Unschedulable unschedulable(PodInfo pod, FitError error, Snapshot snapshot, PreFilter pre, Instant now) {
        DefaultPreemption.Result result = preemption.postFilter(pod, error, snapshot,
                (p, n) -> runFiltersWithNominatedPods(p, n, pre.active(), snapshot), now);
        return new Unschedulable(error.withPostFilterMsg(result.message()).message(), pre.plugins(),
                result.nominatedNode(), result.victims());
    }

    /**
     * Scores the feasible nodes (at the given positions of the snapshot's nodes, or null when they
     * were not taken from there in place), weights and sums the plugins' scores, and picks among the nodes
     * with the top score uniformly at random, by reservoir sampling in the order the nodes were examined (see NodeTree) with the
     * cluster's seeded random (selectHost).
     */
    private String selectHost(PodInfo pod, Feasible feasible, int[] feasibleAt, Snapshot snapshot) {
        long[] total = scratch(0, feasible.size());
        java.util.Arrays.fill(total, 0);
        for (ScorePlugin plugin : scorers) {
            if (!plugin.preScore(pod, feasible, snapshot)) {
                continue;
            }
            long[] scores = scratch(1, feasible.size());
            for (int i = 0; i < scores.length; i++) {
                scores[i] = plugin.score(pod, i, feasible.get(i), snapshot, feasibleAt == null ? -1 : feasibleAt[i]);
            }
            plugin.normalize(scores);
            for (int i = 0; i < scores.length; i++) {
                total[i] += scores[i] * plugin.weight();
            }
        }
        long max = Long.MIN_VALUE;
        for (long score : total) {
            max = Math.max(max, score);
        }
        int selected = -1;
        int ties = 0;
        for (int i = 0; i < total.length; i++) {
            if (total[i] != max) {
                continue;
            }
            ties++;
            if (ties == 1 || random.nextInt(ties) == 0) {
                selected = i;
            }
        }
        return feasible.get(selected).name();
    }

    /**
     * Score arrays of the given length, kept from one cycle to the next (the feasible node count
     * rarely changes): {@code which} 0 for the totals, 1 for one plugin's scores. Each holds what
     * the last use left; every element is written before it is read.
     */
    private long[] scratch(int which, int length) {
        if (scoreArrays[which].length != length) {
            scoreArrays[which] = new long[length];
        }
        return scoreArrays[which];
    }

    /**
     * The feasible nodes of a cycle, in an array of their own type: reading one back needs no check
     * of its class, as an ArrayList's Object[] does, and that check read every node's header (a
     * cache miss per feasible node and plugin at 1,000 nodes, issue #13). At most the capacity given.
     */
    private static final class Feasible extends java.util.AbstractList<NodeInfo> implements java.util.RandomAccess {
        private final NodeInfo[] nodes;
        private int size;

        Feasible(int capacity) {
            nodes = new NodeInfo[capacity];
        }

        @Override
        public boolean add(NodeInfo node) {
            nodes[size++] = node;
            return true;
        }

        @Override
        public NodeInfo get(int index) {
            java.util.Objects.checkIndex(index, size);
            return nodes[index];
        }

        @Override
        public int size() {
            return size;
        }
    }

    private static Set<String> intersect(Set<String> current, Set<String> more) {
        Set<String> result = new TreeSet<>(more);
        if (current != null) {
            result.retainAll(current);
        }
        return result;
    }

    /** Go's %v of a sorted []string: {@code [A B]}. */
    private static String goList(Set<String> sorted) {
        return "[" + String.join(" ", sorted) + "]";
    }
}
