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

    @Then("pod {string} is {word}")
    public void podHasPhase(String pod, String state) {
        switch (state) {
            case "ready" -> world.pod(pod).isReady();
            case "crash-looping" -> world.pod(pod).isCrashLooping();
            case "Pending", "Running", "Succeeded", "Failed", "Unknown" -> world.pod(pod).hasPhase(state);
            default -> throw new dev.peapod.core.PeapodException("\"pod \"" + pod + "\" is " + state + "\": the state must be a phase "
                    + "(Pending, Running, Succeeded, Failed), ready or crash-looping; or say \"is not ready\"");
        }
    }

    @Then("pod {string} is not ready")
    public void podIsNotReady(String pod) {
        world.pod(pod).isNotReady();
    }

    @Then("pod {string} runs on node {string}")
    public void podRunsOn(String pod, String node) {
        world.pod(pod).isRunningOn(node);
    }

    @Then("pod {string} is still on the same node")
    public void podIsStillOnTheSameNode(String pod) {
        world.pod(pod).isStillOnTheSameNode();
    }

    @Then("container {string} of pod {string} is running")
    public void containerIsRunning(String container, String pod) {
        world.pod(pod).container(container).isRunning();
    }

    @Then("container {string} of pod {string} has restarted {int} time(s)")
    public void containerHasRestarted(String container, String pod, int times) {
        world.pod(pod).container(container).hasRestarted(times);
    }

    @Then("container {string} of pod {string} is crash-looping")
    public void containerIsCrashLooping(String container, String pod) {
        world.pod(pod).container(container).isCrashLooping();
    }

    @Then("container {string} of pod {string} last terminated with exit code {int} and reason {string}")
    public void lastTerminated(String container, String pod, int exitCode, String reason) {
        world.pod(pod).container(container).hasLastTerminationState(exitCode, reason);
    }

    @Then("container {string} of pod {string} is terminated with exit code {int} and reason {string}")
    public void terminated(String container, String pod, int exitCode, String reason) {
        world.pod(pod).container(container).isTerminated(exitCode, reason);
    }

    @Then("pod {string} becomes ready within {duration}")
    public void becomesReady(String pod, Duration limit) {
        world.pod(pod).becomesReady().within(limit);
    }

    @Then("pod {string} becomes crash-looping within {duration}")
    public void becomesCrashLooping(String pod, Duration limit) {
        world.pod(pod).becomesCrashLooping().within(limit);
    }

    @Then("pod {string} is pending with the scheduling message:")
    public void pendingWithMessageBlock(String pod, String message) {
        world.pod(pod).isPendingWithSchedulingMessage(message.strip());
    }

    @Then("pod {string} is pending with the scheduling message {string}")
    public void pendingWithMessage(String pod, String message) {
        world.pod(pod).isPendingWithSchedulingMessage(message);
    }

    @Then("pod {string} has condition {string} {string}")
    public void hasCondition(String pod, String type, String status) {
        world.pod(pod).hasCondition(type, status);
    }

    @Then("pod {string} has condition {string} {string} with reason {string}")
    public void hasConditionWithReason(String pod, String type, String status, String reason) {
        world.pod(pod).hasCondition(type, status, reason);
    }

    @Then("pod {string} has an event {string}")
    public void hasEvent(String pod, String reason) {
        world.pod(pod).hasEvent(reason);
    }

    @Then("pod {string} has an event {string} with message {string}")
    public void hasEventWithMessage(String pod, String reason, String message) {
        world.pod(pod).hasEvent(reason, message);
    }

    /** {@code kubectl shows pod "web" as "0/1 Running 4 (27s ago)"}: READY, STATUS and RESTARTS. */
    @Then("kubectl shows pod {string} as {string}")
    public void kubectlShows(String pod, String columns) {
        String[] parts = columns.trim().split("\\s+", 3);
        if (parts.length != 3) {
            throw new dev.peapod.core.PeapodException("expected READY STATUS RESTARTS, e.g. \"0/1 Running 0\", but got \"" + columns + "\"");
        }
        world.pod(pod).showsInKubectl(parts[0], parts[1], parts[2]);
    }

    // ---------------------------------------------------------------- node in any phase, event counts, run instants

    @Then("pod {string} is on node {string}")
    public void podIsOnNode(String pod, String node) {
        world.pod(pod).isOnNode(node);
    }

    @Then("pod {string} has no event {string}")
    public void hasNoEvent(String pod, String reason) {
        world.pod(pod).hasNoEvent(reason);
    }

    /** The sum of the matching Events' count, what {@code kubectl describe} shows as {@code x3}. */
    @Then("pod {string} has event {string} {int} time(s)")
    public void hasEventCount(String pod, String reason, int times) {
        world.pod(pod).hasEventCount(reason, times);
    }

    @Then("container {string} of pod {string} restarted at {instants}")
    public void restartedAt(String container, String pod, Duration[] instants) {
        world.pod(pod).container(container).restartedAt(instants);
    }

    @Then("container {string} of pod {string} exited at {instants}")
    public void exitedAt(String container, String pod, Duration[] instants) {
        world.pod(pod).container(container).exitedAt(instants);
    }

    @Then("container {string} of pod {string} is started")
    public void containerIsStarted(String container, String pod) {
        world.pod(pod).container(container).isStarted();
    }

    @Then("container {string} of pod {string} is not started")
    public void containerIsNotStarted(String container, String pod) {
        world.pod(pod).container(container).isNotStarted();
    }

    @Then("container {string} of pod {string} is waiting with reason {string} and a message containing {string}")
    public void containerIsWaitingWithMessage(String container, String pod, String reason, String message) {
        world.pod(pod).container(container).isWaiting(reason, message);
    }

    @Then("pod {string} has condition {string} with message {string}")
    public void hasConditionWithMessage(String pod, String type, String message) {
        world.pod(pod).condition(type).hasMessage(message);
    }

    /** {@code that last transitioned at 50 seconds}: virtual time since the cluster started. */
    @Then("pod {string} has condition {string} that last transitioned at {duration}")
    public void conditionTransitionedAt(String pod, String type, Duration sinceStart) {
        world.pod(pod).condition(type).transitionedAt(sinceStart);
    }
}
