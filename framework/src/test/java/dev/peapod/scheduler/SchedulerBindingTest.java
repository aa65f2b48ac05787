package dev.peapod.scheduler;

import io.fabric8.kubernetes.api.model.ContainerImageBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTermBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.peapod.scheduler.TestCluster.newPod;
import static dev.peapod.scheduler.TestCluster.node;
import static org.assertj.core.api.Assertions.assertThat;

/** Binding, the Scheduled event, PodScheduled True, node scoring and seeded tie-breaking. */
class SchedulerBindingTest {
    private final TestCluster cluster = new TestCluster().started();

    @Test
    void boundPodGetsAScheduledEventFromTheDefaultScheduler() {
        // given
        cluster.add(node("node-1").build());
        // when
        cluster.add(newPod("web").build());
        // then
        Event scheduled = cluster.event("web", "Scheduled").orElseThrow();
        assertThat(cluster.nodeOf("web")).isEqualTo("node-1");
        assertThat(scheduled.getType()).isEqualTo("Normal");
        assertThat(scheduled.getMessage()).isEqualTo("Successfully assigned default/web to node-1");
        assertThat(scheduled.getSource().getComponent()).isEqualTo("default-scheduler");
    }

    @Test
    void bindingSetsPodScheduledTrueWithoutReasonOrMessage() {
        // given
        cluster.add(node("node-1").build());
        // when
        cluster.add(newPod("web").build());
        // then
        PodCondition condition = cluster.podScheduled("web");
        assertThat(condition.getStatus()).isEqualTo("True");
        assertThat(condition.getReason()).isNull();
        assertThat(condition.getMessage()).isNull();
        assertThat(condition.getLastProbeTime()).isNull();
        assertThat(condition.getLastTransitionTime()).isEqualTo("2025-01-01T00:00:00Z");
    }

    @Test
    void podScheduledFlipsToTrueWhenTheRetrySucceeds() {
        // given
        cluster.add(node("node-1").cpu("1").build());
        cluster.add(newPod("web", "2").build());
        cluster.advance(Duration.ofMinutes(2));
        // when
        cluster.add(node("node-2").build());
        // then
        List<PodCondition> conditions = cluster.pod("web").getStatus().getConditions();
        assertThat(conditions).hasSize(1);
        assertThat(conditions.get(0).getStatus()).isEqualTo("True");
        assertThat(conditions.get(0).getReason()).isNull();
        assertThat(conditions.get(0).getLastTransitionTime()).isEqualTo("2025-01-01T00:02:00Z");
    }

    @Test
    void schedulingRunsOnTheLoopNotInsideTheWrite() {
        // given
        cluster.add(node("node-1").build());
        // when
        cluster.store.create(newPod("web").build());
        String duringWrite = cluster.nodeOf("web");
        cluster.loop.settle();
        // then
        assertThat(duringWrite).isEmpty();
        assertThat(cluster.nodeOf("web")).isEqualTo("node-1");
    }

    @Test
    void podWithANodeNameIsLeftAloneButCountsOnItsNode() {
        // given
        cluster.add(node("node-1").cpu("1").build());
        // when
        cluster.add(newPod("static", "1").editSpec().withNodeName("node-1").endSpec().build());
        cluster.add(newPod("web", "1").build());
        // then
        assertThat(cluster.events("static")).isEmpty();
        assertThat(cluster.pod("static").getStatus().getConditions()).isEmpty();
        assertThat(cluster.failedScheduling("web")).startsWith("0/1 nodes are available: 1 Insufficient cpu.");
    }

    @Test
    void podForAnotherSchedulerIsLeftAlone() {
        // given
        cluster.add(node("node-1").build());
        // when
        cluster.add(newPod("web").editSpec().withSchedulerName("my-scheduler").endSpec().build());
        // then
        assertThat(cluster.nodeOf("web")).isEmpty();
        assertThat(cluster.events("web")).isEmpty();
    }

    @Test
    void leastAllocatedPrefersTheEmptierNode() {
        // given
        cluster.add(node("node-a").build(), node("node-b").build());
        cluster.add(newPod("busy", "3", "1Gi").editSpec().withNodeName("node-a").endSpec().build());
        // when
        cluster.add(newPod("web", "500m", "1Gi").build());
        // then
        assertThat(cluster.nodeOf("web")).isEqualTo("node-b");
    }

    @Test
    void preferredNodeAffinityWinsOverATie() {
        // given
        cluster.add(node("node-a").build(), node("node-b").label("zone", "west").build(), node("node-c").build());
        // when
        cluster.add(newPod("web").editSpec().withNewAffinity().withNewNodeAffinity()
                .withPreferredDuringSchedulingIgnoredDuringExecution(new PreferredSchedulingTermBuilder().withWeight(10)
                        .withNewPreference().withMatchExpressions(new NodeSelectorRequirementBuilder().withKey("zone")
                                .withOperator("In").withValues("west").build()).endPreference().build())
                .endNodeAffinity().endAffinity().endSpec().build());
        // then
        assertThat(cluster.nodeOf("web")).isEqualTo("node-b");
    }

