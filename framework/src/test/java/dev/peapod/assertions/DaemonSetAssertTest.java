package dev.peapod.assertions;

import dev.peapod.FakeCluster;
import dev.peapod.NodeSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** DaemonSetAssert: kubectl's view of a DaemonSet, checked now or on the virtual clock. */
class DaemonSetAssertTest {
    static final String DS = """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent}
            spec:
              selector: {matchLabels: {app: agent}}
              template:
                metadata: {labels: {app: agent}}
                spec:
                  nodeSelector: {agent: "yes"}
                  containers:
                  - {name: agent, image: nginx:1.25}
            """;

    @Test
    void aNodeItDoesNotFitFailsRunsOnEveryNodeWithItsLineAndPods() {
        try (FakeCluster cluster = FakeCluster.start(dev.peapod.ClusterSpec.empty()
                .node(NodeSpec.named("worker0").label("agent", "yes")).node(NodeSpec.named("worker1")))) {
            cluster.applyYaml(DS);
            assertThat(cluster).daemonSet("agent").hasReadyPods(1).hasDesiredPods(1);
            String pod = cluster.daemonSet("agent").pods().get(0).getMetadata().getName();
            assertThatThrownBy(() -> assertThat(cluster).daemonSet("agent").runsOnEveryNode())
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expecting daemon set default/agent to run a pod on every node, but worker1 (not eligible: its labels "
                            + "do not match the nodeSelector agent=yes) runs none.\n"
                            + "NAME    DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE\n"
                            + "agent   1         1         1       1            1           agent=yes       0s\n"
                            + "Pods:\n"
                            + "  " + pod + " on worker0: Running\n"
                            + "Timeline (virtual time):\n"
                            + cluster.timeline().describe("default", "daemonset.apps/agent"));
        }
    }

    @Test
    void reachesReadyPodsStopsAtTheFirstInstantItHolds() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(DS.replace("nodeSelector: {agent: \"yes\"}", "nodeSelector: {}"));
            cluster.advanceTo(Duration.ofSeconds(30));
            cluster.addNode(NodeSpec.named("worker1"));
            assertThat(cluster).daemonSet("agent").reachesReadyPods(2).within(Duration.ofMinutes(1)).runsOnEveryNode();
            org.assertj.core.api.Assertions.assertThat(cluster.elapsed()).isEqualTo(Duration.ofSeconds(30));
            assertThatThrownBy(() -> assertThat(cluster).daemonSet("agent").reachesReadyPods(3).within(Duration.ofSeconds(10)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("Expecting within 10s (reachesReadyPods(3)) daemon set default/agent to have 3 ready pods, but it has 2.");
        }
    }

