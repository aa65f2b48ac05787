package dev.peapod.cucumber;

import dev.peapod.assertions.JobAssert;
import dev.peapod.assertions.PeapodAssertions;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apiguardian.api.API;

import java.time.Duration;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Jobs: waiting for one to complete or fail, reading it as {@code kubectl get jobs} shows it, the
 * instants its pods were created at, suspending and resuming. Job names are quoted, as pod names are,
 * and live in the scenario's namespace.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public class JobSteps {
    private final PeapodWorld world;

    public JobSteps(PeapodWorld world) {
        this.world = world;
    }

    @Then("the job {string} completes within {duration}")
    public void completesWithin(String job, Duration limit) {
        job(job).completes().within(limit);
    }

    /** {@code fails with BackoffLimitExceeded}, {@code DeadlineExceeded}, {@code PodFailurePolicy}, ... */
    @Then("the job {string} fails with {word} within {duration}")
    public void failsWithin(String job, String reason, Duration limit) {
        job(job).failsWithReason(reason).within(limit);
    }

    @Then("the job {string} is complete")
    public void isComplete(String job) {
        job(job).isComplete();
    }

    @Then("the job {string} has failed with {word}")
    public void hasFailed(String job, String reason) {
        job(job).hasFailedWithReason(reason);
    }

    /** kubectl get jobs: {@code kubectl shows job "pi" as "Complete" with completions "1/1"}. */
    @Then("kubectl shows job {string} as {string} with completions {string}")
    public void kubectlShows(String job, String status, String completions) {
        job(job).hasStatus(status).hasCompletions(completions);
    }

    /** The creation instants of the Job's pods, since the cluster started, oldest first: the back-off made visible. */
    @Then("the job {string} created pods at {instants}")
    public void createdPodsAt(String job, Duration[] instants) {
        job(job).createdPodsAt(instants);
    }

    @When("the job {string} is suspended")
    public void suspend(String job) {
        world.cluster().job(job).suspend();
    }

    @When("the job {string} is resumed")
    public void resume(String job) {
        world.cluster().job(job).resume();
    }

    private JobAssert job(String name) {
        return PeapodAssertions.assertThat(world.cluster()).job(name);
    }
}
