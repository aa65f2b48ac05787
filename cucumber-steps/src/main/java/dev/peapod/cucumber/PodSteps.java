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

    @Then("pod {pod} is not ready")
    public void podIsNotReady(PodName pod) {
        world.pod(pod).isNotReady();
    }

    @Then("pod {pod} runs on node {string}")
    public void podRunsOn(PodName pod, String node) {
        world.pod(pod).isRunningOn(node);
    }

    @Then("pod {pod} is still on the same node")
    public void podIsStillOnTheSameNode(PodName pod) {
        world.pod(pod).isStillOnTheSameNode();
    }

    @Then("container {string} of pod {pod} is running")
    public void containerIsRunning(String container, PodName pod) {
        world.pod(pod).container(container).isRunning();
    }

    @Then("container {string} of pod {pod} has restarted {int} time(s)")
    public void containerHasRestarted(String container, PodName pod, int times) {
        world.pod(pod).container(container).hasRestarted(times);
    }

    @Then("container {string} of pod {pod} is crash-looping")
    public void containerIsCrashLooping(String container, PodName pod) {
        world.pod(pod).container(container).isCrashLooping();
    }

    @Then("container {string} of pod {pod} last terminated with exit code {int} and reason {string}")
    public void lastTerminated(String container, PodName pod, int exitCode, String reason) {
        world.pod(pod).container(container).hasLastTerminationState(exitCode, reason);
    }

    @Then("container {string} of pod {pod} is terminated with exit code {int} and reason {string}")
    public void terminated(String container, PodName pod, int exitCode, String reason) {
        world.pod(pod).container(container).isTerminated(exitCode, reason);
    }

    @Then("pod {pod} becomes ready within {duration}")
    public void becomesReady(PodName pod, Duration limit) {
        world.pod(pod).becomesReady().within(limit);
    }

    @Then("pod {pod} becomes crash-looping within {duration}")
    public void becomesCrashLooping(PodName pod, Duration limit) {
        world.pod(pod).becomesCrashLooping().within(limit);
    }

    @Then("pod {pod} is pending with the scheduling message:")
    public void pendingWithMessageBlock(PodName pod, String message) {
        world.pod(pod).isPendingWithSchedulingMessage(message.strip());
    }

    @Then("pod {pod} is pending with the scheduling message {string}")
    public void pendingWithMessage(PodName pod, String message) {
        world.pod(pod).isPendingWithSchedulingMessage(message);
    }

    @Then("pod {pod} has condition {string} {string}")
    public void hasCondition(PodName pod, String type, String status) {
        world.pod(pod).hasCondition(type, status);
    }

    @Then("pod {pod} has condition {string} {string} with reason {string}")
    public void hasConditionWithReason(PodName pod, String type, String status, String reason) {
        world.pod(pod).hasCondition(type, status, reason);
    }

    @Then("pod {pod} has an event {string}")
    public void hasEvent(PodName pod, String reason) {
        world.pod(pod).hasEvent(reason);
    }

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

    @Then("pod {pod} is on node {string}")
    public void podIsOnNode(PodName pod, String node) {
        world.pod(pod).isOnNode(node);
    }

    @Then("pod {pod} has no event {string}")
    public void hasNoEvent(PodName pod, String reason) {
        world.pod(pod).hasNoEvent(reason);
    }

    /** The sum of the matching Events' count, what {@code kubectl describe} shows as {@code x3}. */
    @Then("pod {pod} has event {string} {int} time(s)")
    public void hasEventCount(PodName pod, String reason, int times) {
        world.pod(pod).hasEventCount(reason, times);
    }

    @Then("container {string} of pod {pod} restarted at {instants}")
    public void restartedAt(String container, PodName pod, Duration[] instants) {
        world.pod(pod).container(container).restartedAt(instants);
    }

    @Then("container {string} of pod {pod} exited at {instants}")
    public void exitedAt(String container, PodName pod, Duration[] instants) {
        world.pod(pod).container(container).exitedAt(instants);
    }

    @Then("container {string} of pod {pod} is started")
    public void containerIsStarted(String container, PodName pod) {
        world.pod(pod).container(container).isStarted();
    }

    @Then("container {string} of pod {pod} is not started")
    public void containerIsNotStarted(String container, PodName pod) {
        world.pod(pod).container(container).isNotStarted();
    }

    @Then("container {string} of pod {pod} is waiting with reason {string} and a message containing {string}")
    public void containerIsWaitingWithMessage(String container, PodName pod, String reason, String message) {
        world.pod(pod).container(container).isWaiting(reason, message);
    }

    @Then("pod {pod} has condition {string} with message {string}")
    public void hasConditionWithMessage(PodName pod, String type, String message) {
        world.pod(pod).condition(type).hasMessage(message);
    }

    /** {@code that last transitioned at 50 seconds}: virtual time since the cluster started. */
    @Then("pod {pod} has condition {string} that last transitioned at {duration}")
    public void conditionTransitionedAt(PodName pod, String type, Duration sinceStart) {
        world.pod(pod).condition(type).transitionedAt(sinceStart);
    }
}
