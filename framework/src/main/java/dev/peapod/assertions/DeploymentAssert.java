package dev.peapod.assertions;

import dev.peapod.DeploymentView;
import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Checks on a Deployment as {@code kubectl get deploy} and {@code kubectl rollout status} show it, read
 * from the cluster at every check. Each check is a wait: {@code within(limit)} runs the cluster event by
 * event to the first instant it holds, and {@code within(Duration.ZERO)} checks now.
 * <pre>{@code
 * assertThat(cluster).deployment("web").reachesAvailableReplicas(3).within(ofMinutes(2));
 * assertThat(cluster).deployment("web").rolloutCompletes().within(ofMinutes(5))
 *         .hasReplicaSetSizes("4", "4/1", "3/1", "3/2", "1/2", "1/4", "0/4");
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class DeploymentAssert extends AbstractAssert<DeploymentAssert, DeploymentView> {
    private final FakeCluster cluster;

    DeploymentAssert(FakeCluster cluster, DeploymentView deployment) {
        super(deployment, DeploymentAssert.class);
        this.cluster = cluster;
    }

    /**
     * status.replicas is exactly {@code replicas} now: the non-terminated pods of all the Deployment's
     * ReplicaSets (kubectl describe's "N total"; during a rollout it exceeds spec.replicas by up to maxSurge):
     * upstream sums the ReplicaSets' status.replicas (GetActualReplicaCountForReplicaSets,
     * pkg/controller/deployment/util/deployment_util.go).
     */
    public DeploymentAssert hasReplicas(int replicas) {
        return reachesReplicas(replicas).within(Duration.ZERO);
    }

    /** Waits until status.replicas is exactly {@code replicas}. */
    public PodWait<DeploymentAssert> reachesReplicas(int replicas) {
        Arguments.requireNotNegative(replicas, "replicas");
        return await("have " + replicas + " " + (replicas == 1 ? "replica" : "replicas"),
                view -> view.find().map(d -> replicas == (d.getStatus() == null || d.getStatus().getReplicas() == null ? 0
                        : d.getStatus().getReplicas())).orElse(false));
    }

    /** status.availableReplicas is exactly {@code replicas} now (the AVAILABLE column). */
    public DeploymentAssert hasAvailableReplicas(int replicas) {
        return reachesAvailableReplicas(replicas).within(Duration.ZERO);
    }

    /** Waits until status.availableReplicas is exactly {@code replicas} (the AVAILABLE column). */
    public PodWait<DeploymentAssert> reachesAvailableReplicas(int replicas) {
        return await("have " + replicas + " available " + (replicas == 1 ? "replica" : "replicas"),
                view -> view.find().map(d -> d.getStatus() != null && Integer.valueOf(replicas).equals(d.getStatus().getAvailableReplicas()))
                        .orElse(false));
    }

    /** status.readyReplicas is exactly {@code replicas} now (the numerator of the READY column). */
    public DeploymentAssert hasReadyReplicas(int replicas) {
        return reachesReadyReplicas(replicas).within(Duration.ZERO);
    }

    /** Waits until status.readyReplicas is exactly {@code replicas} (the numerator of the READY column). */
    public PodWait<DeploymentAssert> reachesReadyReplicas(int replicas) {
        Arguments.requireNotNegative(replicas, "replicas");
        return await("have " + replicas + " ready " + (replicas == 1 ? "replica" : "replicas"),
                view -> view.find().map(d -> replicas == (d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0
                        : d.getStatus().getReadyReplicas())).orElse(false));
    }

    /** {@code kubectl rollout status} says {@code deployment "web" successfully rolled out}. */
    public PodWait<DeploymentAssert> rolloutCompletes() {
        return await("complete its rollout", view -> view.find().isPresent() && view.rolloutComplete());
    }

    /**
     * The sequence of ReplicaSet sizes so far is exactly this one: one step per ScalingReplicaSet event,
     * each the sizes of the ReplicaSets joined with slashes, oldest first ({@code "4", "4/1", "3/1"}).
     */
    public DeploymentAssert hasReplicaSetSizes(String... steps) {
        List<String> expected = List.of(java.util.Objects.requireNonNull(steps, "steps"));
        return await("have gone through the ReplicaSet sizes " + String.join(", ", expected),
                view -> view.replicaSetSizes().stream().map(DeploymentView.SizeStep::sizesText).toList().equals(expected))
                .within(Duration.ZERO);
    }

    /**
     * The Deployment's running (bound, not terminal, not deleting) pods are spread exactly so over the
     * values of a node label now, e.g. {@code hasPodsPer("topology.kubernetes.io/zone", Map.of("a", 1, "b", 1, "c", 1))};
     * pods on nodes without the label count under {@code <none>} ({@link DeploymentView#podsPer}).
     */
    public DeploymentAssert hasPodsPer(String topologyKey, java.util.Map<String, Integer> expected) {
        return reachesPodsPer(topologyKey, expected).within(Duration.ZERO);
    }

    /** Waits until the Deployment's pods are spread exactly so over the values of a node label. */
    public PodWait<DeploymentAssert> reachesPodsPer(String topologyKey, java.util.Map<String, Integer> expected) {
        java.util.Objects.requireNonNull(topologyKey, "topologyKey");
        java.util.Map<String, Integer> wanted = new java.util.TreeMap<>(java.util.Objects.requireNonNull(expected, "expected"));
        isNotNull();
        return new PodWait<>(limit -> {
            java.util.Objects.requireNonNull(limit, "limit");
            Predicate<DeploymentView> holds = view -> view.podsPer(topologyKey).equals(wanted);
            boolean held = limit.isZero() ? holds.test(actual) : cluster.runUntil(c -> holds.test(actual), limit);
            if (!held) {
                throw failure("have its pods per " + topologyKey + " " + wanted, limit,
                        "they are " + actual.podsPer(topologyKey) + "; ");
            }
        }, this);
    }

    private PodWait<DeploymentAssert> await(String expected, Predicate<DeploymentView> holds) {
        isNotNull();
        return new PodWait<>(limit -> {
            java.util.Objects.requireNonNull(limit, "limit");
            boolean held = limit.isZero() ? holds.test(actual) : cluster.runUntil(c -> holds.test(actual), limit);
            if (!held) {
                throw failure(expected, limit);
            }
        }, this);
    }

    private AssertionError failure(String expected, Duration limit) {
        return failure(expected, limit, "");
    }

    /** @param actualFirst what the check saw, said before the Deployment's state */
    private AssertionError failure(String expected, Duration limit, String actualFirst) {
        String timeline = cluster.timeline().describe(actual.namespace(), "deployment.apps/" + actual.name());
        return assertionError(ShouldHaveDeploymentState.shouldHaveDeploymentState(actual.namespace() + "/" + actual.name(),
                expected, limit, actualFirst + state(), timeline.replace("(nothing happened to this pod)", "(nothing happened to this deployment)")));
    }

    /** What the Deployment is instead: its kubectl row, its rollout status and its ReplicaSet sizes. */
    private String state() {
        Optional<Deployment> d = actual.find();
        if (d.isEmpty()) {
            return cluster.context().store().notFound(Deployment.class, actual.namespace(), actual.name()).getMessage() + ".";
        }
        var row = actual.row();
        String sizes = String.join(", ", actual.replicaSetSizes().stream().map(DeploymentView.SizeStep::sizesText).toList());
        return "at " + VirtualTime.length(cluster.elapsed()) + " it shows READY " + row.ready() + ", UP-TO-DATE "
                + row.upToDate() + ", AVAILABLE " + row.available() + " (" + actual.rolloutStatus() + "); ReplicaSet sizes: "
                + (sizes.isEmpty() ? "none" : sizes) + ".";
    }
}
