package dev.peapod.cucumber;

import dev.peapod.assertions.JobAssert;
import dev.peapod.assertions.PeapodAssertions;
import io.cucumber.java.en.Then;
import org.apiguardian.api.API;

import java.time.Duration;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Jobs: waiting for one to complete or fail, and the instants its pods were created at, written
 * {@code the job pi completes within 2 minutes} ({@link Workload}: bare or quoted name, optional
 * {@code the}). Suspending, resuming and {@code kubectl shows job pi as "Complete 1/1"} are
 * {@link WorkloadSteps}' verbs. Each step delegates to {@link JobAssert}.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public class JobSteps {
    private final PeapodWorld world;

    public JobSteps(PeapodWorld world) {
        this.world = world;
    }

    /** The Complete condition is True within the time; the clock stops at the first instant it is. */
    @Then("(the ){workload} completes within {duration}")
    public void completesWithin(Workload job, Duration limit) {
        job(job, "completes within").completes().within(limit);
    }

    /** {@code fails with BackoffLimitExceeded}, {@code DeadlineExceeded}, {@code PodFailurePolicy}, ... */
    @Then("(the ){workload} fails with {word} within {duration}")
    public void failsWithin(Workload job, String reason, Duration limit) {
        job(job, "fails with <reason> within").failsWithReason(reason).within(limit);
    }

    /** The Job has its Complete condition now. Example: {@code Then the job pi is complete}. */
    @Then("(the ){workload} is complete")
    public void isComplete(Workload job) {
        job(job, "is complete").isComplete();
    }

    /**
     * The Job has its Failed condition with this reason now. Example: {@code Then the job flaky-import has failed
     * with BackoffLimitExceeded}.
     */
    @Then("(the ){workload} has failed with {word}")
    public void hasFailed(Workload job, String reason) {
        job(job, "has failed with <reason>").hasFailedWithReason(reason);
    }

    /** The Job's failed pods, {@code status.failed}, now: {@code the job flaky-import has 7 failed pods}. */
    @Then("(the ){workload} has {int} failed pod(s)")
    public void hasFailedPods(Workload job, int pods) {
        job(job, "has N failed pods").hasFailed(pods);
    }

    /** The creation instants of the Job's pods, since the cluster started, oldest first: the back-off made visible. */
    @Then("(the ){workload} created pods at {instants}")
    public void createdPodsAt(Workload job, Duration[] instants) {
        job(job, "created pods at").createdPodsAt(instants);
    }

    private JobAssert job(Workload job, String step) {
        job.expect(step, "job");
        return PeapodAssertions.assertThat(world.cluster()).job(world.namespaceOf(job), job.name());
    }
}
