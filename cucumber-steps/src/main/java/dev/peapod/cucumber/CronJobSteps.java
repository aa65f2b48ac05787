package dev.peapod.cucumber;

import dev.peapod.assertions.CronJobAssert;
import dev.peapod.assertions.PeapodAssertions;
import io.cucumber.java.en.Then;
import org.apiguardian.api.API;

import java.time.Duration;
import java.util.Arrays;

/**
 * CronJobs: the Jobs they create on the schedule, their active Jobs and events, written
 * {@code the cronjob hello creates job hello-28928161 within 2 minutes} ({@link Workload}: bare or
 * quoted names, optional {@code the}). Suspending, resuming and events are {@link WorkloadSteps}' verbs. Each
 * step delegates to {@link CronJobAssert}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class CronJobSteps {
    private final PeapodWorld world;

    public CronJobSteps(PeapodWorld world) {
        this.world = world;
    }

    /** The CronJob creates the Job of that name (its scheduled time in minutes since the epoch) within the time. */
    @Then("(the ){workload} creates {workload} within {duration}")
    public void createsJob(Workload cronJob, Workload job, Duration limit) {
        job.expect("creates job <name> within", "job");
        check(cronJob, "creates job <name> within").createsJob(job.name()).within(limit);
    }

    /** A CronJob's {@code status.active}, kubectl's ACTIVE column. */
    @Then("(the ){workload} has {int} active job(s)")
    public void hasActiveJobs(Workload cronJob, int count) {
        check(cronJob, "has N active jobs").hasActiveJobs(count);
    }

    /** The Jobs it controls, comma-separated, in the order of their scheduled times. */
    @Then("(the ){workload} has the jobs {string}")
    public void hasJobs(Workload cronJob, String jobs) {
        check(cronJob, "has the jobs").hasJobs(Arrays.stream(jobs.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .toArray(String[]::new));
    }

    /** The CronJob owns no Job now. */
    @Then("(the ){workload} has no jobs")
    public void hasNoJobs(Workload cronJob) {
        check(cronJob, "has no jobs").hasJobs();
    }

    private CronJobAssert check(Workload cronJob, String step) {
        cronJob.expect(step, "cronjob");
        return PeapodAssertions.assertThat(world.cluster()).cronJob(world.namespaceOf(cronJob), cronJob.name());
    }
}
