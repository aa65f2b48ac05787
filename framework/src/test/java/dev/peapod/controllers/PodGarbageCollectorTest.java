package dev.peapod.controllers;

import dev.peapod.ClusterSpec;
import dev.peapod.FakeCluster;
import dev.peapod.spi.ClusterContext;
import dev.peapod.spi.Component;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * pkg/controller/podgc/gc_controller.go: passes every 20 s; gcTerminated over the threshold, gcTerminating
 * on out-of-service nodes, gcOrphaned (a 40 s quarantine, force deletion), gcUnscheduledTerminating.
 */
class PodGarbageCollectorTest {
    static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              containers:
              - {name: app, image: nginx:1.25}
            """;

    @Test
    void aPodOfANodeDeletedJustAfterAPassGoesAtTheSecondPassAfterIt() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(POD);
            cluster.advanceTo(Duration.ofSeconds(20)); // the pass at 00:00:20 has run
            cluster.delete(Node.class, "worker0");
            cluster.advanceTo(Duration.ofSeconds(79));
            assertThat(cluster.findPod("web")).isPresent();
            cluster.advanceTo(Duration.ofSeconds(80)); // seen at 00:00:40, quarantined until 00:01:20
            assertThat(cluster.findPod("web")).isEmpty();
        }
    }

    @Test
    void aNodeThatComesBackDuringTheQuarantineKeepsItsPods() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(POD);
            Node node = cluster.node("worker0");
            cluster.advanceTo(Duration.ofSeconds(30));
            cluster.delete(Node.class, "worker0");
            cluster.advanceTo(Duration.ofSeconds(50));
            Node back = new Node();
            back.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
            back.getMetadata().setName("worker0");
            back.getMetadata().setLabels(node.getMetadata().getLabels());
            back.setSpec(node.getSpec());
            cluster.apply(back);
            cluster.advance(Duration.ofMinutes(2));
            assertThat(cluster.findPod("web")).isPresent();
        }
    }

    static String pod(String name, String command, String extra) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s}
                spec:
                  restartPolicy: Never
                %s
                  containers:
                  - {name: app, image: "busybox:1.36", command: [sh, -c, '%s']}
                """.formatted(name, extra.indent(2).stripTrailing(), command);
    }

    /** A second collector with a test threshold, under another component name beside the built-in one. */
    static Component withThreshold(int threshold) {
        PodGarbageCollector gc = new PodGarbageCollector(threshold);
        return new Component() {
            @Override
            public String name() {
                return "pod-garbage-collector-threshold-" + threshold;
            }

            @Override
            public void start(ClusterContext context) {
                gc.start(context);
            }
        };
    }

    @Test
    void terminatedPodsOverTheThresholdGoOldestFirstAtThePass() {
        try (FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node("worker0").component(withThreshold(2)))) {
            cluster.applyYaml(pod("a", "exit 0", ""));
            cluster.advanceTo(Duration.ofSeconds(5));
            cluster.applyYaml(pod("c", "exit 0", ""));
            cluster.applyYaml(pod("running", "sleep 3600", ""));
            cluster.advanceTo(Duration.ofSeconds(10));
            cluster.applyYaml(pod("b", "exit 1", ""));
            cluster.advanceTo(Duration.ofSeconds(19));
            assertThat(cluster.pods()).extracting(p -> p.getMetadata().getName()).containsExactly("a", "b", "c", "running");
            // when: the pass at 00:00:20 finds 3 terminated pods, one over the threshold
            cluster.advanceTo(Duration.ofSeconds(20));
            // then: the oldest goes
            assertThat(cluster.pods()).extracting(p -> p.getMetadata().getName()).containsExactly("b", "c", "running");
            cluster.advanceTo(Duration.ofMinutes(5));
            assertThat(cluster.pods()).extracting(p -> p.getMetadata().getName()).containsExactly("b", "c", "running");
        }
    }

    @Test
    void evictedPodsGoFirstThenTheOldestThenByName() {
        List<Pod> pods = new ArrayList<>(List.of(
                terminated("old", "2025-01-01T00:00:00Z", "Succeeded", null),
                terminated("y", "2025-01-01T00:00:10Z", "Failed", null),
                terminated("x", "2025-01-01T00:00:10Z", "Failed", null),
                terminated("evicted", "2025-01-01T00:01:00Z", "Failed", "Evicted")));
        pods.sort(PodGarbageCollector.BY_EVICTION_AND_CREATION_TIMESTAMP);
        assertThat(pods).extracting(p -> p.getMetadata().getName()).containsExactly("evicted", "old", "x", "y");
    }

    private static Pod terminated(String name, String created, String phase, String reason) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withCreationTimestamp(created).endMetadata()
                .withNewStatus().withPhase(phase).withReason(reason).endStatus().build();
    }

    @Test
    void aTerminatingPodOnANotReadyOutOfServiceNodeIsMarkedFailedAndForceDeleted() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // a shell ignores SIGTERM: the pod would stay Terminating for its 600 s; a finalizer keeps the object to read
            cluster.applyYaml(pod("slow", "sleep 3600", "terminationGracePeriodSeconds: 600").replace("{name: slow}",
                    "{name: slow, finalizers: [example.com/keep]}"));
            cluster.advanceTo(Duration.ofSeconds(5));
            cluster.deletePod("slow");
            // when: out of service, but still Ready: nothing yet
            cluster.editNode("worker0").taint("node.kubernetes.io/out-of-service=nodeshutdown:NoSchedule");
            cluster.advanceTo(Duration.ofSeconds(45));
            assertThat(cluster.pod("slow").getStatus().getPhase()).isEqualTo("Running");
            assertThat(cluster.pod("slow").getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(600L);
            // and NotReady: the node fails at 00:00:45, goes Unknown at the monitor pass after the 50 s grace (00:01:40)
            cluster.editNode("worker0").fail();
            cluster.advanceTo(Duration.ofSeconds(99));
            assertThat(cluster.pod("slow").getStatus().getPhase()).isEqualTo("Running");
            cluster.advanceTo(Duration.ofSeconds(100));
            // then: Failed, no condition, deleted with grace 0 at the pass
            Pod slow = cluster.pod("slow");
            assertThat(slow.getStatus().getPhase()).isEqualTo("Failed");
            assertThat(slow.getStatus().getConditions()).extracting(c -> c.getType()).doesNotContain("DisruptionTarget");
            assertThat(slow.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(0L);
            // a shorter grace period counts from the first request (BeforeDelete): 00:00:05 + 0
            assertThat(slow.getMetadata().getDeletionTimestamp()).isEqualTo("2025-01-01T00:00:05Z");
        }
    }

    @Test
    void anUnscheduledTerminatingPodIsMarkedFailed() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // a finalizer keeps the unbound pod the store would otherwise delete at once
            cluster.applyYaml(pod("nowhere", "sleep 3600", "nodeSelector: {disk: none}").replace("{name: nowhere}",
                    "{name: nowhere, finalizers: [example.com/keep]}"));
            cluster.advanceTo(Duration.ofSeconds(25));
            cluster.deletePod("nowhere");
            cluster.advanceTo(Duration.ofSeconds(39));
            assertThat(cluster.pod("nowhere").getStatus().getPhase()).isEqualTo("Pending");
            // when
            cluster.advanceTo(Duration.ofSeconds(40));
            // then
            assertThat(cluster.pod("nowhere").getStatus().getPhase()).isEqualTo("Failed");
        }
    }
}
