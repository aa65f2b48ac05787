package dev.peapod.controllers;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** pkg/controller/job/job_controller.go: pods, back-off, conditions, events. */
class JobControllerTest {
    static final String FAILING = """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: pi}
            spec:
              backoffLimit: 6
              template:
                spec:
                  restartPolicy: Never
                  containers:
                  - name: pi
                    image: busybox:1.36
                    command: ["sh", "-c", "exit 1"]
            """;

    @Test
    void aJobWhoseContainerAlwaysFailsFailsAfterTheSeventhFailureAtTheBackOffInstants() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given
            cluster.applyYaml(FAILING);
            // when
            cluster.advance(Duration.ofMinutes(15));
            // then: each replacement waits 10 s * 2^(n-1) after the n-th failure (backoff_utils.go), counted
            // from the failed container's finishedAt; the 7th failure exceeds backoffLimit 6 at the next
            // sync, one batch period (1 s) after it
            List<Pod> pods = jobPods(cluster);
            assertThat(pods).extracting(p -> p.getMetadata().getCreationTimestamp()).containsExactly(
                    "2025-01-01T00:00:00Z", "2025-01-01T00:00:10Z", "2025-01-01T00:00:30Z", "2025-01-01T00:01:10Z",
                    "2025-01-01T00:02:30Z", "2025-01-01T00:05:10Z", "2025-01-01T00:10:30Z");
            assertThat(pods).allSatisfy(p -> {
                assertThat(p.getStatus().getPhase()).isEqualTo("Failed");
                assertThat(p.getMetadata().getFinalizers()).isEmpty();
            });
            Job job = job(cluster, "pi");
            assertThat(job.getStatus().getFailed()).isEqualTo(7);
            assertThat(job.getStatus().getActive()).isNull();
            assertThat(job.getStatus().getStartTime()).isEqualTo("2025-01-01T00:00:00Z");
            assertThat(job.getStatus().getConditions()).extracting(c -> c.getType() + " " + c.getStatus() + " " + c.getReason()
                    + " " + c.getMessage() + " " + c.getLastTransitionTime()).containsExactly(
                    "FailureTarget True BackoffLimitExceeded Job has reached the specified backoff limit 2025-01-01T00:10:31Z",
                    "Failed True BackoffLimitExceeded Job has reached the specified backoff limit 2025-01-01T00:10:31Z");
            assertThat(cluster.eventsFor(job)).extracting(e -> e.getType() + " " + e.getReason() + ": " + e.getMessage()).containsExactly(
                    "Normal SuccessfulCreate: Created pod: pi-6bk5n", "Normal SuccessfulCreate: Created pod: pi-s2r96",
                    "Normal SuccessfulCreate: Created pod: pi-lg4n7", "Normal SuccessfulCreate: Created pod: pi-s7dlr",
                    "Normal SuccessfulCreate: Created pod: pi-bj5fx", "Normal SuccessfulCreate: Created pod: pi-94865",
                    "Normal SuccessfulCreate: Created pod: pi-8hf5b",
                    "Warning BackoffLimitExceeded: Job has reached the specified backoff limit");
            assertThat(cluster.eventsFor(job)).allSatisfy(e -> assertThat(e.getSource().getComponent()).isEqualTo("job-controller"));
        }
    }

    static List<Pod> jobPods(FakeCluster cluster) {
        return cluster.context().store().list(Pod.class).stream()
                .sorted(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp()).thenComparing(p -> p.getMetadata().getName()))
                .toList();
    }

    static Job job(FakeCluster cluster, String name) {
        return cluster.context().store().require(Job.class, "default", name);
    }
}
