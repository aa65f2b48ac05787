package dev.peapod.store;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.peapod.store.StoreFixture.assertApiError;
import static dev.peapod.store.StoreFixture.configMap;
import static dev.peapod.store.StoreFixture.describe;
import static dev.peapod.store.StoreFixture.pod;
import static dev.peapod.store.StoreFixture.podBuilder;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Watch semantics, after apiserver/pkg/storage/cacher (watch_cache.go getAllEventsSinceLocked,
 * cacher.go convertToWatchEvent).
 */
class ObjectStoreWatchTest {
    private final StoreFixture fixture = new StoreFixture();
    private final ObjectStore store = fixture.store;

    @Test
    void startsAWatchWithoutVersionWithTheCurrentObjects() {
        // given
        store.create(pod("web-b"));
        store.create(pod("web-a"));
        store.create(configMap("config"));
        // when
        List<String> seen = fixture.record(Pod.class, ListOptions.all(), null);
        store.create(pod("web-c"));
        store.edit(Pod.class, "default", "web-a", p -> p.getMetadata().setLabels(Map.of("a", "b")));
        store.delete(Pod.class, "default", "web-b");
        // then the initial ADDED events carry the store's version at the start of the watch
        assertThat(seen).containsExactly(
                "ADDED default/web-a@7", "ADDED default/web-b@7",
                "ADDED default/web-c@8", "MODIFIED default/web-a@9",
                "MODIFIED default/web-b@10", "DELETED default/web-b@11");
    }

    @Test
    void treatsVersionZeroAsAListThenWatch() {
        // given
        store.create(pod("web"));
        // when
        List<String> seen = fixture.record(Pod.class, ListOptions.all(), 0L);
        // then
        assertThat(seen).containsExactly("ADDED default/web@5");
    }

    @Test
    void replaysExactlyTheChangesAfterAVersion() {
        // given
        store.create(pod("a"));                                                            // 5
        store.create(pod("b"));                                                            // 6
        store.create(configMap("config"));                                                 // 7
        store.edit(Pod.class, "default", "a", p -> p.getMetadata().setLabels(Map.of("x", "y"))); // 8
        store.delete(Pod.class, "default", "b");                                           // 9, 10
        // when
        List<String> seen = fixture.record(Pod.class, ListOptions.all(), 6L);
        // then
        assertThat(seen).containsExactly("MODIFIED default/a@8", "MODIFIED default/b@9", "DELETED default/b@10");
    }

    @Test
    void replaysNothingFromTheCurrentVersion() {
        // given
        store.create(pod("a"));
        // when
        List<String> seen = fixture.record(Pod.class, ListOptions.all(), store.resourceVersion());
        store.create(pod("b"));
        // then
        assertThat(seen).containsExactly("ADDED default/b@6");
    }

    @Test
    void answersExpiredForAVersionOlderThanTheHistory() {
        // given a history of three changes: versions 5, 6 and 7
        StoreFixture small = new StoreFixture(StoreFixture.SEED, 3);
        for (String name : List.of("a", "b", "c")) {
            small.store.create(pod(name));
        }
        // when / then the oldest version a watch can start from is 4, the one before the oldest change
        assertApiError(() -> small.store.watch(Pod.class, ListOptions.all(), 3L, e -> { }), 410, "Expired",
                "too old resource version: 3 (4)");
        assertThat(small.record(Pod.class, ListOptions.all(), 4L))
                .containsExactly("ADDED default/a@5", "ADDED default/b@6", "ADDED default/c@7");
    }

    @Test
    void answersTimeoutForAVersionTheStoreHasNotReached() {
        // when / then storage.NewTooLargeResourceVersionError
        assertApiError(() -> store.watch(Pod.class, ListOptions.all(), 99L, e -> { }), 504, "Timeout",
                "Timeout: Too large resource version: 99, current: 4");
    }

