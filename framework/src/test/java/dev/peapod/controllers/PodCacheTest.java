package dev.peapod.controllers;

import dev.peapod.core.PeapodException;
import dev.peapod.events.EventRecorder;
import dev.peapod.spi.ClusterContext;
import dev.peapod.store.Admission;
import dev.peapod.store.ListOptions;
import dev.peapod.store.ObjectStore;
import dev.peapod.store.WatchEvent;
import dev.peapod.time.EventLoop;
import dev.peapod.time.VirtualClock;
import dev.peapod.timeline.Timeline;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The controllers' shared pod informer: its indexes, their order, and the old object of an update. */
class PodCacheTest {
    private final VirtualClock clock = new VirtualClock(VirtualClock.DEFAULT_START);
    private final Random random = new Random(42);
    private final ObjectStore store = new ObjectStore(clock, random, Admission.NONE);
    private final ClusterContext context = new ClusterContext(clock, new EventLoop(clock), store,
            new EventRecorder(store, clock), new Timeline(clock), random);
    private final PodCache cache = new PodCache();
    private final ReplicaSet owner = owner("default", "web", "uid-web");

    @Test
    void anOwnersPodsAndItsNamespacesOrphansComeMergedInTheStoresOrder() {
        // given
        store.create(new NamespaceBuilder().withNewMetadata().withName("other").endMetadata().build());
        store.create(pod("default", "b-owned", ref("uid-web")));
        store.create(pod("default", "a-orphan", null));
        store.create(pod("default", "e-someone-elses", ref("uid-db")));
        store.create(pod("default", "c-orphan", null));
        store.create(pod("other", "x-same-uid-other-namespace", ref("uid-web")));
        store.create(pod("other", "y-orphan", null));
        // when
        cache.start(context); // the initial list arrives as ADDED events
        store.create(pod("default", "d-owned", ref("uid-web")));
        // then
        assertThat(names(cache.controlledByOrOrphans(owner))).containsExactly("a-orphan", "b-owned", "c-orphan", "d-owned");
        assertThat(names(cache.controlledBy(owner))).containsExactly("b-owned", "d-owned");
        assertThat(names(cache.orphans("default"))).containsExactly("a-orphan", "c-orphan");
        assertThat(names(cache.inNamespace("default"))).containsExactly("a-orphan", "b-owned", "c-orphan", "d-owned", "e-someone-elses");
        assertThat(names(cache.inNamespace("other"))).containsExactly("x-same-uid-other-namespace", "y-orphan");
        assertThat(names(cache.controlledByOrOrphans(owner("default", "db", "uid-db")))).containsExactly("a-orphan", "c-orphan", "e-someone-elses");
        assertThat(names(cache.controlledBy(owner("default", "none", "uid-none")))).isEmpty();
        assertThat(cache.size()).isEqualTo(7);
    }

    @Test
    void aPodChangesBucketWhenItsControllerReferenceChangesAndLeavesWhenDeleted() {
        // given
        cache.start(context);
        store.create(pod("default", "web-1", null));
        // when: adopted
        store.edit(Pod.class, "default", "web-1", p -> p.getMetadata().setOwnerReferences(new ArrayList<>(List.of(ref("uid-web")))));
        // then
        assertThat(names(cache.controlledBy(owner))).containsExactly("web-1");
        assertThat(cache.orphans("default")).isEmpty();
        // when: released
        store.edit(Pod.class, "default", "web-1", p -> p.getMetadata().setOwnerReferences(new ArrayList<>()));
        // then
        assertThat(cache.controlledBy(owner)).isEmpty();
        assertThat(names(cache.orphans("default"))).containsExactly("web-1");
        // when: deleted (unbound: removed at once)
        store.delete(Pod.class, "default", "web-1", 0L);
        // then
        assertThat(cache.inNamespace("default")).isEmpty();
        assertThat(cache.orphans("default")).isEmpty();
        assertThat(cache.get("default", "web-1")).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void theObjectsHandedOutAreTheStoredOnesAndAListIsASnapshot() {
        // given
        cache.start(context);
        store.create(pod("default", "web-1", ref("uid-web")));
        List<Pod> before = cache.controlledBy(owner);
        // when
        store.create(pod("default", "web-2", ref("uid-web")));
        // then
        assertThat(cache.get("default", "web-1")).isSameAs(store.peek(Pod.class, "default", "web-1"));
        assertThat(before.get(0)).isSameAs(store.peek(Pod.class, "default", "web-1"));
        assertThat(names(before)).containsExactly("web-1");
        assertThat(names(cache.controlledBy(owner))).containsExactly("web-1", "web-2");
    }

    @Test
    void anUpdateHandlerWatchingAfterTheCacheGetsTheObjectTheEventReplaced() {
        // given: the cache watches first, as the first controller to start opens it
        cache.start(context);
        cache.start(context); // a second start (every controller calls it) opens no second watch
        List<String> seen = new ArrayList<>();
        List<WatchEvent<Pod>> events = new ArrayList<>();
        store.watch(Pod.class, ListOptions.all(), null, event -> {
            events.add(event);
            Pod old = event.type() == WatchEvent.Type.MODIFIED ? cache.previous(event) : null;
            seen.add(event.type() + " " + (old == null ? "-" : old.getMetadata().getLabels().get("v"))
                    + " -> " + event.object().getMetadata().getLabels().get("v"));
        });
        // when
        store.create(pod("default", "web-1", null));
        store.edit(Pod.class, "default", "web-1", p -> p.getMetadata().setLabels(Map.of("app", "web", "v", "2")));
        store.edit(Pod.class, "default", "web-1", p -> p.getMetadata().setLabels(Map.of("app", "web", "v", "3")));
        // then
        assertThat(seen).containsExactly("ADDED - -> 1", "MODIFIED 1 -> 2", "MODIFIED 2 -> 3");
        assertThat(cache.size()).isEqualTo(1);
        // an event no longer being delivered has no old object to give
        assertThatThrownBy(() -> cache.previous(events.get(1)))
                .isInstanceOf(PeapodException.class)
                .hasMessage("PodCache.previous: the cache did not see this event last (MODIFIED default/web-1); start the cache"
                        + " before the controller opens its pod watch, and ask only while the event is delivered");
    }

    private static List<String> names(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName()).toList();
    }

    private static ReplicaSet owner(String namespace, String name, String uid) {
        return new ReplicaSetBuilder().withNewMetadata().withNamespace(namespace).withName(name).withUid(uid).endMetadata().build();
    }

    private static OwnerReference ref(String uid) {
        return new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                .withName("owner-" + uid).withUid(uid).withController(true).withBlockOwnerDeletion(true).build();
    }

    private static Pod pod(String namespace, String name, OwnerReference ref) {
        return new PodBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).withLabels(Map.of("app", "web", "v", "1"))
                .withOwnerReferences(ref == null ? List.of() : List.of(ref)).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("nginx").endContainer().endSpec()
                .build();
    }
}
