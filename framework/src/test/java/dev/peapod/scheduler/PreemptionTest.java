package dev.peapod.scheduler;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.peapod.scheduler.TestCluster.newPod;
import static dev.peapod.scheduler.TestCluster.node;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Preemption carried out as kube-scheduler v1.33 does (framework/preemption/preemption.go Preempt,
 * DryRunPreemption, SelectVictimsOnNode, pickOneNodeForPreemption, prepareCandidate;
 * schedule_one.go handleSchedulingFailure and evaluateNominatedNode). No kubelet runs here: a test
 * finishes a victim's graceful deletion itself, as its kubelet would.
 */
class PreemptionTest {
    private final TestCluster cluster = new TestCluster().started();

    @Test
    void higherPriorityPodEvictsTheLowOneAndIsNominatedToItsNode() {
        // given
        cluster.add(node("node-1").cpu("1").build());
        cluster.add(newPod("low", "600m").editSpec().withNodeName("node-1").endSpec().build());
        // when
        cluster.add(newPod("high", "1").editSpec().withPriority(1000).endSpec().build());
        // then upstream's message has no preemption part once preemption found a node
        assertThat(cluster.failedScheduling("high")).isEqualTo("0/1 nodes are available: 1 Insufficient cpu.");
        Pod high = cluster.pod("high");
        assertThat(high.getStatus().getNominatedNodeName()).isEqualTo("node-1");
        assertThat(high.getSpec().getNodeName()).isNull();
        assertThat(cluster.context.timeline().describe("default", "high"))
                .contains("00:00:00  nominated to node node-1, preempting default/low");
        assertThat(cluster.context.timeline().describe("default", "low"))
                .contains("00:00:00  Preempted: Preempted by pod " + high.getMetadata().getUid() + " on node node-1");
        Pod low = cluster.pod("low");
        assertThat(low.getMetadata().getDeletionTimestamp()).isEqualTo("2025-01-01T00:00:30Z");
        assertThat(low.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(30L);
        PodCondition target = condition(low, "DisruptionTarget");
        assertThat(target.getStatus()).isEqualTo("True");
        assertThat(target.getReason()).isEqualTo("PreemptionByScheduler");
        assertThat(target.getMessage()).isEqualTo("default-scheduler: preempting to accommodate a higher priority pod");
        assertThat(target.getLastTransitionTime()).isEqualTo("2025-01-01T00:00:00Z");
        Event preempted = cluster.event("low", "Preempted").orElseThrow();
        assertThat(preempted.getType()).isEqualTo("Normal");
        assertThat(preempted.getMessage()).isEqualTo("Preempted by pod " + high.getMetadata().getUid() + " on node node-1");
        assertThat(preempted.getInvolvedObject().getName()).isEqualTo("low");
        assertThat(preempted.getRelated().getName()).isEqualTo("high");
        assertThat(preempted.getSource().getComponent()).isEqualTo("default-scheduler");
    }

    @Test
    void preemptorBindsToItsNominatedNodeOnceTheVictimIsGone() {
        // given
        cluster.add(node("node-1").cpu("1").build());
        cluster.add(newPod("low", "600m").editSpec().withNodeName("node-1").endSpec().build());
        cluster.add(newPod("high", "1").editSpec().withPriority(1000).endSpec().build());
        // when the victim's kubelet finishes its termination 12 s later
        cluster.advance(Duration.ofSeconds(12));
        assertThat(cluster.nodeOf("high")).isEmpty();
        cluster.store.delete(Pod.class, "default", "low", 0L);
        cluster.loop.settle();
        // then
        assertThat(cluster.nodeOf("high")).isEqualTo("node-1");
        assertThat(cluster.podScheduled("high").getLastTransitionTime()).isEqualTo("2025-01-01T00:00:12Z");
        assertThat(cluster.pod("high").getStatus().getNominatedNodeName()).isEqualTo("node-1"); // v1.33 leaves it
        assertThat(cluster.failedSchedulingCount("high")).isEqualTo(1);
    }

    @Test
    void aRetryWhileTheVictimStillTerminatesDoesNotPreemptAgain() {
        // given high preempted low, whose termination never ends here (no kubelet)
        cluster.add(node("node-1").cpu("1").build());
        cluster.add(newPod("low", "600m").editSpec().withNodeName("node-1").endSpec().build());
        cluster.add(newPod("high", "1").editSpec().withPriority(1000).endSpec().build());
        // when the unschedulable pool is flushed after 5 minutes (the 30 s tick after 00:05:00)
        cluster.advance(Duration.ofMinutes(6));
        // then
        assertThat(cluster.events("high").stream().filter(e -> e.getReason().equals("FailedScheduling"))
                .map(e -> e.getLastTimestamp() + " " + e.getMessage())).containsExactly(
                "2025-01-01T00:00:00Z 0/1 nodes are available: 1 Insufficient cpu.",
                "2025-01-01T00:05:30Z 0/1 nodes are available: 1 Insufficient cpu. "
                        + "preemption: not eligible due to a terminating pod on the nominated node.");
        assertThat(cluster.pod("high").getStatus().getNominatedNodeName()).isEqualTo("node-1");
        assertThat(cluster.podScheduled("high").getLastTransitionTime()).isEqualTo("2025-01-01T00:00:00Z");
    }

    @Test
    void aNodeThatAppearsWhileTheVictimTerminatesTakesThePreemptor() {
        // given
        cluster.add(node("node-1").cpu("1").build());
        cluster.add(newPod("low", "600m").editSpec().withNodeName("node-1").endSpec().build());
        cluster.add(newPod("high", "1").editSpec().withPriority(1000).endSpec().build());
        cluster.advance(Duration.ofSeconds(5));
        // when
        cluster.add(node("node-2").cpu("1").build());
        // then the nominated node is tried first, fails, and every node is tried
        assertThat(cluster.nodeOf("high")).isEqualTo("node-2");
    }

    @Test
    void onlyTheVictimsNeededAreEvictedTheMostImportantReprievedFirst() {
        // given
        cluster.add(node("node-1").cpu("2").build());
        cluster.add(newPod("a", "500m").editSpec().withNodeName("node-1").withPriority(10).endSpec().build());
        cluster.add(newPod("b", "500m").editSpec().withNodeName("node-1").withPriority(5).endSpec().build());
        cluster.add(newPod("c", "500m").editSpec().withNodeName("node-1").withPriority(1).endSpec().build());
        cluster.add(newPod("d", "500m").editSpec().withNodeName("node-1").withPriority(1000).endSpec().build());
        // when
        cluster.add(newPod("high", "1").editSpec().withPriority(100).endSpec().build());
        // then a (10) is reprieved, then b (5) does not fit back, c (1) does not either
        assertThat(deleting("a")).isFalse();
        assertThat(deleting("b")).isTrue();
        assertThat(deleting("c")).isTrue();
        assertThat(deleting("d")).isFalse();
    }

    @Test
    void preemptionPolicyNeverEvictsNothing() {
        // given
        cluster.add(node("node-1").cpu("1").build());
        cluster.add(newPod("low", "600m").editSpec().withNodeName("node-1").endSpec().build());
        // when
        cluster.add(newPod("high", "1").editSpec().withPriority(1000).withPreemptionPolicy("Never").endSpec().build());
        // then
        assertThat(cluster.failedScheduling("high")).isEqualTo("0/1 nodes are available: 1 Insufficient cpu. "
                + "preemption: not eligible due to preemptionPolicy=Never.");
        assertThat(deleting("low")).isFalse();
        assertThat(cluster.pod("high").getStatus().getNominatedNodeName()).isNull();
    }

    @Test
    void theNodeWhoseMostImportantVictimHasTheLowestPriorityIsPicked() {
        // given three full nodes; evicting from node-b costs only priority-1 pods
        cluster.add(node("node-a").cpu("1").build(), node("node-b").cpu("1").build(), node("node-c").cpu("1").build());
        cluster.add(newPod("on-a", "1").editSpec().withNodeName("node-a").withPriority(50).endSpec().build());
        cluster.add(newPod("on-b", "1").editSpec().withNodeName("node-b").withPriority(1).endSpec().build());
        cluster.add(newPod("on-c", "1").editSpec().withNodeName("node-c").withPriority(20).endSpec().build());
        // when
        cluster.add(newPod("high", "1").editSpec().withPriority(100).endSpec().build());
        // then
        assertThat(cluster.pod("high").getStatus().getNominatedNodeName()).isEqualTo("node-b");
        assertThat(List.of(deleting("on-a"), deleting("on-b"), deleting("on-c"))).containsExactly(false, true, false);
    }

    @Test
    void withEqualVictimsTheFewestPodsThenTheLatestStartWin() {
        // given node-x needs two priority-0 pods gone, node-y and node-z one each; node-z's started later
        cluster.add(node("node-x").cpu("1").build(), node("node-y").cpu("1").build(), node("node-z").cpu("1").build());
        cluster.add(newPod("x1", "500m").editSpec().withNodeName("node-x").endSpec().build(),
                newPod("x2", "500m").editSpec().withNodeName("node-x").endSpec().build());
        cluster.add(newPod("y", "1").editSpec().withNodeName("node-y").endSpec().build(),
                newPod("z", "1").editSpec().withNodeName("node-z").endSpec().build());
        started("z", "2024-12-31T23:30:00Z"); // the kubelet's status.startTime
        started("y", "2024-12-31T23:00:00Z");
        // when
        cluster.add(newPod("high", "1").editSpec().withPriority(100).endSpec().build());
        // then
        assertThat(cluster.pod("high").getStatus().getNominatedNodeName()).isEqualTo("node-z");
        assertThat(deleting("z")).isTrue();
        assertThat(deleting("y")).isFalse();
        assertThat(deleting("x1")).isFalse();
    }

    @Test
    void aNominatedPodHoldsItsPlaceAgainstPodsOfLowerPriority() {
        // given high is nominated to node-1 while low terminates
        cluster.add(node("node-1").cpu("1").build());
        cluster.add(newPod("low", "600m").editSpec().withNodeName("node-1").endSpec().build());
        cluster.add(newPod("high", "1").editSpec().withPriority(1000).endSpec().build());
        cluster.advance(Duration.ofSeconds(3));
        // when a small pod of lower priority than high comes, and low is gone
        cluster.add(newPod("small", "100m").editSpec().withPriority(500).withPreemptionPolicy("Never").endSpec().build());
        // then small may not take high's room: high counts on node-1
        assertThat(cluster.nodeOf("small")).isEmpty();
        assertThat(cluster.failedScheduling("small")).isEqualTo("0/1 nodes are available: 1 Insufficient cpu. "
                + "preemption: not eligible due to preemptionPolicy=Never.");
    }

    @Test
    void aHigherPreemptorTakesTheNodeAndClearsTheLowerNomination() {
        // given mid preempted low on node-1 and waits for it
        cluster.add(node("node-1").cpu("1").build());
        cluster.add(newPod("low", "600m").editSpec().withNodeName("node-1").endSpec().build());
        cluster.add(newPod("mid", "1").editSpec().withPriority(500).endSpec().build());
        assertThat(cluster.pod("mid").getStatus().getNominatedNodeName()).isEqualTo("node-1");
        // when high comes before low is gone: mid's nomination is of lower priority, so it does not count for high
        cluster.add(newPod("high", "1").editSpec().withPriority(1000).endSpec().build());
        // then low, already terminating, is preempted again: v1.33's prepareCandidate skips no
        // terminating victim (the skip came with v1.34/v1.35), so a second Preempted event names high;
        // its DisruptionTarget condition is unchanged, so not written again; mid loses its nomination
        assertThat(cluster.pod("high").getStatus().getNominatedNodeName()).isEqualTo("node-1");
        assertThat(cluster.pod("mid").getStatus().getNominatedNodeName()).isNull();
        assertThat(cluster.events("low").stream().filter(e -> e.getReason().equals("Preempted"))
                .map(Event::getMessage)).containsExactly(
                "Preempted by pod " + cluster.pod("mid").getMetadata().getUid() + " on node node-1",
                "Preempted by pod " + cluster.pod("high").getMetadata().getUid() + " on node node-1");
        assertThat(cluster.pod("low").getMetadata().getDeletionTimestamp()).isEqualTo("2025-01-01T00:00:30Z");
        assertThat(condition(cluster.pod("low"), "DisruptionTarget").getMessage())
                .isEqualTo("default-scheduler: preempting to accommodate a higher priority pod");
        // and once low is gone, high binds there
        cluster.advance(Duration.ofSeconds(2));
        cluster.store.delete(Pod.class, "default", "low", 0L);
        cluster.loop.settle();
        assertThat(cluster.nodeOf("high")).isEqualTo("node-1");
        assertThat(cluster.nodeOf("mid")).isEmpty();
    }

    @Test
    void aVictimDeletedAtOnceDoesNotLeaveThePreemptorInTheUnschedulablePool() {
        // given a victim with no grace period: the store removes it inside the preemption's delete
        cluster.add(node("node-1").cpu("1").build());
        cluster.add(newPod("low", "600m").editSpec().withNodeName("node-1").withTerminationGracePeriodSeconds(0L)
                .endSpec().build());
        // when
        cluster.add(newPod("high", "1").editSpec().withPriority(1000).endSpec().build());
        cluster.advance(Duration.ofSeconds(2));
        // then the AssignedPodDelete moves high out of the pool (NodeResourcesFit's hint: Queue) into
        // backoffQ, which is popped at once while activeQ is empty (SchedulerPopFromBackoffQ), not
        // after the 5-minute flush
        assertThat(cluster.store.get(Pod.class, "default", "low")).isEmpty();
        assertThat(cluster.nodeOf("high")).isEqualTo("node-1");
        assertThat(cluster.podScheduled("high").getLastTransitionTime()).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(cluster.failedSchedulingCount("high")).isEqualTo(1);
    }

    @Test
    void deletingANominatedPodRequeuesThePodsOfLowerPriorityItBlocked() {
        // given high is nominated to node-1 while low terminates, and small (lower priority) waits behind it
        cluster.add(node("node-1").cpu("1").build());
        cluster.add(newPod("low", "600m").editSpec().withNodeName("node-1").endSpec().build());
        cluster.add(newPod("high", "1").editSpec().withPriority(1000).endSpec().build());
        cluster.advance(Duration.ofSeconds(3));
        cluster.add(newPod("small", "100m").editSpec().withPriority(500).withPreemptionPolicy("Never").endSpec().build());
        cluster.advance(Duration.ofSeconds(2));
        // when high is deleted at 00:00:05
        cluster.store.delete(Pod.class, "default", "high", 0L);
        cluster.loop.settle();
        // then (v1.33 eventhandlers.go deletePodFromSchedulingQueue, PR #129058) small is retried at once
        // and fits next to the terminating low
        assertThat(cluster.nodeOf("small")).isEqualTo("node-1");
        assertThat(cluster.podScheduled("small").getLastTransitionTime()).isEqualTo("2025-01-01T00:00:05Z");
    }

    @Test
    void aNominatedPodBoundElsewhereRequeuesThePodsOfLowerPriorityItBlocked() {
        // given high is nominated to node-1 while low terminates; small waits behind it; node-2 is tainted
        cluster.add(node("node-1").cpu("1").build(), node("node-2").cpu("1").taint("dedicated", "x", "NoSchedule").build());
        cluster.add(newPod("low", "600m").editSpec().withNodeName("node-1").endSpec().build());
        cluster.add(newPod("high", "1").editSpec().withPriority(1000).endSpec().build());
        assertThat(cluster.pod("high").getStatus().getNominatedNodeName()).isEqualTo("node-1");
        cluster.advance(Duration.ofSeconds(3));
        cluster.add(newPod("small", "100m").editSpec().withPriority(500).withPreemptionPolicy("Never").endSpec().build());
        assertThat(cluster.nodeOf("small")).isEmpty();
        cluster.advance(Duration.ofSeconds(2));
        // when something else binds high to node-2 at 00:00:05
        cluster.store.bind("default", "high", "node-2");
        cluster.loop.settle();
        // then high leaving the unscheduled-pod handler is its OnDelete(old), and old named node-1
        // (v1.33 deletePodFromSchedulingQueue): small is retried at once and fits next to low
        assertThat(cluster.nodeOf("small")).isEqualTo("node-1");
        assertThat(cluster.podScheduled("small").getLastTransitionTime()).isEqualTo("2025-01-01T00:00:05Z");
    }

    @Test
    void aClearedNominationRequeuesThePodsOfLowerOrEqualPriority() {
        // given mid is nominated to node-1 and small (below mid) was rejected at 00:00:03
        cluster.add(node("node-1").cpu("1").build());
        cluster.add(newPod("low", "600m").editSpec().withNodeName("node-1").endSpec().build());
        cluster.add(newPod("mid", "1").editSpec().withPriority(500).endSpec().build());
        cluster.advance(Duration.ofSeconds(3));
        cluster.add(newPod("small", "100m").editSpec().withPriority(100).withPreemptionPolicy("Never").endSpec().build());
        cluster.advance(Duration.ofSeconds(2));
        // when high's preemption clears mid's nomination at 00:00:05
        cluster.add(newPod("high", "1").editSpec().withPriority(1000).endSpec().build());
        // then (updatePodInSchedulingQueue, hasNominatedNodeNameChanged) small is retried at once; high's
        // nomination now holds node-1 against it
        assertThat(cluster.pod("mid").getStatus().getNominatedNodeName()).isNull();
        assertThat(cluster.events("small").stream().filter(e -> e.getReason().equals("FailedScheduling"))
                .map(e -> e.getCount() + " " + e.getFirstTimestamp() + " " + e.getLastTimestamp() + " " + e.getMessage()))
                .containsExactly("2 2025-01-01T00:00:03Z 2025-01-01T00:00:05Z 0/1 nodes are available: 1 Insufficient cpu. "
                        + "preemption: not eligible due to preemptionPolicy=Never.");
        assertThat(cluster.nodeOf("small")).isEmpty();
    }

    @Test
    void noNodesAvailableClearsThePodsNomination() {
        // given high is nominated to node-1, the only node, while low terminates
        cluster.add(node("node-1").cpu("1").build());
        cluster.add(newPod("low", "600m").editSpec().withNodeName("node-1").endSpec().build());
        cluster.add(newPod("high", "1").editSpec().withPriority(1000).endSpec().build());
        // when node-1 is deleted; NodeResourcesFit registers no Node/Delete, so high waits for the flush
        cluster.store.delete(io.fabric8.kubernetes.api.model.Node.class, null, "node-1");
        cluster.loop.settle();
        cluster.advance(Duration.ofMinutes(6));
        // then schedule_one.go: ErrNoNodesAvailable carries clearNominatedNode
        assertThat(cluster.events("high").stream().filter(e -> e.getReason().equals("FailedScheduling"))
                .map(e -> e.getFirstTimestamp() + " " + e.getMessage())).containsExactly(
                "2025-01-01T00:00:00Z 0/1 nodes are available: 1 Insufficient cpu.",
                "2025-01-01T00:05:30Z no nodes available to schedule pods");
        assertThat(cluster.pod("high").getStatus().getNominatedNodeName()).isNull();
        assertThat(cluster.podScheduled("high").getMessage()).isEqualTo("no nodes available to schedule pods");
    }

    @Test
    void aDryRunSuccessWithNoVictimIsAnErrorNotACandidate() {
        // given filters that pass whatever stays on the node (as a stale PreFilter state could)
        List<NodeInfo> nodes = List.of(
                NodeInfo.of(node("node-1").cpu("1").build(), List.of(PodInfo.of(newPod("a", "1").editSpec()
                        .withNodeName("node-1").endSpec().build()))),
                NodeInfo.of(node("node-2").cpu("1").build(), List.of(PodInfo.of(newPod("b", "1").editSpec()
                        .withNodeName("node-2").endSpec().build()))));
        java.util.Map<String, Status> statuses = new java.util.LinkedHashMap<>();
        statuses.put("node-1", Status.unschedulable("Insufficient cpu"));
        statuses.put("node-2", Status.unschedulable("Insufficient cpu"));
        FitError fitError = new FitError(2, statuses, Status.unresolvable(DefaultPreemption.NOT_HELPFUL), "", "");
        PodInfo high = PodInfo.of(newPod("high", "1").editSpec().withPriority(100).endSpec().build());
        // when
        DefaultPreemption.Result result = new DefaultPreemption(new java.util.Random(1)).postFilter(high, fitError,
                new Snapshot(nodes), (pod, node) -> Status.SUCCESS, java.time.Instant.EPOCH);
        // then DryRunPreemption's "expected at least one victim pod on node %q" for each node, aggregated
        // (utilerrors.NewAggregate), and no nomination; before, pickOneNodeForPreemption threw
        assertThat(result.message()).isIn(
                "[expected at least one victim pod on node \"node-1\", expected at least one victim pod on node \"node-2\"]",
                "[expected at least one victim pod on node \"node-2\", expected at least one victim pod on node \"node-1\"]");
        assertThat(result.nominatedNode()).isNull();
        assertThat(result.victims()).isEmpty();
    }

    @Test
    void tenPercentOfThePotentialNodesAtLeastAHundredAreDryRun() {
        assertThat(DefaultPreemption.numCandidates(1)).isEqualTo(1);
        assertThat(DefaultPreemption.numCandidates(50)).isEqualTo(50);
        assertThat(DefaultPreemption.numCandidates(1000)).isEqualTo(100);
        assertThat(DefaultPreemption.numCandidates(5000)).isEqualTo(500);
    }

    private void started(String pod, String at) {
        cluster.store.editStatus(Pod.class, "default", pod, p -> p.getStatus().setStartTime(at));
        cluster.loop.settle();
    }

    private boolean deleting(String pod) {
        return cluster.pod(pod).getMetadata().getDeletionTimestamp() != null;
    }

    private static PodCondition condition(Pod pod, String type) {
        return pod.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }
}
