package dev.peapod.examples;

import dev.peapod.FakeCluster;
import dev.peapod.junit.PeapodNode;
import dev.peapod.junit.PeapodTest;
import dev.peapod.manifest.Applied;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** kubectl's verbs on a running cluster: cordon and label nodes, re-apply, open a readiness gate, delete by label. */
@PeapodTest(nodes = {@PeapodNode(name = "node-1"), @PeapodNode(name = "node-2")})
class ClusterVerbsExampleTest {

    @Test
    void aPodWaitsForACordonedSsdNodeUntilItIsUncordoned(FakeCluster cluster) {
        // given: the only ssd node is cordoned
        cluster.editNode("node-2").label("disktype", "ssd").cordon();
        // when
        cluster.applyResource("manifests/ssd-pod.yaml");
        // then
        assertThat(cluster).pod("fast-storage").isPendingWithSchedulingMessage("0/2 nodes are available: "
                + "1 node(s) didn't match Pod's node affinity/selector, 1 node(s) were unschedulable. "
                + "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.");
        cluster.editNode("node-2").uncordon();
        cluster.advance(Duration.ofSeconds(1));
        assertThat(cluster).pod("fast-storage").isRunningOn("node-2");
    }

    @Test
    void reApplyingAManifestSaysWhatChanged(FakeCluster cluster) {
        // given
        cluster.applyResource("manifests/ssd-pod.yaml");
        // when: the same manifest, then a new image (one of the few fields a pod may change)
        var same = cluster.applyResource("manifests/ssd-pod.yaml");
        var newer = cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: fast-storage}
                spec:
                  containers: [{name: app, image: "nginx:1.26"}]
                """);
        // then
        assertThat(same).extracting(Applied::toString).containsExactly("pod/fast-storage unchanged");
        assertThat(newer).extracting(Applied::toString).containsExactly("pod/fast-storage configured");
    }

    @Test
    void aReadinessGateOpensWhenItsControllerSetsTheCondition(FakeCluster cluster) {
        // given
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: gated}
                spec:
                  readinessGates: [{conditionType: "example.com/feature-1"}]
                  containers: [{name: app, image: "nginx:1.25"}]
                """);
        cluster.advance(Duration.ofSeconds(10));
        assertThat(cluster).pod("gated").isNotReady();
        // when
        cluster.editPod("gated").setCondition("example.com/feature-1", "True");
        // then
        assertThat(cluster).pod("gated").isReady().showsInKubectl("1/1", "Running", "0");
    }

    @Test
    void deletingByLabelDeletesOnlyTheMatchingPods(FakeCluster cluster) {
        // given
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web, labels: {app: web}}
                spec:
                  containers: [{name: app, image: nginx}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: db, labels: {app: db}}
                spec:
                  containers: [{name: app, image: postgres}]
                """);
        // when: kubectl delete pods -l app=web
        cluster.deleteAll(Pod.class, "app=web");
        cluster.advance(Duration.ofSeconds(1));
        // then
        assertThat(cluster.findPod("web")).isEmpty();
        assertThat(cluster).pod("db").isRunning();
    }
}
