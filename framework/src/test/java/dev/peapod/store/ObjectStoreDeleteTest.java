package dev.peapod.store;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.peapod.store.StoreFixture.assertApiError;
import static dev.peapod.store.StoreFixture.configMap;
import static dev.peapod.store.StoreFixture.pod;
import static dev.peapod.store.StoreFixture.podBuilder;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DELETE and pods/binding semantics, after apiserver/pkg/registry/rest/delete.go BeforeDelete,
 * generic/registry/store.go Delete, pkg/registry/core/pod/strategy.go CheckGracefulDelete and
 * pkg/registry/core/pod/storage/storage.go setPodHostAndAnnotations.
 */
class ObjectStoreDeleteTest {
    private final StoreFixture fixture = new StoreFixture();
    private final ObjectStore store = fixture.store;

    @Test
    void deletesAPodThatIsNotBoundAtOnce() {
        // given
        store.create(pod("web"));
        List<String> seen = fixture.record(Pod.class, ListOptions.all(), store.resourceVersion());
        // when
        Optional<Pod> left = store.delete(Pod.class, "default", "web");
        // then the grace period is 0: upstream writes the deletion fields, then removes the pod
        assertThat(left).isEmpty();
        assertThat(store.get(Pod.class, "default", "web")).isEmpty();
        assertThat(seen).containsExactly("MODIFIED default/web@6", "DELETED default/web@7");
    }

