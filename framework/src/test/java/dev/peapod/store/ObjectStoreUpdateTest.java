package dev.peapod.store;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.peapod.store.StoreFixture.assertApiError;
import static dev.peapod.store.StoreFixture.pod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PUT and PUT status semantics, after apiserver/pkg/registry/generic/registry/store.go Update,
 * rest.BeforeUpdate and pkg/registry/core/pod/strategy.go (PrepareForUpdate, podStatusStrategy).
 */
class ObjectStoreUpdateTest {
    private static final String CONFLICT = "Operation cannot be fulfilled on pods \"web\": the object has been modified;"
            + " please apply your changes to the latest version and try again";

    private final StoreFixture fixture = new StoreFixture();
    private final ObjectStore store = fixture.store;

    @Test
    void refusesAStaleResourceVersionWithAConflict() {
        // given
        Pod created = store.create(pod("web"));
        Pod first = Copies.copy(created);
        first.getMetadata().setLabels(Map.of("app", "web"));
        store.update(first);
        // when a second writer still holds the version it read at creation
        Pod stale = Copies.copy(created);
        stale.getMetadata().setLabels(Map.of("app", "stale"));
        // then
        assertThat(created.getMetadata().getResourceVersion()).isEqualTo("5");
        assertApiError(() -> store.update(stale), 409, "Conflict", CONFLICT);
        assertThat(store.get(Pod.class, "default", "web").orElseThrow().getMetadata().getLabels())
                .containsExactly(Map.entry("app", "web"));
    }

    @Test
    void refusesAStaleResourceVersionOnTheStatusSubresourceToo() {
        // given
        Pod created = store.create(pod("web"));
        store.update(Copies.copy(created));
        // when / then
        assertApiError(() -> store.updateStatus(created), 409, "Conflict", CONFLICT);
    }

    @Test
    void updatesUnconditionallyWithoutAResourceVersion() {
        // given
        store.create(pod("web"));
        store.edit(Pod.class, "default", "web", p -> p.getMetadata().setLabels(Map.of("v", "1")));
        Pod withoutVersion = pod("web");
        withoutVersion.getMetadata().setLabels(Map.of("v", "2"));
        Pod emptyVersion = pod("web");
        emptyVersion.getMetadata().setResourceVersion("");
        emptyVersion.getMetadata().setLabels(Map.of("v", "3"));
        // when
        Pod second = store.update(withoutVersion);
        Pod third = store.update(emptyVersion);
        // then pods allow unconditional updates (podStrategy.AllowUnconditionalUpdate)
        assertThat(second.getMetadata().getLabels()).containsEntry("v", "2");
        assertThat(third.getMetadata().getLabels()).containsEntry("v", "3");
        assertThat(third.getMetadata().getResourceVersion()).isEqualTo("8");
    }

    @Test
    void refusesToUpdateAMissingObject() {
        // when / then
        assertApiError(() -> store.update(pod("ghost")), 404, "NotFound", "pods \"ghost\" not found");
    }

    @Test
    void keepsTheStoredStatusOnAnUpdate() {
        // given
        store.create(pod("web"));
        store.editStatus(Pod.class, "default", "web", p -> p.getStatus().setPhase("Running"));
        Pod request = store.get(Pod.class, "default", "web").orElseThrow();
        request.getStatus().setPhase("Failed");
        request.getMetadata().setLabels(Map.of("app", "web"));
        // when
        Pod updated = store.update(request);
        // then
        assertThat(updated.getStatus().getPhase()).isEqualTo("Running");
        assertThat(updated.getMetadata().getLabels()).containsEntry("app", "web");
    }

