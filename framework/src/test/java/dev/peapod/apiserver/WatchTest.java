package dev.peapod.apiserver;

import dev.peapod.FakeCluster;
import dev.peapod.store.ListOptions;
import dev.peapod.store.ObjectStore;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Watches over WebSocket (Fabric8's default) and chunked HTTP, informers, 410 and bookmarks. */
@org.junit.jupiter.api.Timeout(60)
class WatchTest {
    private FakeCluster cluster;
    private KubernetesClient client;
    private Http http;

    @BeforeEach
    void start() {
        cluster = FakeCluster.withNodes("node-1");
        client = cluster.client();
        http = new Http(cluster);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    /** A client call from the test's thread: the engine is free between verbs, so a write runs at once. */
    private static <T> T call(java.util.concurrent.Callable<T> call) {
        try {
            return call.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits in real time for a client's own threads (no virtual time passes meanwhile). */
    private static void awaitUntil(String what, BooleanSupplier condition) {
        await(what).atMost(Duration.ofSeconds(20)).until(condition::getAsBoolean);
    }

    private static ConfigMap configMap(String name, String mode) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("mode", mode).build();
    }

    @Test
    void aFabric8WatcherSeesAddedModifiedAndDeleted() {
        // given
        List<String> seen = new CopyOnWriteArrayList<>();
        Watch watch = call(() -> client.configMaps().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                seen.add(action + " " + resource.getMetadata().getName() + " " + resource.getData());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        }));
        // when
        ConfigMap created = call(() -> client.configMaps().resource(configMap("settings", "fast")).create());
        created.getData().put("mode", "slow");
        call(() -> client.configMaps().resource(created).update());
        call(() -> client.configMaps().withName("settings").delete());
        // then
        awaitUntil("three events", () -> seen.size() == 3);
        assertThat(seen).containsExactly("ADDED settings {mode=fast}", "MODIFIED settings {mode=slow}", "DELETED settings {mode=slow}");
        watch.close();
    }

    @Test
    void anInformerSeesTheKubeletsStatusUpdatesInOrder() {
        // given: what the store tells an in-process watcher about the pod, change by change
        List<String> written = new CopyOnWriteArrayList<>();
        cluster.context().store().watch(Pod.class, ListOptions.inNamespace("default"), null, event -> {
            if (event.type() != dev.peapod.store.WatchEvent.Type.DELETED) {
                written.add(summary(event.object()));
            }
        });
        cluster.settle(); // the store's own calls hold the engine; a verb gives it back
        List<String> informed = new CopyOnWriteArrayList<>();
        SharedIndexInformer<Pod> informer = call(() -> client.pods().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                informed.add(summary(pod));
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                informed.add(summary(pod));
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
            }
        }));
        // when
        call(() -> client.pods().resource(new PodBuilder().withNewMetadata().withName("web").endMetadata().withNewSpec()
                .addNewContainer().withName("app").withImage("nginx:1.27").endContainer().endSpec().build()).create());
        for (int second = 0; second < 30; second++) {
            cluster.advance(Duration.ofSeconds(1));
        }
        // then
        awaitUntil("the informer to catch up", () -> informed.size() >= written.size());
        assertThat(informed).isEqualTo(written);
        assertThat(informed.get(0)).contains("phase=Pending");
        assertThat(informed.get(informed.size() - 1)).contains("phase=Running", "Ready=True");
        informer.close();
    }

    private static String summary(Pod pod) {
        String conditions = pod.getStatus() == null || pod.getStatus().getConditions() == null ? ""
                : pod.getStatus().getConditions().stream().map(c -> c.getType() + "=" + c.getStatus())
                        .reduce((a, b) -> a + "," + b).orElse("");
        return "rv=" + pod.getMetadata().getResourceVersion() + " phase=" + (pod.getStatus() == null ? null : pod.getStatus().getPhase())
                + " node=" + pod.getSpec().getNodeName() + " " + conditions;
    }

    @Test
    void aChunkedWatchSendsOneEventPerLineFromAResourceVersion() throws Exception {
        // given
        ConfigMap created = call(() -> client.configMaps().resource(configMap("settings", "fast")).create());
        String from = created.getMetadata().getResourceVersion();
        // when
        HttpResponse<Stream<String>> response = Http.sendLines(HttpRequest.newBuilder(URI.create(http.url()
                + "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=" + from)).GET().build());
        Iterator<String> lines = response.body().iterator();
        created.getData().put("mode", "slow");
        call(() -> client.configMaps().resource(created).update());
        call(() -> client.configMaps().withName("settings").delete());
        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        String modified = lines.next();
        String deleted = lines.next();
        assertThat(modified).startsWith("{\"type\":\"MODIFIED\",\"object\":{").contains("\"mode\":\"slow\"");
        assertThat(deleted).startsWith("{\"type\":\"DELETED\",\"object\":{").contains("\"name\":\"settings\"");
        response.body().close();
    }

    @Test
    void aWatchFromAVersionTheStoreForgotGetsA410ErrorEvent() {
        // given: more writes than the store's history keeps
        ObjectStore store = cluster.context().store();
        for (int i = 0; i <= ObjectStore.DEFAULT_HISTORY; i++) {
            store.create(configMap("c" + i, "x"));
        }
        cluster.settle(); // the store's own calls hold the engine; a verb gives it back
        long oldest = store.resourceVersion() - ObjectStore.DEFAULT_HISTORY;
        // when
        List<String> lines = Http.lines(HttpRequest.newBuilder(URI.create(http.url()
                + "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=2")).GET().build());
        // then: the watch cache's error watcher, as a 200 stream with one ERROR event
        assertThat(lines).containsExactly("{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
                + "\"status\":\"Failure\",\"message\":\"too old resource version: 2 (" + oldest + ")\",\"reason\":\"Expired\","
                + "\"code\":410}}");
    }

    @Test
    void aWatchEndsAfterTimeoutSeconds() {
        // given
        call(() -> client.configMaps().resource(configMap("settings", "fast")).create());
        // when
        List<String> lines = Http.lines(HttpRequest.newBuilder(URI.create(http.url()
                + "/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=1")).GET().build());
        // then: the current objects as ADDED, then the end
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("{\"type\":\"ADDED\",\"object\":{").contains("\"name\":\"settings\"");
    }

    @Test
    void aTimeoutPastWhatATimerHoldsIsCappedNotAnOverflow() {
        // Long.MAX_VALUE seconds, whose milliseconds overflow a long
        assertThat(WatchStreamer.request(RequestPath.parse("/api/v1/namespaces/default/configmaps").orElseThrow(),
                Query.of("/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=9223372036854775807"), null).timeout())
                .isEqualTo(java.time.Duration.ofDays(36_500));
    }

    @Test
    void bookmarksCarryTheStoresResourceVersion() {
        // given: a server that sends bookmarks every 100 ms
        try (ApiServer server = ApiServer.start(cluster.context(), Duration.ofMillis(100))) {
            // when
            List<String> lines = Http.lines(HttpRequest.newBuilder(URI.create(server.url()
                    + "/api/v1/namespaces/default/configmaps?watch=true&allowWatchBookmarks=true&timeoutSeconds=1")).GET().build());
            // then
            long now = cluster.context().store().resourceVersion();
            assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line).isEqualTo("{\"type\":\"BOOKMARK\",\"object\":"
                    + "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"resourceVersion\":\"" + now + "\"}}}"));
        }
    }

    @Test
    void aBadWatchIsAPlainStatus() {
        HttpResponse<String> bad = http.get("/api/v1/namespaces/default/pods?watch=true&resourceVersionMatch=NotOlderThan&resourceVersion=1");
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless "
                + "sendInitialEvents is provided");
        HttpResponse<String> field = http.get("/api/v1/namespaces/default/configmaps?watch=true&fieldSelector=spec.nodeName%3Dx");
        assertThat(field.statusCode()).isEqualTo(400);
        assertThat(field.body()).contains("\"reason\":\"BadRequest\"");
    }

    @Test
    void theServerBindsLoopbackAndIsGoneAfterClose() throws Exception {
        // given
        URI url = URI.create(http.url());
        // then
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        assertThat(cluster.kubeconfig()).exists();
        java.nio.file.Path kubeconfig = cluster.kubeconfig();
        assertThat(java.nio.file.Files.readString(kubeconfig)).contains("server: " + http.url(), "namespace: default",
                "current-context: peapod");
        // when
        cluster.close();
        // then
        assertThat(kubeconfig).doesNotExist();
        assertThat(CompletableFuture.supplyAsync(() -> {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", url.getPort())) {
                return "connected";
            } catch (java.io.IOException refused) {
                return "refused";
            }
        }).get(10, TimeUnit.SECONDS)).isEqualTo("refused");
        assertThat(new ArrayList<>()).isEmpty();
    }

    @Test
    void aClientThatGoesAwayClosesItsStoreWatch() {
        try (ApiServer server = ApiServer.start(cluster.context())) {
            // given: a chunked watch and a Fabric8 watch on this server
            HttpResponse<Stream<String>> chunked = Http.sendLines(HttpRequest.newBuilder(URI.create(server.url()
                    + "/api/v1/namespaces/default/configmaps?watch=true")).GET().build());
            KubernetesClient other = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
                    new io.fabric8.kubernetes.client.ConfigBuilder().withAutoConfigure(false).withMasterUrl(server.url())
                            .withNamespace("default").build()).build();
            Watch fabric8 = other.configMaps().watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, ConfigMap resource) {
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            });
            awaitUntil("two watches open", () -> server.openWatches() == 2);
            // when
            chunked.body().close();
            fabric8.close();
            other.close();
            // then
            awaitUntil("both watches closed", () -> server.openWatches() == 0);
            assertThat(server.openWatches()).isZero();
        }
    }
}
