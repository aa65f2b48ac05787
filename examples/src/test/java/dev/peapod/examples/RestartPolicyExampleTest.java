package dev.peapod.examples;

import dev.peapod.FakeCluster;
import dev.peapod.junit.PeapodTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.peapod.assertions.PeapodAssertions.assertThat;

/** restartPolicy OnFailure retries a failing task with back-off; Never leaves the pod Failed. */
@PeapodTest
class RestartPolicyExampleTest {

    @Test
    void onFailureRetriesWithBackOffAndNeverFails(FakeCluster cluster) {
        // given: both tasks exit 1 a second after they start (`sh -c "exit 1"`)
        cluster.container("retry-on-failure", "task").exitsWith(1).after(Duration.ofSeconds(1));
        cluster.container("run-once", "task").exitsWith(1).after(Duration.ofSeconds(1));
        cluster.applyResource("manifests/batch-once.yaml");
        // when: restarts at 1 s, then 10 s after the exit at 2 s, then 20 s after the exit at 13 s
        cluster.advance(Duration.ofSeconds(40));
        // then
        assertThat(cluster).pod("retry-on-failure").isRunning()
                .container("task").hasRestarted(3).hasLastTerminationState(1, "Error");
        assertThat(cluster).pod("run-once").hasFailed()
                .showsInKubectl("0/1", "Error", "0")
                .container("task").isTerminated(1, "Error");
    }
}
