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
                .container("task").hasRestarted(3).hasLastTerminationState(1, "Error")
                .restartedAt(Duration.ofSeconds(1), Duration.ofSeconds(12), Duration.ofSeconds(33))
                .exitedAt(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(13), Duration.ofSeconds(34))
                .lastTerminatedAt(Duration.ofSeconds(13)); // the exit at 34 s is the current state, terminated
        assertThat(cluster).pod("run-once").hasFailed()
                .isOnNode("node-1")                        // where it ran; isRunningOn would fail, it is not running
                .showsInKubectl("0/1", "Error", "0")
                .container("task").isTerminated(1, "Error");
    }
}
