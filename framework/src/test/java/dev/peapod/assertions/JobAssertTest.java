package dev.peapod.assertions;

import dev.peapod.FakeCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Checks and waits on a Job, and what a failing one says. */
class JobAssertTest {
    private static final String JOB = """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: pi}
            spec:
              backoffLimit: 1
              template:
                spec:
                  restartPolicy: Never
                  containers:
                  - name: pi
                    image: busybox:1.36
                    command: ["sh", "-c", "exit 1"]
            """;

    @Test
    void failsWithReasonWaitsForTheFailedCondition() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(JOB);
            // backoffLimit 1: the second failure (the replacement comes 10 s after the first) fails the Job at 11 s
            assertThat(cluster).job("pi").failsWithReason("BackoffLimitExceeded").within(Duration.ofMinutes(1))
                    .hasFailedWithReason("BackoffLimitExceeded").hasStatus("Failed").hasCompletions("0/1").hasFailed(2)
                    .hasActive(0).hasCondition("FailureTarget", "True", "BackoffLimitExceeded")
                    .createdPodsAt(Duration.ZERO, Duration.ofSeconds(10));
            org.assertj.core.api.Assertions.assertThat(cluster.elapsed()).isEqualTo(Duration.ofSeconds(11));
        }
    }

    @Test
    void aJobThatDoesNotCompleteSaysWhatItShowsItsTimelineAndWhatItsPodsDid() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(JOB);
            assertThatThrownBy(() -> assertThat(cluster).job("pi").completes().within(Duration.ofSeconds(30)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("""
                            Expecting job default/pi to complete within 30s, but it shows STATUS Failed, COMPLETIONS 0/1 \
                            (active 0, succeeded 0, failed 2), conditions: FailureTarget=True BackoffLimitExceeded \
                            "Job has reached the specified backoff limit", Failed=True BackoffLimitExceeded \
                            "Job has reached the specified backoff limit".
                            Timeline (virtual time):
                              00:00:00  SuccessfulCreate: Created pod: pi-6bk5n
                              00:00:10  SuccessfulCreate: Created pod: pi-s2r96
                              00:00:11  BackoffLimitExceeded: Job has reached the specified backoff limit
                              00:00:30  (now)
                            Its pods:
                              pi-6bk5n  container pi exited with code 1 (Error) at 00:00:00
                              pi-s2r96  container pi exited with code 1 (Error) at 00:00:10""");
        }
    }

    @Test
    void aMissingJobSaysSo() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            assertThatThrownBy(() -> assertThat(cluster).job("pi").isComplete())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("Expecting job default/pi to be complete, but jobs.batch \"pi\" not found in namespace \"default\"; "
                            + "jobs there: none.");
        }
    }
}
