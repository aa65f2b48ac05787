package dev.peapod.controllers;

import dev.peapod.FakeCluster;
import dev.peapod.store.ApiException;
import dev.peapod.store.NamespaceLifecycle;
import dev.peapod.timeline.Fact;
import dev.peapod.timeline.TimelineEntry;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Namespace deletion (pkg/registry/core/namespace/storage/storage.go, the NamespaceLifecycle admission
 * plugin, pkg/controller/namespace: namespace_controller.go, deletion/namespaced_resources_deleter.go and
 * status_condition_utils.go, v1.33 with OrderedNamespaceDeletion on): Terminating, the content deleted
 * pods first, the conditions, the {@code kubernetes} finalizer removed, the namespace gone.
 */
class NamespaceControllerTest {
    /** Pods whose shell ignores SIGTERM, so each takes its whole 30 s grace period to go. */
    static final String RS = GarbageCollectorTest.RS.replace("metadata: {name: web}", "metadata: {name: web, namespace: e2e}");
    static final String NS = "apiVersion: v1\nkind: Namespace\nmetadata: {name: e2e}\n";

    private static Namespace namespace(FakeCluster cluster) {
        return cluster.context().store().peek(Namespace.class, null, "e2e");
    }

    private static List<String> actions(FakeCluster cluster) {
        return cluster.timeline().entries().stream().filter(e -> e.fact() instanceof Fact.ControllerAction)
                .map(e -> e.sinceStart().toSeconds() + " " + e.pod() + " " + e.fact().text()).toList();
    }