    @Test
    void aWaitThatRunsOutSaysItsMessageOnceWithoutACauseRepeatingIt() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0", "worker1")) {
            cluster.applyYaml(DS);
            Throwable thrown = catchThrowable(() -> assertThat(cluster).daemonSet("agent").reachesEveryNode().within(Duration.ofMinutes(1)));
            org.assertj.core.api.Assertions.assertThat(thrown).isInstanceOf(AssertionError.class).hasNoCause()
                    .hasMessageStartingWith("Expecting within 1m (reachesEveryNode()) daemon set default/agent ");
            java.io.StringWriter trace = new java.io.StringWriter();
            thrown.printStackTrace(new java.io.PrintWriter(trace));
            org.assertj.core.api.Assertions.assertThat(trace.toString()).doesNotContain("Caused by:");
        }
    }

    @Test
    void rolloutStatusAndRowReadAsKubectl() {
        try (FakeCluster cluster = FakeCluster.start(dev.peapod.ClusterSpec.empty()
                .node(NodeSpec.named("worker0").images("nginx:1.25")).node(NodeSpec.named("worker1").images("nginx:1.25")))) {
            cluster.applyYaml(DS.replace("nodeSelector: {agent: \"yes\"}", "nodeSelector: {}"));
            cluster.advance(Duration.ofSeconds(75));
            org.assertj.core.api.Assertions.assertThat(cluster.daemonSet("agent").row())
                    .isEqualTo(new dev.peapod.printers.DaemonSetRow("agent", "2", "2", "2", "2", "2", "<none>", "75s"));
            cluster.image("nginx:1.26").pullTakes(Duration.ofSeconds(10));
            cluster.daemonSet("agent").setImage("agent", "nginx:1.26");
            org.assertj.core.api.Assertions.assertThat(cluster.daemonSet("agent").rolloutStatus())
                    .isEqualTo("Waiting for daemon set \"agent\" rollout to finish: 1 out of 2 new pods have been updated...");
            assertThatThrownBy(() -> assertThat(cluster).daemonSet("agent").rolloutCompletes().within(Duration.ofSeconds(5)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("Expecting within 5s (rolloutCompletes()) daemon set default/agent to have rolled out, but "
                            + "kubectl rollout status says \"Waiting for daemon set \"agent\" rollout to finish: 1 out of 2 new pods "
                            + "have been updated...\".");
            assertThat(cluster).daemonSet("agent").rolloutCompletes().within(Duration.ofMinutes(2));
            org.assertj.core.api.Assertions.assertThat(cluster.daemonSet("agent").rolloutStatus())
                    .isEqualTo("daemon set \"agent\" successfully rolled out");
            assertThatThrownBy(() -> cluster.daemonSet("agent").setImage("sidecar", "x:1"))
                    .hasMessage("unable to find container named \"sidecar\" in daemon set default/agent; its containers are [\"agent\"]");
        }
    }

    /** A control-plane node keeps its NoSchedule taint; the DaemonSet tolerates none of it. */
    private static FakeCluster taintedAndLabelled() {
        return FakeCluster.start(dev.peapod.ClusterSpec.empty()
                .node(NodeSpec.named("control-plane").label("agent", "yes").taint("node-role.kubernetes.io/control-plane", "", "NoSchedule"))
                .node(NodeSpec.named("worker0").label("agent", "yes"))
                .node(NodeSpec.named("worker1")));
    }

    @Test
    void runsOnEveryNodeSaysPerNodeWhyTheControllerRunsNoPodThere() {
        try (FakeCluster cluster = taintedAndLabelled()) {
            cluster.applyYaml(DS);
            cluster.advance(Duration.ofSeconds(30));
            assertThatThrownBy(() -> assertThat(cluster).daemonSet("agent").runsOnEveryNode())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("Expecting daemon set default/agent to run a pod on every node, but control-plane "
                            + "(not eligible: the pod does not tolerate its taint node-role.kubernetes.io/control-plane:NoSchedule), "
                            + "worker1 (not eligible: its labels do not match the nodeSelector agent=yes) run none.\n");
        }
    }

    @Test
    void runsOnEveryEligibleNodeFollowsTheControllersTaintsAndNodeSelector() {
        try (FakeCluster cluster = taintedAndLabelled()) {
            cluster.applyYaml(DS.replace("image: nginx:1.25}", "image: nginx:1.25, readinessProbe: {exec: {command: [\"true\"]}, "
                    + "initialDelaySeconds: 10}}"));
            String pod = cluster.daemonSet("agent").pods().get(0).getMetadata().getName();
            assertThatThrownBy(() -> assertThat(cluster).daemonSet("agent").runsOnEveryEligibleNode())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("Expecting daemon set default/agent to run one ready pod on every eligible node and none "
                            + "elsewhere, but worker0 runs " + pod + ", not ready.\n");
            assertThat(cluster).daemonSet("agent").reachesEveryEligibleNode().within(Duration.ofMinutes(1)).runsOnEveryEligibleNode()
                    .hasReadyPods(1);
            org.assertj.core.api.Assertions.assertThat(cluster.elapsed()).isEqualTo(Duration.ofSeconds(10));
        }
    }

    @Test
    void aPodTheControllerKeepsOnANodeTaintedNoScheduleAfterItStartedStillCounts() {
        try (FakeCluster cluster = taintedAndLabelled()) {
            cluster.applyYaml(DS);
            assertThat(cluster).daemonSet("agent").reachesEveryEligibleNode().within(Duration.ofMinutes(1));
            String pod = cluster.daemonSet("agent").pods().get(0).getMetadata().getName();
            // when a taint the pod does not tolerate comes after it started
            cluster.editNode("worker0").taint("dedicated=db:NoSchedule");
            cluster.advance(Duration.ofMinutes(2));
            // then the controller leaves it (misscheduled), and the check accepts it
            org.assertj.core.api.Assertions.assertThat(cluster.daemonSet("agent").pods()).extracting(p -> p.getMetadata().getName())
                    .containsExactly(pod);
            org.assertj.core.api.Assertions.assertThat(cluster.daemonSet("agent").get().getStatus().getNumberMisscheduled()).isEqualTo(1);
            assertThat(cluster).daemonSet("agent").runsOnEveryEligibleNode();
        }
    }

    @Test
    void aPodOnANodeTheDaemonSetShouldNotRunOnFailsRunsOnEveryEligibleNode() {
        try (FakeCluster cluster = taintedAndLabelled()) {
            cluster.applyYaml(DS.replace("nodeSelector: {agent: \"yes\"}", "nodeSelector: {}"));
            assertThat(cluster).daemonSet("agent").reachesEveryEligibleNode().within(Duration.ofMinutes(1));
            org.assertj.core.api.Assertions.assertThat(cluster.daemonSet("agent").pods()).hasSize(2);
            // the template now selects nodes no node has: before the controller has looked, its pods are where it should not run
            cluster.context().store().edit(io.fabric8.kubernetes.api.model.apps.DaemonSet.class, "default", "agent",
                    ds -> ds.getSpec().getTemplate().getSpec().setNodeSelector(java.util.Map.of("agent", "no")));
            assertThatThrownBy(() -> assertThat(cluster).daemonSet("agent").runsOnEveryEligibleNode())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageMatching("(?s)Expecting daemon set default/agent to run one ready pod on every eligible node and none "
                            + "elsewhere, but worker0 \\(not eligible: its labels do not match the nodeSelector agent=no\\) runs agent-\\w{5}; "
                            + "worker1 \\(not eligible: its labels do not match the nodeSelector agent=no\\) runs agent-\\w{5}\\.\n.*");
        }
    }
}
