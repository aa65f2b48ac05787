package dev.peapod.assertions;

import dev.peapod.FakeCluster;
import dev.peapod.printers.ReplicaSetPrinter;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static dev.peapod.assertions.ShouldHaveReplicaCount.shouldHaveReplicaCount;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Checks on one ReplicaSet's status, read from the cluster at every check:
 * {@code assertThat(cluster).replicaSet("web").hasReadyReplicas(3)} checks now;
 * {@code .reachesAvailableReplicas(3).within(ofMinutes(2))} lets virtual time pass until it holds.
 * A failure prints {@code kubectl get rs}'s row and the ReplicaSet's timeline.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ReplicaSetAssert extends AbstractAssert<ReplicaSetAssert, FakeCluster> {
    private final String namespace;
    private final String name;

    ReplicaSetAssert(FakeCluster cluster, String namespace, String name) {
        super(cluster, ReplicaSetAssert.class);
        this.namespace = namespace;
        this.name = name;
    }

    /** {@code status.replicas} (kubectl's CURRENT) is {@code expected} now. */
    public ReplicaSetAssert hasReplicas(int expected) {
        return check("replicas", ReplicaSetStatus::getReplicas, expected, null);
    }

    /** {@code status.readyReplicas} (kubectl's READY) is {@code expected} now. */
    public ReplicaSetAssert hasReadyReplicas(int expected) {
        return check("ready replicas", ReplicaSetStatus::getReadyReplicas, expected, null);
    }

    /** {@code status.availableReplicas} (ready for minReadySeconds) is {@code expected} now. */
    public ReplicaSetAssert hasAvailableReplicas(int expected) {
        return check("available replicas", ReplicaSetStatus::getAvailableReplicas, expected, null);
    }

    /** There is no ReplicaSet of this name now (a foreground deletion has finished, or none was ever made). */
    public ReplicaSetAssert doesNotExist() {
        isNotNull();
        Optional<ReplicaSet> rs = read();
        if (rs.isPresent()) {
            failWithMessage("Expecting ReplicaSet %s/%s not to exist, but it does%s.%nkubectl get rs:%n%s", namespace, name,
                    rs.get().getMetadata().getDeletionTimestamp() == null ? ""
                            : " (being deleted since " + rs.get().getMetadata().getDeletionTimestamp() + ", finalizers "
                            + rs.get().getMetadata().getFinalizers() + ")",
                    ReplicaSetPrinter.table(List.of(rs.get()), actual.now(), false).stripTrailing());
        }
        return myself;
    }

    /** Waits until {@code status.replicas} is {@code expected}: {@code .reachesReplicas(3).within(ofSeconds(30))}. */
    public PodWait<ReplicaSetAssert> reachesReplicas(int expected) {
        return await("replicas", ReplicaSetStatus::getReplicas, expected);
    }

    /** Waits until {@code status.readyReplicas} is {@code expected}. */
    public PodWait<ReplicaSetAssert> reachesReadyReplicas(int expected) {
        return await("ready replicas", ReplicaSetStatus::getReadyReplicas, expected);
    }

    /** Waits until {@code status.availableReplicas} is {@code expected}. */
    public PodWait<ReplicaSetAssert> reachesAvailableReplicas(int expected) {
        return await("available replicas", ReplicaSetStatus::getAvailableReplicas, expected);
    }

    private PodWait<ReplicaSetAssert> await(String field, Function<ReplicaSetStatus, Integer> count, int expected) {
        Arguments.requireNotNegative(expected, "expected");
        return new PodWait<>(limit -> {
            dev.peapod.core.Checks.duration(limit, "within(limit): limit");
            boolean held = Waiting.run(actual, c -> read().map(rs -> value(rs, count) == expected).orElse(false), limit);
            if (!held) {
                check(field, count, expected, " within " + VirtualTime.length(limit));
            }
        }, this);
    }

    private ReplicaSetAssert check(String field, Function<ReplicaSetStatus, Integer> count, int expected, String within) {
        isNotNull();
        Optional<ReplicaSet> rs = read();
        // "it had 3 ready replicas", or the store's NotFound: the API server's words, the namespace, the ReplicaSets there
        String got = rs.map(r -> "it had " + value(r, count) + " " + field)
                .orElseGet(() -> actual.context().store().notFound(ReplicaSet.class, namespace, name).getMessage());
        if (rs.isEmpty() || value(rs.get(), count) != expected) {
            throwAssertionError(shouldHaveReplicaCount("ReplicaSet " + namespace + "/" + name, field, expected,
                    got, within == null ? "" : within,
                    rs.map(r -> ReplicaSetPrinter.table(List.of(r), actual.now(), false)).orElse("(none)\n").stripTrailing(),
                    actual.timeline().describe(namespace, "replicaset.apps/" + name)));
        }
        return myself;
    }

    private Optional<ReplicaSet> read() {
        return actual.context().store().get(ReplicaSet.class, namespace, name);
    }

    private static int value(ReplicaSet rs, Function<ReplicaSetStatus, Integer> count) {
        Integer value = rs.getStatus() == null ? null : count.apply(rs.getStatus());
        return value == null ? 0 : value;
    }
}
