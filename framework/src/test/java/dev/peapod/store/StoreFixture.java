package dev.peapod.store;

import dev.peapod.time.EventLoop;
import dev.peapod.time.VirtualClock;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A store on a virtual clock at 2025-01-01T00:00:00Z, and the objects the store tests write. */
class StoreFixture {
    static final long SEED = 42;

    final VirtualClock clock = new VirtualClock(VirtualClock.DEFAULT_START);
    final EventLoop loop = new EventLoop(clock);
    final ObjectStore store;

    StoreFixture() {
        this(SEED, ObjectStore.DEFAULT_HISTORY);
    }

    StoreFixture(long seed, int history) {
        store = new ObjectStore(clock, new Random(seed), Admission.NONE, history);
    }

    /** Lets virtual time pass through the event loop, the only way the clock moves. */
    void advance(Duration duration) {
        loop.advance(duration);
    }

    static PodBuilder podBuilder(String name) {
        return new PodBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("nginx:1.27").endContainer().endSpec();
    }

    static Pod pod(String name) {
        return podBuilder(name).build();
    }

    static ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("k", "v").build();
    }

    static Namespace namespace(String name) {
        return new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
    }

    /** Creates a pod and binds it to node-1, as the scheduler would. */
    Pod boundPod(PodBuilder builder) {
        Pod created = store.create(builder.build());
        return store.bind(created.getMetadata().getNamespace(), created.getMetadata().getName(), "node-1");
    }

    /** A watch that records "TYPE namespace/name@resourceVersion" lines. */
    <T extends io.fabric8.kubernetes.api.model.HasMetadata> List<String> record(Class<T> kind, ListOptions options, Long from) {
        List<String> seen = new ArrayList<>();
        store.watch(kind, options, from, event -> seen.add(describe(event)));
        return seen;
    }

    static String describe(WatchEvent<?> event) {
        var meta = event.object().getMetadata();
        String where = meta.getNamespace() == null ? meta.getName() : meta.getNamespace() + "/" + meta.getName();
        return event.type() + " " + where + "@" + event.resourceVersion();
    }

    /** Asserts the API error a call fails with: code, reason and the exact message. */
    static void assertApiError(ThrowingCallable call, int code, String reason, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.code()).as("code").isEqualTo(code);
                    org.assertj.core.api.Assertions.assertThat(e.reason()).as("reason").isEqualTo(reason);
                })
                .hasMessage(message);
    }
}