    @Test
    void givesABoundPodItsGracePeriod() {
        // given
        fixture.boundPod(podBuilder("web"));
        fixture.advance(Duration.ofSeconds(12));
        // when
        Pod deleting = store.delete(Pod.class, "default", "web").orElseThrow();
        // then
        assertThat(deleting.getMetadata().getDeletionTimestamp()).isEqualTo("2025-01-01T00:00:42Z");
        assertThat(deleting.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(30L);
        assertThat(deleting.getMetadata().getGeneration()).as("first graceful delete bumps generation").isEqualTo(2L);
        assertThat(store.get(Pod.class, "default", "web")).contains(deleting);
    }

    @Test
    void takesTheGracePeriodFromThePodSpec() {
        // given
        fixture.boundPod(podBuilder("web").editSpec().withTerminationGracePeriodSeconds(10L).endSpec());
        // when
        Pod deleting = store.delete(Pod.class, "default", "web").orElseThrow();
        // then
        assertThat(deleting.getMetadata().getDeletionTimestamp()).isEqualTo("2025-01-01T00:00:10Z");
        assertThat(deleting.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(10L);
    }

    @Test
    void prefersTheGracePeriodOfTheRequest() {
        // given
        fixture.boundPod(podBuilder("web").editSpec().withTerminationGracePeriodSeconds(10L).endSpec());
        // when
        Pod deleting = store.delete(Pod.class, "default", "web", 45L).orElseThrow();
        // then
        assertThat(deleting.getMetadata().getDeletionTimestamp()).isEqualTo("2025-01-01T00:00:45Z");
        assertThat(deleting.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(45L);
    }

    @Test
    void treatsANegativeGracePeriodAsOneSecond() {
        // given
        fixture.boundPod(podBuilder("web"));
        // when
        Pod deleting = store.delete(Pod.class, "default", "web", -5L).orElseThrow();
        // then
        assertThat(deleting.getMetadata().getDeletionTimestamp()).isEqualTo("2025-01-01T00:00:01Z");
        assertThat(deleting.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(1L);
    }

    @Test
    void keepsAPodInItsGracePeriodUntilItIsDeletedWithGraceZero() {
        // given
        fixture.boundPod(podBuilder("web"));
        store.delete(Pod.class, "default", "web");
        // when
        fixture.advance(Duration.ofMinutes(5));
        // then nothing but the kubelet's final delete removes it
        assertThat(store.get(Pod.class, "default", "web")).isPresent();
        assertThat(store.delete(Pod.class, "default", "web", 0L)).isEmpty();
        assertThat(store.get(Pod.class, "default", "web")).isEmpty();
    }

    @Test
    void letsALaterDeleteOnlyShortenTheGracePeriodCountedFromTheFirstRequest() {
        // given
        fixture.boundPod(podBuilder("web"));
        Pod first = store.delete(Pod.class, "default", "web").orElseThrow();
        fixture.advance(Duration.ofSeconds(5));
        // when
        Pod longer = store.delete(Pod.class, "default", "web", 60L).orElseThrow();
        Pod again = store.delete(Pod.class, "default", "web").orElseThrow();
        Pod shorter = store.delete(Pod.class, "default", "web", 10L).orElseThrow();
        // then
        assertThat(longer).isEqualTo(first);
        assertThat(again).isEqualTo(first);
        assertThat(shorter.getMetadata().getDeletionTimestamp()).as("00:00:30 - 30 s + 10 s, not now + 10 s")
                .isEqualTo("2025-01-01T00:00:10Z");
        assertThat(shorter.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(10L);
        assertThat(shorter.getMetadata().getGeneration()).as("bumped once, by the first delete").isEqualTo(2L);
    }

    @Test
    void deletesAPodInItsGracePeriodWhenAsked() {
        // given
        fixture.boundPod(podBuilder("web"));
        store.delete(Pod.class, "default", "web");
        List<String> seen = fixture.record(Pod.class, ListOptions.all(), store.resourceVersion());
        fixture.advance(Duration.ofSeconds(3));
        // when the kubelet has stopped the containers
        Optional<Pod> left = store.delete(Pod.class, "default", "web", 0L);
        // then
        assertThat(left).isEmpty();
        assertThat(seen).containsExactly("MODIFIED default/web@8", "DELETED default/web@9");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Succeeded", "Failed"})
    void deletesATerminalPodAtOnce(String phase) {
        // given
        fixture.boundPod(podBuilder("web"));
        store.editStatus(Pod.class, "default", "web", p -> p.getStatus().setPhase(phase));
        // when
        Optional<Pod> left = store.delete(Pod.class, "default", "web");
        // then
        assertThat(left).isEmpty();
        assertThat(store.get(Pod.class, "default", "web")).isEmpty();
    }

    @Test
    void refusesToDeleteAMissingObject() {
        // when / then
        assertApiError(() -> store.delete(Pod.class, "default", "ghost"), 404, "NotFound", "pods \"ghost\" not found");
    }

    @Test
    void deletesOtherKindsAtOnceWhateverTheGracePeriod() {
        // given only pods have a graceful delete strategy
        store.create(configMap("config"));
        // when
        Optional<ConfigMap> left = store.delete(ConfigMap.class, "default", "config", 30L);
        // then
        assertThat(left).isEmpty();
        assertThat(store.get(ConfigMap.class, "default", "config")).isEmpty();
    }

    @Test
    void aLeaseRenewalKeepsTheDeletionOfALeaseHeldByAFinalizer() {
        // given
        store.create(new io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder()
                .withNewMetadata().withNamespace("default").withName("worker-1")
                    .withFinalizers("example.com/cleanup").endMetadata()
                .withNewSpec().withHolderIdentity("worker-1").withLeaseDurationSeconds(40).endSpec().build());
        store.delete(io.fabric8.kubernetes.api.model.coordination.v1.Lease.class, "default", "worker-1");
        var deleting = store.get(io.fabric8.kubernetes.api.model.coordination.v1.Lease.class, "default", "worker-1").orElseThrow();
        assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();
        // when
        store.renewLease("default", "worker-1", java.time.ZonedDateTime.parse("2025-01-01T00:00:10Z"));
        // then: an update keeps the deletion fields (the renewal is the lease controller's update)
        var renewed = store.get(io.fabric8.kubernetes.api.model.coordination.v1.Lease.class, "default", "worker-1").orElseThrow();
        assertThat(renewed.getMetadata().getDeletionTimestamp()).isEqualTo(deleting.getMetadata().getDeletionTimestamp());
        assertThat(renewed.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(deleting.getMetadata().getDeletionGracePeriodSeconds());
        assertThat(renewed.getMetadata().getGeneration()).isEqualTo(deleting.getMetadata().getGeneration());
        assertThat(renewed.getSpec().getRenewTime()).isEqualTo(java.time.ZonedDateTime.parse("2025-01-01T00:00:10Z"));
    }

    @Test
    void keepsAnObjectWithFinalizersUntilTheyAreRemoved() {
        // given
        ConfigMap config = configMap("config");
        config.getMetadata().setFinalizers(List.of("example.com/cleanup"));
        store.create(config);
        fixture.advance(Duration.ofSeconds(7));
        List<String> seen = fixture.record(ConfigMap.class, ListOptions.all(), store.resourceVersion());
        // when
        ConfigMap deleting = store.delete(ConfigMap.class, "default", "config", 30L).orElseThrow();
        ConfigMap again = store.delete(ConfigMap.class, "default", "config").orElseThrow();
        // then store.go markAsDeleting: now, grace 0
        assertThat(deleting.getMetadata().getDeletionTimestamp()).isEqualTo("2025-01-01T00:00:07Z");
        assertThat(deleting.getMetadata().getDeletionGracePeriodSeconds()).isZero();
        assertThat(again).isEqualTo(deleting);
        assertThat(store.get(ConfigMap.class, "default", "config")).isPresent();
        // when the finalizer is done
        ConfigMap finalized = store.edit(ConfigMap.class, "default", "config", c -> c.getMetadata().setFinalizers(List.of()));
        // then
        assertThat(store.get(ConfigMap.class, "default", "config")).isEmpty();
        assertThat(finalized.getMetadata().getResourceVersion()).isEqualTo("7");
        assertThat(seen).containsExactly("MODIFIED default/config@6", "DELETED default/config@7");
    }

    @Test
    void keepsAPodWithFinalizersAfterItsGracePeriod() {
        // given
        fixture.boundPod(podBuilder("web").editMetadata().withFinalizers("example.com/audit").endMetadata());
        store.delete(Pod.class, "default", "web");
        fixture.advance(Duration.ofSeconds(4));
        // when the kubelet is done
        Pod held = store.delete(Pod.class, "default", "web", 0L).orElseThrow();
        // then
        assertThat(held.getMetadata().getDeletionTimestamp()).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(held.getMetadata().getDeletionGracePeriodSeconds()).isZero();
        // when
        store.edit(Pod.class, "default", "web", p -> p.getMetadata().setFinalizers(List.of()));
        // then
        assertThat(store.get(Pod.class, "default", "web")).isEmpty();
    }

    @Test
    void keepsAPodWhoseFinalizersGoDuringItsGracePeriod() {
        // given
        fixture.boundPod(podBuilder("web").editMetadata().withFinalizers("example.com/audit").endMetadata());
        store.delete(Pod.class, "default", "web");
        // when
        Pod updated = store.edit(Pod.class, "default", "web", p -> p.getMetadata().setFinalizers(List.of()));
        // then ShouldDeleteDuringUpdate waits for a grace period of 0
        assertThat(updated.getMetadata().getFinalizers()).isEmpty();
        assertThat(store.get(Pod.class, "default", "web")).isPresent();
    }

    @Test
    void removesAPodWhoseFinalizersGoThroughTheStatusSubresource() {
        // given an unbound pod held by a finalizer
        store.create(podBuilder("web").editMetadata().withFinalizers("example.com/audit").endMetadata().build());
        store.delete(Pod.class, "default", "web");
        Pod request = store.get(Pod.class, "default", "web").orElseThrow();
        request.getMetadata().setFinalizers(List.of());
        // when
        store.updateStatus(request);
        // then
        assertThat(store.get(Pod.class, "default", "web")).isEmpty();
    }

    // ---------------------------------------------------------------- binding

    @Test
    void bindsAPodToANodeAndMarksItScheduled() {
        // given
        store.create(pod("web"));
        fixture.advance(Duration.ofSeconds(2));
        // when
        Pod bound = store.bind("default", "web", "node-1");
        // then
        assertThat(bound.getSpec().getNodeName()).isEqualTo("node-1");
        assertThat(bound.getStatus().getConditions()).extracting(PodCondition::getType, PodCondition::getStatus,
                        PodCondition::getLastTransitionTime)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("PodScheduled", "True", "2025-01-01T00:00:02Z"));
        assertThat(bound.getMetadata().getGeneration()).as("binding bypasses the pod strategy").isEqualTo(1L);
        assertThat(bound.getMetadata().getResourceVersion()).isEqualTo("6");
    }

    @Test
    void replacesAFalsePodScheduledCondition() {
        // given the scheduler said it could not place the pod
        store.create(pod("web"));
        store.editStatus(Pod.class, "default", "web", p -> p.getStatus().setConditions(List.of(new PodCondition(null,
                "2025-01-01T00:00:00Z", "0/1 nodes are available", null, null, "False", "PodScheduled"))));
        store.editStatus(Pod.class, "default", "web", p -> p.getStatus().getConditions().get(0).setReason("Unschedulable"));
        fixture.advance(Duration.ofSeconds(30));
        // when
        Pod bound = store.bind("default", "web", "node-1");
        // then
        PodCondition scheduled = bound.getStatus().getConditions().get(0);
        assertThat(bound.getStatus().getConditions()).hasSize(1);
        assertThat(scheduled.getStatus()).isEqualTo("True");
        assertThat(scheduled.getReason()).isNull();
        assertThat(scheduled.getMessage()).isNull();
        assertThat(scheduled.getLastTransitionTime()).isEqualTo("2025-01-01T00:00:30Z");
    }

    @Test
    void refusesToBindABoundPod() {
        // given
        fixture.boundPod(podBuilder("web"));
        // when / then
        assertApiError(() -> store.bind("default", "web", "node-2"), 409, "Conflict",
                "Operation cannot be fulfilled on pods/binding \"web\": pod web is already assigned to node \"node-1\"");
        assertThat(store.get(Pod.class, "default", "web").orElseThrow().getSpec().getNodeName()).isEqualTo("node-1");
    }

    @Test
    void refusesToBindAPodBeingDeleted() {
        // given
        store.create(podBuilder("web").editMetadata().withFinalizers("example.com/audit").endMetadata().build());
        store.delete(Pod.class, "default", "web");
        // when / then
        assertApiError(() -> store.bind("default", "web", "node-1"), 409, "Conflict",
                "Operation cannot be fulfilled on pods/binding \"web\": pod web is being deleted, cannot be assigned to a host");
    }

    @Test
    void refusesToBindAPodWithSchedulingGates() {
        // given
        store.create(podBuilder("web").editSpec().addNewSchedulingGate("example.com/quota").endSpec().build());
        // when / then
        assertApiError(() -> store.bind("default", "web", "node-1"), 409, "Conflict",
                "Operation cannot be fulfilled on pods/binding \"web\": pod web has non-empty .spec.schedulingGates");
    }

    @Test
    void refusesToBindAMissingPod() {
        // when / then
        assertApiError(() -> store.bind("default", "ghost", "node-1"), 404, "NotFound", "pods \"ghost\" not found");
    }
}
