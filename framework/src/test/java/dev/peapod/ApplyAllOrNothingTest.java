package dev.peapod;

import dev.peapod.manifest.Applied;
import dev.peapod.manifest.ManifestException;
import dev.peapod.store.ApiException;
import dev.peapod.store.ObjectStore;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue #8: a file, a folder, a List and {@code apply(HasMetadata...)} are applied whole or not at
 * all, and a bad quantity is refused in the API server's words before anything reads it.
 */
class ApplyAllOrNothingTest {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    /** apimachinery/pkg/api/resource/quantity.go ErrFormatWrong. */
    private static final String FORMAT_WRONG =
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    private static final String SETTINGS = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            data: {mode: fast}
            """;

    @Test
    void aFileWhoseThirdDocumentIsBadLeavesTheStoreExactlyAsItWas(@TempDir Path dir) throws Exception {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given: a cluster that already holds objects, and a file whose last document has a bad quantity
            cluster.applyYaml(SETTINGS + "---\n" + pod("old", ""));
            String before = snapshot(cluster);
            Path file = Files.writeString(dir.resolve("web.yaml"), SETTINGS.replace("fast", "slow") + "---\n"
                    + pod("web", "") + "---\n" + pod("bad", "limits: {cpu: abc}"));

            // when / then
            assertThatThrownBy(() -> cluster.apply(file))
                    .isInstanceOf(ManifestException.class)
                    .hasMessage(file + ", document 3 (Pod bad), line 24:\n"
                            + "  spec.containers[0].resources.limits[cpu]: Invalid value: \"abc\": " + FORMAT_WRONG + "\n"
                            + "nothing was applied");
            assertThat(snapshot(cluster)).isEqualTo(before);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "memory: 1Gb            | memory            | 1Gb  | " + FORMAT_WRONG,
            "ephemeral-storage: lots | ephemeral-storage | lots | " + FORMAT_WRONG,
            "cpu: 1Mii              | cpu               | 1Mii | unable to parse quantity's suffix"})
    void aQuantityGoCannotParseIsRefusedAtItsLine(String limit, String resource, String text, String error) {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            assertThatThrownBy(() -> cluster.applyYaml(pod("bad", "limits: {" + limit + "}")))
                    .isInstanceOf(ManifestException.class)
                    .hasMessage("inline YAML, document 1 (Pod bad), line 9:\n  spec.containers[0].resources.limits["
                            + resource + "]: Invalid value: \"" + text + "\": " + error + "\nnothing was applied");
            assertThat(cluster.pods()).isEmpty();
        }
    }

    @Test
    void aBadQuantityBuiltInJavaGetsTheDecodersBadRequest() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            Pod bad = new PodBuilder().withNewMetadata().withName("bad").endMetadata().withNewSpec()
                    .addNewContainer().withName("app").withImage("nginx")
                    .withNewResources().addToRequests("memory", new Quantity("1Gb")).endResources()
                    .endContainer().endSpec().build();

            // when / then: apiserver/pkg/endpoints/handlers/rest.go transformDecodeError
            assertThatThrownBy(() -> cluster.apply(bad))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.code()).isEqualTo(400);
                        assertThat(e.reason()).isEqualTo("BadRequest");
                        assertThat(e.causes()).extracting(Object::toString).containsExactly(
                                "spec.containers[0].resources.requests[memory]: Invalid value: \"1Gb\": " + FORMAT_WRONG);
                    })
                    .hasMessage("Pod in version \"v1\" cannot be handled as a Pod: " + FORMAT_WRONG);
            assertThat(cluster.pods()).isEmpty();
        }
    }

    @Test
    void aListWithOneBadItemAppliesNoneOfIt() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.applyYaml(SETTINGS);
            String before = snapshot(cluster);
            String list = """
                    apiVersion: v1
                    kind: List
                    items:
                    - apiVersion: v1
                      kind: ConfigMap
                      metadata: {name: first}
                    - apiVersion: v1
                      kind: Pod
                      metadata: {name: bad}
                      spec:
                        containers:
                        - name: app
                          image: nginx
                          resources:
                            requests: {memory: lots}
                    - apiVersion: v1
                      kind: ConfigMap
                      metadata: {name: third}
                    """;

            // when / then
            assertThatThrownBy(() -> cluster.applyYaml(list))
                    .isInstanceOf(ManifestException.class)
                    .hasMessage("inline YAML, document 1, item 2 (Pod bad), line 15:\n"
                            + "  spec.containers[0].resources.requests[memory]: Invalid value: \"lots\": " + FORMAT_WRONG + "\n"
                            + "nothing was applied");
            assertThat(snapshot(cluster)).isEqualTo(before);
        }
    }

    @Test
    void everyRefusalIsNamedAndANamespaceBeforeItsPodsWorks() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given: the namespace exists only in the dry run; two documents are refused
            String yaml = """
                    apiVersion: v1
                    kind: Namespace
                    metadata: {name: shop}
                    ---
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: web, namespace: shop}
                    spec:
                      containers:
                      - {name: app, image: nginx}
                    ---
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: c, namespace: nowhere}
                    ---
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: api, namespace: shop}
                    spec:
                      containers:
                      - {name: app, image: nginx, resources: {limits: {cpu: abc}}}
                    """;
            String before = snapshot(cluster);

            // when / then: the pod in the staged namespace passes, every refusal is named
            assertThatThrownBy(() -> cluster.applyYaml(yaml))
                    .isInstanceOf(ManifestException.class)
                    .hasMessage("""
                            inline YAML, document 3 (ConfigMap c), line 14:
                              namespaces "nowhere" not found
                            inline YAML, document 4 (Pod api), line 21:
                              spec.containers[0].resources.limits[cpu]: Invalid value: "abc": %s
                            nothing was applied""".formatted(FORMAT_WRONG));
            assertThat(snapshot(cluster)).isEqualTo(before);

            // and without the bad documents, the namespace and its pod are applied
            List<Applied> applied = cluster.applyYaml(yaml.substring(0, yaml.indexOf("---\napiVersion: v1\nkind: ConfigMap")));
            assertThat(applied).extracting(Applied::toString).containsExactly("namespace/shop created", "pod/web created");
            assertThat(cluster.pod("shop", "web").getSpec().getNodeName()).isEqualTo("node-1");
        }
    }

    @Test
    void aRefusedObjectIsNamedByItsArgumentAndNothingIsApplied() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            Pod good = new PodBuilder().withNewMetadata().withName("j1").endMetadata().withNewSpec()
                    .addNewContainer().withName("app").withImage("nginx").endContainer().endSpec().build();
            Pod empty = new PodBuilder().withNewMetadata().withName("j2").endMetadata().withNewSpec().endSpec().build();

            // when / then: the API server's error stays the cause, its code and field errors the exception's
            assertThatThrownBy(() -> cluster.apply(good, empty))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.code()).isEqualTo(422);
                        assertThat(e.reason()).isEqualTo("Invalid");
                        assertThat(e.causes()).extracting(Object::toString).containsExactly("spec.containers: Required value");
                        assertThat(e.getCause()).isInstanceOf(ApiException.class)
                                .hasMessage("Pod \"j2\" is invalid: spec.containers: Required value");
                    })
                    .hasMessage("objects[1] (Pod j2): Pod \"j2\" is invalid: spec.containers: Required value\n"
                            + "nothing was applied");
            assertThat(cluster.pods()).isEmpty();
        }
    }

    @Test
    void applyingObjectsWithOneBadOneAppliesNone() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.applyYaml(SETTINGS);
            String before = snapshot(cluster);
            Namespace shop = new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build();
            ConfigMap good = new ConfigMapBuilder().withNewMetadata().withName("good").withNamespace("shop").endMetadata().build();
            ConfigMap bad = new ConfigMapBuilder().withNewMetadata().withName("Bad").endMetadata().build();
            ConfigMap clash = new ConfigMapBuilder().withNewMetadata().withName("late").withNamespace("nowhere").endMetadata().build();

            // when / then: the first refusal is thrown, the others attached
            assertThatThrownBy(() -> cluster.apply(shop, good, bad, clash))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getSuppressed())
                            .extracting(Throwable::getMessage).containsExactly("namespaces \"nowhere\" not found"))
                    .hasMessageStartingWith("objects[2] (ConfigMap Bad): ConfigMap \"Bad\" is invalid: metadata.name: Invalid value: \"Bad\"")
                    .hasMessageEndingWith("\nobjects[3] (ConfigMap late): namespaces \"nowhere\" not found\nnothing was applied");
            assertThat(snapshot(cluster)).isEqualTo(before);

            // and the good ones alone are applied, the namespace first
            assertThat(cluster.apply(shop, good)).extracting(Applied::toString)
                    .containsExactly("namespace/shop created", "configmap/good created");
        }
    }

    @Test
    void everyFacadeWritePutsANamespaceLessObjectInTheClustersNamespace() throws Exception {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.useNamespace("e2e");
            ConfigMap fromJava = new ConfigMapBuilder().withNewMetadata().withName("java").endMetadata().build();
            ConfigMap fromThread = new ConfigMapBuilder().withNewMetadata().withName("thread").endMetadata().build();

            // when: on the loop thread, and from another thread through the inbox
            cluster.apply(fromJava);
            cluster.applyYaml(SETTINGS);
            var written = new java.util.concurrent.CompletableFuture<java.util.concurrent.CompletableFuture<List<Applied>>>();
            Thread other = new Thread(() -> written.complete(cluster.inbox().submit(() -> cluster.apply(fromThread))));
            other.start();
            other.join();
            cluster.settle();

            // then
            assertThat(written.get(1, TimeUnit.SECONDS).get(1, TimeUnit.SECONDS)).extracting(Applied::toString)
                    .containsExactly("configmap/thread created");
            assertThat(cluster.context().store().list(ConfigMap.class)).extracting(c -> c.getMetadata().getNamespace()
                    + "/" + c.getMetadata().getName()).contains("e2e/java", "e2e/settings", "e2e/thread")
                    .noneMatch(key -> key.startsWith("default/"));
        }
    }

    /** A pod whose container carries {@code resources} as given (one flow mapping), or none. */
    private static String pod(String name, String resources) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s}
                spec:
                  containers:
                  - name: app
                    image: nginx
                    resources:
                      %s
                """.formatted(name, resources.isEmpty() ? "{}" : resources);
    }

    /** The store's resourceVersion and every object of the kinds a test here can touch, as JSON. */
    private static String snapshot(FakeCluster cluster) {
        ObjectStore store = cluster.context().store();
        StringBuilder text = new StringBuilder("resourceVersion ").append(store.resourceVersion()).append('\n');
        for (Class<? extends HasMetadata> kind : List.of(Namespace.class, Node.class, Pod.class, ConfigMap.class, Event.class)) {
            for (HasMetadata object : store.list(kind)) {
                text.append(JSON.asJson(object)).append('\n');
            }
        }
        return text.toString();
    }
}
