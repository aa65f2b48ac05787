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
        return cluster.findPod(subject.namespace(), subject.pod()).map(state.holds()::test).orElse(false);
    }

    /** {@code pod default/web to be ready}. */
    @Override
    public String toString() {
        return subject + " " + state.toBe();
    }
}
