package dev.peapod.scheduler;

import dev.peapod.store.Timestamps;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.ToLongFunction;

/**
 * The PostFilter: finds the node where evicting lower-priority pods lets the pod fit, and which pods
 * (kubernetes v1.33: pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go and
 * pkg/scheduler/framework/preemption/preemption.go, Preempt / findCandidates / DryRunPreemption /
 * SelectVictimsOnNode / SelectCandidate / pickOneNodeForPreemption). It only decides: the
 * {@link Scheduler} carries the decision out (prepareCandidate: the victims' DisruptionTarget
 * condition, their graceful deletion and {@code Preempted} events, the lower-priority nominations cleared).
 *
 * <p>Not simulated: PodDisruptionBudgets are not weighed here; every victim counts as
 * "non-violating" and the first criterion of pickOneNodeForPreemption always ties.
 */
final class DefaultPreemption {
    static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";
    static final String NO_VICTIMS = "No preemption victims found for incoming pod";
    /** DefaultPreemptionArgs defaults (pkg/scheduler/apis/config/v1/defaults.go): minCandidateNodesPercentage, minCandidateNodesAbsolute. */
    static final int MIN_CANDIDATE_NODES_PERCENTAGE = 10;
    static final int MIN_CANDIDATE_NODES_ABSOLUTE = 100;
    /** v1.DisruptionTarget and v1.PodReasonPreemptionByScheduler. */
    static final String DISRUPTION_TARGET = "DisruptionTarget";
    static final String PREEMPTION_BY_SCHEDULER = "PreemptionByScheduler";

    private final Random random;

    DefaultPreemption(Random random) {
        this.random = random;
    }

    /**
     * What preemption says and decides.
     *
     * @param message       the PostFilter message, appended to the FitError ("" when preemption found a node)
     * @param nominatedNode the preemptor's new status.nominatedNodeName: a node, "" to clear it, or
     *                      null to leave it as it is (a nil PostFilterResult)
     * @param victims       the pods to evict on that node, most important first
     */
    record Result(String message, String nominatedNode, List<PodInfo> victims) {
        static Result unchanged(String message) {
            return new Result(message, null, List.of());
        }
    }

    /** A node where preemption works, and the pods it takes (preemption.Candidate). */
    record Candidate(String node, List<PodInfo> victims) {
    }

    /**
     * PostFilter and Evaluator.Preempt.
     *
     * @param filters RunFilterPluginsWithNominatedPods for the pod on a node, first failure wins
     * @param now     the current instant, for victims that have no start time (GetPodStartTime's time.Now())
     */
    Result postFilter(PodInfo pod, FitError fitError, Snapshot snapshot, BiFunction<PodInfo, NodeInfo, Status> filters,
                      Instant now) {
        String ineligible = notEligible(pod, fitError, snapshot);
        if (ineligible != null) {
            return Result.unchanged("preemption: " + ineligible);
        }
        // findCandidates: nodes that failed with Unschedulable (NodeToStatus.NodesForStatusCode). Upstream
        // walks a Go map there, in random order, unless the absent nodes have that code too; Peapod takes
        // the nodes in the snapshot's order.
        List<NodeInfo> potential = new ArrayList<>();
        for (NodeInfo node : snapshot.nodes()) {
            if (fitError.statusOf(node.name()).code() == Status.Code.UNSCHEDULABLE) {
                potential.add(node);
            }
        }
        Map<String, Status> statuses = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        List<Candidate> candidates = potential.isEmpty() ? List.of() : dryRun(pod, potential, statuses, errors, filters);
        if (candidates.isEmpty() && !errors.isEmpty()) {
            // Preempt: "if err != nil && len(candidates) == 0 { return nil, framework.AsStatus(err) }"; the
            // Error status's message becomes the FitError's PostFilterMsg and the nomination is left.
            // utilerrors.NewAggregate: one error is its message, several are "[e1, e2]".
            return Result.unchanged(errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]");
        }
        if (candidates.isEmpty()) {
            FitError preemption = new FitError(snapshot.nodes().size(), statuses, Status.unresolvable(NOT_HELPFUL), "", "");
            // NewPostFilterResultWithNominatedNode(""): clears a nomination left from an earlier cycle
            return new Result("preemption: " + preemption.message(), "", List.of());
        }
        Candidate best = candidates.size() == 1 ? candidates.get(0) : pickOneNodeForPreemption(candidates, now);
        return new Result("", best.node(), best.victims());
    }

