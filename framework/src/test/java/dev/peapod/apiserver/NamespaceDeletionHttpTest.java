package dev.peapod.apiserver;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Namespace deletion over HTTP: DELETE answers the Terminating namespace, a create in it is refused by
 * NamespaceLifecycle with the {@code NamespaceTerminating} cause, the immortal namespaces cannot be
 * deleted, and PUT {@code namespaces/<name>/finalize} releases it.
 */
class NamespaceDeletionHttpTest {
    private FakeCluster cluster;
    private KubernetesClient client;
    private Http http;

    @BeforeEach
    void start() {
        cluster = FakeCluster.withNodes("node-1");
        client = cluster.client();
        http = new Http(cluster);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("e2e").endMetadata().build()).create();
        // a ConfigMap held by a finalizer keeps the namespace Terminating
        client.configMaps().inNamespace("e2e").resource(new ConfigMapBuilder().withNewMetadata().withName("held")
                .withFinalizers("example.com/hold").endMetadata().build()).create();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void deleteAnswersTheTerminatingNamespace() {
        // when kubectl delete namespace e2e
        HttpResponse<String> deleted = http.send("DELETE", "/api/v1/namespaces/e2e", "application/json", "");
        // then
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(deleted.body()).contains("\"kind\":\"Namespace\"", "\"phase\":\"Terminating\"",
                "\"deletionTimestamp\":\"2025-01-01T00:00:00Z\"", "\"finalizers\":[\"kubernetes\"]");
        Namespace read = client.namespaces().withName("e2e").get();
        assertThat(read.getStatus().getPhase()).isEqualTo("Terminating");
        // a second delete answers it as it is
        assertThat(http.send("DELETE", "/api/v1/namespaces/e2e", "application/json", "").statusCode()).isEqualTo(200);
        assertThat(client.namespaces().withName("e2e").get().getMetadata().getResourceVersion())
                .isEqualTo(read.getMetadata().getResourceVersion());
    }

    @Test
    void aCreateInATerminatingNamespaceIsForbiddenWithTheNamespaceTerminatingCause() {
        // given
        client.namespaces().withName("e2e").delete();
        // when
        KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class, () -> client.configMaps()
                .inNamespace("e2e").resource(new ConfigMapBuilder().withNewMetadata().withName("late").endMetadata().build()).create());
        // then
        assertThat(refused.getCode()).isEqualTo(403);
        assertThat(refused.getStatus().getReason()).isEqualTo("Forbidden");
        assertThat(refused.getStatus().getMessage())
                .isEqualTo("configmaps \"late\" is forbidden: unable to create new content in namespace e2e because it is being terminated");
        assertThat(refused.getStatus().getDetails().getName()).isEqualTo("late");
        assertThat(refused.getStatus().getDetails().getKind()).isEqualTo("configmaps");
        assertThat(refused.getStatus().getDetails().getCauses()).extracting(StatusCause::getReason, StatusCause::getMessage,
                StatusCause::getField).containsExactly(org.assertj.core.groups.Tuple.tuple("NamespaceTerminating",
                "namespace e2e is being terminated", "metadata.namespace"));
        assertThat(cluster.context().store().peek(io.fabric8.kubernetes.api.model.ConfigMap.class, "e2e", "late")).isNull();
    }

    @Test
    void theDefaultNamespaceMayNotBeDeleted() {
        // when
        HttpResponse<String> refused = http.send("DELETE", "/api/v1/namespaces/default", "application/json", "");
        // then
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"namespaces \\\"default\\\" is forbidden: this namespace may not be deleted\",\"reason\":\"Forbidden\","
                + "\"details\":{\"name\":\"default\",\"kind\":\"namespaces\"},\"code\":403}");
    }

    @Test
    void finalizeWithNoFinalizersLeftDeletesTheTerminatingNamespace() {
        // given a namespace stuck on its held ConfigMap
        client.namespaces().withName("e2e").delete();
        cluster.advance(Duration.ofSeconds(30));
        assertThat(client.namespaces().withName("e2e").get()).isNotNull();
        // when kubectl replace --raw /api/v1/namespaces/e2e/finalize with no spec finalizers
        HttpResponse<String> finalized = http.send("PUT", "/api/v1/namespaces/e2e/finalize", "application/json",
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"e2e\"},\"spec\":{\"finalizers\":[]}}");
        // then
        assertThat(finalized.statusCode()).isEqualTo(200);
        assertThat(finalized.body()).contains("\"name\":\"e2e\"", "\"phase\":\"Terminating\"");
        assertThat(client.namespaces().withName("e2e").get()).isNull();
    }

    @Test
    void finalizeRefusesAFinalizerThatIsNoFinalizerName() {
        // when (ValidateNamespaceFinalizeUpdate: each name at its index)
        HttpResponse<String> refused = http.send("PUT", "/api/v1/namespaces/e2e/finalize", "application/json",
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"e2e\"},"
                        + "\"spec\":{\"finalizers\":[\"kubernetes\",\"custom\"]}}");
        // then
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("\"message\":\"Namespace \\\"e2e\\\" is invalid: spec.finalizers[1]: Invalid value: "
                + "\\\"custom\\\": name is neither a standard finalizer name nor is it fully qualified\"");
        assertThat(client.namespaces().withName("e2e").get().getSpec().getFinalizers()).containsExactly("kubernetes");
    }

    @Test
    void finalizeTakesOnlyPut() {
        assertThat(http.send("POST", "/api/v1/namespaces/e2e/finalize", "application/json", "{}").statusCode()).isEqualTo(405);
        assertThat(http.get("/api/v1").body()).contains("{\"name\":\"namespaces/finalize\",\"singularName\":\"\","
                + "\"namespaced\":false,\"kind\":\"Namespace\",\"verbs\":[\"update\"]}");
    }
}
