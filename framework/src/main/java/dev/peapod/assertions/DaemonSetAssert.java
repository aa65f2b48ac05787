package dev.peapod.assertions;

import dev.peapod.DaemonSetView;
import dev.peapod.FakeCluster;
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
     * Every node of the cluster runs a pod of this DaemonSet (phase Running, not being deleted), as
     * a DaemonSet without nodeSelector, affinity or untolerated taints should.
     */
    public DaemonSetAssert runsOnEveryNode() {
        List<String> missing = nodesWithoutPod();
        if (!missing.isEmpty()) {
            throw failure("to run a pod on every node, but " + String.join(", ", missing)
                    + (missing.size() == 1 ? " runs" : " run") + " none");
        }
        return myself;
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
                    throw new AssertionError(notYet.getMessage().replaceFirst("^Expecting ", "Expecting within "
                            + dev.peapod.core.Checks.readable(limit) + " (" + wait + ") "), notYet);
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
