package dev.peapod.cucumber;

import dev.peapod.assertions.CronJobAssert;
import dev.peapod.assertions.PeapodAssertions;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apiguardian.api.API;

import java.time.Duration;
import java.util.Arrays;

/**
 * CronJobs: suspend and resume, the Jobs they create on the schedule, their active Jobs and events.
 * A CronJob is named as a pod is: {@code "hello"} in the scenario's namespace, or {@code "e2e/hello"}.
 * Each step delegates to {@code cluster.cronJob(..)} or {@code CronJobAssert}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class CronJobSteps {
    private final PeapodWorld world;

    public CronJobSteps(PeapodWorld world) {
        this.world = world;
    }

    @When("cronjob {pod} is suspended")
    public void suspend(PodName cronJob) {
        world.cluster().cronJob(world.namespaceOf(cronJob), cronJob.name()).suspend();
    }

    @When("cronjob {pod} is resumed")
    public void resume(PodName cronJob) {
        world.cluster().cronJob(world.namespaceOf(cronJob), cronJob.name()).resume();
    }

    @Then("cronjob {pod} creates job {string} within {duration}")
    public void createsJob(PodName cronJob, String job, Duration limit) {
        check(cronJob).createsJob(job).within(limit);
    }

    @Then("cronjob {pod} has {int} active job(s)")
    public void hasActiveJobs(PodName cronJob, int count) {
        check(cronJob).hasActiveJobs(count);
    }

    /** The Jobs it controls, comma-separated, in the order of their scheduled times. */
    @Then("cronjob {pod} has the jobs {string}")
    public void hasJobs(PodName cronJob, String jobs) {
        check(cronJob).hasJobs(Arrays.stream(jobs.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toArray(String[]::new));
    }

    @Then("cronjob {pod} has no jobs")
    public void hasNoJobs(PodName cronJob) {
        check(cronJob).hasJobs();
    }

    @Then("cronjob {pod} has an event {string}")
    public void hasEvent(PodName cronJob, String reason) {
        check(cronJob).hasEvent(reason);
    }

    @Then("cronjob {pod} has an event {string} with message {string}")
    public void hasEventWithMessage(PodName cronJob, String reason, String message) {
        check(cronJob).hasEvent(reason, message);
    }

    @Then("cronjob {pod} has no event {string}")
    public void hasNoEvent(PodName cronJob, String reason) {
        check(cronJob).hasNoEvent(reason);
    }

    private CronJobAssert check(PodName cronJob) {
        return PeapodAssertions.assertThat(world.cluster()).cronJob(world.namespaceOf(cronJob), cronJob.name());
    }
}