    @Test
    void turnsChangesOfALabelFilteredWatchIntoAddedAndDeleted() {
        // given
        store.create(pod("web"));
        List<WatchEvent<Pod>> events = new ArrayList<>();
        store.watch(Pod.class, ListOptions.all().withLabels("app=web"), null, events::add);
        // when
        store.edit(Pod.class, "default", "web", p -> p.getMetadata().setLabels(Map.of("app", "web")));
        store.edit(Pod.class, "default", "web", p -> p.getMetadata().getLabels().put("tier", "front"));
        store.edit(Pod.class, "default", "web", p -> p.getMetadata().setLabels(Map.of("app", "db")));
        store.edit(Pod.class, "default", "web", p -> p.getMetadata().setLabels(Map.of("app", "other")));
        // then
        assertThat(events).extracting(StoreFixture::describe)
                .containsExactly("ADDED default/web@6", "MODIFIED default/web@7", "DELETED default/web@8");
        Pod last = events.get(2).object();
        assertThat(last.getMetadata().getLabels()).as("the last state that matched")
                .containsExactly(Map.entry("app", "web"), Map.entry("tier", "front"));
        assertThat(last.getMetadata().getResourceVersion()).isEqualTo("8");
    }

    @Test
    void turnsChangesOfAFieldFilteredWatchIntoAddedAndDeleted() {
        // given a kubelet's watch on its node
        store.create(pod("web"));
        List<String> seen = fixture.record(Pod.class, ListOptions.all().withFields("spec.nodeName=node-1"), null);
        // when
        store.bind("default", "web", "node-1");                 // 6
        store.delete(Pod.class, "default", "web");              // 7
        store.delete(Pod.class, "default", "web", 0L);          // 8, 9
        // then
        assertThat(seen).containsExactly("ADDED default/web@6", "MODIFIED default/web@7",
                "MODIFIED default/web@8", "DELETED default/web@9");
    }

    @Test
    void tellsNodeWatchesAndOtherWatchesOfAPodInTheOrderTheyWereOpened() {
        // given watches opened in this order: all pods, node-1's, node-2's, all pods again
        store.create(pod("web"));
        List<String> seen = new ArrayList<>();
        store.watch(Pod.class, ListOptions.all(), null, e -> seen.add("all " + describe(e)));
        store.watch(Pod.class, ListOptions.all().withFields("spec.nodeName=node-1"), null, e -> seen.add("node-1 " + describe(e)));
        Watch node2 = store.watch(Pod.class, ListOptions.all().withFields("spec.nodeName=node-2"), null,
                e -> seen.add("node-2 " + describe(e)));
        store.watch(Pod.class, ListOptions.all(), null, e -> seen.add("again " + describe(e)));
        seen.clear();
        // when
        store.bind("default", "web", "node-2");                 // 6
        node2.close();
        store.delete(Pod.class, "default", "web", 0L);          // 7, 8
        // then node-1's watch hears nothing, node-2's only until it was closed
        assertThat(seen).containsExactly("all MODIFIED default/web@6", "node-2 ADDED default/web@6",
                "again MODIFIED default/web@6", "all MODIFIED default/web@7", "again MODIFIED default/web@7",
                "all DELETED default/web@8", "again DELETED default/web@8");
    }

    @Test
    void deletesFromAPhaseFilteredWatchWhenThePhaseChanges() {
        // given
        fixture.boundPod(podBuilder("job"));
        List<WatchEvent<Pod>> events = new ArrayList<>();
        store.watch(Pod.class, ListOptions.all().withFields("status.phase!=Succeeded"), null, events::add);
        // when
        store.editStatus(Pod.class, "default", "job", p -> p.getStatus().setPhase("Running"));
        store.editStatus(Pod.class, "default", "job", p -> p.getStatus().setPhase("Succeeded"));
        // then
        assertThat(events).extracting(StoreFixture::describe)
                .containsExactly("ADDED default/job@6", "MODIFIED default/job@7", "DELETED default/job@8");
        assertThat(events.get(2).object().getStatus().getPhase()).isEqualTo("Running");
    }

    @Test
    void translatesFilteredChangesInAReplayToo() {
        // given
        store.create(pod("web"));                                                              // 5
        store.edit(Pod.class, "default", "web", p -> p.getMetadata().setLabels(Map.of("app", "web"))); // 6
        store.edit(Pod.class, "default", "web", p -> p.getMetadata().setLabels(Map.of("app", "db")));  // 7
        // when
        List<String> seen = fixture.record(Pod.class, ListOptions.all().withLabels("app=web"), 4L);
        // then
        assertThat(seen).containsExactly("ADDED default/web@6", "DELETED default/web@7");
    }

