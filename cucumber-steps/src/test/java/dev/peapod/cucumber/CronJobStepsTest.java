package dev.peapod.cucumber;

import dev.peapod.NodeSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The CronJob steps: suspend, resume, the Jobs created on the schedule, the events. */
class CronJobStepsTest {

    private static PeapodWorld world() {
        PeapodWorld world = new PeapodWorld();
        world.addNode(NodeSpec.named("node-1"));
        world.applyYaml("""
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: hello}
                spec:
                  schedule: "*/5 * * * *"
                  concurrencyPolicy: Forbid
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          restartPolicy: OnFailure
                          containers: [{name: hello, image: "busybox:1.28", command: [sleep, "3600"]}]
                """);
        return world;
    }

    @Test
    void theStepsFollowTheSchedule() {
        try (PeapodWorld world = world()) {
            CronJobSteps steps = new CronJobSteps(world);
            Workload hello = Workload.parse("cronjob", "hello");
            WorkloadSteps workloads = new WorkloadSteps(world);
            assertThatCode(() -> {
                steps.hasNoJobs(hello);
                steps.createsJob(hello, Workload.parse("job", "hello-28928165"), Duration.ofMinutes(6));
                steps.hasActiveJobs(hello, 1);
                steps.createsJob(hello, Workload.parse("job", "hello-28928165"), Duration.ofMinutes(6)); // already there: at once
                world.cluster().advance(Duration.ofMinutes(5));
                workloads.hasEvent(hello, "JobAlreadyActive");
                workloads.hasEventWithMessage(hello, "SuccessfulCreate", "Created job hello-28928165");
                steps.hasJobs(hello, "hello-28928165");
                workloads.suspended(hello);
                workloads.resumed(Workload.parse("cronjob", "\"default/hello\""));
                workloads.hasNoEvent(hello, "MissSchedule");
            }).doesNotThrowAnyException();
        }
    }

    @Test
    void aMissingJobSaysWhatTheCronJobDid() {
        try (PeapodWorld world = world()) {
            CronJobSteps steps = new CronJobSteps(world);
            assertThatThrownBy(() -> steps.createsJob(Workload.parse("cronjob", "hello"), Workload.parse("job", "hello-28928170"), Duration.ofMinutes(6)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("to create the job hello-28928170 within 6m, but it did not.")
                    .hasMessageContaining("00:05:00.100  SuccessfulCreate: Created job hello-28928165");
        }
    }
}
