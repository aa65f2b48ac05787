package dev.peapod.assertions;

import dev.peapod.FakeCluster;
import dev.peapod.StatefulSetView;
import dev.peapod.printers.StatefulSetPrinter;
import dev.peapod.printers.StatefulSetRow;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Checks on a StatefulSet, read the way {@code kubectl get sts} and {@code kubectl rollout status}
 * show it: {@code assertThat(cluster).statefulSet("web").reachesReadyReplicas(3).within(ofMinutes(2))}.
 * Waits run the cluster's virtual clock event by event to the first instant the check holds; a
 * failing check prints the set's row, status and timeline.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class StatefulSetAssert extends AbstractAssert<StatefulSetAssert, StatefulSetView> {
    private final FakeCluster cluster;

    StatefulSetAssert(FakeCluster cluster, StatefulSetView view) {
        super(view, StatefulSetAssert.class);
        this.cluster = cluster;
    }

    /**
     * {@code status.replicas} is {@code n} now: the set's pods that exist, terminating ones included
     * (computeReplicaStatus, pkg/controller/statefulset/stateful_set_control.go).
     */
    public StatefulSetAssert hasReplicas(int n) {
        return reachesReplicas(n).within(java.time.Duration.ZERO);
    }

    /** Waits until {@code status.replicas} is {@code n}. */
    public PodWait<StatefulSetAssert> reachesReplicas(int n) {
        Arguments.requireNotNegative(n, "n");
        return waitFor("to have " + n + " replicas", set -> (set.getStatus() == null
                || set.getStatus().getReplicas() == null ? 0 : set.getStatus().getReplicas()) == n);
    }

    /** {@code status.readyReplicas} is {@code n} now (READY). */
    public StatefulSetAssert hasReadyReplicas(int n) {
        return reachesReadyReplicas(n).within(java.time.Duration.ZERO);
    }

    /** Waits until READY reaches {@code n}: {@code status.readyReplicas} is {@code n}. */
    public PodWait<StatefulSetAssert> reachesReadyReplicas(int n) {
        Arguments.requireNotNegative(n, "n");
        return waitFor("to have " + n + " ready replicas", set -> ready(set) == n);
    }

    /** {@code status.availableReplicas} is {@code n} now. */
    public StatefulSetAssert hasAvailableReplicas(int n) {
        return reachesAvailableReplicas(n).within(java.time.Duration.ZERO);
    }

    /** Waits until {@code status.availableReplicas} is {@code n}: ready for the set's minReadySeconds. */
    public PodWait<StatefulSetAssert> reachesAvailableReplicas(int n) {
        Arguments.requireNotNegative(n, "n");
        return waitFor("to have " + n + " available replicas", set -> (set.getStatus() == null
                || set.getStatus().getAvailableReplicas() == null ? 0 : set.getStatus().getAvailableReplicas()) == n);
    }

    /** {@code kubectl rollout status statefulset/<name>} says the rollout is complete. */
    public PodWait<StatefulSetAssert> rolloutCompletes() {
        return waitFor("to have rolled out", StatefulSetAssert::rolledOut);
    }

    /** The set's pods are exactly these, by ordinal, e.g. {@code hasPods("web-0", "web-1", "web-2")}. */
    public StatefulSetAssert hasPods(String... names) {
        isNotNull();
        List<String> actualNames = actual.pods().stream().map(p -> p.getMetadata().getName()).toList();
        if (!actualNames.equals(Arrays.asList(names))) {
            failWithMessage("Expecting statefulset %s/%s to have pods %s, but it has %s.%n%s", actual.namespace(), actual.name(),
                    Arrays.asList(names), actualNames, state());
        }
        return myself;
    }

    /** {@code kubectl get sts}'s READY column reads this, e.g. {@code "3/3"}. */
    public StatefulSetAssert showsReady(String ready) {
        isNotNull();
        StatefulSetRow row = actual.row();
        if (!row.ready().equals(ready)) {
            failWithMessage("Expecting statefulset %s/%s to show READY %s, but it shows %s.%n%s", actual.namespace(), actual.name(),
                    ready, row.ready(), state());
        }
        return myself;
    }

    /**
     * Deletes the pod now, as {@code kubectl delete pod} does, and waits until a new pod of the same
     * name runs with the same claims, bound to the same volumes: a StatefulSet's stable identity.
     */
    public PodWait<StatefulSetAssert> keepsNameAndVolumesOfPodAfterDeletion(String pod) {
        Arguments.requireText(pod, "pod");
        isNotNull();
        Pod before = cluster.pod(actual.namespace(), pod);
        Map<String, String> volumesBefore = claimVolumes(before);
        cluster.deletePod(actual.namespace(), pod);
        String what = "to bring pod " + pod + " back with claims and volumes " + volumesBefore;
        return waitFor(what, set -> cluster.findPod(actual.namespace(), pod)
                .filter(p -> !p.getMetadata().getUid().equals(before.getMetadata().getUid()))
                .filter(p -> "Running".equals(p.getStatus().getPhase()))
                .map(p -> claimVolumes(p).equals(volumesBefore))
                .orElse(false));
    }

    /** Claim name → the volume it is bound to, for each claim volume of the pod. */
    private Map<String, String> claimVolumes(Pod pod) {
        Map<String, String> volumes = new LinkedHashMap<>();
        for (Volume v : pod.getSpec().getVolumes() == null ? List.<Volume>of() : pod.getSpec().getVolumes()) {
            if (v.getPersistentVolumeClaim() != null) {
                String claim = v.getPersistentVolumeClaim().getClaimName();
                String volume = cluster.context().store()
                        .get(io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class, actual.namespace(), claim)
                        .map(c -> c.getSpec().getVolumeName()).orElse(null);
                volumes.put(claim, String.valueOf(volume));
            }
        }
        return volumes;
    }

    private PodWait<StatefulSetAssert> waitFor(String expectation, Predicate<StatefulSet> check) {
        isNotNull();
        return new PodWait<>(limit -> {
            boolean held = cluster.runUntil(c -> find().map(check::test).orElse(false), limit);
            if (!held) {
                failWithMessage("Expecting statefulset %s/%s %s within %s, but it did not.%n%s", actual.namespace(), actual.name(),
                        expectation, dev.peapod.core.Checks.readable(limit), state());
            }
        }, this);
    }

    private Optional<StatefulSet> find() {
        return cluster.context().store().get(StatefulSet.class, actual.namespace(), actual.name());
    }

    private static int ready(StatefulSet set) {
        return set.getStatus() == null || set.getStatus().getReadyReplicas() == null ? 0 : set.getStatus().getReadyReplicas();
    }

    private static boolean rolledOut(StatefulSet set) {
        String status = StatefulSetPrinter.rolloutStatus(set);
        return status.startsWith("partitioned roll out complete") || status.startsWith("statefulset rolling update complete");
    }

    /** The set as kubectl shows it, its status, and its timeline. */
    private String state() {
        Optional<StatefulSet> set = find();
        if (set.isEmpty()) {
            return cluster.context().store().notFound(StatefulSet.class, actual.namespace(), actual.name()).getMessage() + ".";
        }
        StatefulSetRow row = StatefulSetPrinter.row(set.get(), cluster.now());
        var status = set.get().getStatus();
        return "kubectl get sts: NAME " + row.name() + "  READY " + row.ready() + "  AGE " + row.age() + "\n"
                + "rollout status: " + StatefulSetPrinter.rolloutStatus(set.get()).strip() + "\n"
                + "status: replicas=" + (status == null ? null : status.getReplicas())
                + " currentRevision=" + (status == null ? null : status.getCurrentRevision())
                + " updateRevision=" + (status == null ? null : status.getUpdateRevision()) + "\n"
                + "Timeline (virtual time):\n" + cluster.timeline().describe(actual.namespace(), "statefulset.apps/" + actual.name());
    }
}