    @Test
    void preferNoScheduleTaintSteersPodsAway() {
        // given
        cluster.add(node("node-a").taint("spot", "true", "PreferNoSchedule").build(), node("node-b").build());
        // when
        cluster.add(newPod("web").build());
        // then
        assertThat(cluster.nodeOf("web")).isEqualTo("node-b");
    }

    @Test
    void nodeThatHasTheImageIsPreferred() {
        // given
        Node withImage = node("node-b").build();
        withImage.getStatus().setImages(List.of(new ContainerImageBuilder()
                .withNames("docker.io/library/nginx:latest", "nginx:latest").withSizeBytes(500L * 1024 * 1024).build()));
        cluster.add(node("node-a").build(), withImage, node("node-c").build());
        // when
        cluster.add(newPod("web").build());
        // then
        assertThat(cluster.nodeOf("web")).isEqualTo("node-b");
    }

    @Test
    void requiredNodeAffinityTermsAreOred() {
        // given
        cluster.add(node("node-a").label("zone", "east").build(), node("node-b").label("gpu", "8").build());
        // when
        cluster.add(newPod("web").editSpec().withNewAffinity().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().withMatchExpressions(expression("zone", "In", "west")).endNodeSelectorTerm()
                .addNewNodeSelectorTerm().withMatchExpressions(expression("gpu", "Gt", "4")).endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().endSpec().build());
        // then
        assertThat(cluster.nodeOf("web")).isEqualTo("node-b");
    }

    @Test
    void sameSeedPicksTheSameNodesAmongEqualOnes() {
        // when
        List<String> first = placements(new TestCluster(42).started());
        List<String> second = placements(new TestCluster(42).started());
        // then
        assertThat(first).isEqualTo(second).hasSize(6).allMatch(node -> node.startsWith("node-"));
    }

    @Test
    void podsFillNodesUntilTheyAreFull() {
        // given
        cluster.add(node("node-1").cpu("2").build(), node("node-2").cpu("2").build());
        // when
        for (int i = 0; i < 5; i++) {
            cluster.add(newPod("web-" + i, "1").build());
        }
        // then
        long bound = cluster.store.list(Pod.class).stream().filter(p -> !SchedulerCache.nodeName(p).isEmpty()).count();
        assertThat(bound).isEqualTo(4);
        assertThat(cluster.failedScheduling("web-4")).isEqualTo("0/2 nodes are available: 2 Insufficient cpu. "
                + "preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.");
    }

    @Test
    void higherPriorityPodIsTriedFirst() {
        // given pods queued at the same instant, before any node exists
        cluster.store.create(newPod("low", "1").build());
        cluster.store.create(newPod("high", "1").editSpec().withPriority(100).endSpec().build());
        cluster.loop.settle();
        // when one node with room for one of them joins; both retry when their error backoff ends, at 2 s
        cluster.add(node("node-1").cpu("1").build());
        cluster.advance(Duration.ofSeconds(2));
        // then
        assertThat(cluster.nodeOf("high")).isEqualTo("node-1");
        assertThat(cluster.nodeOf("low")).isEmpty();
    }

    @Test
    void podAntiAffinityIsNoLongerIgnored() {
        // given
        cluster.add(node("node-1").build());
        // when
        cluster.add(newPod("web").editSpec().withNewAffinity().withNewPodAntiAffinity()
                .addNewRequiredDuringSchedulingIgnoredDuringExecution().withTopologyKey("kubernetes.io/hostname")
                .withNewLabelSelector().addToMatchLabels("app", "web").endLabelSelector()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().endAffinity().endSpec().build());
        // then
        assertThat(cluster.nodeOf("web")).isEqualTo("node-1");
        // #12: InterPodAffinity filters and scores now, so the timeline no longer says the scheduler ignores it
        assertThat(cluster.context.timeline().describe("default", "web")).doesNotContain("scheduler ignores");
    }

    private static List<String> placements(TestCluster cluster) {
        cluster.add(node("node-1").build(), node("node-2").build(), node("node-3").build());
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            cluster.add(newPod("web-" + i).withNewMetadata().withName("web-" + i).withNamespace("default")
                    .withLabels(Map.of("app", "web")).endMetadata().build());
            nodes.add(cluster.nodeOf("web-" + i));
        }
        return nodes;
    }

    private static NodeSelectorRequirement expression(String key, String operator, String value) {
        return new NodeSelectorRequirementBuilder().withKey(key).withOperator(operator).withValues(value).build();
    }
}
