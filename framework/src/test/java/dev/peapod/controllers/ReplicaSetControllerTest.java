package dev.peapod.controllers;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** pkg/controller/replicaset/replica_set.go: pods to match replicas, events, status. */
class ReplicaSetControllerTest {
    static final String RS = """
            apiVersion: apps/v1
            kind: ReplicaSet
            metadata: {name: web}
            spec:
              replicas: 3
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: app
                    image: nginx:1.25
            """;

    @Test
    void createsItsReplicasWithGeneratedNamesAndReportsThemReady() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            assertThat(cluster.applyYaml(RS).get(0).warnings()).isEmpty();
            cluster.settle();
            List<Pod> pods = cluster.pods();
            assertThat(pods).hasSize(3);
            assertThat(pods).allSatisfy(pod -> {
                assertThat(pod.getMetadata().getName()).matches("web-[bcdfghjklmnpqrstvwxz2456789]{5}");
                assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
                    assertThat(ref.getKind()).isEqualTo("ReplicaSet");
                    assertThat(ref.getName()).isEqualTo("web");
                    assertThat(ref.getController()).isTrue();
                    assertThat(ref.getBlockOwnerDeletion()).isTrue();
                });
                assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
            });
            ReplicaSet rs = cluster.context().store().require(ReplicaSet.class, "default", "web");
            assertThat(rs.getStatus().getReplicas()).isEqualTo(3);
            assertThat(rs.getStatus().getReadyReplicas()).isEqualTo(3);
            assertThat(rs.getStatus().getAvailableReplicas()).isEqualTo(3);
            assertThat(rs.getStatus().getFullyLabeledReplicas()).isEqualTo(3);
            assertThat(rs.getStatus().getObservedGeneration()).isEqualTo(1L);
            assertThat(cluster.eventsFor(rs)).extracting(Event::getReason, Event::getMessage).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("SuccessfulCreate", "Created pod: web-6bk5n"),
                    org.assertj.core.groups.Tuple.tuple("SuccessfulCreate", "Created pod: web-kk4h5"),
                    org.assertj.core.groups.Tuple.tuple("SuccessfulCreate", "Created pod: web-5slgl")); // the seeded suffixes
            assertThat(cluster.eventsFor(rs)).allSatisfy(e -> assertThat(e.getSource().getComponent()).isEqualTo("replicaset-controller"));
        }
    }

    @Test
    void replacesADeletedPodWithANewName() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(RS);
            cluster.settle();
            String victim = cluster.pods().get(0).getMetadata().getName();
            cluster.deletePod(victim);
            cluster.advance(Duration.ofSeconds(31));
            assertThat(cluster.pods()).hasSize(3).extracting(p -> p.getMetadata().getName()).doesNotContain(victim);
        }
    }

    @Test
    void scalingDownDeletesTheSurplus() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(RS);
            cluster.settle();
            cluster.applyYaml(RS.replace("replicas: 3", "replicas: 1"));
            cluster.settle();
            ReplicaSet rs = cluster.context().store().require(ReplicaSet.class, "default", "web");
            assertThat(cluster.eventsFor(rs)).filteredOn(e -> e.getReason().equals("SuccessfulDelete")).hasSize(2);
            assertThat(rs.getStatus().getReplicas()).isEqualTo(1);
        }
    }

    @Test
    void minReadySecondsDelaysAvailability() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(RS.replace("replicas: 3", "replicas: 3\n  minReadySeconds: 10"));
            cluster.settle();
            ReplicaSet rs = cluster.context().store().require(ReplicaSet.class, "default", "web");
            assertThat(rs.getStatus().getReadyReplicas()).isEqualTo(3);
            assertThat(rs.getStatus().getAvailableReplicas()).isEqualTo(0);
            cluster.advance(Duration.ofSeconds(10));
            rs = cluster.context().store().require(ReplicaSet.class, "default", "web");
            assertThat(rs.getStatus().getAvailableReplicas()).isEqualTo(3);
        }
    }
}
