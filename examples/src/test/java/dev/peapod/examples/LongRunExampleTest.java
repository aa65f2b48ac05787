package dev.peapod.examples;

import dev.peapod.ClusterSpec;
import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.Pod;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static java.time.Duration.ofHours;

/**
 * Long runs (issue #13): an hour of a readiness probe that keeps failing is 360 probe results, kept
 * folded in memory and unfolded when read; a retention keeps each pod's last entries and says what it
 * dropped. What the façade reads out are copies.
 */
class LongRunExampleTest {

    @Test
    void aRetentionKeepsThePodsLastEntriesAndSaysWhatItDropped() {
        try (FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node("node-1").timelineRetention(50))) {
            // given a pod whose readiness probe fails every 10 s
            cluster.applyResource("manifests/readiness-http.yaml");
            // when an hour passes
            cluster.advance(ofHours(1));
            // then its story keeps the last 50 entries and starts by saying so
            String story = cluster.timeline().describe("default", "nginx");
            Assertions.assertThat(story.lines().findFirst().orElseThrow()).isEqualTo("  (318 earlier entries of this pod dropped, the last at 00:51:40: the cluster keeps the last 50,"
                    + " ClusterSpec.timelineRetention)");
            Assertions.assertThat(cluster.timeline().forPod("default", "nginx")).hasSize(50);
            // while the API's objects are whole: never ready, never restarted
            assertThat(cluster).pod("nginx").isNotReady().hasRestarted(0);
        }
    }

    @Test
    void aListedPodIsACopyThatChangesNothingInTheCluster() {
        try (FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node("node-1"))) {
            // given
            cluster.applyResource("manifests/readiness-http.yaml");
            cluster.settle();
            // when a listed pod is changed
            List<Pod> pods = cluster.pods();
            pods.get(0).getMetadata().setLabels(java.util.Map.of("tampered", "yes"));
            // then the cluster's pod is as it was
            Assertions.assertThat(cluster.pod("nginx").getMetadata().getLabels()).doesNotContainKey("tampered");
            Assertions.assertThat(cluster.pods().get(0).getMetadata().getLabels()).doesNotContainKey("tampered");
        }
    }
}
