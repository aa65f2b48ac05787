package dev.peapod.assertions;

import dev.peapod.FakeCluster;

import java.util.function.Predicate;

/**
 * A wait condition about one pod. A pod that does not exist (yet) does not meet it. Knowing its pod
 * lets a timed-out wait say what the pod was doing and print its timeline.
 */
record PodPredicate(Subject subject, PodState state) implements Predicate<FakeCluster> {

    @Override
    public boolean test(FakeCluster cluster) {
        Subject pod = subjectOn(cluster);
        return cluster.findPod(pod.namespace(), pod.pod()).map(state.holds()::test).orElse(false);
    }

    /** The subject with its namespace: a condition made without one means the cluster's ({@link FakeCluster#namespace()}). */
    Subject subjectOn(FakeCluster cluster) {
        return subject.namespace() != null ? subject : new Subject(cluster.namespace(), subject.pod(), subject.container());
    }

    /** {@code pod default/web to be ready}. */
    @Override
    public String toString() {
        return subject + " " + state.toBe();
    }
}
