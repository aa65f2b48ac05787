package dev.peapod.controllers;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** stateful_set_control.go: a Failed pod is deleted and created again under its name. */
class StatefulSetFailedPodTest {
    @Test
    void aFailedPodIsReplacedUnderItsName() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml("""
                    apiVersion: apps/v1
                    kind: StatefulSet
                    metadata: {name: web}
                    spec:
                      replicas: 1
                      serviceName: web
                      selector: {matchLabels: {app: web}}
                      template:
                        metadata: {labels: {app: web}}
                        spec:
                          containers: [{name: app, image: "nginx:1.25"}]
                    """);
            cluster.advance(Duration.ofSeconds(10));
            String uid = cluster.pod("web-0").getMetadata().getUid();
            cluster.editStatus(Pod.class, "default", "web-0", p -> p.getStatus().setPhase("Failed"));
            cluster.advance(Duration.ofSeconds(40));
            // deleted at once (a Failed pod has no grace period) and made again under its name; the
            // old pod's kubelet worker, ending, must not delete its successor (status_manager.go's UID precondition)
            Pod replacement = cluster.pod("web-0");
            assertThat(replacement.getMetadata().getUid()).isNotEqualTo(uid);
            assertThat(replacement.getStatus().getPhase()).isEqualTo("Running");
            assertThat(cluster.eventsFor(cluster.statefulSet("web").get())).extracting(e -> e.getReason() + " " + e.getMessage() + " x" + e.getCount())
                    .containsExactly("SuccessfulCreate create Pod web-0 in StatefulSet web successful x2", // the same event, counted
                            "SuccessfulDelete delete Pod web-0 in StatefulSet web successful x1");
        }
    }
}
