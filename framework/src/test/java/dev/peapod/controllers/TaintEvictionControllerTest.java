package dev.peapod.controllers;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * pkg/controller/tainteviction/taint_eviction.go (v1.33): NoExecute taints delete the pods that do not
 * tolerate them at once, those that tolerate them for tolerationSeconds after the controller saw the
 * taint, never those that tolerate them without seconds; an untaint cancels a pending eviction.
 */
class TaintEvictionControllerTest {
    static String pod(String name, String tolerations) {
        return pod(name, tolerations, "");
    }

    static String pod(String name, String tolerations, String metadata) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s%s}
                spec:
                  tolerations: %s
                  containers:
                  - {name: app, image: nginx:1.25}
                """.formatted(name, metadata, tolerations);
    }

    static final String SIXTY = "[{key: k, operator: Equal, value: v, effect: NoExecute, tolerationSeconds: 60}]";
    static final String FOREVER = "[{key: k, operator: Exists, effect: NoExecute}]";

    private static List<String> evictionLines(FakeCluster cluster, String pod) {
        return Arrays.stream(cluster.timeline().describe("default", pod).split("\n"))
                .map(String::strip).filter(line -> line.contains("TaintManagerEviction")).toList();
    }

    @Test
    void aPodThatDoesNotTolerateTheTaintIsDeletedAtOnceWithTheConditionAndTheEvent() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker-1")) {
            // given: a finalizer keeps the object after the kubelet has stopped it, to read it
            cluster.applyYaml(pod("plain", "[]", ", finalizers: [example.com/keep]"));
            cluster.advanceTo(Duration.ofMinutes(1));
            // when
            cluster.editNode("worker-1").taint("k=v:NoExecute");
            // then: the default 300 s tolerations are for not-ready and unreachable, not for k
            assertThat(evictionLines(cluster, "plain")).containsExactly("00:01:00  TaintManagerEviction: Marking for deletion Pod default/plain");
            Pod plain = cluster.pod("plain");
            assertThat(plain.getSpec().getTolerations()).extracting(Toleration::getKey, Toleration::getTolerationSeconds)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("node.kubernetes.io/not-ready", 300L),
                            org.assertj.core.groups.Tuple.tuple("node.kubernetes.io/unreachable", 300L));
            // deleted gracefully at 00:01:00; nginx stops at once and its kubelet finishes the deletion with grace 0
            assertThat(plain.getMetadata().getDeletionTimestamp()).isEqualTo("2025-01-01T00:01:00Z");
            assertThat(plain.getStatus().getPhase()).isEqualTo("Succeeded");
            PodCondition target = plain.getStatus().getConditions().stream().filter(c -> c.getType().equals("DisruptionTarget")).findFirst().orElseThrow();
            assertThat(target.getStatus()).isEqualTo("True");
            assertThat(target.getReason()).isEqualTo("DeletionByTaintManager");
            assertThat(target.getMessage()).isEqualTo("Taint manager: deleting due to NoExecute taint");
            assertThat(target.getLastTransitionTime()).isEqualTo("2025-01-01T00:01:00Z");
            assertThat(cluster.eventsFor(plain)).filteredOn(e -> e.getReason().equals("TaintManagerEviction"))
                    .extracting(e -> e.getSource().getComponent(), e -> e.getType(), e -> e.getLastTimestamp())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("taint-eviction-controller", "Normal", "2025-01-01T00:01:00Z"));
        }
    }

    @Test
    void tolerationSecondsCountFromTheTaintAndATolerationWithoutSecondsIsForever() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker-1")) {
            cluster.applyYaml(pod("plain", "[]"));
            cluster.applyYaml(pod("sixty", SIXTY));
            cluster.applyYaml(pod("forever", FOREVER));
            cluster.advanceTo(Duration.ofMinutes(1));
            // when
            cluster.editNode("worker-1").taint("k=v:NoExecute");
            cluster.advanceTo(Duration.ofSeconds(119));
            // then
            assertThat(cluster.findPod("plain")).isEmpty();
            assertThat(cluster.pod("sixty").getMetadata().getDeletionTimestamp()).isNull();
            cluster.advanceTo(Duration.ofSeconds(120));
            assertThat(evictionLines(cluster, "sixty")).containsExactly("00:02:00  TaintManagerEviction: Marking for deletion Pod default/sixty");
            assertThat(cluster.findPod("sixty")).isEmpty();
            cluster.advanceTo(Duration.ofHours(1));
            assertThat(cluster.pod("forever").getMetadata().getDeletionTimestamp()).isNull();
            assertThat(evictionLines(cluster, "forever")).isEmpty();
        }
    }

    @Test
    void tolerationSecondsCountFromWhenTheControllerSawTheTaintNotFromItsTimeAdded() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker-1")) {
            cluster.applyYaml(pod("sixty", SIXTY));
            cluster.advanceTo(Duration.ofMinutes(1));
            // when: a taint written with a timeAdded an hour back (processPodOnNode starts from now)
            cluster.context().store().edit(io.fabric8.kubernetes.api.model.Node.class, null, "worker-1", node -> node.getSpec().setTaints(List.of(
                    new TaintBuilder().withKey("k").withValue("v").withEffect("NoExecute").withTimeAdded("2024-12-31T23:00:00Z").build())));
            cluster.advanceTo(Duration.ofSeconds(119));
            assertThat(cluster.pod("sixty").getMetadata().getDeletionTimestamp()).isNull();
            cluster.advanceTo(Duration.ofSeconds(120));
            // then
            assertThat(evictionLines(cluster, "sixty")).containsExactly("00:02:00  TaintManagerEviction: Marking for deletion Pod default/sixty");
        }
    }

    @Test
    void anUntaintCancelsAPendingEvictionWithAnEvent() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker-1")) {
            cluster.applyYaml(pod("sixty", SIXTY));
            cluster.applyYaml(pod("forever", FOREVER));
            cluster.advanceTo(Duration.ofMinutes(1));
            cluster.editNode("worker-1").taint("k=v:NoExecute");
            cluster.advanceTo(Duration.ofSeconds(90));
            // when
            cluster.editNode("worker-1").untaint("k");
            cluster.advanceTo(Duration.ofMinutes(10));
            // then: only a timed eviction is cancelled, so only it has the event
            assertThat(evictionLines(cluster, "sixty")).containsExactly("00:01:30  TaintManagerEviction: Cancelling deletion of Pod default/sixty");
            assertThat(cluster.pod("sixty").getMetadata().getDeletionTimestamp()).isNull();
            assertThat(evictionLines(cluster, "forever")).isEmpty();
        }
    }

    @Test
    void aSecondTaintAtTheSameInstantKeepsThePendingEviction() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker-1")) {
            cluster.applyYaml(pod("sixty", "[{key: k, operator: Exists, effect: NoExecute, tolerationSeconds: 60},"
                    + " {key: j, operator: Exists, effect: NoExecute, tolerationSeconds: 30}]"));
            cluster.advanceTo(Duration.ofMinutes(1));
            cluster.editNode("worker-1").taint("k=v:NoExecute");
            cluster.advanceTo(Duration.ofSeconds(70));
            // when: a second taint with a shorter toleration; the pending eviction keeps its time
            cluster.editNode("worker-1").taint("j:NoExecute");
            cluster.advanceTo(Duration.ofSeconds(119));
            assertThat(cluster.pod("sixty").getMetadata().getDeletionTimestamp()).isNull();
            cluster.advanceTo(Duration.ofSeconds(120));
            // then
            assertThat(evictionLines(cluster, "sixty")).containsExactly("00:02:00  TaintManagerEviction: Marking for deletion Pod default/sixty");
        }
    }

    @Test
    void aPodDeletedWhileItsEvictionWaitsGetsTheCancellingEvent() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker-1")) {
            cluster.applyYaml(pod("sixty", SIXTY));
            cluster.editNode("worker-1").taint("k=v:NoExecute");
            cluster.advanceTo(Duration.ofSeconds(10));
            // when
            cluster.deletePod("sixty");
            cluster.advanceTo(Duration.ofMinutes(5));
            // then: the kubelet's deletion removes the pod at 00:00:10, which cancels the pending work
            assertThat(evictionLines(cluster, "sixty")).containsExactly("00:00:10  TaintManagerEviction: Cancelling deletion of Pod default/sixty");
        }
    }

    @Test
    void theDefaultTolerationsEvictAfter300SecondsButDaemonSetPodsStay() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker-1", "worker-2")) {
            // two nodes: with every node of the zone down, upstream taints nothing (full disruption)
            cluster.applyYaml(pod("plain", "[]").replace("  tolerations:", "  nodeName: worker-1\n  tolerations:"));
            cluster.applyYaml("""
                    apiVersion: apps/v1
                    kind: DaemonSet
                    metadata: {name: agent}
                    spec:
                      selector: {matchLabels: {app: agent}}
                      template:
                        metadata: {labels: {app: agent}}
                        spec:
                          containers:
                          - {name: app, image: nginx:1.25}
                    """);
            String agent = cluster.pods().stream().filter(p -> p.getMetadata().getName().startsWith("agent-"))
                    .filter(p -> "worker-1".equals(p.getSpec().getNodeName())).map(p -> p.getMetadata().getName()).findFirst().orElseThrow();
            cluster.advanceTo(Duration.ofMinutes(1));
            // when the node stops reporting at 00:01:00: Unknown at 00:01:55, unreachable and not-ready... the
            // node lifecycle controller taints it node.kubernetes.io/unreachable:NoExecute at 00:02:00.1
            cluster.editNode("worker-1").fail();
            cluster.advanceTo(Duration.ofSeconds(420));
            assertThat(cluster.pod("plain").getMetadata().getDeletionTimestamp()).isNull();
            cluster.advanceTo(Duration.ofHours(1));
            // then: 300 s after the controller saw the taint (00:02:00.100)
            assertThat(evictionLines(cluster, "plain")).containsExactly("00:07:00.100  TaintManagerEviction: Marking for deletion Pod default/plain");
            assertThat(cluster.pod(agent).getMetadata().getDeletionTimestamp()).isNull();
            assertThat(evictionLines(cluster, agent)).isEmpty();
        }
    }

    @Test
    void aDeploymentsEvictedPodIsReplacedOnAnotherNode() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker-1", "worker-2")) {
            cluster.applyYaml("""
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web}
                    spec:
                      replicas: 1
                      selector: {matchLabels: {app: web}}
                      template:
                        metadata: {labels: {app: web}}
                        spec:
                          containers:
                          - {name: app, image: nginx:1.25}
                    """);
            Pod first = cluster.pods().get(0);
            String node = first.getSpec().getNodeName();
            String other = node.equals("worker-1") ? "worker-2" : "worker-1";
            cluster.advanceTo(Duration.ofMinutes(1));
            // when
            cluster.editNode(node).taint("k=v:NoExecute");
            // then: the replacement is made at once, and the taint sends it to the other node
            assertThat(evictionLines(cluster, first.getMetadata().getName()))
                    .containsExactly("00:01:00  TaintManagerEviction: Marking for deletion Pod default/" + first.getMetadata().getName());
            assertThat(cluster.findPod(first.getMetadata().getName())).isEmpty();
            List<Pod> pods = cluster.pods();
            assertThat(pods).hasSize(1);
            assertThat(pods.get(0).getMetadata().getName()).isNotEqualTo(first.getMetadata().getName());
            assertThat(pods.get(0).getSpec().getNodeName()).isEqualTo(other);
            assertThat(pods.get(0).getMetadata().getCreationTimestamp()).isEqualTo("2025-01-01T00:01:00Z");
            assertThat(pods.get(0).getStatus().getPhase()).isEqualTo("Running");
        }
    }

    @Test
    void getMinTolerationTimeAndGetMatchingTolerations() {
        Toleration sixty = new TolerationBuilder().withKey("k").withOperator("Exists").withEffect("NoExecute").withTolerationSeconds(60L).build();
        Toleration zero = new TolerationBuilder().withKey("k").withOperator("Exists").withTolerationSeconds(0L).build();
        Toleration forever = new TolerationBuilder().withOperator("Exists").build();
        assertThat(TaintEvictionController.minTolerationTime(List.of())).isEqualTo(Duration.ZERO);
        assertThat(TaintEvictionController.minTolerationTime(List.of(forever))).isNull();
        assertThat(TaintEvictionController.minTolerationTime(List.of(forever, sixty))).isEqualTo(Duration.ofSeconds(60));
        assertThat(TaintEvictionController.minTolerationTime(List.of(sixty, zero))).isEqualTo(Duration.ZERO);
        Taint k = new TaintBuilder().withKey("k").withValue("v").withEffect("NoExecute").build();
        Taint j = new TaintBuilder().withKey("j").withEffect("NoExecute").build();
        // the first toleration that matches each taint
        assertThat(TaintEvictionController.matchingTolerations(List.of(k, j), List.of(sixty, forever))).containsExactly(sixty, forever);
        assertThat(TaintEvictionController.matchingTolerations(List.of(k, j), List.of(sixty))).isNull();
    }
}