    @Test
    void keepsTheStoredSpecOnAStatusUpdate() {
        // given
        store.create(pod("web"));
        Pod request = store.get(Pod.class, "default", "web").orElseThrow();
        request.getSpec().getContainers().get(0).setImage("nginx:2");
        request.getSpec().setNodeName("node-9");
        request.getStatus().setPhase("Running");
        request.getStatus().setPodIP("10.0.0.7");
        // when
        Pod updated = store.updateStatus(request);
        // then
        assertThat(updated.getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.27");
        assertThat(updated.getSpec().getNodeName()).isNull();
        assertThat(updated.getStatus().getPhase()).isEqualTo("Running");
        assertThat(updated.getStatus().getPodIP()).isEqualTo("10.0.0.7");
        assertThat(updated.getMetadata().getGeneration()).isEqualTo(1L);
    }

    @Test
    void keepsOwnerReferencesAndDeletionFieldsOnAPodStatusUpdate() {
        // given a bound pod in its grace period, owned by a ReplicaSet
        var owner = new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet").withName("web-1")
                .withUid("rs-uid").withController(true).build();
        fixture.boundPod(StoreFixture.podBuilder("web").editMetadata().withOwnerReferences(owner).endMetadata());
        Pod deleting = store.delete(Pod.class, "default", "web").orElseThrow();
        Pod request = Copies.copy(deleting);
        request.getMetadata().setOwnerReferences(List.of());
        request.getMetadata().setDeletionTimestamp(null);
        request.getMetadata().setDeletionGracePeriodSeconds(null);
        request.getStatus().setPhase("Running");
        // when
        Pod updated = store.updateStatus(request);
        // then
        assertThat(updated.getMetadata().getOwnerReferences()).containsExactly(owner);
        assertThat(updated.getMetadata().getDeletionTimestamp()).isEqualTo("2025-01-01T00:00:30Z");
        assertThat(updated.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(30L);
        assertThat(updated.getStatus().getPhase()).isEqualTo("Running");
    }

    @Test
    void takesLabelsFromAPodStatusUpdateAsUpstreamDoes() {
        // given podStatusStrategy.PrepareForUpdate resets spec and ownerReferences only
        // (the NodeRestriction admission plugin exists to stop kubelets from using this)
        store.create(pod("web"));
        Pod request = store.get(Pod.class, "default", "web").orElseThrow();
        request.getMetadata().setLabels(Map.of("via", "status"));
        // when
        Pod updated = store.updateStatus(request);
        // then
        assertThat(updated.getMetadata().getLabels()).containsExactly(Map.entry("via", "status"));
    }

    @Test
    void keepsTheStoredSpecAndLabelsOnADeploymentStatusUpdate() {
        // given deploymentStatusStrategy.PrepareForUpdate resets spec and labels
        store.create(new DeploymentBuilder().withNewMetadata().withName("web").addToLabels("app", "web").endMetadata()
                .withNewSpec().withReplicas(1).endSpec().build());
        Deployment request = store.get(Deployment.class, "default", "web").orElseThrow();
        request.getSpec().setReplicas(5);
        request.getMetadata().setLabels(Map.of("app", "other"));
        request.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                .withReplicas(1).withObservedGeneration(1L).build());
        // when
        Deployment updated = store.updateStatus(request);
        // then
        assertThat(updated.getSpec().getReplicas()).isEqualTo(1);
        assertThat(updated.getMetadata().getLabels()).containsExactly(Map.entry("app", "web"));
        assertThat(updated.getStatus().getObservedGeneration()).isEqualTo(1L);
        assertThat(updated.getMetadata().getGeneration()).isEqualTo(1L);
    }

    @Test
    void backfillsAnEmptyQosClassOnAPodStatusUpdate() {
        // given
        store.create(pod("web"));
        Pod request = store.get(Pod.class, "default", "web").orElseThrow();
        request.getStatus().setQosClass(null);
        request.getStatus().setPhase("Running");
        // when
        Pod updated = store.updateStatus(request);
        // then
        assertThat(updated.getStatus().getQosClass()).isEqualTo("BestEffort");
    }

    @Test
    void incrementsGenerationOnlyWhenTheSpecChanges() {
        // given
        store.create(pod("web"));
        // when
        Pod relabelled = store.edit(Pod.class, "default", "web", p -> p.getMetadata().setLabels(Map.of("a", "b")));
        Pod newStatus = store.editStatus(Pod.class, "default", "web", p -> p.getStatus().setPhase("Running"));
        Pod newImage = store.edit(Pod.class, "default", "web",
                p -> p.getSpec().getContainers().get(0).setImage("nginx:2"));
        Pod sameSpec = store.edit(Pod.class, "default", "web", p -> p.getMetadata().setAnnotations(Map.of("x", "y")));
        // then
        assertThat(List.of(relabelled, newStatus, newImage, sameSpec))
                .extracting(p -> p.getMetadata().getGeneration())
                .containsExactly(1L, 1L, 2L, 2L);
    }

    @Test
    void ignoresAGenerationSentByTheClient() {
        // given
        Pod request = store.create(pod("web"));
        request.getMetadata().setGeneration(42L);
        // when
        Pod updated = store.update(request);
        // then
        assertThat(updated.getMetadata().getGeneration()).isEqualTo(1L);
    }

    @Test
    void incrementsADeploymentsGenerationWhenItsAnnotationsChange() {
        // given pkg/registry/apps/deployment/strategy.go: annotations are copied to replica sets
        store.create(new DeploymentBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(1).endSpec().build());
        // when
        Deployment annotated = store.edit(Deployment.class, "default", "web",
                d -> d.getMetadata().setAnnotations(Map.of("kubernetes.io/change-cause", "v2")));
        Deployment relabelled = store.edit(Deployment.class, "default", "web",
                d -> d.getMetadata().setLabels(Map.of("tier", "front")));
        Deployment scaled = store.edit(Deployment.class, "default", "web", d -> d.getSpec().setReplicas(3));
        // then
        assertThat(List.of(annotated, relabelled, scaled)).extracting(d -> d.getMetadata().getGeneration())
                .containsExactly(2L, 2L, 3L);
    }

    @Test
    void keepsUidAndCreationTimestamp() {
        // given
        Pod created = store.create(pod("web"));
        fixture.advance(Duration.ofMinutes(5));
        Pod request = Copies.copy(created);
        request.getMetadata().setUid(null);
        request.getMetadata().setCreationTimestamp("2030-01-01T00:00:00Z");
        // when
        Pod updated = store.update(request);
        // then
        assertThat(updated.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
        assertThat(updated.getMetadata().getCreationTimestamp()).isEqualTo("2025-01-01T00:00:00Z");
    }

    @Test
    void refusesAnotherUidAsImmutable() {
        // given
        Pod request = store.create(pod("web"));
        request.getMetadata().setUid("11111111-2222-4333-8444-555555555555");
        // when / then ValidateObjectMetaUpdate: ValidateImmutableField
        assertApiError(() -> store.update(request), 422, "Invalid", "Pod \"web\" is invalid: metadata.uid: "
                + "Invalid value: \"11111111-2222-4333-8444-555555555555\": field is immutable");
        assertApiError(() -> store.updateStatus(request), 422, "Invalid", "Pod \"web\" is invalid: metadata.uid: "
                + "Invalid value: \"11111111-2222-4333-8444-555555555555\": field is immutable");
    }

    @Test
    void keepsTheDeletionTimestampOnAnUpdate() {
        // given
        fixture.boundPod(StoreFixture.podBuilder("web"));
        Pod deleting = store.delete(Pod.class, "default", "web").orElseThrow();
        Pod request = Copies.copy(deleting);
        request.getMetadata().setDeletionTimestamp(null);
        request.getMetadata().setDeletionGracePeriodSeconds(null);
        request.getMetadata().setLabels(Map.of("a", "b"));
        // when
        Pod updated = store.update(request);
        // then "an update can never remove/change a deletion timestamp"
        assertThat(updated.getMetadata().getDeletionTimestamp()).isEqualTo("2025-01-01T00:00:30Z");
        assertThat(updated.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(30L);
    }

    @Test
    void leavesTheCallersObjectAsItWas() {
        // given
        Pod request = store.create(pod("web"));
        request.getMetadata().setLabels(Map.of("a", "b"));
        Pod before = Copies.copy(request);
        // when
        store.update(request);
        // then
        assertThat(request).isEqualTo(before);
    }

    @Test
    void anUpdateThatChangesNothingIsNotWrittenAndNotWatched() {
        // given
        Pod created = store.create(pod("web"));
        List<String> seen = new java.util.ArrayList<>();
        store.watch(Pod.class, ListOptions.all(), store.resourceVersion(), e -> seen.add(e.type() + " " + e.resourceVersion()));
        Pod same = Copies.copy(created);
        same.getMetadata().setResourceVersion(null);
        // when
        java.util.Optional<Pod> written = store.updateIfChanged(same);
        // then: etcd3's GuaranteedUpdate skips a write whose bytes equal the stored ones
        assertThat(written).isEmpty();
        assertThat(store.resourceVersion()).isEqualTo(Long.parseLong(created.getMetadata().getResourceVersion()));
        assertThat(seen).isEmpty();
    }

    @Test
    void anUpdateThatChangesSomethingIsWrittenAsUpdateWritesIt() {
        // given
        Pod created = store.create(pod("web"));
        List<String> seen = new java.util.ArrayList<>();
        store.watch(Pod.class, ListOptions.all(), store.resourceVersion(), e -> seen.add(e.type() + " " + e.resourceVersion()));
        Pod labelled = Copies.copy(created);
        labelled.getMetadata().setLabels(Map.of("app", "web"));
        // when
        Pod written = store.updateIfChanged(labelled).orElseThrow();
        // then
        long version = Long.parseLong(created.getMetadata().getResourceVersion()) + 1;
        assertThat(written.getMetadata().getResourceVersion()).isEqualTo(Long.toString(version));
        assertThat(seen).containsExactly("MODIFIED " + version);
    }
}
