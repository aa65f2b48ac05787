package dev.peapod.cucumber;

import org.apiguardian.api.API;

import io.cucumber.java.en.Then;

import java.time.Duration;

/** What a pod shows: phase, node, readiness, restarts, events, kubectl columns. Each delegates to {@code PodAssert}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class PodSteps {
    private final PeapodWorld world;

    public PodSteps(PeapodWorld world) {
        this.world = world;
    }

    /**
     * The pod's phase ({@code Pending}, {@code Running}, {@code Succeeded}, {@code Failed}), or {@code ready}
     * (condition Ready True), or {@code crash-looping} (a container waits in CrashLoopBackOff), now.
     */
    @Then("pod {pod} is {word}")
    public void podHasPhase(PodName pod, String state) {
        switch (state) {
            case "ready" -> world.pod(pod).isReady();
            case "crash-looping" -> world.pod(pod).isCrashLooping();
            case "Pending", "Running", "Succeeded", "Failed", "Unknown" -> world.pod(pod).hasPhase(state);
            default -> throw new dev.peapod.core.PeapodException("\"pod \"" + pod + "\" is " + state + "\": the state must be a phase "
                    + "(Pending, Running, Succeeded, Failed), ready or crash-looping; or say \"is not ready\"");
        }
    }

    /** The pod's Ready condition is not True now. */
    @Then("pod {pod} is not ready")
    public void podIsNotReady(PodName pod) {
        world.pod(pod).isNotReady();
    }

    /** The pod is Running on that node now. */
    @Then("pod {pod} runs on node {string}")
    public void podRunsOn(PodName pod, String node) {
        world.pod(pod).isRunningOn(node);
    }

    /**
     * The pod is the one, on the node, that the scenario first applied or named in a step (the same UID, node and
     * IP), as a restart keeps it: a container restart never moves a pod. Name the pod in a step before the behaviour
     * under test ({@code And pod "deployment/api" is ready}), so there is a first sighting to compare with.
     */
    @Then("pod {pod} is still on the same node")
    public void podIsStillOnTheSameNode(PodName pod) {
        try {
            world.pod(pod).isStillOnTheSameNode();
        } catch (dev.peapod.core.PeapodException nothingToCompare) {
            String message = nothingToCompare.getMessage();
            int java = message.indexOf(". Keep a PodAssert");
            throw new dev.peapod.core.PeapodException((java < 0 ? message : message.substring(0, java)).replace("this PodAssert",
                    "the scenario") + ". Name the pod in a step before the behaviour under test, e.g. "
                    + "And pod \"" + pod + "\" is ready, and this step compares with that sighting.");
        }
    }

    /** The container's state is {@code running} now. */
    @Then("container {string} of pod {pod} is running")
    public void containerIsRunning(String container, PodName pod) {
        world.pod(pod).container(container).isRunning();
    }

    /** The container's {@code restartCount} is exactly N now: 0 for the first run, each restart adds 1. */
    @Then("container {string} of pod {pod} has restarted {int} time(s)")
    public void containerHasRestarted(String container, PodName pod, int times) {
        world.pod(pod).container(container).hasRestarted(times);
    }

    /** The container waits with reason {@code CrashLoopBackOff} now. */
    @Then("container {string} of pod {pod} is crash-looping")
    public void containerIsCrashLooping(String container, PodName pod) {
        world.pod(pod).container(container).isCrashLooping();
    }

    /**
     * The container's {@code lastState.terminated}: the exit code and reason of its previous run ({@code Error},
     * {@code Completed}, {@code OOMKilled}).
     */
    @Then("container {string} of pod {pod} last terminated with exit code {int} and reason {string}")
    public void lastTerminated(String container, PodName pod, int exitCode, String reason) {
        world.pod(pod).container(container).hasLastTerminationState(exitCode, reason);
    }

    /** The container's {@code state.terminated} now: exit code and reason. */
    @Then("container {string} of pod {pod} is terminated with exit code {int} and reason {string}")
    public void terminated(String container, PodName pod, int exitCode, String reason) {
        world.pod(pod).container(container).isTerminated(exitCode, reason);
    }

    /** Lets virtual time pass until the pod is ready; fails if it is not within the duration. */
    @Then("pod {pod} becomes ready within {duration}")
    public void becomesReady(PodName pod, Duration limit) {
        world.pod(pod).becomesReady().within(limit);
    }

    /**
     * Lets virtual time pass until a container waits in CrashLoopBackOff; fails if none does within the duration.
     * Example: {@code Then pod "web" becomes crash-looping within 2 minutes}.
     */
    @Then("pod {pod} becomes crash-looping within {duration}")
    public void becomesCrashLooping(PodName pod, Duration limit) {
        world.pod(pod).becomesCrashLooping().within(limit);
    }

    /** The pod is Pending with PodScheduled False, and the scheduler's message is exactly the doc string. */
    @Then("pod {pod} is pending with the scheduling message:")
    public void pendingWithMessageBlock(PodName pod, String message) {
        world.pod(pod).isPendingWithSchedulingMessage(message.strip());
    }

    /** The same, with the message in quotes. */
    @Then("pod {pod} is pending with the scheduling message {string}")
    public void pendingWithMessage(PodName pod, String message) {
        world.pod(pod).isPendingWithSchedulingMessage(message);
    }

    /**
     * The pod's condition of that type has that status now: {@code "Ready" "False"}. Example: {@code Then pod "web"
     * has condition "Ready" "True"}.
     */
    @Then("pod {pod} has condition {string} {string}")
    public void hasCondition(PodName pod, String type, String status) {
        world.pod(pod).hasCondition(type, status);
    }

    /** The same, and the condition's reason. */
    @Then("pod {pod} has condition {string} {string} with reason {string}")
    public void hasConditionWithReason(PodName pod, String type, String status, String reason) {
        world.pod(pod).hasCondition(type, status, reason);
    }

    /** An event with that reason was recorded for the pod. Example: {@code Then pod "web" has an event "Killing"}. */
    @Then("pod {pod} has an event {string}")
    public void hasEvent(PodName pod, String reason) {
        world.pod(pod).hasEvent(reason);
    }

    /** An event with that reason whose message contains the text. */
    @Then("pod {pod} has an event {string} with message {string}")
    public void hasEventWithMessage(PodName pod, String reason, String message) {
        world.pod(pod).hasEvent(reason, message);
    }

    /** {@code kubectl shows pod "web" as "0/1 Running 4 (27s ago)"}: READY, STATUS and RESTARTS. */
    @Then("kubectl shows pod {pod} as {string}")
    public void kubectlShows(PodName pod, String columns) {
        String[] parts = columns.trim().split("\\s+", 3);
        if (parts.length != 3) {
            throw new dev.peapod.core.PeapodException("expected READY STATUS RESTARTS, e.g. \"0/1 Running 0\", but got \"" + columns + "\"");
        }
        world.pod(pod).showsInKubectl(parts[0], parts[1], parts[2]);
    }

    // ---------------------------------------------------------------- node in any phase, event counts, run instants

    /** The pod is bound to that node, in any phase. */
    @Then("pod {pod} is on node {string}")
    public void podIsOnNode(PodName pod, String node) {
        world.pod(pod).isOnNode(node);
    }

    /** No event with that reason was recorded for the pod. */
    @Then("pod {pod} has no event {string}")
    public void hasNoEvent(PodName pod, String reason) {
        world.pod(pod).hasNoEvent(reason);
    }

    /** The sum of the matching Events' count, what {@code kubectl describe} shows as {@code x3}. */
    @Then("pod {pod} has event {string} {int} time(s)")
    public void hasEventCount(PodName pod, String reason, int times) {
        world.pod(pod).hasEventCount(reason, times);
    }

    /**
     * The container restarted at exactly these instants since the cluster started, and at no other (a restart is a
     * run after the first).
     */
    @Then("container {string} of pod {pod} restarted at {instants}")
    public void restartedAt(String container, PodName pod, Duration[] instants) {
        world.pod(pod).container(container).restartedAt(instants);
    }

    /** The container's runs ended at exactly these instants since the cluster started, and at no other. */
    @Then("container {string} of pod {pod} exited at {instants}")
    public void exitedAt(String container, PodName pod, Duration[] instants) {
        world.pod(pod).container(container).exitedAt(instants);
    }

    /**
     * The container's {@code status.started} is true (its startup probe, if any, has passed). Example: {@code Then
     * container "app" of pod "web" is started}.
     */
    @Then("container {string} of pod {pod} is started")
    public void containerIsStarted(String container, PodName pod) {
        world.pod(pod).container(container).isStarted();
    }

    /**
     * The container's {@code status.started} is false. Example: {@code Then container "app" of pod "web" is not
     * started}.
     */
    @Then("container {string} of pod {pod} is not started")
    public void containerIsNotStarted(String container, PodName pod) {
        world.pod(pod).container(container).isNotStarted();
    }

    /** The container waits now, with that reason, and a message that contains the text. */
    @Then("container {string} of pod {pod} is waiting with reason {string} and a message containing {string}")
    public void containerIsWaitingWithMessage(String container, PodName pod, String reason, String message) {
        world.pod(pod).container(container).isWaiting(reason, message);
    }

    /**
     * The pod's condition of that type has exactly this message. Example: {@code Then pod "web" has condition
     * "PodScheduled" with message "0/1 nodes are available: 1 Insufficient cpu."}.
     */
    @Then("pod {pod} has condition {string} with message {string}")
    public void hasConditionWithMessage(PodName pod, String type, String message) {
        world.pod(pod).condition(type).hasMessage(message);
    }

    /**
     * {@code that last transitioned at 50 seconds}: virtual time since the cluster started. Example: {@code Then pod
     * "web" has condition "Ready" that last transitioned at 15 seconds}.
     */
    @Then("pod {pod} has condition {string} that last transitioned at {duration}")
    public void conditionTransitionedAt(PodName pod, String type, Duration sinceStart) {
        world.pod(pod).condition(type).transitionedAt(sinceStart);
    }
}