    @Test
    void aNewNamespaceIsActiveWithTheKubernetesFinalizer() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // when
            cluster.applyYaml(NS);
            // then
            assertThat(namespace(cluster).getSpec().getFinalizers()).containsExactly("kubernetes");
            assertThat(namespace(cluster).getStatus().getPhase()).isEqualTo("Active");
        }
    }

    @Test
    void aDeletedNamespaceTerminatesItsPodsFirstThenItsOtherContentThenGoes() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given a namespace with a ReplicaSet of 3 pods that take 30 s to stop, and a ConfigMap
            cluster.applyYaml(NS + "---\n" + RS + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: e2e}\n");
            cluster.settle();
            assertThat(cluster.pods()).hasSize(3);
            // when kubectl delete namespace e2e at 00:00:00
            cluster.delete(Namespace.class, "e2e");
            // then the namespace is Terminating at once, its content untouched for 5 s
            Namespace terminating = namespace(cluster);
            assertThat(terminating.getMetadata().getDeletionTimestamp()).isEqualTo("2025-01-01T00:00:00Z");
            assertThat(terminating.getMetadata().getDeletionGracePeriodSeconds()).isNull();
            assertThat(terminating.getStatus().getPhase()).isEqualTo("Terminating");
            assertThat(terminating.getSpec().getFinalizers()).containsExactly("kubernetes");
            cluster.advance(Duration.ofMillis(4999));
            assertThat(cluster.pods()).allSatisfy(pod -> assertThat(pod.getMetadata().getDeletionTimestamp()).isNull());
            // at 5 s the pods are deleted gracefully, and the ReplicaSet cannot replace them
            cluster.advance(Duration.ofMillis(1));
            assertThat(cluster.pods()).hasSize(3).allSatisfy(pod ->
                    assertThat(pod.getMetadata().getDeletionTimestamp()).isEqualTo("2025-01-01T00:00:35Z"));
            assertThat(cluster.context().store().peek(ReplicaSet.class, "e2e", "web")).isNotNull();
            assertThat(cluster.context().store().peek(ConfigMap.class, "e2e", "settings")).isNotNull();
            // the early return for remaining pods writes the "ok" conditions (no content totals), as upstream
            assertThat(namespace(cluster).getStatus().getConditions())
                    .extracting(NamespaceCondition::getType, NamespaceCondition::getStatus, NamespaceCondition::getReason,
                            NamespaceCondition::getMessage, NamespaceCondition::getLastTransitionTime)
                    .containsExactly(
                            tuple("NamespaceDeletionDiscoveryFailure", "False", "ResourcesDiscovered",
                                    "All resources successfully discovered", "2025-01-01T00:00:05Z"),
                            tuple("NamespaceDeletionGroupVersionParsingFailure", "False", "ParsedGroupVersions",
                                    "All legacy kube types successfully parsed", "2025-01-01T00:00:05Z"),
                            tuple("NamespaceDeletionContentFailure", "False", "ContentDeleted",
                                    "All content successfully deleted, may be waiting on finalization", "2025-01-01T00:00:05Z"),
                            tuple("NamespaceContentRemaining", "False", "ContentRemoved",
                                    "All content successfully removed", "2025-01-01T00:00:05Z"),
                            tuple("NamespaceFinalizersRemaining", "False", "ContentHasNoFinalizers",
                                    "All content-preserving finalizers finished", "2025-01-01T00:00:05Z"));
            // the pods go at 35 s (SIGKILL); the controller looks at 10 s (its status write), 26 s and 42 s
            cluster.advance(Duration.ofSeconds(30));
            assertThat(cluster.pods()).isEmpty();
            assertThat(namespace(cluster)).isNotNull();
            cluster.advance(Duration.ofSeconds(6));
            assertThat(namespace(cluster)).isNotNull();
            cluster.advance(Duration.ofSeconds(1));
            assertThat(namespace(cluster)).isNull();
            assertThat(cluster.context().store().peek(ReplicaSet.class, "e2e", "web")).isNull();
            assertThat(cluster.context().store().peek(ConfigMap.class, "e2e", "settings")).isNull();
            assertThat(actions(cluster)).containsExactly(
                    "5 namespace/e2e namespace-controller: deleted pods web-" + suffixes(cluster),
                    "5 namespace/e2e namespace-controller: 3 pods remain; the other content waits, next look in 16 s",
                    "10 namespace/e2e namespace-controller: 3 pods remain; the other content waits, next look in 16 s",
                    "26 namespace/e2e namespace-controller: 3 pods remain; the other content waits, next look in 16 s",
                    "42 namespace/e2e namespace-controller: deleted configmaps settings",
                    "42 namespace/e2e namespace-controller: deleted 15 events",
                    "42 namespace/e2e namespace-controller: deleted replicasets.apps web",
                    "42 namespace/e2e namespace-controller: removed the finalizer kubernetes; the namespace is deleted");
        }
    }

    /** The deleted pods' names as the first action lists them (generated, so read back from the timeline). */
    private static String suffixes(FakeCluster cluster) {
        String first = cluster.timeline().entries().stream().filter(e -> e.fact() instanceof Fact.ControllerAction)
                .map(TimelineEntry::fact).map(Fact::text).findFirst().orElseThrow();
        return first.substring(first.indexOf("web-") + 4);
    }

    @Test
    void anEmptyNamespaceGoesFiveSecondsAfterItsDeletion() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given
            cluster.applyYaml(NS);
            // when
            cluster.delete(Namespace.class, "e2e");
            cluster.advance(Duration.ofMillis(4999));
            assertThat(namespace(cluster)).isNotNull();
            cluster.advance(Duration.ofMillis(1));
            // then
            assertThat(namespace(cluster)).isNull();
        }
    }

    @Test
    void contentHeldByAFinalizerKeepsTheNamespaceWithTheRemainingConditions() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given a ConfigMap that a finalizer holds
            cluster.applyYaml(NS);
            cluster.apply(new ConfigMapBuilder().withNewMetadata().withName("held").withNamespace("e2e")
                    .withFinalizers("example.com/hold").endMetadata().build());
            // when
            cluster.delete(Namespace.class, "e2e");
            cluster.advance(Duration.ofSeconds(5));
            // then the ConfigMap is marked deleted and stays; the conditions say why the namespace stays
            assertThat(cluster.context().store().peek(ConfigMap.class, "e2e", "held").getMetadata().getDeletionTimestamp())
                    .isEqualTo("2025-01-01T00:00:05Z");
            assertThat(namespace(cluster).getStatus().getConditions())
                    .filteredOn(c -> c.getStatus().equals("True"))
                    .extracting(NamespaceCondition::getType, NamespaceCondition::getReason, NamespaceCondition::getMessage)
                    .containsExactly(
                            tuple("NamespaceContentRemaining", "SomeResourcesRemain",
                                    "Some resources are remaining: configmaps. has 1 resource instances"),
                            tuple("NamespaceFinalizersRemaining", "SomeFinalizersRemain",
                                    "Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances"));
            cluster.advance(Duration.ofMinutes(10));
            assertThat(namespace(cluster)).isNotNull();
            // when the finalizer is removed at 10 min 5 s
            cluster.context().loop().exclusive("test", () -> cluster.context().store().edit(ConfigMap.class, "e2e", "held",
                    cm -> cm.getMetadata().setFinalizers(List.of())));
            // then the ConfigMap goes at once, and the namespace at the controller's next look (every 15 / 2 + 1 = 8 s)
            assertThat(cluster.context().store().peek(ConfigMap.class, "e2e", "held")).isNull();
            cluster.advance(Duration.ofSeconds(8));
            assertThat(namespace(cluster)).isNull();
            assertThat(actions(cluster)).startsWith(
                    "5 namespace/e2e namespace-controller: deleted configmaps held",
                    "5 namespace/e2e namespace-controller: NamespaceContentRemaining True (SomeResourcesRemain): "
                            + "Some resources are remaining: configmaps. has 1 resource instances",
                    "5 namespace/e2e namespace-controller: NamespaceFinalizersRemaining True (SomeFinalizersRemain): "
                            + "Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances",
                    "5 namespace/e2e namespace-controller: content remains (configmaps.); next look in 8 s");
        }
    }

    @Test
    void nothingNewIsCreatedInATerminatingNamespace() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given
            cluster.applyYaml(NS + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: held, namespace: e2e, finalizers: [example.com/hold]}\n");
            cluster.delete(Namespace.class, "e2e");
            // when
            ApiException refused = cluster.context().loop().exclusive("test", () -> {
                try {
                    cluster.context().store().create(new ConfigMapBuilder().withNewMetadata().withName("late")
                            .withNamespace("e2e").endMetadata().build());
                    return null;
                } catch (ApiException e) {
                    return e;
                }
            });
            // then (NamespaceLifecycle's admission.NewForbidden, with the NamespaceTerminating cause)
            assertThat(refused.code()).isEqualTo(403);
            assertThat(refused.reason()).isEqualTo("Forbidden");
            assertThat(refused.getMessage())
                    .isEqualTo("configmaps \"late\" is forbidden: unable to create new content in namespace e2e because it is being terminated");
            assertThat(refused.statusCauses()).containsExactly(new ApiException.StatusCause(NamespaceLifecycle.TERMINATING_CAUSE,
                    "namespace e2e is being terminated", "metadata.namespace"));
            // an update is still allowed
            cluster.context().loop().exclusive("test", () -> cluster.context().store().edit(ConfigMap.class, "e2e", "held",
                    cm -> cm.setData(java.util.Map.of("k", "v"))));
        }
    }

    @Test
    void theImmortalNamespacesCannotBeDeleted() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            for (String name : List.of("default", "kube-system", "kube-public")) {
                // when / then (NamespaceLifecycle: errors.NewForbidden)
                assertThatThrownBy(() -> cluster.delete(Namespace.class, name))
                        .isInstanceOfSatisfying(ApiException.class, e -> {
                            assertThat(e.code()).isEqualTo(403);
                            assertThat(e.getMessage()).isEqualTo("namespaces \"" + name + "\" is forbidden: this namespace may not be deleted");
                        });
                assertThat(cluster.context().store().peek(Namespace.class, null, name).getMetadata().getDeletionTimestamp()).isNull();
            }
        }
    }

    @Test
    void aPodStuckPastTheEstimateIsReportedAsAContentFailure() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given a pod whose kubelet is stopped, so its graceful deletion never ends
            cluster.applyYaml(NS + "---\napiVersion: v1\nkind: Pod\nmetadata: {name: stuck, namespace: e2e}\n"
                    + "spec: {terminationGracePeriodSeconds: 10, containers: [{name: app, image: nginx:1.25}]}\n");
            cluster.settle();
            cluster.editNode("worker0").stopKubelet();
            // when
            cluster.delete(Namespace.class, "e2e");
            cluster.advance(Duration.ofSeconds(30));
            // then once 10 s have passed since the deletion, a remaining pod without finalizers is an error
            assertThat(cluster.context().store().peek(Pod.class, "e2e", "stuck")).isNotNull();
            assertThat(namespace(cluster).getStatus().getConditions())
                    .filteredOn(c -> c.getStatus().equals("True"))
                    .extracting(NamespaceCondition::getType, NamespaceCondition::getReason, NamespaceCondition::getMessage)
                    .containsExactly(tuple("NamespaceDeletionContentFailure", "ContentDeletionFailed",
                            "Failed to delete all resource types, 1 remaining: unexpected items still remain in namespace: e2e for gvr: /v1, Resource=pods"));
        }
    }

    @Test
    void aForegroundDeletionOfANamespaceEndsOnceTheCollectorRemovedItsFinalizer() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given
            cluster.applyYaml(NS);
            // when kubectl delete namespace e2e --cascade=foreground
            cluster.delete(Namespace.class, "e2e", dev.peapod.store.Propagation.FOREGROUND);
            // then the garbage collector removes foregroundDeletion (a namespace has no dependents) and the
            // namespace controller its spec finalizer
            assertThat(namespace(cluster).getMetadata().getFinalizers()).isEmpty();
            cluster.advance(Duration.ofSeconds(5));
            assertThat(namespace(cluster)).isNull();
        }
    }
}
