package dev.peapod.store;

import dev.peapod.time.OtherThread;
import dev.peapod.time.WrongThreadException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The store's side of the thread boundary (DESIGN §2): owner-thread writes, reads anywhere, watches on the loop thread. */
class ObjectStoreThreadsTest extends StoreFixture {

    @ParameterizedTest
    @ValueSource(strings = {"create", "update", "updateIfChanged", "updateStatus", "edit", "editStatus", "bind", "delete", "watch"})
    void everyWriteAndWatchFailsOnAnotherThreadAndChangesNothing(String verb) throws Exception {
        // given
        store.create(pod("web"));
        long version = store.resourceVersion();
        List<String> seen = record(Pod.class, ListOptions.all(), version);
        Pod web = store.require(Pod.class, "default", "web");
        Runnable call = switch (verb) {
            case "create" -> () -> store.create(pod("other"));
            case "update" -> () -> store.update(web);
            case "updateIfChanged" -> () -> {
                Pod labelled = store.require(Pod.class, "default", "web");
                labelled.getMetadata().setLabels(java.util.Map.of("a", "b"));
                store.updateIfChanged(labelled);
            };
            case "updateStatus" -> () -> store.updateStatus(web);
            case "edit" -> () -> store.edit(Pod.class, "default", "web", p -> p.getMetadata().setLabels(java.util.Map.of("a", "b")));
            case "editStatus" -> () -> store.editStatus(Pod.class, "default", "web", p -> p.getStatus().setPhase("Running"));
            case "bind" -> () -> store.bind("default", "web", "node-1");
            case "delete" -> () -> store.delete(Pod.class, "default", "web");
            default -> () -> store.watch(Pod.class, ListOptions.all(), null, e -> { });
        };
        // when
        RuntimeException thrown = OtherThread.failure("intruder", call);
        // then
        assertThat(thrown).isInstanceOf(WrongThreadException.class)
                .hasMessage(OtherThread.wrongThread("ObjectStore." + verb, "intruder"));
        assertThat(store.resourceVersion()).isEqualTo(version);
        assertThat(store.list(Pod.class)).containsExactly(web);
        assertThat(seen).isEmpty();
    }

    @Test
    void readsWorkOnAnyThread() throws Exception {
        // given
        ConfigMap stored = store.create(configMap("settings"));
        // when
        List<Object> read = OtherThread.call("reader", () -> List.of(
                store.get(ConfigMap.class, "default", "settings").orElseThrow(),
                store.peek(ConfigMap.class, "default", "settings"),
                store.require(ConfigMap.class, "default", "settings"),
                store.list(ConfigMap.class),
                store.resourceVersion()));
        // then
        assertThat(read).containsExactly(stored, stored, stored, List.of(stored), store.resourceVersion());
    }

    @Test
    void writesThroughTheInboxNotifyWatchersOnTheLoopThreadInOrder() throws Exception {
        // given
        List<String> seen = new ArrayList<>();
        store.watch(ConfigMap.class, ListOptions.all(), null,
                e -> seen.add(describe(e) + " on " + Thread.currentThread().getName()));
        // when
        List<CompletableFuture<ConfigMap>> writes = OtherThread.call("writer", () -> List.of(
                loop.inbox().submit(() -> store.create(configMap("a"))),
                loop.inbox().submit(() -> store.create(configMap("b"))),
                loop.inbox().submit(() -> store.update(configMap("a")))));
        loop.settle();
        // then
        String loopThread = Thread.currentThread().getName();
        assertThat(writes).extracting(w -> w.join().getMetadata().getResourceVersion()).containsExactly("5", "6", "7");
        assertThat(seen).containsExactly("ADDED default/a@5 on " + loopThread, "ADDED default/b@6 on " + loopThread,
                "MODIFIED default/a@7 on " + loopThread);
    }

    @Test
    void aWatchClosedOnAnotherThreadSeesNothingMore() throws Exception {
        // given
        List<String> seen = new ArrayList<>();
        Watch watch = store.watch(ConfigMap.class, ListOptions.all(), null, e -> seen.add(describe(e)));
        store.create(configMap("before"));
        // when
        OtherThread.call("closer", () -> {
            watch.close();
            return null;
        });
        store.create(configMap("after"));
        // then
        assertThat(seen).containsExactly("ADDED default/before@5");
    }
}
