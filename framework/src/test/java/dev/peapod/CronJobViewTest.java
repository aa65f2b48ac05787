package dev.peapod;

import dev.peapod.printers.CronJobRow;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** cluster.cronJob(name): the live view, kubectl's columns, the assertions and their failure text. */
class CronJobViewTest {
    static final String HELLO = """
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: hello}
            spec:
              schedule: "*/5 * * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      restartPolicy: OnFailure
                      containers:
                      - {name: hello, image: "busybox:1.28", command: [sh, -c, "date; sleep 86400"]}
            """;

    @Test
    void rowShowsKubectlsColumns() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(HELLO);
            CronJobView hello = cluster.cronJob("hello");
            org.assertj.core.api.Assertions.assertThat(hello.row()).isEqualTo(new CronJobRow("hello", "*/5 * * * *", "<none>",
                    "False", "0", "<none>", "0s", "hello", "busybox:1.28", "<none>"));
            cluster.advance(Duration.ofSeconds(7 * 60 + 5));
            org.assertj.core.api.Assertions.assertThat(hello.table()).isEqualTo("""
                    NAME    SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE
                    hello   */5 * * * *   <none>     False     1        2m5s            7m5s
                    """);
        }
    }

    @Test
    void suspendAndResume() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(HELLO);
            CronJobView hello = cluster.cronJob("hello").suspend();
            cluster.advance(Duration.ofMinutes(12));
            assertThat(cluster).cronJob("hello").isSuspended().hasJobs();
            org.assertj.core.api.Assertions.assertThat(hello.row().suspend()).isEqualTo("True");
            hello.resume();
            assertThat(cluster).cronJob("hello").isNotSuspended().hasJobs("hello-28928170")
                    .hasLastScheduleTime(Instant.parse("2025-01-01T00:10:00Z"))
                    .hasEvent("SuccessfulCreate", "Created job hello-28928170");
            org.assertj.core.api.Assertions.assertThat(hello.jobs()).extracting(Job::getMetadata)
                    .extracting(m -> m.getCreationTimestamp()).containsExactly("2025-01-01T00:12:00Z");
        }
    }

    @Test
    void createsJobWaitsInVirtualTime() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(HELLO);
            assertThat(cluster).cronJob("hello").createsJob("hello-28928165").within(Duration.ofMinutes(6))
                    .hasActiveJobs(1).hasNoEvent("JobAlreadyActive");
            org.assertj.core.api.Assertions.assertThat(cluster.elapsed()).isEqualTo(Duration.ofMillis(5 * 60_000 + 100));
        }
    }

    @Test
    void aFailingCheckPrintsTheCronJobAndItsTimeline() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(HELLO);
            cluster.advance(Duration.ofMinutes(6));
            assertThatThrownBy(() -> assertThat(cluster).cronJob("hello").hasActiveJobs(2))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("""
                            Expecting cronjob default/hello to have 2 active jobs, but it has 1.
                            kubectl get cronjob:
                            NAME    SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE
                            hello   */5 * * * *   <none>     False     1        60s             6m
                            Jobs: hello-28928165
                            Active: hello-28928165
                            Timeline (virtual time):
                              00:05:00.100  SuccessfulCreate: Created job hello-28928165""");
            assertThatThrownBy(() -> assertThat(cluster).cronJob("hello").createsJob("hello-28928170").within(Duration.ofMinutes(1)))
                    .hasMessageStartingWith("Expecting cronjob default/hello to create the job hello-28928170 within 1m, but it did not.");
            cluster.applyYaml(HELLO.replace("name: hello}", "name: quiet}"));
            assertThatThrownBy(() -> assertThat(cluster).cronJob("quiet").hasActiveJobs(1))
                    .hasMessageEndingWith("Timeline (virtual time):\n  (nothing happened to this cronjob yet)");
            assertThatThrownBy(() -> assertThat(cluster).cronJob("nope").exists())
                    .hasMessage("Expecting cronjob default/nope to exist, but cronjobs.batch \"nope\" not found in namespace \"default\"; "
                            + "cronjobs there: hello, quiet.");
        }
    }
}
