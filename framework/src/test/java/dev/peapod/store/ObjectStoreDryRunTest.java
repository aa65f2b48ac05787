package dev.peapod.store;

import dev.peapod.core.PeapodException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.peapod.store.StoreFixture.configMap;
import static dev.peapod.store.StoreFixture.namespace;
import static dev.peapod.store.StoreFixture.pod;
import static dev.peapod.store.StoreFixture.podBuilder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ObjectStore#dryRun}: a batch of writes against a staged overlay, never committed. */
class ObjectStoreDryRunTest {

    @Test
    void aBatchSeesItsOwnWritesAndLeavesNothingBehind() {
        // given
        StoreFixture fixture = new StoreFixture();
        ObjectStore store = fixture.store;
        store.create(configMap("kept"));
        long version = store.resourceVersion();
        List<String> seen = fixture.record(ConfigMap.class, ListOptions.all(), version);

        // when: a namespace, a pod in it, an update and a delete, each seeing the one before
        List<String> inside = store.dryRun(() -> {
            store.create(namespace("e2e"));
            Pod web = store.create(podBuilder("web").editMetadata().withNamespace("e2e").endMetadata().build());
            store.edit(ConfigMap.class, "default", "kept", c -> c.getData().put("k", "changed"));
            store.delete(ConfigMap.class, "default", "kept");
            return List.of(web.getMetadata().getResourceVersion(), Long.toString(store.resourceVersion()),
                    String.valueOf(store.get(Pod.class, "e2e", "web").isPresent()),
                    String.valueOf(store.list(ConfigMap.class).size()),
                    String.valueOf(store.list(Namespace.class).size()));
        });

        // then: inside, the staged writes counted from the store's version; after, nothing happened
        assertThat(inside).containsExactly(Long.toString(version + 2), Long.toString(version + 4), "true", "0", "5");
        assertThat(store.resourceVersion()).isEqualTo(version);
        assertThat(store.get(Namespace.class, null, "e2e")).isEmpty();
        assertThat(store.get(Pod.class, "e2e", "web")).isEmpty();
        assertThat(store.require(ConfigMap.class, "default", "kept").getData()).containsEntry("k", "v");
        assertThat(store.list(Namespace.class)).hasSize(4);
        assertThat(seen).isEmpty();
        assertThat(fixture.record(ConfigMap.class, ListOptions.all(), version)).isEmpty(); // no history either
    }

    @Test
    void aDryRunDrawsNoNamesOrUidsFromTheClustersRandom() {
        // given: two stores with the same seed
        ObjectStore dry = new StoreFixture().store;
        ObjectStore plain = new StoreFixture().store;
        Pod generated = new PodBuilder(pod("ignored")).editMetadata().withName(null).withGenerateName("web-").endMetadata().build();

        // when: one of them dry-runs two creations first
        List<String> staged = dry.dryRun(() -> List.of(dry.create(generated).getMetadata().getName(),
                dry.create(generated).getMetadata().getName()));
        Pod afterDryRun = dry.create(generated);
        Pod withoutDryRun = plain.create(generated);

        // then: the dry run named its objects as the real run does, and left the Random where it was
        assertThat(staged.get(0)).isEqualTo(afterDryRun.getMetadata().getName());
        assertThat(staged.get(1)).isNotEqualTo(staged.get(0));
        assertThat(afterDryRun.getMetadata().getName()).isEqualTo(withoutDryRun.getMetadata().getName());
        assertThat(afterDryRun.getMetadata().getUid()).isEqualTo(withoutDryRun.getMetadata().getUid());
    }

    @Test
    void aBatchThatThrowsLeavesNothingBehindEither() {
        // given
        ObjectStore store = new StoreFixture().store;
        long version = store.resourceVersion();

        // when
        assertThatThrownBy(() -> store.dryRun(() -> {
            store.create(configMap("a"));
            return store.create(configMap("a"));
        })).isInstanceOf(ApiException.class).hasMessage("configmaps \"a\" already exists");

        // then
        assertThat(store.resourceVersion()).isEqualTo(version);
        assertThat(store.list(ConfigMap.class)).isEmpty();
        assertThat(store.create(configMap("a")).getMetadata().getResourceVersion()).isEqualTo(Long.toString(version + 1));
    }

    @Test
    void anotherThreadReadsTheCommittedStoreDuringADryRun() throws Exception {
        // given
        ObjectStore store = new StoreFixture().store;
        AtomicReference<List<ConfigMap>> fromOtherThread = new AtomicReference<>();

        // when
        store.dryRun(() -> {
            store.create(configMap("staged"));
            Thread reader = new Thread(() -> fromOtherThread.set(store.list(ConfigMap.class)));
            reader.start();
            try {
                reader.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return null;
        });

        // then
        assertThat(fromOtherThread.get()).isEmpty();
    }

    @Test
    void dryRunsDoNotNestAndOpenNoWatch() {
        // given
        ObjectStore store = new StoreFixture().store;

        // when / then
        assertThatThrownBy(() -> store.dryRun(() -> store.dryRun(() -> null)))
                .isInstanceOf(PeapodException.class)
                .hasMessage("a dry run is already in progress: dry runs do not nest");
        assertThatThrownBy(() -> store.dryRun(() -> store.watch(Pod.class, ListOptions.all(), null, e -> { })))
                .isInstanceOf(PeapodException.class)
                .hasMessage("a watch cannot be opened during a dry run: nothing of a dry run is ever committed");
        assertThat(store.dryRun(() -> store.list(Pod.class))).isEmpty(); // usable again after a refusal
    }
}
