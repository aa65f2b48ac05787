package dev.peapod.cucumber;

import dev.peapod.DeploymentView;
import dev.peapod.assertions.DeploymentAssert;
import dev.peapod.assertions.PeapodAssertions;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apiguardian.api.API;

import java.util.Arrays;

/**
 * What only Deployments do: roll back, pause, and the ReplicaSet sizes a rollout went through, written
 * {@code the deployment web ...} ({@link Workload}: bare or quoted name, optional {@code the}). Scaling,
 * a new image, replica counts and rollouts are {@link WorkloadSteps}' verbs, shared with the other kinds.
 * Each step delegates to {@link DeploymentView} or {@link DeploymentAssert}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class DeploymentSteps {
    private final PeapodWorld world;

    public DeploymentSteps(PeapodWorld world) {
        this.world = world;
    }

    /** {@code kubectl rollout undo deployment/web}. */
    @When("(the ){workload} is rolled back")
    public void rolledBack(Workload deployment) {
        view(deployment, "is rolled back").rollback();
    }

    /**
     * {@code kubectl rollout undo deployment/web --to-revision=N}. Example: {@code When the deployment web is rolled
     * back to revision 2}.
     */
    @When("(the ){workload} is rolled back to revision {int}")
    public void rolledBackTo(Workload deployment, int revision) {
        view(deployment, "is rolled back to revision N").rollbackTo(revision);
    }

    /** {@code kubectl rollout pause deployment/web}. */
    @When("(the ){workload} is paused")
    public void paused(Workload deployment) {
        view(deployment, "is paused").pause();
    }

    /** {@code "4, 4/1, 3/1, 3/2, 1/2, 1/4, 0/4"}: one step per ScalingReplicaSet event, ReplicaSets oldest first. */
    @Then("(the ){workload} went through the ReplicaSet sizes {string}")
    public void sizes(Workload deployment, String steps) {
        deployment.expect("went through the ReplicaSet sizes", "deployment");
        PeapodAssertions.assertThat(world.cluster()).deployment(world.namespaceOf(deployment), deployment.name())
                .hasReplicaSetSizes(Arrays.stream(steps.split(",")).map(String::trim).toArray(String[]::new));
    }

    private DeploymentView view(Workload deployment, String step) {
        deployment.expect(step, "deployment");
        return world.cluster().deployment(world.namespaceOf(deployment), deployment.name());
    }
}
