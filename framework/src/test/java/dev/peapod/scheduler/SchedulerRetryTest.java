package dev.peapod.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.peapod.scheduler.TestCluster.newPod;
import static dev.peapod.scheduler.TestCluster.node;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When an unschedulable pod is tried again: on a cluster event a rejecting plugin's QueueingHint
 * accepts, after 5 minutes in the unschedulable pool, or after backoff when it failed with no
 * plugin to blame (kubernetes: pkg/scheduler/backend/queue/scheduling_queue.go, v1.33 with
 * SchedulerQueueingHints and SchedulerPopFromBackoffQ). Each new attempt that fails records the
 * FailedScheduling event again, which the recorder counts.
 */
class SchedulerRetryTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private final TestCluster cluster = new TestCluster().started();

    @Test
    void unschedulablePodIsScheduledAsSoonAsAMatchingNodeIsAdded() {
        // given
        cluster.add(node("node-1").build());
        cluster.add(newPod("web").editSpec().withNodeSelector(Map.of("disktype", "ssd")).endSpec().build());
        cluster.advance(Duration.ofSeconds(30));
        // when
        cluster.add(node("node-2").label("disktype", "ssd").build());
        // then
        assertThat(cluster.nodeOf("web")).isEqualTo("node-2");
        assertThat(cluster.event("web", "Scheduled").orElseThrow().getLastTimestamp()).isEqualTo("2025-01-01T00:00:30Z");
        assertThat(cluster.failedSchedulingCount("web")).isEqualTo(1);
    }

    @Test
    void nodeThatDoesNotMatchTheSelectorTriggersNoNewAttempt() {
        // given
        cluster.add(node("node-1").build());
        cluster.add(newPod("web").editSpec().withNodeSelector(Map.of("disktype", "ssd")).endSpec().build());
        // when
        cluster.add(node("node-2").label("disktype", "hdd").build());
        // then
        assertThat(cluster.nodeOf("web")).isEmpty();
        assertThat(cluster.failedSchedulingCount("web")).isEqualTo(1);
    }

    @Test
    void labellingANodeToMatchRequeuesThePod() {
        // given
        cluster.add(node("node-1").build());
        cluster.add(newPod("web").editSpec().withNodeSelector(Map.of("disktype", "ssd")).endSpec().build());
        // when
        cluster.store.edit(Node.class, null, "node-1", n -> n.getMetadata().getLabels().put("disktype", "ssd"));
        cluster.loop.settle();
        // then
        assertThat(cluster.nodeOf("web")).isEqualTo("node-1");
    }

    @Test
    void heartbeatThatChangesNothingRequeuesNoPod() {
        // given
        cluster.add(withReadyCondition(node("node-1").cpu("1").build(), "2025-01-01T00:00:00Z"));
        cluster.add(newPod("web", "2").build());
        // when
        cluster.store.updateStatus(withReadyCondition(cluster.store.require(Node.class, null, "node-1"), "2025-01-01T00:00:10Z"));
        cluster.loop.settle();
        // then
        assertThat(cluster.failedSchedulingCount("web")).isEqualTo(1);
    }

    @Test
    void podIsRetriedAfterFiveMinutesInTheUnschedulablePoolOnTheNextThirtySecondFlush() {
        // given
        cluster.add(node("node-1").cpu("1").build());
        cluster.add(newPod("web", "2").build());
        // when
        cluster.advance(Duration.ofSeconds(329));
        int beforeFlush = cluster.failedSchedulingCount("web");
        cluster.advance(Duration.ofSeconds(1));
        // then 300 s is not more than 5 minutes: the tick at 330 s is the first to flush it
        assertThat(beforeFlush).isEqualTo(1);
        assertThat(cluster.failedSchedulingCount("web")).isEqualTo(2);
        assertThat(cluster.event("web", "FailedScheduling").orElseThrow().getLastTimestamp())
                .isEqualTo("2025-01-01T00:05:30Z");
    }

    @Test
    void deletedPodFreesItsResourcesForAWaitingPod() {
        // given
        cluster.add(node("node-1").cpu("1").build());
        cluster.add(newPod("first", "1").build());
        cluster.add(newPod("second", "1").build());
        // when
        cluster.store.delete(Pod.class, "default", "first", 0L);
        cluster.loop.settle();
        // then
        assertThat(cluster.nodeOf("second")).isEqualTo("node-1");
    }

    @Test
    void podThatSucceededFreesItsResourcesForAWaitingPod() {
        // given
        cluster.add(node("node-1").cpu("1").build());
        cluster.add(newPod("job", "1").build());
        cluster.add(newPod("web", "1").build());
        // when
        cluster.store.editStatus(Pod.class, "default", "job", p -> p.getStatus().setPhase("Succeeded"));
        cluster.loop.settle();
        // then
        assertThat(cluster.nodeOf("web")).isEqualTo("node-1");
    }

    @Test
    void terminatingPodStillHoldsItsResources() {
        // given
        cluster.add(node("node-1").cpu("1").build());
        cluster.add(newPod("first", "1").build());
        cluster.add(newPod("second", "1").build());
        // when
        cluster.store.delete(Pod.class, "default", "first");
        cluster.loop.settle();
        // then
        assertThat(cluster.pod("first").getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(cluster.nodeOf("second")).isEmpty();
    }

    @Test
    void growingAllocatableRequeuesAPodThatNowFits() {
        // given
        cluster.add(node("node-1").cpu("1").build());
        cluster.add(newPod("web", "2").build());
        // when
        cluster.store.updateStatus(withAllocatable(cluster.store.require(Node.class, null, "node-1"), "4"));
        cluster.loop.settle();
        // then
        assertThat(cluster.nodeOf("web")).isEqualTo("node-1");
    }

    @Test
    void uncordoningANodeRequeuesThePod() {
        // given
        cluster.add(node("node-1").unschedulable().build());
        cluster.add(newPod("web").build());
        // when
        cluster.store.edit(Node.class, null, "node-1", n -> n.getSpec().setUnschedulable(null));
        cluster.loop.settle();
        // then
        assertThat(cluster.nodeOf("web")).isEqualTo("node-1");
    }

    @Test
    void removingATaintRequeuesThePod() {
        // given
        cluster.add(node("node-1").taint("dedicated", "gpu", "NoSchedule").build());
        cluster.add(newPod("web").build());
        // when
        cluster.store.edit(Node.class, null, "node-1", n -> n.getSpec().setTaints(List.of()));
        cluster.loop.settle();
        // then
        assertThat(cluster.nodeOf("web")).isEqualTo("node-1");
    }

    @Test
    void addingATolerationToThePodRequeuesIt() {
        // given
        cluster.add(node("node-1").taint("dedicated", "gpu", "NoSchedule").build());
        cluster.add(newPod("web").build());
        // when
        cluster.store.edit(Pod.class, "default", "web", p -> p.getSpec().setTolerations(List.of(
                new TolerationBuilder().withKey("dedicated").withOperator("Exists").build())));
        cluster.loop.settle();
        // then
        assertThat(cluster.nodeOf("web")).isEqualTo("node-1");
    }

    @Test
    void withNoNodesThePodIsRetriedWhenItsDoublingBackoffWindowHasPassed() {
        // given
        cluster.add(newPod("web").build());
        // when
        List<Integer> counts = new ArrayList<>();
        for (int second : new int[]{1, 2, 4, 5, 9, 10, 18, 19}) {
            cluster.advance(Duration.between(cluster.clock.now(), T0.plusSeconds(second)));
            counts.add(cluster.failedSchedulingCount("web"));
        }
        // then attempts at 0, 2, 5, 10, 19 s: backoff 1, 2, 4, 8 s, each released at the window after it ends
        assertThat(counts).containsExactly(1, 2, 2, 3, 3, 4, 4, 5);
    }

    @Test
    void podWaitingForNodesIsScheduledAtItsNextBackoffRetryAfterANodeJoins() {
        // given
        cluster.add(newPod("web").build());
        cluster.advance(Duration.ofMillis(1500));
        // when
        cluster.add(node("node-1").build());
        boolean boundBeforeRetry = !cluster.nodeOf("web").isEmpty();
        cluster.advance(Duration.ofMillis(500));
        // then the pod sits in the error backoffQ, which no node event shortens
        assertThat(boundBeforeRetry).isFalse();
        assertThat(cluster.nodeOf("web")).isEqualTo("node-1");
        assertThat(cluster.event("web", "Scheduled").orElseThrow().getLastTimestamp()).isEqualTo("2025-01-01T00:00:02Z");
    }

    @Test
    void gatedPodWaitsWithoutEventsUntilItsGatesAreRemoved() {
        // given
        cluster.add(node("node-1").build());
        cluster.add(newPod("web").editSpec().addNewSchedulingGate().withName("example.com/wait").endSchedulingGate()
                .endSpec().build());
        boolean scheduledWhileGated = !cluster.nodeOf("web").isEmpty();
        // when
        cluster.store.edit(Pod.class, "default", "web", p -> p.getSpec().setSchedulingGates(List.of()));
        cluster.loop.settle();
        // then
        assertThat(scheduledWhileGated).isFalse();
        assertThat(cluster.event("web", "FailedScheduling")).isEmpty();
        assertThat(cluster.nodeOf("web")).isEqualTo("node-1");
    }

    private static Node withReadyCondition(Node node, String heartbeat) {
        NodeCondition ready = new NodeConditionBuilder().withType("Ready").withStatus("True")
                .withLastHeartbeatTime(heartbeat).withLastTransitionTime("2025-01-01T00:00:00Z").build();
        node.getStatus().setConditions(List.of(ready));
        node.getMetadata().setResourceVersion(null);
        return node;
    }

    private static Node withAllocatable(Node node, String cpu) {
        node.getStatus().getAllocatable().put("cpu", new Quantity(cpu));
        node.getMetadata().setResourceVersion(null);
        return node;
    }
}
