package dev.peapod.assertions;

import dev.peapod.DaemonSetView;
import dev.peapod.FakeCluster;
import dev.peapod.controllers.DaemonSetEligibility;
import dev.peapod.printers.DaemonSetPrinter;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Checks on a DaemonSet, read from the cluster at every check, as {@code kubectl get daemonset}
 * shows it: {@code assertThat(cluster).daemonSet("agent").runsOnEveryNode()}, and on the virtual
 * clock {@code assertThat(cluster).daemonSet("agent").reachesReadyPods(3).within(ofMinutes(1))}.
 * A failure prints the DaemonSet's line, its pods and its timeline.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class DaemonSetAssert extends AbstractAssert<DaemonSetAssert, DaemonSetView> {
    private final FakeCluster cluster;

    DaemonSetAssert(FakeCluster cluster, DaemonSetView view) {
        super(view, DaemonSetAssert.class);
        this.cluster = cluster;
    }

    /**
     * Every node of the cluster runs a pod of this DaemonSet (phase Running, not being deleted), literally
     * every node: a DaemonSet with a nodeSelector, a required node affinity or a taint it does not tolerate
     * (a control-plane node's) fails it, and the failure says, per node without a pod, why the DaemonSet
     * controller does not run one there. {@link #runsOnEveryEligibleNode()} checks the nodes it should run on.
     */
    public DaemonSetAssert runsOnEveryNode() {
        List<String> missing = nodesWithoutPod();
        if (!missing.isEmpty()) {
            DaemonSet ds = actual.get();
            List<String> described = new ArrayList<>();
            for (String node : missing) {
                described.add(node + cluster.context().store().get(Node.class, null, node)
                        .flatMap(n -> DaemonSetEligibility.whyNot(n, ds)).map(why -> " (not eligible: " + why + ")").orElse(""));
            }
            throw failure("to run a pod on every node, but " + String.join(", ", described)
                    + (missing.size() == 1 ? " runs" : " run") + " none");
        }
        return myself;
    }

    /**
     * Exactly one ready pod of this DaemonSet (not being deleted) on each node where the DaemonSet
     * controller's predicates say it should run (nodeSelector, required node affinity, taints against its
     * tolerations and the automatic ones; pkg/controller/daemon NodeShouldRunDaemonPod), and none
     * anywhere else, but for a pod the controller keeps where it would not start one now (a NoSchedule
     * taint added after the pod started: shouldContinueRunning; {@code numberMisscheduled} counts it). The failure says, per node, what is wrong and, for a node it should not run on, why.
     */
    public DaemonSetAssert runsOnEveryEligibleNode() {
        List<String> problems = eligibleNodeProblems();
        if (!problems.isEmpty()) {
            throw failure("to run one ready pod on every eligible node and none elsewhere, but " + String.join("; ", problems));
        }
        return myself;
    }

    /** Waits until {@link #runsOnEveryEligibleNode()} holds. */
    public PodWait<DaemonSetAssert> reachesEveryEligibleNode() {
        return await("reachesEveryEligibleNode()", c -> eligibleNodeProblems().isEmpty(), this::runsOnEveryEligibleNode);
    }

    /** READY ({@code status.numberReady}) is {@code count}. */
    public DaemonSetAssert hasReadyPods(int count) {
        Arguments.requireNotNegative(count, "count");
        int ready = readyPods();
        if (ready != count) {
            throw failure("to have " + count + " ready " + pods(count) + ", but it has " + ready);
        }
        return myself;
    }

    /** DESIRED ({@code status.desiredNumberScheduled}) is {@code count}. */
    public DaemonSetAssert hasDesiredPods(int count) {
        Arguments.requireNotNegative(count, "count");
        Integer scheduled = status(actual.get()).getDesiredNumberScheduled();
        int desired = scheduled == null ? 0 : scheduled;
        if (desired != count) {
            throw failure("to want " + count + " " + pods(count) + " (DESIRED), but it wants " + desired);
        }
        return myself;
    }

    /** Waits until every node runs a pod of this DaemonSet; see {@link #runsOnEveryNode()}. */
    public PodWait<DaemonSetAssert> reachesEveryNode() {
        return await("reachesEveryNode()", c -> nodesWithoutPod().isEmpty(), this::runsOnEveryNode);
    }

    /** Waits until READY is {@code count}; see {@link #hasReadyPods(int)}. */
    public PodWait<DaemonSetAssert> reachesReadyPods(int count) {
        return await("reachesReadyPods(" + count + ")", c -> readyPods() == count, () -> hasReadyPods(count));
    }

    /**
     * Waits until {@code kubectl rollout status daemonset/<name>} says {@code daemon set "<name>"
     * successfully rolled out} ({@link DaemonSetView#rolloutStatus()}).
     */
    public PodWait<DaemonSetAssert> rolloutCompletes() {
        return await("rolloutCompletes()", c -> rolledOut(), () -> {
            if (!rolledOut()) {
                throw failure("to have rolled out, but kubectl rollout status says \"" + actual.rolloutStatus() + "\"");
            }
        });
    }

    private boolean rolledOut() {
        return actual.rolloutStatus().endsWith("successfully rolled out");
    }

    private PodWait<DaemonSetAssert> await(String wait, Predicate<FakeCluster> condition, Runnable check) {
        return new PodWait<>(limit -> {
            dev.peapod.core.Checks.duration(limit, "within(limit): limit");
            if (!cluster.runUntil(condition, limit)) {
                try {
                    check.run();
                } catch (AssertionError notYet) {
                    // the message already says all the check found: no cause, which would print it twice
                    // (under "Caused by:"), with nothing more than this wait's own stack
                    throw new AssertionError(notYet.getMessage().replaceFirst("^Expecting ", "Expecting within "
                            + dev.peapod.core.Checks.readable(limit) + " (" + wait + ") "));
                }
            }
        }, this);
    }

    private List<String> nodesWithoutPod() {
        List<Pod> pods = actual.pods();
        List<String> missing = new ArrayList<>();
        for (Node node : cluster.nodes()) {
            String name = node.getMetadata().getName();
            boolean runs = pods.stream().anyMatch(p -> name.equals(p.getSpec().getNodeName())
                    && p.getMetadata().getDeletionTimestamp() == null && p.getStatus() != null
                    && "Running".equals(p.getStatus().getPhase()));
            if (!runs) {
                missing.add(name);
            }
        }
        return missing;
    }

    /** Per node (in name order, then pods on nodes that are gone), what keeps runsOnEveryEligibleNode from holding. */
    private List<String> eligibleNodeProblems() {
        DaemonSet ds = actual.get();
        List<Pod> pods = actual.pods().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
        List<String> problems = new ArrayList<>();
        java.util.Set<String> nodeNames = new java.util.HashSet<>();
        for (Node node : cluster.nodes()) {
            String name = node.getMetadata().getName();
            nodeNames.add(name);
            List<Pod> here = pods.stream().filter(p -> name.equals(p.getSpec().getNodeName())).toList();
            java.util.Optional<String> whyNot = DaemonSetEligibility.whyNot(node, ds);
            if (whyNot.isPresent()) {
                if (!here.isEmpty() && !DaemonSetEligibility.keepsRunning(node, ds)) {
                    problems.add(name + " (not eligible: " + whyNot.get() + ") runs " + names(here));
                }
            } else if (here.isEmpty()) {
                problems.add(name + " runs none");
            } else if (here.size() > 1) {
                problems.add(name + " runs " + here.size() + " pods, " + names(here));
            } else if (!PodFacts.isReady(here.get(0))) {
                problems.add(name + " runs " + names(here) + ", not ready");
            }
        }
        for (Pod pod : pods) {
            String node = pod.getSpec().getNodeName();
            if (node == null || node.isEmpty()) {
                problems.add(pod.getMetadata().getName() + " is not bound to a node");
            } else if (!nodeNames.contains(node)) {
                problems.add(node + " (no longer a node) runs " + pod.getMetadata().getName());
            }
        }
        return problems;
    }

    private static String names(List<Pod> pods) {
        return String.join(", ", pods.stream().map(p -> p.getMetadata().getName()).toList());
    }

    private int readyPods() {
        Integer ready = status(actual.get()).getNumberReady();
        return ready == null ? 0 : ready;
    }

    private static io.fabric8.kubernetes.api.model.apps.DaemonSetStatus status(DaemonSet ds) {
        return ds.getStatus() == null ? new io.fabric8.kubernetes.api.model.apps.DaemonSetStatus() : ds.getStatus();
    }

    private static String pods(int count) {
        return count == 1 ? "pod" : "pods";
    }

    private AssertionError failure(String expectation) {
        DaemonSet ds = actual.get();
        StringBuilder message = new StringBuilder("Expecting daemon set " + actual.namespace() + "/" + actual.name() + " "
                + expectation + ".\n");
        message.append(DaemonSetPrinter.table(List.of(ds), cluster.now()));
        message.append("Pods:\n");
        for (Pod pod : actual.pods()) {
            message.append("  ").append(pod.getMetadata().getName()).append(" on ")
                    .append(pod.getSpec().getNodeName() == null ? "<none>" : pod.getSpec().getNodeName()).append(": ")
                    .append(pod.getStatus() == null ? "" : pod.getStatus().getPhase())
                    .append(pod.getMetadata().getDeletionTimestamp() == null ? "" : " (terminating)").append('\n');
        }
        message.append("Timeline (virtual time):\n").append(cluster.timeline().describe(actual.namespace(), "daemonset.apps/" + actual.name()));
        return new AssertionError(message.toString());
    }
}
