package dev.peapod.controllers;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** pkg/controller/replication: the ReplicaSet controller's logic on core/v1 ReplicationControllers. */
class ReplicationControllerTest {
    static final String RC = """
            apiVersion: v1
            kind: ReplicationController
            metadata: {name: nginx}
            spec:
              replicas: 2
              template:
                metadata: {labels: {app: nginx}}
                spec:
                  containers:
                  - name: nginx
                    image: nginx:1.25
            """;

    @Test
    void createsItsReplicasWithTheTemplatesLabelsAsSelector() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // when
            assertThat(cluster.applyYaml(RC).get(0).warnings()).isEmpty(); // validated and defaulted as the API server does
            cluster.settle();
            // then
            ReplicationController rc = cluster.context().store().require(ReplicationController.class, "default", "nginx");
            List<Pod> pods = cluster.pods();
            assertThat(pods).hasSize(2).allSatisfy(pod -> assertThat(pod.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(ref -> {
                        assertThat(ref.getApiVersion()).isEqualTo("v1");
                        assertThat(ref.getKind()).isEqualTo("ReplicationController");
                        assertThat(ref.getName()).isEqualTo("nginx");
                        assertThat(ref.getUid()).isEqualTo(rc.getMetadata().getUid());
                    }));
            assertThat(rc.getStatus().getReplicas()).isEqualTo(2);
            assertThat(rc.getStatus().getReadyReplicas()).isEqualTo(2);
            assertThat(rc.getStatus().getAvailableReplicas()).isEqualTo(2);
            assertThat(cluster.eventsFor(rc)).hasSize(2).allSatisfy(e -> {
                assertThat(e.getReason()).isEqualTo("SuccessfulCreate");
                assertThat(e.getSource().getComponent()).isEqualTo("replication-controller");
                assertThat(e.getInvolvedObject().getKind()).isEqualTo("ReplicationController");
            });
            assertThat(cluster.timeline().describe("default", "replicationcontroller/nginx")).contains("SuccessfulCreate");
        }
    }

    @Test
    void deletedWithoutAPolicyItOrphansItsPodsAsTheCoreV1DefaultSays() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given
            cluster.applyYaml(RC);
            cluster.settle();
            // when a client deletes it without propagationPolicy (not kubectl, which sends Background)
            cluster.context().store().delete(ReplicationController.class, "default", "nginx");
            cluster.settle();
            // then
            assertThat(cluster.context().store().peek(ReplicationController.class, "default", "nginx")).isNull();
            assertThat(cluster.pods()).hasSize(2).allSatisfy(pod -> {
                assertThat(pod.getMetadata().getOwnerReferences()).isEmpty();
                assertThat(pod.getMetadata().getDeletionTimestamp()).isNull();
            });
        }
    }

    @Test
    void kubectlDeleteTakesItsPods() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(RC);
            cluster.settle();
            cluster.delete(ReplicationController.class, "nginx");
            assertThat(cluster.pods()).isEmpty(); // nginx exits at once on SIGTERM
            assertThat(cluster.events()).extracting(Event::getReason).doesNotContain("SuccessfulDelete");
        }
    }
}
