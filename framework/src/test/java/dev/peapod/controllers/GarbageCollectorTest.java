package dev.peapod.controllers;

import dev.peapod.FakeCluster;
import dev.peapod.store.Propagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * pkg/controller/garbagecollector/garbagecollector.go and apiserver generic/registry/store.go: deletes
 * with propagationPolicy Background, Foreground and Orphan.
 */
class GarbageCollectorTest {
    /** A namespaced custom resource kind that takes any fields, for owners that are custom resources. */
    private static final String WEBSITE_CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: websites.example.com}
            spec:
              group: example.com
              scope: Namespaced
              names: {plural: websites, singular: website, kind: Website}
              versions:
              - name: v1
                served: true
                storage: true
                schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
            """;

    /** A shell as PID 1 ignores SIGTERM, so each pod takes its whole 30 s grace period to go. */
    static final String RS = ReplicaSetControllerTest.RS.replace("image: nginx:1.25",
            "image: busybox:1.36\n        command: [sh, -c, 'sleep 3600']");

    @Test
    void backgroundDeletionRemovesTheReplicaSetAtOnceThenDeletesItsPodsGracefully() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given
            cluster.applyYaml(RS);
            cluster.settle();
            cluster.advance(Duration.ofSeconds(5));
            // when kubectl delete rs web (background)
            cluster.delete(ReplicaSet.class, "web");
            // then
            assertThat(cluster.context().store().peek(ReplicaSet.class, "default", "web")).isNull();
            List<Pod> pods = cluster.pods();
            assertThat(pods).hasSize(3).allSatisfy(pod -> {
                assertThat(pod.getMetadata().getDeletionTimestamp()).isEqualTo("2025-01-01T00:00:35Z");
                assertThat(pod.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(30L);
                assertThat(pod.getMetadata().getOwnerReferences()).hasSize(1);
            });
            cluster.advance(Duration.ofSeconds(29));
            assertThat(cluster.pods()).hasSize(3);
            cluster.advance(Duration.ofSeconds(1));
            assertThat(cluster.pods()).isEmpty();
        }
    }

    @Test
    void foregroundDeletionKeepsTheReplicaSetWithItsFinalizerUntilItsPodsAreGone() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given
            cluster.applyYaml(RS);
            cluster.settle();
            // when
            cluster.delete(ReplicaSet.class, "web", Propagation.FOREGROUND);
            // then
            ReplicaSet deleting = cluster.context().store().require(ReplicaSet.class, "default", "web");
            assertThat(deleting.getMetadata().getDeletionTimestamp()).isEqualTo("2025-01-01T00:00:00Z");
            assertThat(deleting.getMetadata().getDeletionGracePeriodSeconds()).isZero();
            assertThat(deleting.getMetadata().getFinalizers()).containsExactly("foregroundDeletion");
            assertThat(cluster.pods()).hasSize(3)
                    .allSatisfy(pod -> assertThat(pod.getMetadata().getDeletionTimestamp()).isEqualTo("2025-01-01T00:00:30Z"));
            cluster.advance(Duration.ofSeconds(29));
            assertThat(cluster.context().store().peek(ReplicaSet.class, "default", "web")).isNotNull();
            cluster.advance(Duration.ofSeconds(1));
            assertThat(cluster.pods()).isEmpty();
            assertThat(cluster.context().store().peek(ReplicaSet.class, "default", "web")).isNull();
        }
    }

    @Test
    void orphanDeletionLeavesThePodsWithoutTheirOwnerReference() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given
            cluster.applyYaml(RS);
            cluster.settle();
            List<String> names = cluster.pods().stream().map(p -> p.getMetadata().getName()).toList();
            // when
            cluster.delete(ReplicaSet.class, "web", Propagation.ORPHAN);
            cluster.advance(Duration.ofMinutes(1));
            // then
            assertThat(cluster.context().store().peek(ReplicaSet.class, "default", "web")).isNull();
            assertThat(cluster.pods()).extracting(p -> p.getMetadata().getName()).containsExactlyElementsOf(names);
            assertThat(cluster.pods()).allSatisfy(pod -> {
                assertThat(pod.getMetadata().getOwnerReferences()).isEmpty();
                assertThat(pod.getMetadata().getDeletionTimestamp()).isNull();
                assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
            });
        }
    }

    @Test
    void aDependentWhoseOwnerIsAbsentIsDeleted() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given a pod owned by a ReplicaSet that does not exist
            cluster.apply(new PodBuilder().withNewMetadata().withName("stray")
                    .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName("gone")
                    .withUid("3a7d1c9e-0000-4000-8000-000000000001").endOwnerReference().endMetadata()
                    .withNewSpec().addNewContainer().withName("app").withImage("nginx:1.25").endContainer().endSpec().build());
            // when
            cluster.settle();
            // then the collector deleted it before it was scheduled, so it went at once
            assertThat(cluster.findPod("stray")).isEmpty();
        }
    }

    @Test
    void aDependentWhoseOwnerNameNowHoldsAnotherUidIsDeleted() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given a live ReplicaSet named web that selects nothing, and a pod naming web with another uid
            cluster.applyYaml(RS.replace("app: web}}", "app: other}}").replace("replicas: 3", "replicas: 0"));
            cluster.settle();
            cluster.apply(new PodBuilder().withNewMetadata().withName("stray")
                    .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName("web")
                    .withUid("3a7d1c9e-0000-4000-8000-000000000001").endOwnerReference().endMetadata()
                    .withNewSpec().addNewContainer().withName("app").withImage("nginx:1.25").endContainer().endSpec().build());
            // when
            cluster.settle();
            // then
            assertThat(cluster.findPod("stray")).isEmpty();
        }
    }

    @Test
    void aDependentWithALiveOwnerLosesOnlyItsDanglingReference() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given
            cluster.applyYaml(RS.replace("replicas: 3", "replicas: 1"));
            cluster.settle();
            ReplicaSet rs = cluster.context().store().require(ReplicaSet.class, "default", "web");
            String name = cluster.pods().get(0).getMetadata().getName();
            // when a second, absent owner is added to the pod
            cluster.context().store().edit(Pod.class, "default", name, pod -> pod.getMetadata().getOwnerReferences().add(
                    new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap")
                            .withName("gone").withUid("3a7d1c9e-0000-4000-8000-000000000002").build()));
            cluster.settle();
            // then
            Pod pod = cluster.pod(name);
            assertThat(pod.getMetadata().getDeletionTimestamp()).isNull();
            assertThat(pod.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(rs.getMetadata().getUid()));
        }
    }

    @Test
    void deletingACustomResourceCollectsWhatItOwns() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given: a Website custom resource owning a ConfigMap (an operator's work), and another one it does not own
            var client = cluster.client();
            cluster.applyYaml(WEBSITE_CRD);
            var websites = client.genericKubernetesResources("example.com/v1", "Website");
            var site = websites.resource(new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
                    .withApiVersion("example.com/v1").withKind("Website").withNewMetadata().withName("blog").endMetadata().build())
                    .create();
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: blog-content
                      ownerReferences:
                      - {apiVersion: example.com/v1, kind: Website, name: blog, uid: %s, controller: true}
                    ---
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: unrelated}
                    """.formatted(site.getMetadata().getUid()));
            cluster.settle();
            assertThat(client.configMaps().withName("blog-content").get()).isNotNull();
            // when: kubectl delete website blog (background)
            websites.withName("blog").delete();
            cluster.settle();
            // then
            assertThat(client.configMaps().withName("blog-content").get()).isNull();
            assertThat(client.configMaps().withName("unrelated").get()).isNotNull();
        }
    }

    @Test
    void deletingACrdCollectsWhatItsCustomResourcesOwned() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given: a Website owning a ConfigMap
            var client = cluster.client();
            cluster.applyYaml(WEBSITE_CRD);
            var site = client.genericKubernetesResources("example.com/v1", "Website").resource(
                    new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder().withApiVersion("example.com/v1")
                            .withKind("Website").withNewMetadata().withName("blog").endMetadata().build()).create();
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: blog-content
                      ownerReferences:
                      - {apiVersion: example.com/v1, kind: Website, name: blog, uid: %s, controller: true}
                    """.formatted(site.getMetadata().getUid()));
            cluster.settle();
            // when: the CRD goes, and its custom resources with it; the owner's kind no longer resolves
            client.apiextensions().v1().customResourceDefinitions().withName("websites.example.com").delete();
            cluster.advance(java.time.Duration.ofSeconds(30));
            // then: the graph saw the owner go while it had a dependent (absentOwnerCache), so the dependent is collected
            assertThat(client.configMaps().withName("blog-content").get()).isNull();
        }
    }

    @Test
    void aDependentOfACustomResourceThatIsNotThereIsCollected() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given: the CRD is served, the owner named by uid is not stored (deleted before the dependent came)
            cluster.applyYaml(WEBSITE_CRD);
            // when
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: orphan
                      ownerReferences:
                      - {apiVersion: example.com/v1, kind: Website, name: gone, uid: 0b1e5c1a-0000-4000-8000-000000000001}
                    """);
            cluster.settle();
            // then: attemptToDelete finds the owner absent
            assertThat(cluster.client().configMaps().withName("orphan").get()).isNull();
        }
    }
}
