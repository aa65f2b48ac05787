package dev.peapod.cucumber;

import dev.peapod.DeploymentView;
import dev.peapod.assertions.DeploymentAssert;
import dev.peapod.assertions.PeapodAssertions;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apiguardian.api.API;

import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deployments: scale, roll out a new image, roll back, pause and resume, and check them the way
 * {@code kubectl get deploy} and {@code kubectl rollout status} show them. A name may be written bare
 * ({@code the deployment web}) or quoted; it is in the scenario's namespace. Each step delegates to
 * {@link DeploymentView} or {@link DeploymentAssert}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class DeploymentSteps {
    private final PeapodWorld world;

    public DeploymentSteps(PeapodWorld world) {
        this.world = world;
    }

    // ---------------------------------------------------------------- verbs

    /** {@code kubectl scale deployment/web --replicas=N}. */
    @When("the deployment {word} is scaled to {int} replica(s)")
    public void scaled(String name, int replicas) {
        view(name).scale(replicas);
    }

    /** {@code kubectl set image deployment/web app=nginx:1.26}. */
    @When("container {string} of deployment {word} is set to image {string}")
    public void setImage(String container, String name, String image) {
        view(name).setImage(container, image);
    }

    /** {@code kubectl rollout undo deployment/web}. */
    @When("the deployment {word} is rolled back")
    public void rolledBack(String name) {
        view(name).rollback();
    }

    /** {@code kubectl rollout undo deployment/web --to-revision=N}. */
    @When("the deployment {word} is rolled back to revision {int}")
    public void rolledBackTo(String name, int revision) {
        view(name).rollbackTo(revision);
    }

    @When("the deployment {word} is paused")
    public void paused(String name) {
        view(name).pause();
    }

    @When("the deployment {word} is resumed")
    public void resumed(String name) {
        view(name).resume();
    }

    // ---------------------------------------------------------------- checks

    /** The AVAILABLE column reaches N within the time; the clock stops at the first instant it does. */
    @Then("the deployment {word} has {int} available replica(s) within {duration}")
    public void availableWithin(String name, int replicas, Duration limit) {
        check(name).reachesAvailableReplicas(replicas).within(limit);
    }

    @Then("the deployment {word} has {int} available replica(s)")
    public void available(String name, int replicas) {
        check(name).hasAvailableReplicas(replicas);
    }

    @Then("the rollout of {word} completes within {duration}")
    public void completesWithin(String name, Duration limit) {
        check(name).rolloutCompletes().within(limit);
    }

    /**
     * Without a limit, waits as {@code kubectl rollout status} does: until the Deployment's
     * progressDeadlineSeconds (600 s by default) has passed, and a second more for the controller's check.
     */
    @Then("the rollout of {word} completes")
    public void completes(String name) {
        Integer deadline = view(name).get().getSpec().getProgressDeadlineSeconds();
        check(name).rolloutCompletes().within(Duration.ofSeconds((deadline == null ? 600 : deadline) + 1L));
    }

    /** {@code "4, 4/1, 3/1, 3/2, 1/2, 1/4, 0/4"}: one step per ScalingReplicaSet event, ReplicaSets oldest first. */
    @Then("the deployment {word} went through the ReplicaSet sizes {string}")
    public void sizes(String name, String steps) {
        check(name).hasReplicaSetSizes(Arrays.stream(steps.split(",")).map(String::trim).toArray(String[]::new));
    }

    /** The line {@code kubectl rollout status deployment/web} prints now. */
    @Then("the rollout status of {word} reads {string}")
    public void rolloutStatus(String name, String text) {
        assertThat(view(name).rolloutStatus()).isEqualTo(text);
    }

    private DeploymentView view(String name) {
        return world.cluster().deployment(unquoted(name));
    }

    private DeploymentAssert check(String name) {
        return PeapodAssertions.assertThat(world.cluster()).deployment(unquoted(name));
    }

    private static String unquoted(String name) {
        return name.length() > 1 && name.startsWith("\"") && name.endsWith("\"") ? name.substring(1, name.length() - 1) : name;
    }
}