    @Test
    void watchesOneNamespace() {
        // given
        store.create(StoreFixture.namespace("team"));
        List<String> seen = fixture.record(Pod.class, ListOptions.inNamespace("team"), null);
        // when
        store.create(pod("web"));
        store.create(podBuilder("web").editMetadata().withNamespace("team").endMetadata().build());
        // then
        assertThat(seen).containsExactly("ADDED team/web@7");
    }

    @Test
    void refusesAnUnsupportedFieldBeforeAnythingIsStored() {
        // when / then
        assertApiError(() -> store.watch(Pod.class, ListOptions.all().withFields("spec.foo=bar"), null, e -> { }),
                400, "BadRequest", "field label not supported: spec.foo");
    }

    @Test
    void deliversWritesOfAListenerAfterItsCallbackReturnsAndInOrder() {
        // given a controller that creates "b" when it sees "a", and an observer
        List<String> log = new ArrayList<>();
        store.watch(Pod.class, ListOptions.all(), null, event -> {
            String name = event.object().getMetadata().getName();
            log.add("controller start " + describe(event));
            if (name.equals("a")) {
                store.create(pod("b"));
                log.add("controller wrote b");
            }
            log.add("controller end " + name);
        });
        List<String> observed = fixture.record(Pod.class, ListOptions.all(), null);
        // when
        store.create(pod("a"));
        // then
        assertThat(log).containsExactly(
                "controller start ADDED default/a@5", "controller wrote b", "controller end a",
                "controller start ADDED default/b@6", "controller end b");
        assertThat(observed).containsExactly("ADDED default/a@5", "ADDED default/b@6");
    }

    @Test
    void stopsDeliveringWhenTheWatchIsClosed() {
        // given
        List<String> seen = new ArrayList<>();
        Watch watch = store.watch(Pod.class, ListOptions.all(), null, e -> seen.add(describe(e)));
        store.create(pod("a"));
        // when
        watch.close();
        watch.close();
        store.create(pod("b"));
        // then
        assertThat(seen).containsExactly("ADDED default/a@5");
    }

    @Test
    void dropsChangesAlreadyQueuedForAWatchClosedByItsListener() {
        // given a listener that writes twice, and a watcher that stops after one event
        store.watch(ConfigMap.class, ListOptions.all(), null, e -> {
            if (e.type() == WatchEvent.Type.ADDED) {
                store.create(pod("x"));
                store.create(pod("y"));
            }
        });
        List<String> seen = new ArrayList<>();
        Watch[] watch = new Watch[1];
        watch[0] = store.watch(Pod.class, ListOptions.all(), null, e -> {
            seen.add(describe(e));
            watch[0].close();
        });
        // when
        store.create(configMap("trigger"));
        // then
        assertThat(seen).containsExactly("ADDED default/x@6");
    }

    @Test
    void seesOnlyItsOwnKind() {
        // given
        List<String> seen = fixture.record(ConfigMap.class, ListOptions.all(), null);
        // when
        store.create(pod("web"));
        store.create(configMap("config"));
        // then
        assertThat(seen).containsExactly("ADDED default/config@6");
    }

    @Test
    void aListenerThatThrowsKeepsNeitherTheOthersNorLaterWritesFromTheirEvents() {
        // given
        store.watch(Pod.class, ListOptions.all(), store.resourceVersion(), e -> {
            throw new IllegalStateException("listener bug");
        });
        List<String> seen = fixture.record(Pod.class, ListOptions.all(), store.resourceVersion());
        // when: the write commits, every listener gets the event, then the first failure surfaces
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.create(pod("web")))
                .isInstanceOf(IllegalStateException.class).hasMessage("listener bug");
        // then
        assertThat(store.get(Pod.class, "default", "web")).isPresent();
        assertThat(seen).hasSize(1);
        org.assertj.core.api.Assertions.assertThatCode(() -> store.create(configMap("unrelated"))).doesNotThrowAnyException();
    }
}
