package dev.peapod.cucumber;

import dev.peapod.behaviour.HookScript;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.fabric8.kubernetes.api.model.Pod;
import org.apiguardian.api.API;

import java.time.Duration;

/**
 * Lifecycle hooks and termination: deleting with a grace period, scripting hooks and shutdowns, and
 * checking the signals, the grace period, hook failures and the order of init containers. Each
 * delegates to {@code FakeCluster}, {@code ContainerBehaviour} or {@code ContainerAssert}; the checks
 * read the timeline, so they hold after a deleted pod has left the store.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class LifecycleSteps {
    private final PeapodWorld world;

    public LifecycleSteps(PeapodWorld world) {
        this.world = world;
    }

    // ---------------------------------------------------------------- deletion

    /** As {@code I delete pod {pod} with a grace period of {duration}}: {@code kubectl delete pod --grace-period=N}. */
    @When("pod {pod} is deleted with a grace period of {int} second(s)")
    public void deletedWithGrace(PodName pod, int seconds) {
        world.cluster().delete(Pod.class, world.namespaceOf(pod), pod.name(), ClusterSteps.kubectlGrace(Duration.ofSeconds(seconds)));
    }

    // ---------------------------------------------------------------- scripting

    /** In place of the hook's handler: it fails (the kubelet kills the container with FailedPostStartHook). */
    @Given("the postStart hook of container {string} in pod {pod} fails")
    public void postStartFails(String container, PodName pod) {
        postStart(pod, container).fails();
    }

    /** In place of the hook's handler: it takes this long; the container is not running until it returns. */
    @Given("the postStart hook of container {string} in pod {pod} takes {duration}")
    public void postStartTakes(String container, PodName pod, Duration duration) {
        postStart(pod, container).takes(duration);
    }

    /** In place of the hook's handler: it fails (an event FailedPreStopHook; SIGTERM follows). */
    @Given("the preStop hook of container {string} in pod {pod} fails")
    public void preStopFails(String container, PodName pod) {
        preStop(pod, container).fails();
    }

    /** In place of the hook's handler: it takes this long, counted inside the grace period. */
    @Given("the preStop hook of container {string} in pod {pod} takes {duration}")
    public void preStopTakes(String container, PodName pod, Duration duration) {
        preStop(pod, container).takes(duration);
    }

    /** The process exits 0 this long after SIGTERM, or 137 if SIGKILL comes first. */
    @Given("container {string} of pod {pod} takes {duration} to shut down after SIGTERM")
    public void shutsDownIn(String container, PodName pod, Duration shutdown) {
        world.container(pod, container).shutsDownIn(shutdown);
    }

    /** The process has no SIGTERM handler: it dies of the signal with 143. */
    @Given("container {string} of pod {pod} dies on SIGTERM")
    public void diesOnSigterm(String container, PodName pod) {
        world.container(pod, container).diesOnSigterm();
    }

    /** Only on that start of the container: 1 is the first run, 2 the first restart. */
    @Given("container {string} of pod {pod} exits with code {int} after {duration} on start {int}")
    public void exitsOnStart(String container, PodName pod, int code, Duration after, int start) {
        world.container(pod, container).exitsWith(code).after(after).onStarts(start);
    }

    // ---------------------------------------------------------------- checks

    /**
     * {@code received SIGTERM at 15 seconds}, {@code received SIGKILL at 15 and 60 seconds}: since the cluster
     * started; SIGQUIT and SIGWINCH are nginx's and httpd's stop signals (their images' STOPSIGNAL).
     */
    @Then("container {string} of pod {pod} received {word} at {instants}")
    public void receivedSignalAt(String container, PodName pod, String signal, Duration[] instants) {
        world.pod(pod).container(container).receivedSignalAt(signal, instants);
    }

    public void receivedSigtermAt(String container, PodName pod, Duration[] instants) {
        receivedSignalAt(container, pod, "SIGTERM", instants);
    }

    public void receivedSigkillAt(String container, PodName pod, Duration[] instants) {
        receivedSignalAt(container, pod, "SIGKILL", instants);
    }

    /** The container got SIGKILL and exited with 137. */
    @Then("container {string} of pod {pod} was killed after the grace period")
    public void wasKilledAfterTheGracePeriod(String container, PodName pod) {
        world.pod(pod).container(container).wasKilledAfterTheGracePeriod();
    }

    /** The hook ran and failed at least once. */
    @Then("the postStart hook of container {string} in pod {pod} failed")
    public void postStartFailed(String container, PodName pod) {
        world.pod(pod).container(container).postStartHookFailed();
    }

    /** The hook ran and failed at least once. */
    @Then("the preStop hook of container {string} in pod {pod} failed")
    public void preStopFailed(String container, PodName pod) {
        world.pod(pod).container(container).preStopHookFailed();
    }

    /**
     * The hook ran and returned without error at least once. Example: {@code Then the postStart hook of container
     * "app" in pod "web" succeeded}.
     */
    @Then("the postStart hook of container {string} in pod {pod} succeeded")
    public void postStartSucceeded(String container, PodName pod) {
        world.pod(pod).container(container).postStartHookSucceeded();
    }

    /**
     * The hook ran and returned without error at least once. Example: {@code Then the preStop hook of container "app"
     * in pod "web" succeeded}.
     */
    @Then("the preStop hook of container {string} in pod {pod} succeeded")
    public void preStopSucceeded(String container, PodName pod) {
        world.pod(pod).container(container).preStopHookSucceeded();
    }

    /** The pod has left the API: its deletion finished (or it was force deleted). */
    @Then("pod {pod} no longer exists")
    public void noLongerExists(PodName pod) {
        var found = world.cluster().findPod(world.namespaceOf(pod), pod.name());
        if (found.isPresent()) {
            var p = found.get();
            throw new AssertionError("Expecting pod " + world.namespaceOf(pod) + "/" + pod.name() + " to be gone from the API, "
                    + "but it is still there (phase " + (p.getStatus() == null ? null : p.getStatus().getPhase())
                    + (p.getMetadata().getDeletionTimestamp() == null ? ", not being deleted)"
                    : ", deletion requested at " + p.getMetadata().getDeletionTimestamp() + ")"));
        }
    }

    /** The hook ended before the container received SIGTERM, as the kubelet orders them. */
    @Then("the preStop hook of container {string} in pod {pod} ran before SIGTERM")
    public void preStopRanBeforeSigterm(String container, PodName pod) {
        world.pod(pod).container(container).preStopHookRanBeforeSigterm();
    }

    /** Its first run ended before the other container's first start. */
    @Then("init container {string} of pod {pod} ran before container {string}")
    public void ranBefore(String init, PodName pod, String container) {
        world.pod(pod).container(init).ranBefore(container);
    }

    private HookScript postStart(PodName pod, String container) {
        return world.container(pod, container).postStart();
    }

    private HookScript preStop(PodName pod, String container) {
        return world.container(pod, container).preStop();
    }
}
