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

    @Test
    void aCreateTheApiServerRefusesSetsReplicaFailureUntilACreateSucceeds() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given a template naming a service account that does not exist
            cluster.applyYaml(RS.replace("    spec:\n      containers:", "    spec:\n      serviceAccountName: robot\n      containers:"));
            // when
            cluster.settle();
            // then (replica_set.go calculateStatus; controller_utils.go "Error creating: %v")
            String refusal = "pods \"web-\" is forbidden: error looking up service account default/robot: serviceaccount \"robot\" not found";
            ReplicaSet rs = cluster.context().store().require(ReplicaSet.class, "default", "web");
            assertThat(rs.getStatus().getReplicas()).isZero();
            assertThat(rs.getStatus().getConditions()).singleElement().satisfies(c -> {
                assertThat(c.getType()).isEqualTo("ReplicaFailure");
                assertThat(c.getStatus()).isEqualTo("True");
                assertThat(c.getReason()).isEqualTo("FailedCreate");
                assertThat(c.getMessage()).isEqualTo(refusal);
                assertThat(c.getLastTransitionTime()).isEqualTo("2025-01-01T00:00:00Z");
            });
            assertThat(cluster.eventsFor(rs)).extracting(Event::getType, Event::getReason, Event::getMessage)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("Warning", "FailedCreate", "Error creating: " + refusal));
            // when the account appears, the rate-limited retry creates the pods and the condition goes
            cluster.applyYaml("apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: robot}\n");
            cluster.advance(Duration.ofSeconds(1));
            rs = cluster.context().store().require(ReplicaSet.class, "default", "web");
            assertThat(rs.getStatus().getConditions()).isNullOrEmpty();
            assertThat(rs.getStatus().getReplicas()).isEqualTo(3);
        }
    }

    @Test
    void slowStartStopsAfterTheFirstFailingBatch() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given
            cluster.applyYaml(RS.replace("replicas: 3", "replicas: 10")
                    .replace("    spec:\n      containers:", "    spec:\n      serviceAccountName: robot\n      containers:"));
            // when
            cluster.settle();
            // then each sync's first batch (1 create) failed and no other batch ran (controller_utils.go
            // slowStartBatch): one attempt in the first sync, one in the sync its ReplicaFailure status
            // write triggers (updateRS enqueues on every update), aggregated into one event
            ReplicaSet rs = cluster.context().store().require(ReplicaSet.class, "default", "web");
            assertThat(cluster.eventsFor(rs)).singleElement().satisfies(e -> {
                assertThat(e.getReason()).isEqualTo("FailedCreate");
                assertThat(e.getCount()).isEqualTo(2);
            });
            assertThat(cluster.pods()).isEmpty();
            // the retries are rate limited: 5 ms, 10 ms, 20 ms, ... (workqueue DefaultControllerRateLimiter)
            cluster.advance(Duration.ofMillis(4));
            assertThat(cluster.eventsFor(rs)).singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(2));
            cluster.advance(Duration.ofMillis(1));
            assertThat(cluster.eventsFor(rs)).singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(3));
        }
    }

    @Test
    void aPodWhoseLabelsNoLongerMatchIsReleasedAndReplaced() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given
            cluster.applyYaml(RS);
            cluster.settle();
            String released = cluster.pods().get(0).getMetadata().getName();
            // when
            cluster.context().store().edit(Pod.class, "default", released, p -> p.getMetadata().getLabels().put("app", "debug"));
            cluster.settle();
            // then (controller_ref_manager.go ClaimObject: "Owned by us but selector doesn't match" -> release)
            assertThat(cluster.pod(released).getMetadata().getOwnerReferences()).isEmpty();
            assertThat(cluster.pods(dev.peapod.store.ListOptions.inNamespace("default").withLabels("app=web"))).hasSize(3)
                    .allSatisfy(p -> assertThat(p.getMetadata().getOwnerReferences()).hasSize(1));
        }
    }

    @Test
    void aMatchingOrphanIsAdoptedAndTheUnscheduledOneIsTheSurplus() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given
            cluster.applyYaml(RS);
            cluster.settle();
            cluster.advance(Duration.ofSeconds(10));
            ReplicaSet rs = cluster.context().store().require(ReplicaSet.class, "default", "web");
            // when a bare pod with the selector's labels appears
            cluster.apply(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName("stray")
                    .addToLabels("app", "web").endMetadata()
                    .withNewSpec().addNewContainer().withName("app").withImage("nginx:1.25").endContainer().endSpec().build());
            // then it is adopted, and as the one not yet scheduled it is the one deleted (ActivePodsWithRanks rule 1)
            assertThat(cluster.eventsFor(rs)).extracting(Event::getReason, Event::getMessage)
                    .endsWith(org.assertj.core.groups.Tuple.tuple("SuccessfulDelete", "Deleted pod: stray"));
            assertThat(cluster.findPod("stray")).isEmpty();
            assertThat(cluster.pods()).hasSize(3);
        }
    }

    @Test
    void scalingDownDeletesTheLowestDeletionCostFirst() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given
            cluster.applyYaml(RS);
            cluster.settle();
            List<String> names = cluster.pods().stream().map(p -> p.getMetadata().getName()).toList();
            cluster.context().store().edit(Pod.class, "default", names.get(0),
                    p -> p.getMetadata().getAnnotations().put("controller.kubernetes.io/pod-deletion-cost", "-5"));
            cluster.context().store().edit(Pod.class, "default", names.get(1),
                    p -> p.getMetadata().getAnnotations().put("controller.kubernetes.io/pod-deletion-cost", "100"));
            // when
            cluster.applyYaml(RS.replace("replicas: 3", "replicas: 1"));
            // then
            assertThat(cluster.eventsFor(cluster.context().store().require(ReplicaSet.class, "default", "web")))
                    .filteredOn(e -> e.getReason().equals("SuccessfulDelete")).extracting(Event::getMessage)
                    .containsExactly("Deleted pod: " + names.get(0), "Deleted pod: " + names.get(2));
        }
    }

    @Test
    void anEventTheApiServerRefusesIsDroppedAndTheControllerGoesOn() {
        // a 240-character name makes the event's name (<name>.<16 hex digits>) longer than 253:
        // client-go's recordToSink logs the refusal and drops the event
        String name = "w".repeat(240);
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(RS.replace("name: web}", "name: " + name + "}"));
            cluster.settle();
            assertThat(cluster.pods()).hasSize(3);
            assertThat(cluster.events()).noneMatch(e -> e.getInvolvedObject().getName().equals(name));
        }
    }
}
