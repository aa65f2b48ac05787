package dev.peapod.examples;

import dev.peapod.FakeCluster;
import dev.peapod.junit.PeapodTest;
import dev.peapod.printers.JobRow;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;

/** A Job retries a failing task with back-off until backoffLimit; an Indexed Job runs its chunks two at a time. */
@PeapodTest
class JobWithRetriesExampleTest {

    @Test
    void aFailingTaskIsRetriedWithBackOffUntilTheBackoffLimit(FakeCluster cluster) {
        // given
        cluster.applyResource("manifests/job-with-retries.yaml");
        // when / then: the 7th failure exceeds backoffLimit 6; the Job fails at the sync 1 s after it
        assertThat(cluster).job("flaky-import").failsWithReason("BackoffLimitExceeded").within(ofMinutes(15))
                .hasCondition("FailureTarget", "True", "BackoffLimitExceeded")
                .hasFailed(7)
                .hasStatus("Failed")
                // each replacement waits 10 s * 2^(n-1) after the n-th failure: 10, 20, 40, 80, 160, 320 s
                .createdPodsAt(Duration.ZERO, ofSeconds(10), ofSeconds(30), ofSeconds(70), ofSeconds(150), ofSeconds(310),
                        ofSeconds(630));
        org.assertj.core.api.Assertions.assertThat(cluster.elapsed()).isEqualTo(ofSeconds(631));
        // a failed Job has no completionTime, so kubectl's DURATION keeps counting from startTime (10m31s reads 10m)
        org.assertj.core.api.Assertions.assertThat(cluster.job("flaky-import").row())
                .isEqualTo(new JobRow("flaky-import", "Failed", "0/1", "10m", "10m"));
    }

    @Test
    void anIndexedJobRunsItsChunksTwoAtATime(FakeCluster cluster) {
        // given
        cluster.applyResource("manifests/job-with-retries.yaml");
        // when / then: chunks 0 and 1 end at 5 s, chunk 2 starts at the sync 1 s later and ends at 11 s
        assertThat(cluster).job("chunks").completes().within(ofMinutes(1))
                .hasCompletions("3/3")
                .createdPodsAt(Duration.ZERO, Duration.ZERO, ofSeconds(6));
        org.assertj.core.api.Assertions.assertThat(cluster.elapsed()).isEqualTo(ofSeconds(12));
        org.assertj.core.api.Assertions.assertThat(cluster.job("chunks").get().getStatus().getCompletedIndexes()).isEqualTo("0-2");
    }
}
