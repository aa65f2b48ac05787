package dev.peapod.controllers;

import dev.peapod.FakeCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** How far a spec advances the clock in one call never changes when a pod on a dead node is evicted (the loop's quiet-stretch jump). */
class EvictionInstantTest {

    @Test
    void aBarePodOnAFailedNodeIsEvictedAtTheSameInstantWhateverTheAdvance() {
        for (Duration advance : new Duration[] {Duration.ofMinutes(8), Duration.ofMinutes(30), Duration.ofHours(2)}) {
            try (FakeCluster cluster = FakeCluster.withNodes("worker-1", "worker-2", "worker-3")) {
                cluster.applyYaml("""
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: lonely}
                        spec:
                          nodeName: worker-1
                          containers:
                          - {name: app, image: nginx:1.27}
                        """);
                cluster.advanceTo(Duration.ofMinutes(1));
                cluster.editNode("worker-1").fail();
                cluster.advanceTo(advance);
                assertThat(cluster.pod("lonely").getMetadata().getDeletionTimestamp()).as("advanced to %s", advance)
                        .isEqualTo("2025-01-01T00:07:30Z");
            }
        }
    }
}
