package dev.peapod.assertions;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * The states checks, waits and wait conditions have in common. A null container means the pod
 * itself (for readiness and crash-looping) or the pod's only app container (for restarts).
 */
final class PodStates {
    private PodStates() {
    }

    /** The pod's Ready condition is True; for a container, its {@code ready} field is true. */
    static PodState ready(String container) {
        if (container == null) {
            return new PodState("to be ready", "to become ready", PodFacts::isReady, PodStates::readyCondition,
                    Causes.Topic.READINESS);
        }
        return new PodState("to be ready", "to become ready", pod -> PodFacts.isReady(pod, container),
                (pod, time) -> "it is not ready: it is " + PodFacts.describeState(pod, container, time), Causes.Topic.READINESS);
    }

    static PodState notReady(String container) {
        if (container == null) {
            return new PodState("not to be ready", "to become not ready", pod -> !PodFacts.isReady(pod),
                    PodStates::readyCondition, Causes.Topic.READINESS);
        }
        return new PodState("not to be ready", "to become not ready", pod -> !PodFacts.isReady(pod, container),
                (pod, time) -> "it is ready: it is " + PodFacts.describeState(pod, container, time), Causes.Topic.READINESS);
    }

    /** The container's {@code started} is true: running, and past its startup probe if it has one. */
    static PodState started(String container) {
        return new PodState("to be started", "to become started", pod -> PodFacts.isStarted(pod, container),
                (pod, time) -> "it is not started: it is " + PodFacts.describeState(pod, container, time), Causes.Topic.READINESS);
    }

    static PodState notStarted(String container) {
        return new PodState("not to be started", "to become not started", pod -> !PodFacts.isStarted(pod, container),
                (pod, time) -> "it is started: it is " + PodFacts.describeState(pod, container, time));
    }

    /** A container waits with reason CrashLoopBackOff (kubecontainer.ErrCrashLoopBackOff); the phase stays Running. */
    static PodState crashLooping(String container) {
        String toBe = "to be crash-looping (waiting with reason CrashLoopBackOff)";
        String toBecome = "to become crash-looping (waiting with reason CrashLoopBackOff)";
        if (container == null) {
            return new PodState(toBe, toBecome, PodFacts::anyCrashLooping,
                    (pod, time) -> "no container is: " + PodFacts.describeAllStates(pod, time), Causes.Topic.RESTARTS);
        }
        return new PodState(toBe, toBecome, pod -> PodFacts.isCrashLooping(pod, container),
                (pod, time) -> "it is " + PodFacts.describeState(pod, container, time), Causes.Topic.RESTARTS);
    }

    /** restartCount has reached {@code times}: as a wait, the first instant the count gets there. */
    static PodState restarted(String container, int times) {
        String count = VirtualTime.times(times);
        return new PodState("to have restarted " + count, "to restart " + count,
                pod -> PodFacts.restartCount(pod, one(pod, container, times)) >= times,
                (pod, time) -> container != null && !PodFacts.containerNames(pod).contains(container)
                        ? "it has no such container (the pod's containers are " + PodFacts.containerNames(pod) + ")"
                        : "it has restarted " + VirtualTime.times(PodFacts.restartCount(pod, one(pod, container, times))),
                Causes.Topic.RESTARTS);
    }

    static PodState phase(String phase) {
        return new PodState("to have phase " + phase, "to reach phase " + phase, pod -> phase.equals(PodFacts.phase(pod)),
                (pod, time) -> "it has " + PodFacts.describePhase(pod), Causes.Topic.PHASE);
    }

    /** The pod's phase is Running; for a container, its state is running. */
    static PodState running(String container) {
        if (container == null) {
            return phase("Running");
        }
        return new PodState("to be running", "to be running", pod -> PodFacts.isRunning(pod, container),
                (pod, time) -> "it is " + PodFacts.describeState(pod, container, time), Causes.Topic.RESTARTS);
    }

    private static String readyCondition(Pod pod, VirtualTime time) {
        return PodFacts.condition(pod, "Ready")
                .map(c -> "its condition is " + PodFacts.describeCondition(c, time))
                .orElse("it has no Ready condition (" + PodFacts.describePhase(pod) + ")");
    }

    private static String one(Pod pod, String container, int times) {
        return PodFacts.oneContainer(pod, container, "restarts(" + times + ")");
    }
}
