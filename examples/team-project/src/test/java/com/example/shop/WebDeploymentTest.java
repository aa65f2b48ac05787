package com.example.shop;

import dev.peapod.ClusterSpec;
import dev.peapod.FakeCluster;
import dev.peapod.junit.PeapodCluster;
import dev.peapod.junit.PeapodTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.peapod.assertions.PeapodAssertions.assertThat;

/** The team's own spec of its own manifest, as the README's "Use Peapod in your project" shows. */
@PeapodTest
class WebDeploymentTest {

    @PeapodCluster
    static ClusterSpec cluster() {
        return ClusterSpec.empty().node("node-1").node("node-2");
    }

    @Test
    void bothReplicasBecomeAvailableAndSpreadOverTheNodes(FakeCluster cluster) {
        // given
        cluster.applyResource("manifests/web.yaml");
        // then: ready 0 s after each start is reached at the first probe; both pods are available within a minute
        assertThat(cluster).deployment("web").reachesAvailableReplicas(2).within(Duration.ofMinutes(1))
                .hasPodsPer("kubernetes.io/hostname", java.util.Map.of("node-1", 1, "node-2", 1));
    }
}
