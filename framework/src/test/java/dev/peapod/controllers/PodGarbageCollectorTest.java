package dev.peapod.controllers;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.Node;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** pkg/controller/podgc/gc_controller.go gcOrphaned: passes every 20 s, a 40 s quarantine, force deletion. */
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
}
