package dev.peapod.assertions;

import dev.peapod.FakeCluster;
import dev.peapod.core.PeapodException;
import org.apiguardian.api.API;

import java.util.function.Predicate;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Ready-made conditions for {@link VirtualWait#until}, about a pod of the cluster's namespace
 * ({@link FakeCluster#namespace()}, {@code default} unless the test chose another), or of the
 * namespace given first:
 * <pre>{@code
 * cluster.await("web ready").atMost(ofMinutes(2)).until(podIsReady("web"));
 * cluster.await("e2e web ready").atMost(ofMinutes(2)).until(podIsReady("e2e", "web"));
 * }</pre>
 * A pod that does not exist does not meet any of them, so a wait may start before the pod is created.
 * When such a wait times out, its message says what the pod was doing and prints its timeline.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Conditions {
    private Conditions() {
    }

    /** The pod's Ready condition is True. */
    public static Predicate<FakeCluster> podIsReady(String name) {
        return new PodPredicate(pod(null, name), PodStates.ready(null));
    }

    public static Predicate<FakeCluster> podIsReady(String namespace, String name) {
        return new PodPredicate(pod(namespace(namespace), name), PodStates.ready(null));
    }

    /** The pod's phase is Running (a crash-looping pod is Running too: reference §4). */
    public static Predicate<FakeCluster> podIsRunning(String name) {
        return new PodPredicate(pod(null, name), PodStates.phase("Running"));
    }

    public static Predicate<FakeCluster> podIsRunning(String namespace, String name) {
        return new PodPredicate(pod(namespace(namespace), name), PodStates.phase("Running"));
    }

    /** The pod's phase is this one: Pending, Running, Succeeded or Failed. */
    public static Predicate<FakeCluster> podHasPhase(String name, String phase) {
        return podHasPhaseIn(null, name, phase);
    }

    public static Predicate<FakeCluster> podHasPhase(String namespace, String name, String phase) {
        return podHasPhaseIn(namespace(namespace), name, phase);
    }

    private static Predicate<FakeCluster> podHasPhaseIn(String namespace, String name, String phase) {
        if (phase == null || !Arguments.PHASES.contains(phase)) {
            throw new PeapodException("phase must be one of Pending, Running, Succeeded, Failed, Unknown, but was "
                    + (phase == null ? "null" : "\"" + phase + "\""));
        }
        return new PodPredicate(pod(namespace, name), PodStates.phase(phase));
    }

    /** The container's restartCount has reached {@code times}: a wait stops at the first instant it does. */
    public static Predicate<FakeCluster> containerHasRestarted(String pod, String container, int times) {
        return containerHasRestartedIn(null, pod, container, times);
    }

    public static Predicate<FakeCluster> containerHasRestarted(String namespace, String pod, String container, int times) {
        return containerHasRestartedIn(namespace(namespace), pod, container, times);
    }

    private static Predicate<FakeCluster> containerHasRestartedIn(String namespace, String pod, String container, int times) {
        if (times < 0) {
            throw new PeapodException("times must not be negative, but was " + times);
        }
        return new PodPredicate(pod(namespace, pod).container(Arguments.requireText(container, "container")), PodStates.restarted(container, times));
    }

    /** A container of the pod waits with reason CrashLoopBackOff. */
    public static Predicate<FakeCluster> podIsCrashLooping(String name) {
        return new PodPredicate(pod(null, name), PodStates.crashLooping(null));
    }

    public static Predicate<FakeCluster> podIsCrashLooping(String namespace, String name) {
        return new PodPredicate(pod(namespace(namespace), name), PodStates.crashLooping(null));
    }

    /** A null namespace: the cluster's, resolved when the condition is tested (PodPredicate.subjectOn). */
    private static Subject pod(String namespace, String name) {
        return Subject.pod(namespace, Arguments.requireText(name, "name"));
    }

    private static String namespace(String namespace) {
        return Arguments.requireText(namespace, "namespace");
    }
}
