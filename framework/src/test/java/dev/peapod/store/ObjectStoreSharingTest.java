package dev.peapod.store;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static dev.peapod.store.StoreFixture.configMap;
import static dev.peapod.store.StoreFixture.namespace;
import static dev.peapod.store.StoreFixture.pod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #13: the engine's writes copy only what they change, {@link ObjectStore#shared()} hands the
 * stored object back, and lists copy each element when it is first read.
 */
class ObjectStoreSharingTest {
    private final StoreFixture fixture = new StoreFixture();
    private final ObjectStore store = fixture.store;

    @Test
    void sharedWritesReturnTheStoredObjectAndPublicOnesACopy() {
        // given
        List<String> seen = fixture.record(Pod.class, ListOptions.all(), null);
        // when
        Pod created = store.shared().create(pod("web"));
        Pod bound = store.shared().bind("default", "web", "node-1");
        Pod copy = store.create(pod("other"));
        // then
        assertThat(created.getMetadata().getResourceVersion()).isEqualTo("5");
        assertThat(bound).isSameAs(store.peek(Pod.class, "default", "web"));
        assertThat(bound.getMetadata().getResourceVersion()).isEqualTo("6");
        assertThat(created).isNotSameAs(bound);
        assertThat(seen).containsExactly("ADDED default/web@5", "MODIFIED default/web@6", "ADDED default/other@7");
        assertThat(copy).isNotSameAs(store.peek(Pod.class, "default", "other")).isEqualTo(store.peek(Pod.class, "default", "other"));
    }

    @Test
    void whatTheStoreHandsOutHasMutableAdditionalPropertiesThoughTheStoredObjectSharesAnEmptyMap() {
        // given
        Pod created = store.create(pod("web"));
        Pod stored = store.peek(Pod.class, "default", "web");
        // when
        Pod got = store.get(Pod.class, "default", "web").orElseThrow();
        Pod listed = store.list(Pod.class).get(0);
        Pod updated = store.updateStatus(got);
        // then: the stored pod shares the one immutable empty map, each copy handed out has its own
        assertThat(stored.getAdditionalProperties()).isSameAs(Map.of());
        assertThat(stored.getSpec().getContainers().get(0).getAdditionalProperties()).isSameAs(Map.of());
        for (Pod copy : List.of(created, got, listed, updated)) {
            copy.getAdditionalProperties().put("a", "1");
            copy.getSpec().getContainers().get(0).getAdditionalProperties().put("b", "2");
            copy.getStatus().getAdditionalProperties().put("c", "3");
            assertThat(copy.getAdditionalProperties()).containsExactly(Map.entry("a", "1"));
        }
        assertThat(store.peek(Pod.class, "default", "web").getAdditionalProperties()).isEmpty();
        assertThat(store.peek(Pod.class, "default", "web").getStatus().getAdditionalProperties()).isSameAs(Map.of());
        assertThat(stored.getSpec().getContainers().get(0).getAdditionalProperties()).isEmpty();
    }

    @Test
    void aBindingSharesTheSpecPartsItDoesNotChange() {
        // given
        Pod created = store.shared().create(pod("web"));
        // when
        Pod bound = store.shared().bind("default", "web", "node-1");
        // then
        assertThat(bound.getSpec().getNodeName()).isEqualTo("node-1");
        assertThat(created.getSpec().getNodeName()).isNull();
        assertThat(bound.getSpec().getContainers()).isSameAs(created.getSpec().getContainers());
        assertThat(bound.getStatus().getConditions()).extracting("type", "status").containsExactly(
                org.assertj.core.groups.Tuple.tuple("PodScheduled", "True"));
        assertThat(created.getStatus().getConditions()).isEmpty();
        assertThat(created.getMetadata().getResourceVersion()).isEqualTo("5");
    }

    @Test
    void aPodStatusWriteSharesTheStoredSpecAndCopiesTheRequest() {
        // given
        Pod bound = fixture.boundPod(StoreFixture.podBuilder("web"));
        Pod stored = store.peek(Pod.class, "default", "web");
        Pod request = new Pod();
        request.setMetadata(stored.getMetadata());
        PodStatus status = new PodStatus();
        status.setPhase("Running");
        request.setStatus(status);
        // when
        Pod written = store.shared().updateStatus(request);
        status.setPhase("Failed");
        // then
        assertThat(written).isSameAs(store.peek(Pod.class, "default", "web"));
        assertThat(written.getSpec()).isSameAs(stored.getSpec());
        assertThat(written.getStatus().getPhase()).isEqualTo("Running");
        assertThat(written.getStatus().getQosClass()).isEqualTo("BestEffort");
        assertThat(written.getMetadata()).isNotSameAs(stored.getMetadata());
        assertThat(stored.getMetadata().getResourceVersion()).isEqualTo(bound.getMetadata().getResourceVersion());
        assertThat(written.getMetadata().getResourceVersion()).isEqualTo("7");
    }

