package dev.peapod.apiserver;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** CRUD through Fabric8's client and raw HTTP, with the API server's codes, reasons and messages. */
class CrudTest {
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

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).addToLabels("app", "web").endMetadata()
                .addToData("mode", "fast").build();
    }

    @Test
    void configMapsAreCreatedReadListedUpdatedAndDeleted() {
        // when
        ConfigMap created = call(() -> client.configMaps().resource(configMap("settings")).create());
        // then
        assertThat(created.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(created.getMetadata().getUid()).isNotEmpty();
        assertThat(client.configMaps().withName("settings").get().getData()).containsEntry("mode", "fast");
        assertThat(client.configMaps().withLabel("app", "web").list().getItems()).extracting(c -> c.getMetadata().getName())
                .containsExactly("settings");
        assertThat(client.configMaps().withLabel("app", "db").list().getItems()).isEmpty();
        // when
        created.getData().put("mode", "slow");
        ConfigMap updated = call(() -> client.configMaps().resource(created).update());
        // then
        assertThat(updated.getData()).containsEntry("mode", "slow");
        assertThat(Long.parseLong(updated.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));
        assertThat(cluster.context().store().get(ConfigMap.class, "default", "settings").orElseThrow().getData())
                .containsEntry("mode", "slow");
        // when
        var deleted = call(() -> client.configMaps().withName("settings").delete());
        // then
        assertThat(deleted).hasSize(1);
        assertThat(client.configMaps().withName("settings").get()).isNull();
    }

    @Test
    void aStaleUpdateIsAConflictAndASecondCreateAlreadyExists() {
        // given
        ConfigMap created = call(() -> client.configMaps().resource(configMap("settings")).create());
        call(() -> client.configMaps().resource(new ConfigMapBuilder(client.configMaps().withName("settings").get())
                .addToData("x", "y").build()).update());
        // when
        KubernetesClientException stale = catchThrowableOfType(KubernetesClientException.class,
                () -> call(() -> client.configMaps().resource(created).update()));
        KubernetesClientException again = catchThrowableOfType(KubernetesClientException.class,
                () -> call(() -> client.configMaps().resource(configMap("settings")).create()));
        // then
        assertThat(stale.getCode()).isEqualTo(409);
        assertThat(stale.getStatus().getReason()).isEqualTo("Conflict");
        assertThat(stale.getStatus().getMessage()).isEqualTo("Operation cannot be fulfilled on configmaps \"settings\": "
                + "the object has been modified; please apply your changes to the latest version and try again");
        assertThat(stale.getStatus().getDetails().getName()).isEqualTo("settings");
        assertThat(stale.getStatus().getDetails().getKind()).isEqualTo("configmaps");
        assertThat(again.getCode()).isEqualTo(409);
        assertThat(again.getStatus().getReason()).isEqualTo("AlreadyExists");
        assertThat(again.getStatus().getMessage()).isEqualTo("configmaps \"settings\" already exists");
    }

    @Test
    void anInvalidPodIs422WithItsCauses() {
        // given
        Pod noContainers = new PodBuilder().withNewMetadata().withName("web").endMetadata().withNewSpec().endSpec().build();
        // when
        KubernetesClientException invalid = catchThrowableOfType(KubernetesClientException.class,
                () -> call(() -> client.pods().resource(noContainers).create()));
        // then
        assertThat(invalid.getCode()).isEqualTo(422);
        assertThat(invalid.getStatus().getReason()).isEqualTo("Invalid");
        assertThat(invalid.getStatus().getMessage()).startsWith("Pod \"web\" is invalid: ");
        assertThat(invalid.getStatus().getDetails().getKind()).isEqualTo("Pod");
        assertThat(invalid.getStatus().getDetails().getName()).isEqualTo("web");
        assertThat(invalid.getStatus().getDetails().getCauses()).extracting(StatusCause::getField)
                .contains("spec.containers");
        assertThat(invalid.getStatus().getDetails().getCauses()).filteredOn(c -> c.getField().equals("spec.containers"))
                .extracting(StatusCause::getReason, StatusCause::getMessage)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("FieldValueRequired", "Required value"));
        assertThat(client.pods().withName("web").get()).isNull();
    }

    @Test
    void aDeploymentRunsItsPodsAndItsStatusIsServed() {
        // given
        Deployment web = new DeploymentBuilder().withNewMetadata().withName("web").endMetadata().withNewSpec().withReplicas(2)
                .withNewSelector().addToMatchLabels("app", "web").endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("app", "web").endMetadata().withNewSpec().addNewContainer().withName("app").withImage("nginx:1.27")
                .endContainer().endSpec().endTemplate().endSpec().build();
        // when
        call(() -> client.apps().deployments().resource(web).create());
        cluster.advance(Duration.ofMinutes(1));
        // then
        Deployment read = client.apps().deployments().withName("web").get();
        assertThat(read.getStatus().getReadyReplicas()).isEqualTo(2);
        assertThat(client.pods().withLabel("app", "web").list().getItems()).hasSize(2)
                .allSatisfy(pod -> assertThat(pod.getStatus().getPhase()).isEqualTo("Running"));
        HttpResponse<String> status = http.get("/apis/apps/v1/namespaces/default/deployments/web/status");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("\"readyReplicas\":2");
    }

    @Test
    void aStatusWriteThatChangesNothingIsNotWritten() {
        // given: a running Deployment whose status an operator writes back as it read it (etcd3 GuaranteedUpdate skips such a write)
        Deployment web = new DeploymentBuilder().withNewMetadata().withName("web").endMetadata().withNewSpec().withReplicas(1)
                .withNewSelector().addToMatchLabels("app", "web").endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("app", "web").endMetadata().withNewSpec().addNewContainer().withName("app").withImage("nginx:1.27")
                .endContainer().endSpec().endTemplate().endSpec().build();
        call(() -> client.apps().deployments().resource(web).create());
        cluster.advance(Duration.ofMinutes(1));
        Deployment first = call(() -> client.apps().deployments().resource(client.apps().deployments().withName("web").get()).updateStatus());
        // when: the same status again, by PUT and by merge PATCH
        Deployment again = call(() -> client.apps().deployments().resource(first).updateStatus());
        HttpResponse<String> patched = http.send("PATCH", "/apis/apps/v1/namespaces/default/deployments/web/status?fieldManager="
                + "fabric8-kubernetes-client", "application/merge-patch+json", "{\"status\":{\"replicas\":1}}");
        // then: the resourceVersion stays
        assertThat(again.getMetadata().getResourceVersion()).isEqualTo(first.getMetadata().getResourceVersion());
        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(patched.body()).contains("\"resourceVersion\":\"" + first.getMetadata().getResourceVersion() + "\"");
        assertThat(client.apps().deployments().withName("web").get().getMetadata().getResourceVersion())
                .isEqualTo(first.getMetadata().getResourceVersion());
    }

    @Test
    void theVolumeABoundClaimGotIsServedAsAClusterScopedPersistentVolume() {
        // given
        cluster.applyYaml("""
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: data}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 1Gi}}
                """);
        String uid = client.persistentVolumeClaims().withName("data").get().getMetadata().getUid();
        // when
        io.fabric8.kubernetes.api.model.PersistentVolume volume = client.persistentVolumes().withName("pvc-" + uid).get();
        // then
        assertThat(volume.getMetadata().getNamespace()).isNull();
        assertThat(volume.getSpec().getClaimRef().getName()).isEqualTo("data");
        assertThat(volume.getStatus().getPhase()).isEqualTo("Bound");
        assertThat(http.get("/api/v1/persistentvolumes").body()).contains("\"name\":\"pvc-" + uid + "\"");
    }

    @Test
    void anOwnerReferenceWithoutItsOwnerIsInvalid() {
        // when
        HttpResponse<String> created = http.send("POST", "/api/v1/namespaces/default/configmaps", "application/json",
                "{\"metadata\":{\"name\":\"owned\",\"ownerReferences\":[{\"uid\":\"u5\"}]}}");
        // then
        assertThat(created.statusCode()).isEqualTo(422);
        assertThat(created.body()).contains("\"message\":\"ConfigMap \\\"owned\\\" is invalid: ["
                + "metadata.ownerReferences.apiVersion: Invalid value: \\\"\\\": version must not be empty, "
                + "metadata.ownerReferences.kind: Invalid value: \\\"\\\": kind must not be empty, "
                + "metadata.ownerReferences.name: Invalid value: \\\"\\\": name must not be empty]\"");
        assertThat(client.configMaps().withName("owned").get()).isNull();
    }

    @Test
    void nodesAreClusterScoped() {
        // when
        Node node = call(() -> client.nodes().resource(new NodeBuilder().withNewMetadata().withName("extra")
                .addToLabels("zone", "a").endMetadata().build()).create());
        // then
        assertThat(node.getMetadata().getNamespace()).isNull();
        assertThat(client.nodes().list().getItems()).extracting(n -> n.getMetadata().getName()).contains("node-1", "extra");
        assertThat(client.nodes().withLabel("zone", "a").list().getItems()).hasSize(1);
        // when
        Node relabelled = call(() -> client.nodes().resource(new NodeBuilder(client.nodes().withName("extra").get())
                .editMetadata().addToLabels("zone", "b").endMetadata().build()).update());
        assertThat(relabelled.getMetadata().getLabels()).containsEntry("zone", "b");
        call(() -> client.nodes().withName("extra").delete());
        // then
        assertThat(client.nodes().withName("extra").get()).isNull();
    }

    @Test
    void aBoundPodIsDeletedGracefullyAndTheKubeletFinishesIt() {
        // given
        call(() -> client.pods().resource(new PodBuilder().withNewMetadata().withName("web").endMetadata().withNewSpec()
                .addNewContainer().withName("app").withImage("nginx:1.27").endContainer().endSpec().build()).create());
        cluster.advance(Duration.ofSeconds(30));
        // when
        HttpResponse<String> deleted = http.send("DELETE", "/api/v1/namespaces/default/pods/web", "application/json",
                "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"gracePeriodSeconds\":10}");
        // then
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(deleted.body()).contains("\"deletionGracePeriodSeconds\":10", "\"deletionTimestamp\":");
        // when
        cluster.advance(Duration.ofSeconds(30));
        // then
        assertThat(client.pods().withName("web").get()).isNull();
    }

    @Test
    void aDeleteBodyWithAGracePeriodThatIsNoIntegerIsTheDecodersError() {
        // given
        call(() -> client.configMaps().resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata()
                .withName("settings").endMetadata().build()).create());
        // when
        HttpResponse<String> deleted = http.send("DELETE", "/api/v1/namespaces/default/configmaps/settings", "application/json",
                "{\"gracePeriodSeconds\":\"x\"}");
        // then
        assertThat(deleted.statusCode()).isEqualTo(400);
        assertThat(deleted.body()).contains("\"message\":\"DeleteOptions in version \\\"v1\\\" cannot be handled as a DeleteOptions: "
                + "json: cannot unmarshal string into Go struct field DeleteOptions.gracePeriodSeconds of type int64\"");
        assertThat(client.configMaps().withName("settings").get()).isNotNull();
    }

    @Test
    void aDeletedConfigMapAnswersASuccessStatusAndPreconditionsAreChecked() {
        // given
        ConfigMap created = call(() -> client.configMaps().resource(configMap("settings")).create());
        // when
        HttpResponse<String> wrongUid = http.send("DELETE", "/api/v1/namespaces/default/configmaps/settings", "application/json",
                "{\"preconditions\":{\"uid\":\"nope\"}}");
        HttpResponse<String> deleted = http.send("DELETE", "/api/v1/namespaces/default/configmaps/settings", null, null);
        // then
        assertThat(wrongUid.statusCode()).isEqualTo(409);
        assertThat(wrongUid.body()).contains("\"message\":\"Operation cannot be fulfilled on configmaps \\\"settings\\\": "
                + "Precondition failed: UID in precondition: nope, UID in object meta: " + created.getMetadata().getUid() + "\"");
        assertThat(deleted.body()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Success\","
                + "\"details\":{\"name\":\"settings\",\"kind\":\"configmaps\",\"uid\":\"" + created.getMetadata().getUid() + "\"}}");
        // a Service's storage returns the deleted object instead
        http.send("POST", "/api/v1/namespaces/default/services", "application/json",
                "{\"metadata\":{\"name\":\"web\"},\"spec\":{\"ports\":[{\"port\":80}]}}");
        HttpResponse<String> service = http.send("DELETE", "/api/v1/namespaces/default/services/web", null, null);
        assertThat(service.body()).startsWith("{\"apiVersion\":\"v1\",\"kind\":\"Service\",");
    }

    @Test
    void generateNameDryRunAndWarningsAreServed() {
        // given
        long before = cluster.context().store().resourceVersion();
        String generated = "{\"metadata\":{\"generateName\":\"settings-\"}}";
        // when
        HttpResponse<String> dry = http.send("POST", "/api/v1/namespaces/default/configmaps?dryRun=All", "application/json", generated);
        // then
        assertThat(dry.statusCode()).isEqualTo(201);
        assertThat(dry.body()).containsPattern("\"name\":\"settings-[a-z0-9]{5}\"");
        assertThat(cluster.context().store().resourceVersion()).isEqualTo(before);
        assertThat(client.configMaps().list().getItems()).isEmpty();
        // when
        HttpResponse<String> badDryRun = http.send("POST", "/api/v1/namespaces/default/configmaps?dryRun=Some", "application/json",
                generated);
        // then
        assertThat(badDryRun.statusCode()).isEqualTo(422);
        assertThat(badDryRun.body()).contains("\"message\":\"CreateOptions.meta.k8s.io \\\"\\\" is invalid: dryRun: Unsupported value: "
                + "[]string{\\\"Some\\\"}: supported values: \\\"All\\\"\"");
        // when: a pod with a deprecated node label in its affinity draws the API server's warning
        HttpResponse<String> warned = http.send("POST", "/api/v1/namespaces/default/pods", "application/json",
                "{\"metadata\":{\"name\":\"web\"},\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"nginx:1.27\"}],"
                        + "\"nodeSelector\":{\"beta.kubernetes.io/arch\":\"amd64\"}}}");
        // then
        assertThat(warned.statusCode()).isEqualTo(201);
        assertThat(warned.headers().allValues("Warning")).containsExactly("299 - \"spec.nodeSelector[beta.kubernetes.io/arch]: "
                + "deprecated since v1.14; use \\\"kubernetes.io/arch\\\" instead\"");
    }

    @Test
    void listsArePagedWithLimitAndContinue() {
        // given
        for (String name : List.of("a", "b", "c")) {
            call(() -> client.configMaps().resource(configMap(name)).create());
        }
        // when
        HttpResponse<String> first = http.get("/api/v1/namespaces/default/configmaps?limit=2");
        var page = Json.MAPPER.readTree(first.body());
        String next = page.get("metadata").get("continue").asString();
        HttpResponse<String> second = http.get("/api/v1/namespaces/default/configmaps?limit=2&continue=" + next);
        // then
        assertThat(page.get("items")).extracting(i -> i.get("metadata").get("name").asString()).containsExactly("a", "b");
        assertThat(page.get("metadata").get("remainingItemCount").asLong()).isEqualTo(1);
        var rest = Json.MAPPER.readTree(second.body());
        assertThat(rest.get("items")).extracting(i -> i.get("metadata").get("name").asString()).containsExactly("c");
        assertThat(rest.get("metadata").has("continue")).isFalse();
        assertThat(http.get("/api/v1/namespaces/default/configmaps?continue=%21").body())
                .contains("\"message\":\"invalid continue token: continue key is not valid: illegal base64 data at input byte 0\"");
    }

    @Test
    void listResourceVersionsAreCheckedAsUpstreamDoes() {
        long now = cluster.context().store().resourceVersion();
        assertThat(http.get("/api/v1/pods?resourceVersionMatch=Exact").body()).contains("\"message\":\"ListOptions.meta.k8s.io "
                + "\\\"\\\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is "
                + "provided\"", "\"code\":422");
        assertThat(http.get("/api/v1/pods?resourceVersion=0&resourceVersionMatch=Exact").body()).contains(
                "resourceVersionMatch: Forbidden: resourceVersionMatch \\\"exact\\\" is forbidden for resourceVersion \\\"0\\\"");
        assertThat(http.get("/api/v1/pods?resourceVersion=1&resourceVersionMatch=Newest").body()).contains(
                "resourceVersionMatch: Unsupported value: \\\"Newest\\\": supported values: \\\"Exact\\\", \\\"NotOlderThan\\\", \\\"\\\"");
        assertThat(http.get("/api/v1/pods?resourceVersion=" + now + "&resourceVersionMatch=Exact").statusCode()).isEqualTo(200);
        assertThat(http.get("/api/v1/pods?resourceVersion=1&resourceVersionMatch=NotOlderThan").statusCode()).isEqualTo(200);
        HttpResponse<String> old = http.get("/api/v1/pods?resourceVersion=1&resourceVersionMatch=Exact");
        assertThat(old.statusCode()).isEqualTo(410);
        assertThat(old.body()).contains("\"message\":\"The resourceVersion for the provided list is too old.\",\"reason\":\"Expired\"");
        HttpResponse<String> future = http.get("/api/v1/pods?resourceVersion=" + (now + 100));
        assertThat(future.statusCode()).isEqualTo(504);
        assertThat(future.body()).contains("\"message\":\"Timeout: Too large resource version: " + (now + 100) + ", current: " + now
                + "\",\"reason\":\"Timeout\",\"details\":{\"causes\":[{\"reason\":\"ResourceVersionTooLarge\",\"message\":"
                + "\"Too large resource version\"}],\"retryAfterSeconds\":1},\"code\":504}");
    }

    @Test
    void deleteCollectionDeletesWhatTheSelectorSelects() {
        // given
        call(() -> client.configMaps().resource(configMap("a")).create());
        call(() -> client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("b")
                .addToLabels("app", "db").endMetadata().build()).create());
        // when
        HttpResponse<String> deleted = http.send("DELETE", "/api/v1/namespaces/default/configmaps?labelSelector=app%3Dweb", null, null);
        // then
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(deleted.body()).startsWith("{\"kind\":\"ConfigMapList\",\"apiVersion\":\"v1\"");
        assertThat(client.configMaps().list().getItems()).extracting(c -> c.getMetadata().getName()).containsExactly("b");
        assertThat(Map.of()).isEmpty();
    }

    @Test
    void unknownFieldsAreWarnedAboutByDefaultAndRefusedWhenStrict() {
        // given
        String body = "{\"metadata\":{\"name\":\"settings\",\"lables\":{\"a\":\"b\"}},\"datta\":{\"mode\":\"fast\"}}";
        String configMaps = "/api/v1/namespaces/default/configmaps";
        // when
        HttpResponse<String> strict = http.send("POST", configMaps + "?fieldValidation=Strict", "application/json", body);
        HttpResponse<String> wrong = http.send("POST", configMaps + "?fieldValidation=Loose", "application/json", body);
        HttpResponse<String> warned = http.send("POST", configMaps, "application/json", body);
        // then
        assertThat(strict.statusCode()).isEqualTo(400);
        assertThat(strict.body()).contains("\"message\":\"ConfigMap in version \\\"v1\\\" cannot be handled as a ConfigMap: "
                + "strict decoding error: unknown field \\\"metadata.lables\\\", "
                + "unknown field \\\"datta\\\"\"");
        assertThat(wrong.statusCode()).isEqualTo(422);
        assertThat(wrong.body()).contains("\"message\":\"CreateOptions.meta.k8s.io \\\"\\\" is invalid: fieldValidation: "
                + "Unsupported value: \\\"Loose\\\": supported values: \\\"Ignore\\\", \\\"Warn\\\", \\\"Strict\\\"\"");
        assertThat(warned.statusCode()).isEqualTo(201);
        assertThat(warned.headers().allValues("Warning")).containsExactly("299 - \"unknown field \\\"metadata.lables\\\"\"",
                "299 - \"unknown field \\\"datta\\\"\""); // in the body's order, as sigs.k8s.io/json finds them
        // and, as the API server's decoder does, the unknown fields are dropped: never stored, never served back
        HttpResponse<String> served = http.send("GET", configMaps + "/settings", "application/json", null);
        assertThat(served.body()).doesNotContain("datta").doesNotContain("lables");
        HttpResponse<String> ignored = http.send("PUT", configMaps + "/settings?fieldValidation=Ignore", "application/json",
                "{\"metadata\":{\"name\":\"settings\",\"bogus\":1},\"data\":{\"mode\":\"slow\"}}");
        assertThat(ignored.statusCode()).isEqualTo(200);
        assertThat(ignored.headers().allValues("Warning")).isEmpty();
        assertThat(ignored.body()).contains("\"mode\":\"slow\"").doesNotContain("bogus");
        assertThat(cluster.context().store().get(io.fabric8.kubernetes.api.model.ConfigMap.class, "default", "settings")
                .orElseThrow().getMetadata().getAdditionalProperties()).isEmpty();
    }

    @Test
    void deploymentsScaleThroughTheScaleSubresource() {
        // given
        Deployment web = new DeploymentBuilder().withNewMetadata().withName("web").endMetadata().withNewSpec().withReplicas(1)
                .withNewSelector().addToMatchLabels("app", "web").endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("app", "web").endMetadata().withNewSpec().addNewContainer().withName("app").withImage("nginx:1.27")
                .endContainer().endSpec().endTemplate().endSpec().build();
        client.apps().deployments().resource(web).create();
        cluster.advance(Duration.ofSeconds(30));
        // when
        client.apps().deployments().withName("web").scale(3);
        cluster.advance(Duration.ofSeconds(30));
        // then
        assertThat(client.pods().withLabel("app", "web").list().getItems()).hasSize(3);
        Deployment scaled = client.apps().deployments().withName("web").get();
        assertThat(http.get("/apis/apps/v1/namespaces/default/deployments/web/scale").body()).isEqualTo("{\"kind\":\"Scale\","
                + "\"apiVersion\":\"autoscaling/v1\",\"metadata\":{\"name\":\"web\",\"namespace\":\"default\",\"uid\":\""
                + scaled.getMetadata().getUid() + "\",\"resourceVersion\":\"" + scaled.getMetadata().getResourceVersion()
                + "\",\"creationTimestamp\":\"" + scaled.getMetadata().getCreationTimestamp() + "\"},\"spec\":{\"replicas\":3},"
                + "\"status\":{\"replicas\":3,\"selector\":\"app=web\"}}");
        assertThat(http.get("/apis/apps/v1").body()).contains("{\"name\":\"deployments/scale\",\"singularName\":\"\","
                + "\"namespaced\":true,\"group\":\"autoscaling\",\"version\":\"v1\",\"kind\":\"Scale\",\"verbs\":[\"get\","
                + "\"patch\",\"update\"]}");
        HttpResponse<String> negative = http.send("PUT", "/apis/apps/v1/namespaces/default/deployments/web/scale", "application/json",
                "{\"kind\":\"Scale\",\"apiVersion\":\"autoscaling/v1\",\"metadata\":{\"name\":\"web\"},\"spec\":{\"replicas\":-1}}");
        assertThat(negative.statusCode()).isEqualTo(422);
        assertThat(negative.body()).contains("\"message\":\"Scale.autoscaling \\\"web\\\" is invalid: spec.replicas: Invalid value: "
                + "-1: must be greater than or equal to 0\"");
        HttpResponse<String> huge = http.send("PUT", "/apis/apps/v1/namespaces/default/deployments/web/scale", "application/json",
                "{\"metadata\":{\"name\":\"web\"},\"spec\":{\"replicas\":99999999999}}");
        assertThat(huge.statusCode()).isEqualTo(400);
        assertThat(huge.body()).contains("\"message\":\"Scale in version \\\"v1\\\" cannot be handled as a Scale: json: cannot "
                + "unmarshal number 99999999999 into Go struct field ScaleSpec.spec.replicas of type int32\"");
        HttpResponse<String> stale = http.send("PUT", "/apis/apps/v1/namespaces/default/deployments/web/scale", "application/json",
                "{\"metadata\":{\"name\":\"web\",\"resourceVersion\":\"1\"},\"spec\":{\"replicas\":2}}");
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(http.get("/api/v1/namespaces/default/pods/x/scale").statusCode()).isEqualTo(404);
    }
}
