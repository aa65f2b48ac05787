package dev.peapod.examples;

import dev.peapod.FakeCluster;
import dev.peapod.junit.PeapodTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.peapod.assertions.PeapodAssertions.assertThat;

/**
 * The kubelet's own verdicts: activeDeadlineSeconds fails a pod whatever its restart policy, and a pod
 * bound with spec.nodeName to a node that lacks the cpu it requests is rejected without running.
 */
@PeapodTest
class DeadlineAndAdmissionExampleTest {

    @Test
    void aPodPastItsDeadlineIsKilledAndFailsAndAGreedyPodIsRejected(FakeCluster cluster) {
        // given: "report" runs sh -c "sleep 3600" (PID 1 ignores SIGTERM) with a 60 s deadline and a 5 s grace period
        cluster.applyResource("manifests/deadline-and-admission.yaml");
        // when
        cluster.advance(Duration.ofMinutes(2));
        // then: SIGTERM at 60 s, SIGKILL at 65 s; Failed once the container is gone
        assertThat(cluster).pod("report").hasFailed()
                .hasReason("DeadlineExceeded")
                .hasStatusMessage("Pod was active on the node longer than the specified deadline")
                .hasEventCount("DeadlineExceeded", 4)
                .showsInKubectl("0/1", "Error", "0")   // printPod: the container's reason wins over the pod's
                .container("report").isTerminated(137, "Error").exitedAt(Duration.ofSeconds(65));
        assertThat(cluster).pod("greedy").hasFailed()
                .hasReason("OutOfcpu")
                .hasStatusMessage("Pod was rejected: Node didn't have enough resource: cpu, requested: 5000, used: 0, capacity: 4000")
                .hasEvent("OutOfcpu", "Node didn't have enough resource: cpu, requested: 5000, used: 0, capacity: 4000")
                .showsInKubectl("0/1", "OutOfcpu", "0");
    }
}