    @Test
    void aListCopiesEachElementWhenFirstReadAndOnlyOnce() {
        // given
        store.create(configMap("a"));
        store.create(configMap("b"));
        ConfigMap storedA = store.peek(ConfigMap.class, "default", "a");
        // when
        List<ConfigMap> listed = store.list(ConfigMap.class);
        ConfigMap first = listed.get(0);
        first.getData().put("k", "changed");
        // then
        assertThat(listed).hasSize(2);
        assertThat(first).isNotSameAs(storedA).isSameAs(listed.get(0));
        assertThat(listed.get(0).getData()).containsEntry("k", "changed");
        assertThat(storedA.getData()).containsExactly(Map.entry("k", "v"));
        assertThat(store.list(ConfigMap.class).get(0).getData()).containsExactly(Map.entry("k", "v"));
    }

    @Test
    void aListIsTheCallersToChange() {
        // given
        store.create(configMap("a"));
        store.create(configMap("b"));
        store.create(configMap("c"));
        List<ConfigMap> listed = store.list(ConfigMap.class);
        // when
        ConfigMap removed = listed.remove(1);
        listed.add(0, configMap("z"));
        listed.sort(Comparator.comparing((ConfigMap c) -> c.getMetadata().getName()).reversed());
        // then
        assertThat(removed.getMetadata().getName()).isEqualTo("b");
        assertThat(listed).extracting(c -> c.getMetadata().getName()).containsExactly("z", "c", "a");
        assertThat(store.list(ConfigMap.class)).extracting(c -> c.getMetadata().getName()).containsExactly("a", "b", "c");
    }

    @Test
    void aNamespacesListReadsOnlyItsKeysInEtcdsOrder() {
        // given: namespaces whose names share a prefix, on both sides of "a/" in key order
        store.create(namespace("a"));
        store.create(namespace("a-b"));
        store.create(namespace("ab"));
        for (String ns : List.of("ab", "a", "a-b")) {
            ConfigMap map = configMap("x");
            map.getMetadata().setNamespace(ns);
            store.create(map);
            ConfigMap other = configMap("y");
            other.getMetadata().setNamespace(ns);
            store.create(other);
        }
        // when
        List<ConfigMap> inA = store.list(ConfigMap.class, ListOptions.inNamespace("a"));
        List<ConfigMap> inAb = store.peekAll(ConfigMap.class, ListOptions.inNamespace("a-b"));
        // then
        assertThat(inA).extracting(c -> c.getMetadata().getNamespace() + "/" + c.getMetadata().getName())
                .containsExactly("a/x", "a/y");
        assertThat(inAb).extracting(c -> c.getMetadata().getNamespace() + "/" + c.getMetadata().getName())
                .containsExactly("a-b/x", "a-b/y");
        assertThat(store.list(ConfigMap.class, ListOptions.inNamespace("none"))).isEmpty();
    }

    @Test
    void aListByNodeSeesEachPodOnTheNodeItIsBoundToNow() {
        // given: pods bound, one deleted, one being deleted, one unbound, in two namespaces
        store.create(namespace("e2e"));
        for (String name : List.of("d", "b", "a", "c", "e")) {
            store.create(pod(name));
        }
        Pod elsewhere = pod("a");
        elsewhere.getMetadata().setNamespace("e2e");
        store.create(elsewhere);
        store.bind("default", "b", "node-1");
        store.bind("default", "a", "node-1");
        store.bind("default", "d", "node-2");
        store.bind("e2e", "a", "node-1");
        store.bind("default", "c", "node-1");
        store.delete(Pod.class, "default", "c", 0L);
        store.bind("default", "e", "node-1");
        store.delete(Pod.class, "default", "e", 30L);
        // when
        List<Pod> onNode1 = store.list(Pod.class, ListOptions.all().withFields("spec.nodeName=node-1"));
        List<Pod> onNode1InDefault = store.peekAll(Pod.class, ListOptions.inNamespace("default").withFields("spec.nodeName=node-1"));
        List<Pod> unbound = store.peekAll(Pod.class, ListOptions.all().withFields("spec.nodeName="));
        List<Pod> notOnNode1 = store.peekAll(Pod.class, ListOptions.all().withFields("spec.nodeName!=node-1"));
        List<String> watched = fixture.record(Pod.class, ListOptions.all().withFields("spec.nodeName=node-2"), null);
        // then
        assertThat(onNode1).extracting(ObjectStoreSharingTest::key).containsExactly("default/a", "default/b", "default/e", "e2e/a");
        assertThat(onNode1.get(2).getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(onNode1InDefault).extracting(ObjectStoreSharingTest::key).containsExactly("default/a", "default/b", "default/e");
        assertThat(unbound).isEmpty();
        assertThat(notOnNode1).extracting(ObjectStoreSharingTest::key).containsExactly("default/d");
        assertThat(watched).containsExactly("ADDED default/d@" + store.resourceVersion());
        assertThat(store.list(Pod.class, ListOptions.all().withFields("spec.nodeName=node-3"))).isEmpty();
    }

    private static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
}
