package dev.peapod.examples;

import dev.peapod.FakeCluster;
import dev.peapod.junit.PeapodNode;
import dev.peapod.junit.PeapodTest;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static java.time.Duration.ofMinutes;

/**
 * CronJobs on the virtual clock (pkg/controller/cronjob/cronjob_controllerv2.go): minutes of schedule
 * pass in milliseconds. The cluster starts at 2025-01-01T00:00:00Z, minute 28928160 since the epoch,
 * and a Job is named {@code <cronjob>-<scheduled minute>} (getJobName).
 */
@PeapodTest(nodes = @PeapodNode(name = "node-1"))
class CronJobExampleTest {

    @Test
    void theDocsCronJobStartsAJobEveryMinute(FakeCluster cluster) {
        // when
        cluster.applyResource("manifests/docs/cronjob.yaml");
        // then: the controller wakes 100 ms after each schedule time (nextScheduleDelta)
        assertThat(cluster).cronJob("hello").createsJob("hello-28928161").within(ofMinutes(2))
                .hasEvent("SuccessfulCreate", "Created job hello-28928161")
                .hasLastScheduleTime(Instant.parse("2025-01-01T00:01:00Z"));
        org.assertj.core.api.Assertions.assertThat(cluster.elapsed()).isEqualTo(Duration.ofSeconds(60).plusMillis(100));
        Job job = cluster.cronJob("hello").jobs().get(0);
        org.assertj.core.api.Assertions.assertThat(job.getMetadata().getAnnotations())
                .containsEntry("batch.kubernetes.io/cronjob-scheduled-timestamp", "2025-01-01T00:01:00Z");
    }

    @Test
    void forbidSkipsARunWhileThePreviousOneIsActive(FakeCluster cluster) {
        // given
        cluster.applyResource("manifests/cronjob-report.yaml");
        // when
        cluster.advance(ofMinutes(11));
        // then
        assertThat(cluster).cronJob("report").hasJobs("report-28928165").hasActiveJobs(1)
                .hasEvent("JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid");
        org.assertj.core.api.Assertions.assertThat(cluster.cronJob("report").table()).isEqualTo("""
                NAME     SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE
                report   */5 * * * *   <none>     False     1        6m              11m
                """);
    }

    @Test
    void aTimeZoneSchedulesInThatZone(FakeCluster cluster) {
        // when: 09:30 in Tokyo is 00:30 UTC
        cluster.applyResource("manifests/cronjob-tokyo.yaml");
        // then
        assertThat(cluster).cronJob("morning").createsJob("morning-28928190").within(ofMinutes(31));
        org.assertj.core.api.Assertions.assertThat(cluster.cronJob("morning").jobs().get(0).getMetadata().getAnnotations())
                .containsEntry("batch.kubernetes.io/cronjob-scheduled-timestamp", "2025-01-01T09:30:00+09:00");
    }

    @Test
    void aSuspendedCronJobStartsTheMostRecentMissedRunWhenResumed(FakeCluster cluster) {
        // given
        cluster.applyResource("manifests/docs/cronjob.yaml");
        cluster.cronJob("hello").suspend();
        cluster.advance(ofMinutes(12));
        assertThat(cluster).cronJob("hello").hasJobs();
        // when
        cluster.cronJob("hello").resume();
        // then: 00:01 to 00:12 were missed; only 00:12 starts
        assertThat(cluster).cronJob("hello").hasJobs("hello-28928172");
    }
}