    /**
     * PodEligibleToPreemptOthers: not with preemptionPolicy Never; not while a pod this one may
     * preempt is still terminating by preemption on the node it is nominated to (unless that node
     * now fails with UnschedulableAndUnresolvable). Null when eligible.
     */
    private static String notEligible(PodInfo pod, FitError fitError, Snapshot snapshot) {
        if ("Never".equals(pod.pod().getSpec().getPreemptionPolicy())) {
            return "not eligible due to preemptionPolicy=Never.";
        }
        String nominated = nominatedNodeName(pod.pod());
        if (nominated.isEmpty() || fitError.statusOf(nominated).code() == Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE) {
            return null;
        }
        NodeInfo node = snapshot.node(nominated);
        if (node != null && node.pods().stream().anyMatch(p -> p.priority() < pod.priority() && terminatingByPreemption(p.pod()))) {
            return "not eligible due to a terminating pod on the nominated node.";
        }
        return null;
    }

    /**
     * GetOffsetAndNumCandidates and DryRunPreemption: from a random offset (rand.Int31n over the
     * potential nodes, drawn from the cluster's seeded random, once per preemption attempt that has
     * potential nodes, as upstream draws), each node in turn until enough candidates are found.
     * Upstream checks the nodes in parallel and cancels once enough are found; Peapod checks them one
     * after another, so the same nodes are examined on every run.
     */
    private List<Candidate> dryRun(PodInfo pod, List<NodeInfo> potential, Map<String, Status> statuses, List<String> errors,
                                   BiFunction<PodInfo, NodeInfo, Status> filters) {
        int offset = random.nextInt(potential.size());
        int wanted = numCandidates(potential.size());
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < potential.size() && candidates.size() < wanted; i++) {
            NodeInfo node = potential.get((offset + i) % potential.size());
            Victims victims = selectVictimsOnNode(pod, node, filters);
            if (victims.status().isSuccess() && victims.pods().isEmpty()) {
                // DryRunPreemption: a success with no victim is an Error for that node (a stale filter
                // state could produce it), never a candidate that pickOneNodeForPreemption could not rank
                errors.add("expected at least one victim pod on node \"" + node.name() + "\"");
            } else if (victims.status().isSuccess()) {
                candidates.add(new Candidate(node.name(), victims.pods()));
            } else {
                statuses.put(node.name(), victims.status());
            }
        }
        return candidates;
    }

    /** calculateNumCandidates: 10% of the nodes, at least 100, at most all. */
    static int numCandidates(int numNodes) {
        int n = numNodes * MIN_CANDIDATE_NODES_PERCENTAGE / 100;
        return Math.min(Math.max(n, MIN_CANDIDATE_NODES_ABSOLUTE), numNodes);
    }

    private record Victims(List<PodInfo> pods, Status status) {
    }

    /**
     * SelectVictimsOnNode: every lower-priority pod removed, does the pod fit? If so, the removed pods
     * are added back one at a time, most important first (higher priority, then earlier start), and
     * each that still lets the pod fit is reprieved; the others are the victims. Go's sort.Slice is not
     * stable; Peapod's sort keeps the node's order between equally important pods.
     */
    private static Victims selectVictimsOnNode(PodInfo pod, NodeInfo node, BiFunction<PodInfo, NodeInfo, Status> filters) {
        List<PodInfo> potential = node.pods().stream().filter(p -> p.priority() < pod.priority()).toList();
        if (potential.isEmpty()) {
            return new Victims(List.of(), Status.unresolvable(NO_VICTIMS));
        }
        List<PodInfo> kept = new ArrayList<>(node.pods().stream().filter(p -> p.priority() >= pod.priority()).toList());
        Status status = filters.apply(pod, NodeInfo.of(node.node(), kept));
        if (!status.isSuccess()) {
            return new Victims(List.of(), status);
        }
        List<PodInfo> ordered = new ArrayList<>(potential);
        ordered.sort(MORE_IMPORTANT);
        List<PodInfo> victims = new ArrayList<>();
        for (PodInfo candidate : ordered) {
            kept.add(candidate);
            if (!filters.apply(pod, NodeInfo.of(node.node(), kept)).isSuccess()) {
                kept.remove(kept.size() - 1);
                victims.add(candidate);
            }
        }
        return new Victims(victims, Status.SUCCESS);
    }

    /** util.MoreImportantPod: higher priority first, then the earlier status.startTime (a pod without one last). */
    private static final Comparator<PodInfo> MORE_IMPORTANT = Comparator.comparingInt((PodInfo p) -> -p.priority())
            .thenComparing(p -> startTime(p.pod(), Instant.MAX));

    /**
     * pickOneNodeForPreemption with no PDBs: the node whose most important victim has the lowest
     * priority, then the smallest sum of priorities (each plus 2^31), then the fewest victims, then
     * the latest start of its most important victims; then the first. Upstream lists the candidates
     * from a Go map, so its "first" is random; Peapod's is the first in dry-run order.
     */
    private static Candidate pickOneNodeForPreemption(List<Candidate> candidates, Instant now) {
        List<ToLongFunction<Candidate>> scores = List.of(
                c -> -(long) c.victims().get(0).priority(),
                c -> -c.victims().stream().mapToLong(p -> (long) p.priority() + Integer.MAX_VALUE + 1L).sum(),
                c -> -(long) c.victims().size(),
                c -> earliestStartOfMostImportant(c.victims(), now));
        List<Candidate> remaining = candidates;
        for (ToLongFunction<Candidate> score : scores) {
            long max = remaining.stream().mapToLong(score).max().orElseThrow();
            remaining = remaining.stream().filter(c -> score.applyAsLong(c) == max).toList();
            if (remaining.size() == 1) {
                break;
            }
        }
        return remaining.get(0);
    }

    /** util.GetEarliestPodStartTime: the earliest start among the victims of the highest priority, in nanoseconds. */
    private static long earliestStartOfMostImportant(List<PodInfo> victims, Instant now) {
        int highest = victims.stream().mapToInt(PodInfo::priority).max().orElseThrow();
        Instant earliest = victims.stream().filter(p -> p.priority() == highest)
                .map(p -> startTime(p.pod(), now)).min(Comparator.naturalOrder()).orElseThrow();
        return earliest.getEpochSecond() * 1_000_000_000L + earliest.getNano();
    }

    /** util.GetPodStartTime: status.startTime, or now for a pod the kubelet has not started. */
    private static Instant startTime(Pod pod, Instant now) {
        String start = pod.getStatus() == null ? null : pod.getStatus().getStartTime();
        return start == null || start.isEmpty() ? now : Timestamps.parse(start);
    }

    /** podTerminatingByPreemption: being deleted, with DisruptionTarget True for reason PreemptionByScheduler. */
    static boolean terminatingByPreemption(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() == null || pod.getStatus() == null
                || pod.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition condition : pod.getStatus().getConditions()) {
            if (DISRUPTION_TARGET.equals(condition.getType())) {
                return "True".equals(condition.getStatus()) && PREEMPTION_BY_SCHEDULER.equals(condition.getReason());
            }
        }
        return false;
    }

    static String nominatedNodeName(Pod pod) {
        String name = pod.getStatus() == null ? null : pod.getStatus().getNominatedNodeName();
        return name == null ? "" : name;
    }
}
