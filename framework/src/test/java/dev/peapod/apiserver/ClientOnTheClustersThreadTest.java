package dev.peapod.apiserver;

import dev.peapod.ClusterSpec;
import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The test's own thread calling {@code cluster.client()} (issue #14): after touching the engine directly it
 * still gets its answer at once; from inside a verb, where the request would wait for the engine the thread
 * holds, it fails at once saying why, instead of hanging.
 */
class ClientOnTheClustersThreadTest {
    private static ConfigMap map(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .addToData("k", "v").build();
    }

    @Test
    void aWriteAfterADirectEngineCallIsAnsweredAtOnce() {
        try (FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node("node-1"))) {
            KubernetesClient client = cluster.client();
            // given: the test's thread wrote through the store itself, which keeps the engine until it is idle
            cluster.context().store().create(map("direct"));
            assertThat(cluster.context().loop().engine().isHeldByCurrentThread()).isTrue();
            // when
            long started = System.nanoTime();
            ConfigMap created = client.configMaps().resource(map("served")).create();
            // then: answered without waiting for the engine's patience
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(created.getMetadata().getResourceVersion()).isNotBlank();
            assertThat(cluster.context().store().get(ConfigMap.class, "default", "served")).isPresent();
        }
    }

    @Test
    void aWriteFromInsideAVerbFailsAtOnceSayingWhy() {
        try (FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node("node-1"))) {
            KubernetesClient client = cluster.client();
            assertThatThrownBy(() -> cluster.runUntil(c -> client.configMaps().resource(map("inside")).create() != null,
                    Duration.ofSeconds(5)))
                    .hasStackTraceContaining("cluster.client(): POST /api/v1/namespaces/default/configmaps was called on thread \""
                            + Thread.currentThread().getName() + "\" while it runs the cluster's engine (inside a verb: a"
                            + " runUntil or await condition, a script, a watch callback), so the request would wait for the"
                            + " engine this thread holds; read the cluster there with cluster.pod(..), pods() or the store,"
                            + " and call the client outside the verb");
            // a read inside a verb needs no engine: it works
            assertThat(cluster.runUntil(c -> client.configMaps().list().getItems().isEmpty(), Duration.ofSeconds(5))).isTrue();
        }
    }
}
