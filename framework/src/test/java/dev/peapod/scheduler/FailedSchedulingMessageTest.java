package dev.peapod.scheduler;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.peapod.scheduler.TestCluster.node;
import static dev.peapod.scheduler.TestCluster.newPod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The FailedScheduling messages of kube-scheduler v1.33, pinned: FitError.Error in
 * pkg/scheduler/framework/types.go, the filter reasons of pkg/scheduler/framework/plugins/*, and
 * DefaultPreemption's suffix (reference §11.2, errata B-9, B-10, B-15, omissions 1 and 2).
 */
class FailedSchedulingMessageTest {
    private final TestCluster cluster = new TestCluster().started();

    @Test
    void podWhoseNodeSelectorMatchesNoNodeIsNotHelpedByPreemption() {
        // given
        cluster.add(node("node-1").build(), node("node-2").build(), node("node-3").build());
        // when
        cluster.add(newPod("web").editSpec().withNodeSelector(Map.of("disktype", "ssd")).endSpec().build());
        // then
        assertThat(cluster.failedScheduling("web")).isEqualTo("0/3 nodes are available: "
                + "3 node(s) didn't match Pod's node affinity/selector. "
                + "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
    }

    @Test
    void taintedControlPlaneAndFullWorkersEachCountUnderTheirOwnReason() {
        // given
        cluster.add(node("control-plane").taint("node-role.kubernetes.io/control-plane", null, "NoSchedule").build(),
                node("worker-1").cpu("1").build(), node("worker-2").cpu("1").build());
        // when
        cluster.add(newPod("web", "2").build());
        // then
        assertThat(cluster.failedScheduling("web")).isEqualTo("0/3 nodes are available: "
                + "1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. "
                + "preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, "
                + "2 No preemption victims found for incoming pod.");
    }

    @Test
    void nodeFullOfPodsSaysTooManyPods() {
        // given
        cluster.add(node("node-1").allocatable("pods", "1").build());
        cluster.add(newPod("existing").editSpec().withNodeName("node-1").endSpec().build());
        // when
        cluster.add(newPod("web").build());
        // then
        assertThat(cluster.failedScheduling("web")).isEqualTo("0/1 nodes are available: 1 Too many pods. "
                + "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");
    }

    @Test
    void histogramIsSortedAsStringsSoTenComesBeforeTwo() {
        // given
        for (int i = 1; i <= 10; i++) {
            cluster.add(node("worker-" + i).cpu("1").build());
        }
        cluster.add(node("gpu-1").taint("dedicated", "gpu", "NoSchedule").build(),
                node("gpu-2").taint("dedicated", "gpu", "NoExecute").build());
        // when
        cluster.add(newPod("web", "2").build());
        // then
        assertThat(cluster.failedScheduling("web")).isEqualTo("0/12 nodes are available: "
                + "10 Insufficient cpu, 2 node(s) had untolerated taint {dedicated: gpu}. "
                + "preemption: 0/12 nodes are available: 10 No preemption victims found for incoming pod, "
                + "2 Preemption is not helpful for scheduling.");
    }

    @Test
    void oneNodeShortOfCpuAndMemoryCountsUnderBothReasons() {
        // given
        cluster.add(node("node-1").cpu("1").allocatable("memory", "1Gi").build());
        // when
        cluster.add(newPod("web", "2", "2Gi").build());
        // then
        assertThat(cluster.failedScheduling("web")).isEqualTo("0/1 nodes are available: "
                + "1 Insufficient cpu, 1 Insufficient memory. "
                + "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");
    }

    @Test
    void extendedResourceAndEphemeralStorageAreNamedInTheirReasons() {
        // given
        cluster.add(node("node-1").allocatable("ephemeral-storage", "1Gi").build());
        // when
        cluster.add(newPod("web").editSpec().editFirstContainer().withNewResources()
                .addToRequests("ephemeral-storage", new Quantity("2Gi"))
                .addToLimits("example.com/gpu", new Quantity("1"))
                .endResources().endContainer().endSpec().build());
        // then
        assertThat(cluster.failedScheduling("web")).isEqualTo("0/1 nodes are available: "
                + "1 Insufficient ephemeral-storage, 1 Insufficient example.com/gpu. "
                + "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");
    }

    @Test
    void takenHostPortIsUnschedulableNotUnresolvable() {
        // given
        cluster.add(node("node-1").build());
        cluster.add(withHostPort(newPod("first"), 8080).editSpec().withNodeName("node-1").endSpec().build());
        // when
        cluster.add(withHostPort(newPod("second"), 8080).build());
        // then
        assertThat(cluster.failedScheduling("second")).isEqualTo("0/1 nodes are available: "
                + "1 node(s) didn't have free ports for the requested pod ports. "
                + "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");
    }

    @Test
    void cordonedNodeSaysItWasUnschedulable() {
        // given
        cluster.add(node("node-1").unschedulable().build());
        // when
        cluster.add(newPod("web").build());
        // then
        assertThat(cluster.failedScheduling("web")).isEqualTo("0/1 nodes are available: 1 node(s) were unschedulable. "
                + "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.");
    }

    @Test
    void noNodesAtAllHasItsOwnMessage() {
        // when
        cluster.add(newPod("web").build());
        // then
        assertThat(cluster.failedScheduling("web")).isEqualTo("no nodes available to schedule pods");
        assertThat(cluster.podScheduled("web").getMessage()).isEqualTo("no nodes available to schedule pods");
    }

    @Test
    void podPinnedByMatchFieldsCountsTheOtherNodesAsNotSatisfyingNodeAffinity() {
        // given
        cluster.add(node("node-1").build(), node("node-2").cpu("1").build(), node("node-3").build(), node("node-4").build());
        // when
        cluster.add(newPod("daemon", "2").editSpec().withNewAffinity().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm()
                .withMatchFields(new NodeSelectorRequirementBuilder().withKey("metadata.name").withOperator("In")
                        .withValues("node-2").build())
                .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity().endAffinity().endSpec().build());
        // then
        assertThat(cluster.failedScheduling("daemon")).isEqualTo("0/4 nodes are available: "
                + "1 Insufficient cpu, 3 node(s) didn't satisfy plugin(s) [NodeAffinity]. "
                + "preemption: 0/4 nodes are available: 1 No preemption victims found for incoming pod, "
                + "3 Preemption is not helpful for scheduling.");
    }

    @Test
    void lowerPriorityPodsThatWouldNotMakeRoomGiveTheFilterReasonInThePreemptionHistogram() {
        // given
        cluster.add(node("node-1").cpu("1").build());
        cluster.add(newPod("low", "500m").editSpec().withNodeName("node-1").withPriority(0).endSpec().build());
        // when
        cluster.add(newPod("high", "2").editSpec().withPriority(1000).endSpec().build());
        // then
        assertThat(cluster.failedScheduling("high")).isEqualTo("0/1 nodes are available: 1 Insufficient cpu. "
                + "preemption: 0/1 nodes are available: 1 Insufficient cpu.");
    }

    @Test
    void podThatMayNotPreemptSaysSo() {
        // given
        cluster.add(node("node-1").cpu("1").build());
        // when
        cluster.add(newPod("web", "2").editSpec().withPreemptionPolicy("Never").endSpec().build());
        // then
        assertThat(cluster.failedScheduling("web")).isEqualTo("0/1 nodes are available: 1 Insufficient cpu. "
                + "preemption: not eligible due to preemptionPolicy=Never.");
    }

    @Test
    void aSidecarsHostPortIsInUseOnItsNode() {
        // given a pod whose sidecar (restartPolicy Always) holds host port 8080
        cluster.add(node("node-1").build());
        cluster.add(newPod("proxy").editSpec().withNodeName("node-1").withInitContainers(new ContainerBuilder()
                .withName("envoy").withImage("envoy").withRestartPolicy("Always")
                .withPorts(new ContainerPortBuilder().withContainerPort(80).withHostPort(8080).build()).build()).endSpec().build());
        // when
        cluster.add(withHostPort(newPod("web"), 8080).build());
        // then (pkg/scheduler/util GetHostPorts: PR #132040, cherry-picked to release-1.33)
        assertThat(cluster.failedScheduling("web")).isEqualTo("0/1 nodes are available: "
                + "1 node(s) didn't have free ports for the requested pod ports. "
                + "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");
    }

    @Test
    void aRegularInitContainersHostPortIsFreeOnceThePodRuns() {
        // given
        cluster.add(node("node-1").build());
        cluster.add(newPod("setup").editSpec().withNodeName("node-1").withInitContainers(new ContainerBuilder()
                .withName("init").withImage("busybox")
                .withPorts(new ContainerPortBuilder().withContainerPort(80).withHostPort(8080).build()).build()).endSpec().build());
        // when
        cluster.add(withHostPort(newPod("web"), 8080).build());
        // then
        assertThat(cluster.nodeOf("web")).isEqualTo("node-1");
    }

    @Test
    void failureSetsPodScheduledFalseWithTheSameMessageAsTheEvent() {
        // given
        cluster.add(node("node-1").cpu("1").build());
        // when
        cluster.add(newPod("web", "2").build());
        // then
        PodCondition condition = cluster.podScheduled("web");
        Event event = cluster.event("web", "FailedScheduling").orElseThrow();
        assertThat(condition.getStatus()).isEqualTo("False");
        assertThat(condition.getReason()).isEqualTo("Unschedulable");
        assertThat(condition.getMessage()).isEqualTo(event.getMessage());
        assertThat(condition.getLastTransitionTime()).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(condition.getLastProbeTime()).isNull();
        assertThat(event.getType()).isEqualTo("Warning");
        assertThat(event.getSource().getComponent()).isEqualTo("default-scheduler");
        assertThat(event.getCount()).isEqualTo(1);
    }

    @Test
    void eventMessageIsCutAt1024BytesButTheConditionKeepsItAll() {
        // given forty nodes, each with a taint of its own
        for (int i = 10; i < 50; i++) {
            cluster.add(node("node-" + i).taint("example.com/a-rather-long-taint-key-" + i, "value", "NoSchedule").build());
        }
        // when
        cluster.add(newPod("web").build());
        // then
        String event = cluster.failedScheduling("web");
        String condition = cluster.podScheduled("web").getMessage();
        assertThat(condition).hasSizeGreaterThan(1024).startsWith("0/40 nodes are available: "
                + "1 node(s) had untolerated taint {example.com/a-rather-long-taint-key-10: value}, ");
        assertThat(event).hasSize(1024).endsWith(" ...").isEqualTo(condition.substring(0, 1020) + " ...");
    }

    @Test
    void toleratedTaintsAndPreferNoScheduleDoNotKeepAPodOff() {
        // given
        cluster.add(node("node-1").taint("dedicated", "gpu", "NoSchedule").taint("soft", "", "PreferNoSchedule").build());
        // when
        cluster.add(newPod("web").editSpec().withTolerations(new TolerationBuilder().withKey("dedicated")
                .withOperator("Equal").withValue("gpu").withEffect("NoSchedule").build()).endSpec().build());
        // then
        assertThat(cluster.nodeOf("web")).isEqualTo("node-1");
    }

    @Test
    void cordonedNodeTakesAPodThatToleratesTheUnschedulableTaint() {
        // given
        cluster.add(node("node-1").unschedulable().build());
        // when
        cluster.add(newPod("web").editSpec().withTolerations(new TolerationBuilder()
                .withKey("node.kubernetes.io/unschedulable").withOperator("Exists").withEffect("NoSchedule").build())
                .endSpec().build());
        // then
        assertThat(cluster.nodeOf("web")).isEqualTo("node-1");
    }

    private static PodBuilder withHostPort(PodBuilder pod, int port) {
        return pod.editSpec().withContainers(new ContainerBuilder().withName("app").withImage("nginx")
                .withPorts(new ContainerPortBuilder().withContainerPort(port).withHostPort(port).build()).build()).endSpec();
    }
}
