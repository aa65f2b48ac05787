package dev.peapod.examples;

import dev.peapod.FakeCluster;
import dev.peapod.NodeSpec;
import dev.peapod.junit.PeapodNode;
import dev.peapod.junit.PeapodTest;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;


import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;

/**
 * A DaemonSet on every node (pkg/controller/daemon/daemon_controller.go): a node that joins gets
 * its pod at once; a node that is deleted loses its pod to the pod GC 40 to 60 s later
 * (pkg/controller/podgc/gc_controller.go: passes every 20 s, a 40 s quarantine).
 */
@PeapodTest(nodes = {@PeapodNode(name = "node-1"), @PeapodNode(name = "node-2")})
class DaemonSetExampleTest {

    @Test
    void runsOnEveryNodeAndFollowsANodeThatJoins(FakeCluster cluster) {
        // given
        cluster.applyResource("manifests/node-agent-daemonset.yaml");
        assertThat(cluster).daemonSet("node-agent").runsOnEveryNode().hasReadyPods(2);
        // when: a node joins at 00:05:00
        cluster.advanceTo(ofMinutes(5));
        cluster.addNode(NodeSpec.named("node-3"));
        // then: its pod is created, scheduled and running at that instant
        Pod pod = cluster.daemonSet("node-agent").pods().stream()
                .filter(p -> "node-3".equals(p.getSpec().getNodeName())).findFirst().orElseThrow();
        Assertions.assertThat(pod.getMetadata().getCreationTimestamp()).isEqualTo("2025-01-01T00:05:00Z");
        Assertions.assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getRunning().getStartedAt())
                .isEqualTo("2025-01-01T00:05:00Z");
        assertThat(cluster).daemonSet("node-agent").runsOnEveryNode().hasReadyPods(3);
        Assertions.assertThat(cluster.daemonSet("node-agent").row().toString())
                .isEqualTo("DaemonSetRow[name=node-agent, desired=3, current=3, ready=3, upToDate=3, available=3, "
                        + "nodeSelector=<none>, age=5m]");
    }

    @Test
    void losesThePodOfADeletedNodeToThePodGarbageCollector(FakeCluster cluster) {
        // given
        cluster.applyResource("manifests/node-agent-daemonset.yaml");
        cluster.advanceTo(ofSeconds(90));
        // when: node-2 is deleted at 00:01:30; the pod GC sees it missing at 00:01:40
        cluster.delete(Node.class, "node-2");
        // then: its pod is force-deleted after the 40 s quarantine, at 00:02:20
        assertThat(cluster).daemonSet("node-agent").hasReadyPods(2);
        cluster.advanceTo(ofSeconds(139));
        Assertions.assertThat(cluster.daemonSet("node-agent").pods()).hasSize(2);
        cluster.advanceTo(ofSeconds(140));
        Assertions.assertThat(cluster.daemonSet("node-agent").pods()).extracting(p -> p.getSpec().getNodeName()).containsExactly("node-1");
        assertThat(cluster).daemonSet("node-agent").hasDesiredPods(1).hasReadyPods(1).runsOnEveryNode();
    }

    @Test
    @PeapodTest(nodes = {@PeapodNode(name = "node-1", images = "nginx:1.25"), @PeapodNode(name = "node-2", images = "nginx:1.25")})
    void rollsOutANewImageOneNodeAtATime(FakeCluster cluster) {
        // given: the new image takes 20 s to pull on each node
        cluster.applyResource("manifests/node-agent-daemonset.yaml");
        cluster.image("nginx:1.26").pullTakes(ofSeconds(20));
        // when
        cluster.daemonSet("node-agent").setImage("agent", "nginx:1.26");
        // then: maxUnavailable 1 (the default): node-1's old pod goes, its new one pulls, then node-2's turn
        Assertions.assertThat(cluster.daemonSet("node-agent").rolloutStatus())
                .isEqualTo("Waiting for daemon set \"node-agent\" rollout to finish: 1 out of 2 new pods have been updated...");
        cluster.advance(ofSeconds(20));
        Assertions.assertThat(cluster.daemonSet("node-agent").rolloutStatus())
                .isEqualTo("Waiting for daemon set \"node-agent\" rollout to finish: 1 of 2 updated pods are available...");
        cluster.advance(ofSeconds(20));
        Assertions.assertThat(cluster.daemonSet("node-agent").rolloutStatus()).isEqualTo("daemon set \"node-agent\" successfully rolled out");
        Assertions.assertThat(cluster.daemonSet("node-agent").pods())
                .allSatisfy(p -> Assertions.assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.26"));
    }
}
