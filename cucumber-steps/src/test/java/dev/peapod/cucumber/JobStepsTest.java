package dev.peapod.cucumber;

import dev.peapod.NodeSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Job steps delegate to JobAssert and the Job view. */
class JobStepsTest {
    private static final String JOB = """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: pi}
            spec:
              backoffLimit: 2
              template:
                spec:
                  restartPolicy: Never
                  containers:
                  - name: pi
                    image: busybox:1.36
                    command: ["sh", "-c", "exit 1"]
            """;

    private static PeapodWorld world(String yaml) {
        PeapodWorld world = new PeapodWorld();
        world.addNode(NodeSpec.named("node-1"));
        world.applyYaml(yaml);
        return world;
    }

    @Test
    void aFailingJobFailsWithBackoffLimitExceededAtTheBackOffInstants() {
        try (PeapodWorld world = world(JOB)) {
            JobSteps steps = new JobSteps(world);
            WorkloadSteps workloads = new WorkloadSteps(world);
            Workload pi = Workload.parse("job", "pi");
            assertThatCode(() -> {
                steps.failsWithin(pi, "BackoffLimitExceeded", Duration.ofMinutes(2));
                steps.hasFailed(pi, "BackoffLimitExceeded");
                workloads.kubectlShows(pi, "Failed 0/1");
                steps.createdPodsAt(pi, new Duration[] {Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(30)});
            }).doesNotThrowAnyException();
            assertThat(world.cluster().elapsed()).isEqualTo(Duration.ofSeconds(31));
            assertThatThrownBy(() -> steps.createdPodsAt(pi, new Duration[] {Duration.ZERO}))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("Expecting job default/pi to have created its pods at 00:00:00, but they were created at "
                            + "00:00:00, 00:00:10, 00:00:30.");
        }
    }

    @Test
    void aSuspendedJobCompletesOnceResumed() {
        try (PeapodWorld world = world(JOB.replace("exit 1", "exit 0").replace("backoffLimit: 2", "suspend: true"))) {
            JobSteps steps = new JobSteps(world);
            WorkloadSteps workloads = new WorkloadSteps(world);
            Workload pi = Workload.parse("job", "pi");
            world.cluster().advance(Duration.ofSeconds(5));
            workloads.kubectlShows(pi, "Suspended 0/1");
            workloads.resumed(pi);
            steps.completesWithin(pi, Duration.ofSeconds(10));
            steps.isComplete(pi);
            steps.createdPodsAt(pi, new Duration[] {Duration.ofSeconds(5)});
        }
    }
}
