package dev.peapod;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A high-priority pod preempting a low one on a full one-node cluster, with kubelets: the victim's
 * graceful termination takes its grace period on the virtual clock and the preemptor binds when it
 * is gone (kube-scheduler v1.33 framework/preemption/preemption.go prepareCandidate,
 * schedule_one.go evaluateNominatedNode; admission/priority for the PriorityClass).
 */
class PreemptionScenarioTest {
    static final String CLASSES = """
            apiVersion: scheduling.k8s.io/v1
            kind: PriorityClass
            metadata: {name: critical}
            value: 1000000
            ---
            apiVersion: scheduling.k8s.io/v1
            kind: PriorityClass
            metadata: {name: batch}
            value: 10
            preemptionPolicy: Never
            """;
    static final String LOW = """
            apiVersion: v1
            kind: Pod
            metadata: {name: low}
            spec:
              terminationGracePeriodSeconds: 20
              containers:
              - name: app
                image: nginx:1.25
                resources: {requests: {cpu: 600m}}
            """;
    static final String HIGH = """
            apiVersion: v1
            kind: Pod
            metadata: {name: high}
            spec:
              priorityClassName: critical
              containers:
              - name: app
                image: nginx:1.25
                resources: {requests: {cpu: "1"}}
            """;

    private static FakeCluster oneSmallNode() {
        return ClusterSpec.empty().node(NodeSpec.named("worker-1").allocatable("cpu", "1")).start();
    }

    @Test
    void theVictimTerminatesGracefullyAndThePreemptorBindsWhenItIsGone() {
        try (FakeCluster cluster = oneSmallNode()) {
            cluster.applyYaml(CLASSES);
            cluster.applyYaml(LOW);
            cluster.container("low", "app").ignoresSigterm(); // SIGKILL at the end of its 20 s grace period ends it
            cluster.advanceTo(Duration.ofSeconds(10));
            assertThat(cluster.pod("low").getStatus().getPhase()).isEqualTo("Running");
            // when
            cluster.applyYaml(HIGH);
            cluster.settle();
            // then at once: the victim is terminating, the preemptor nominated
            Pod high = cluster.pod("high");
            assertThat(high.getSpec().getPriority()).isEqualTo(1000000);
            assertThat(high.getStatus().getNominatedNodeName()).isEqualTo("worker-1");
            Pod low = cluster.pod("low");
            assertThat(low.getMetadata().getDeletionTimestamp()).isEqualTo("2025-01-01T00:00:30Z");
            assertThat(low.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("DisruptionTarget");
                assertThat(c.getReason()).isEqualTo("PreemptionByScheduler");
            });
            List<String> reasons = cluster.eventsFor(low).stream().map(Event::getReason).toList();
            assertThat(reasons).contains("Preempted", "Killing");
            assertThat(cluster.eventsFor(high).stream().map(e -> e.getReason() + ": " + e.getMessage()))
                    .containsExactly("FailedScheduling: 0/1 nodes are available: 1 Insufficient cpu.");
            // kubectl get pods -o wide: the victim Terminating, the preemptor Pending with its NOMINATED NODE
            assertThat(cluster.podTable())
                    .containsPattern("(?m)^high\\s+0/1\\s+Pending\\s+0\\s+0s\\s+<none>\\s+<none>\\s+worker-1\\s+<none>\\s*$")
                    .containsPattern("(?m)^low\\s+1/1\\s+Terminating\\s+0\\s+10s\\s+\\S+\\s+worker-1\\s+<none>\\s+<none>\\s*$");
            // when the victim's grace period runs out
            cluster.advanceTo(Duration.ofSeconds(29));
            assertThat(cluster.pod("high").getSpec().getNodeName()).isNull();
            cluster.advanceTo(Duration.ofSeconds(30));
            // then
            assertThat(cluster.findPod("low")).isEmpty();
            assertThat(cluster.pod("high").getSpec().getNodeName()).isEqualTo("worker-1");
            assertThat(cluster.eventsFor(cluster.pod("high")).stream()
                    .filter(e -> e.getReason().equals("Scheduled")).map(Event::getFirstTimestamp))
                    .containsExactly("2025-01-01T00:00:30Z");
        }
    }

    @Test
    void aClassWithPreemptionPolicyNeverWaits() {
        try (FakeCluster cluster = oneSmallNode()) {
            cluster.applyYaml(CLASSES);
            cluster.applyYaml(LOW);
            cluster.settle();
            // when
            cluster.applyYaml(HIGH.replace("critical", "batch"));
            cluster.advance(Duration.ofMinutes(1));
            // then
            assertThat(cluster.pod("high").getSpec().getPreemptionPolicy()).isEqualTo("Never");
            assertThat(cluster.pod("low").getMetadata().getDeletionTimestamp()).isNull();
            assertThat(cluster.eventsFor(cluster.pod("high")).get(0).getMessage())
                    .isEqualTo("0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.");
        }
    }
}
