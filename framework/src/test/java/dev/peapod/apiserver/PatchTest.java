package dev.peapod.apiserver;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** PATCH (JSON, merge, strategic merge, server-side apply) and managedFields through the HTTP API, as upstream v1.33. */
class PatchTest {
    private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/default/deployments";
    private static final String WEB = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":1,
            "selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},
            "spec":{"containers":[{"name":"app","image":"nginx:1"},{"name":"side","image":"busybox:1"}]}}}}""";
    private static final String STATUS = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",";

    private FakeCluster cluster;
    private KubernetesClient client;
    private Http http;

    @BeforeEach
    void start() {
        cluster = FakeCluster.withNodes("node-1");
        client = cluster.client();
        http = new Http(cluster);
        assertThat(http.send("POST", DEPLOYMENTS + "?fieldManager=alice", "application/json", WEB).statusCode()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private Deployment web() {
        return client.apps().deployments().withName("web").get();
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.MAPPER.readTree(response.body());
    }

    private static JsonNode tree(String text) {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void fabric8EditAndMergePatchChangeTheDeployment() {
        // when: edit() sends a JSON patch, patch(JSON_MERGE) a merge patch
        client.apps().deployments().withName("web").edit(d -> new DeploymentBuilder(d).editMetadata()
                .addToLabels("tier", "front").endMetadata().build());
        Deployment merged = client.apps().deployments().withName("web")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":2}}");
        // then
        assertThat(merged.getMetadata().getLabels()).containsEntry("tier", "front");
        assertThat(merged.getSpec().getReplicas()).isEqualTo(2);
        assertThat(web().getSpec().getReplicas()).isEqualTo(2);
        assertThat(web().getMetadata().getGeneration()).isEqualTo(2L);
    }

    @Test
    void aStrategicMergePatchMergesContainersByName() {
        // when: one image changed
        HttpResponse<String> changed = http.send("PATCH", DEPLOYMENTS + "/web", "application/strategic-merge-patch+json",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"nginx:2\"}]}}}}");
        // then
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(web().getSpec().getTemplate().getSpec().getContainers()).extracting(c -> c.getName() + "=" + c.getImage())
                .containsExactly("app=nginx:2", "side=busybox:1");
        // when: a container added, then one deleted
        http.send("PATCH", DEPLOYMENTS + "/web", "application/strategic-merge-patch+json",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"log\",\"image\":\"fluent:1\"}]}}}}");
        assertThat(web().getSpec().getTemplate().getSpec().getContainers()).extracting(c -> c.getName())
                .containsExactly("log", "app", "side");
        http.send("PATCH", DEPLOYMENTS + "/web", "application/strategic-merge-patch+json",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"side\",\"$patch\":\"delete\"}]}}}}");
        // then
        assertThat(web().getSpec().getTemplate().getSpec().getContainers()).extracting(c -> c.getName())
                .containsExactly("log", "app");
    }

    @Test
    void aFailedJsonPatchTestIs422AndChangesNothing() {
        String before = web().getMetadata().getResourceVersion();
        HttpResponse<String> answer = http.send("PATCH", DEPLOYMENTS + "/web", "application/json-patch+json",
                "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":5}]");
        assertThat(answer.statusCode()).isEqualTo(422);
        assertThat(answer.body()).isEqualTo(STATUS + "\"message\":\"testing value /spec/replicas failed: test failed\","
                + "\"reason\":\"Invalid\",\"details\":{\"causes\":[{\"reason\":\"UnexpectedServerResponse\","
                + "\"message\":\"testing value /spec/replicas failed: test failed\"}]},\"code\":422}");
        assertThat(web().getMetadata().getResourceVersion()).isEqualTo(before);
    }

    @Test
    void badPatchesAnswerTheirStatus() {
        HttpResponse<String> bad = http.send("PATCH", DEPLOYMENTS + "/web", "application/merge-patch+json", "{\"spec\":");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).isEqualTo(STATUS + "\"message\":\"error decoding patch: unexpected end of JSON input\","
                + "\"reason\":\"BadRequest\",\"code\":400}");
        HttpResponse<String> type = http.send("PATCH", DEPLOYMENTS + "/web", "text/plain", "{}");
        assertThat(type.statusCode()).isEqualTo(415);
        assertThat(type.body()).isEqualTo(STATUS + "\"message\":\"the body of the request was in an unknown format - accepted "
                + "media types include: application/json-patch+json, application/merge-patch+json, "
                + "application/strategic-merge-patch+json, application/apply-patch+yaml\",\"reason\":\"UnsupportedMediaType\","
                + "\"code\":415}");
        HttpResponse<String> force = http.send("PATCH", DEPLOYMENTS + "/web?force=false", "application/merge-patch+json", "{}");
        assertThat(force.statusCode()).isEqualTo(422);
        assertThat(force.body()).isEqualTo(STATUS + "\"message\":\"PatchOptions.meta.k8s.io \\\"\\\" is invalid: force: "
                + "Forbidden: may not be specified for non-apply patch\",\"reason\":\"Invalid\",\"details\":{\"group\":"
                + "\"meta.k8s.io\",\"kind\":\"PatchOptions\",\"causes\":[{\"reason\":\"FieldValueForbidden\",\"message\":"
                + "\"Forbidden: may not be specified for non-apply patch\",\"field\":\"force\"}]},\"code\":422}");
        HttpResponse<String> missing = http.send("PATCH", DEPLOYMENTS + "/api", "application/merge-patch+json", "{}");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("message").asString()).isEqualTo("deployments.apps \"api\" not found");
        HttpResponse<String> decode = http.send("PATCH", DEPLOYMENTS + "/web", "application/merge-patch+json",
                "{\"spec\":{\"replicas\":\"x\"}}");
        assertThat(decode.statusCode()).isEqualTo(422);
        assertThat(json(decode).get("message").asString()).startsWith(" \"\" is invalid: patch: Invalid value: \"{\\\"apiVersion\\\":")
                .endsWith("\": json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32");
        assertThat(json(decode).at("/details/causes/0/field").asString()).isEqualTo("patch");
        HttpResponse<String> rename = http.send("PATCH", DEPLOYMENTS + "/web", "application/merge-patch+json",
                "{\"metadata\":{\"name\":\"other\"}}");
        assertThat(rename.statusCode()).isEqualTo(400);
        assertThat(json(rename).get("message").asString())
                .isEqualTo("the name of the object (other) does not match the name on the URL (web)");
        assertThat(web().getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void aPatchThatSetsAStaleResourceVersionConflicts() {
        HttpResponse<String> answer = http.send("PATCH", DEPLOYMENTS + "/web", "application/merge-patch+json",
                "{\"metadata\":{\"resourceVersion\":\"1\"},\"spec\":{\"replicas\":3}}");
        assertThat(answer.statusCode()).isEqualTo(409);
        assertThat(json(answer).get("message").asString()).isEqualTo("Operation cannot be fulfilled on deployments.apps \"web\": "
                + "the object has been modified; please apply your changes to the latest version and try again");
        assertThat(web().getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void unknownFieldsAreWarnedAboutDroppedOrRefusedPerFieldValidation() {
        HttpResponse<String> warned = http.send("PATCH", DEPLOYMENTS + "/web", "application/merge-patch+json",
                "{\"spec\":{\"foo\":1,\"replicas\":2}}");
        assertThat(warned.statusCode()).isEqualTo(200);
        assertThat(warned.headers().allValues("Warning")).containsExactly("299 - \"unknown field \\\"spec.foo\\\"\"");
        assertThat(json(warned).path("spec").has("foo")).isFalse();
        assertThat(web().getSpec().getAdditionalProperties()).isEmpty();
        HttpResponse<String> strict = http.send("PATCH", DEPLOYMENTS + "/web?fieldValidation=Strict",
                "application/merge-patch+json", "{\"spec\":{\"foo\":1,\"replicas\":3}}");
        assertThat(strict.statusCode()).isEqualTo(422);
        assertThat(json(strict).get("message").asString()).endsWith("\": strict decoding error: unknown field \"spec.foo\"");
        // a strategic merge patch is quoted as Go prints the patch's map (apiserver applyPatchToObject)
        HttpResponse<String> smp = http.send("PATCH", DEPLOYMENTS + "/web?fieldValidation=Strict",
                "application/strategic-merge-patch+json", "{\"spec\":{\"foo\":1,\"paused\":true}}");
        assertThat(smp.statusCode()).isEqualTo(422);
        assertThat(smp.body()).isEqualTo(STATUS + "\"message\":\" \\\"\\\" is invalid: patch: Invalid value: "
                + "\\\"map[spec:map[foo:1 paused:true]]\\\": strict decoding error: unknown field \\\"spec.foo\\\"\","
                + "\"reason\":\"Invalid\",\"details\":{\"causes\":[{\"reason\":\"FieldValueInvalid\",\"message\":"
                + "\"Invalid value: \\\"map[spec:map[foo:1 paused:true]]\\\": strict decoding error: unknown field "
                + "\\\"spec.foo\\\"\",\"field\":\"patch\"}]},\"code\":422}");
        assertThat(web().getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void aWrongTypedFieldInAStrategicMergePatchIsTheUnstructuredConvertersError() {
        // apiserver handlers/patch.go applyPatchToObject: NewInvalid(GroupKind{}, "", patch: %+v of the patch map,
        // the error of runtime.DefaultUnstructuredConverter.FromUnstructuredWithValidation; converter.go, v1.33)
        String before = web().getMetadata().getResourceVersion();
        java.util.Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"spec\":{\"replicas\":\"three\"}}", "map[spec:map[replicas:three]]\\\": unrecognized type: int32");
        cases.put("{\"spec\":{\"paused\":1}}", "map[spec:map[paused:1]]\\\": unrecognized type: bool");
        cases.put("{\"spec\":{\"replicas\":1.5}}", "map[spec:map[replicas:1.5]]\\\": cannot convert float64 to int32");
        cases.put("{\"metadata\":{\"labels\":{\"tier\":2}}}", "map[metadata:map[labels:map[tier:2]]]\\\": cannot convert int64 to string");
        cases.put("{\"spec\":{\"strategy\":\"Recreate\"}}", "map[spec:map[strategy:Recreate]]\\\": cannot restore struct from: string");
        cases.put("{\"spec\":{\"template\":{\"spec\":{\"containers\":{\"name\":\"web\"}}}}}",
                "map[spec:map[template:map[spec:map[containers:map[name:web]]]]]\\\": cannot restore slice from map");
        cases.put("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"ports\":[{\"containerPort\":80,\"protocol\":6}]}]}}}}",
                "map[spec:map[template:map[spec:map[containers:[map[name:web ports:[map[containerPort:80 protocol:6]]]]]]]]\\\": "
                        + "cannot convert int64 to v1.Protocol");
        cases.forEach((patch, quoted) -> {
            HttpResponse<String> answer = http.send("PATCH", DEPLOYMENTS + "/web", "application/strategic-merge-patch+json", patch);
            assertThat(answer.statusCode()).as(patch).isEqualTo(422);
            assertThat(answer.body()).as(patch).isEqualTo(STATUS + "\"message\":\" \\\"\\\" is invalid: patch: Invalid value: \\\""
                    + quoted + "\",\"reason\":\"Invalid\",\"details\":{\"causes\":[{\"reason\":\"FieldValueInvalid\",\"message\":"
                    + "\"Invalid value: \\\"" + quoted + "\",\"field\":\"patch\"}]},\"code\":422}");
        });
        assertThat(web().getMetadata().getResourceVersion()).isEqualTo(before);
    }

    @Test
    void aDryRunPatchAnswersThePatchedObjectAndStoresNothing() {
        String before = web().getMetadata().getResourceVersion();
        HttpResponse<String> answer = http.send("PATCH", DEPLOYMENTS + "/web?dryRun=All", "application/merge-patch+json",
                "{\"spec\":{\"replicas\":5}}");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(json(answer).at("/spec/replicas").asInt()).isEqualTo(5);
        assertThat(web().getSpec().getReplicas()).isEqualTo(1);
        assertThat(web().getMetadata().getResourceVersion()).isEqualTo(before);
    }

    @Test
    void statusAndScaleArePatched() {
        HttpResponse<String> status = http.send("PATCH", DEPLOYMENTS + "/web/status?fieldManager=dave",
                "application/merge-patch+json", "{\"spec\":{\"replicas\":9},\"status\":{\"observedGeneration\":7}}");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(json(status).at("/status/observedGeneration").asLong()).isEqualTo(7L); // until the controller's next write
        assertThat(json(status).at("/spec/replicas").asInt()).isEqualTo(1); // the status subresource keeps the spec
        assertThat(web().getMetadata().getManagedFields()).filteredOn(m -> m.getManager().equals("dave"))
                .singleElement().satisfies(m -> {
                    assertThat(m.getOperation()).isEqualTo("Update");
                    assertThat(m.getSubresource()).isEqualTo("status");
                    assertThat((JsonNode) Json.MAPPER.valueToTree(m.getFieldsV1())).isEqualTo(tree("{\"f:status\":{\"f:observedGeneration\":{}}}"));
                });
        HttpResponse<String> scale = http.send("PATCH", DEPLOYMENTS + "/web/scale", "application/merge-patch+json",
                "{\"spec\":{\"replicas\":4}}");
        assertThat(scale.statusCode()).isEqualTo(200);
        assertThat(json(scale).at("/spec/replicas").asInt()).isEqualTo(4);
        assertThat(web().getSpec().getReplicas()).isEqualTo(4);
    }

    @Test
    void aPodPatchOfAnImmutableFieldIsTheStores422() {
        http.send("POST", "/api/v1/namespaces/default/pods", "application/json",
                "{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}");
        HttpResponse<String> answer = http.send("PATCH", "/api/v1/namespaces/default/pods/p", "application/strategic-merge-patch+json",
                "{\"spec\":{\"restartPolicy\":\"Never\"}}");
        assertThat(answer.statusCode()).isEqualTo(422);
        assertThat(json(answer).get("reason").asString()).isEqualTo("Invalid");
        assertThat(json(answer).get("message").asString()).startsWith("Pod \"p\" is invalid: spec: Forbidden: pod updates may not change fields other than");
    }

    @Test
    void createUpdateAndApplyLeaveTheirManagedFields() {
        // create (in @BeforeEach, fieldManager=alice): alice owns what she sent
        assertThat(managedFields()).isEqualTo(tree("""
                [{"apiVersion":"apps/v1","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:replicas":{},"f:selector":{},
                "f:template":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:containers":{
                "k:{\\"name\\":\\"app\\"}":{".":{},"f:image":{},"f:name":{}},"k:{\\"name\\":\\"side\\"}":{".":{},"f:image":{},"f:name":{}}}}}}},
                "manager":"alice","operation":"Update","time":"2025-01-01T00:00:00Z"}]"""));
        // update by bob (a patch): the image he changed is his
        http.send("PATCH", DEPLOYMENTS + "/web?fieldManager=bob", "application/strategic-merge-patch+json",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"nginx:2\"}]}}}}");
        assertThat(managedFields().get(1)).isEqualTo(tree("""
                {"apiVersion":"apps/v1","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:template":{"f:spec":{"f:containers":{
                "k:{\\"name\\":\\"app\\"}":{"f:image":{}}}}}}},"manager":"bob","operation":"Update","time":"2025-01-01T00:00:00Z"}"""));
        assertThat(managedFields().get(0).at("/fieldsV1/f:spec/f:template/f:spec/f:containers/k:{\"name\":\"app\"}"))
                .isEqualTo(tree("{\".\":{},\"f:name\":{}}"));
        // a PUT without fieldManager: the User-Agent's program
        Deployment current = web();
        current.getSpec().setMinReadySeconds(5);
        client.apps().deployments().resource(current).update();
        assertThat(managedFields()).anySatisfy(entry -> {
            assertThat(entry.get("manager").asString()).isEqualTo("fabric8-kubernetes-client");
            assertThat(entry.get("fieldsV1")).isEqualTo(tree("{\"f:spec\":{\"f:minReadySeconds\":{}}}"));
        });
    }

    @Test
    void serverSideApplyCreatesChangesConflictsAndForces() {
        // create
        Deployment api = new DeploymentBuilder().withNewMetadata().withName("api").endMetadata().withNewSpec().withReplicas(1)
                .withNewSelector().addToMatchLabels("app", "api").endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("app", "api").endMetadata().withNewSpec().addNewContainer().withName("app").withImage("nginx:1")
                .endContainer().endSpec().endTemplate().endSpec().build();
        Deployment created = client.apps().deployments().resource(api).fieldManager("carol").serverSideApply();
        assertThat(created.getMetadata().getUid()).isNotEmpty();
        assertThat((JsonNode) Json.MAPPER.valueToTree(created.getMetadata().getManagedFields())).isEqualTo(tree("""
                [{"apiVersion":"apps/v1","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:replicas":{},"f:selector":{},
                "f:template":{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:containers":{
                "k:{\\"name\\":\\"app\\"}":{".":{},"f:image":{},"f:name":{}}}}}}},
                "manager":"carol","operation":"Apply","time":"2025-01-01T00:00:00Z"}]"""));
        // change
        api.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:2");
        Deployment changed = client.apps().deployments().resource(api).fieldManager("carol").serverSideApply();
        assertThat(changed.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:2");
        assertThat(changed.getMetadata().getGeneration()).isEqualTo(2L);
        // conflict: alice's update owns spec.replicas of web
        HttpResponse<String> conflict = http.send("PATCH", DEPLOYMENTS + "/web?fieldManager=carol", "application/apply-patch+yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n");
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.body()).isEqualTo(STATUS + "\"message\":\"Apply failed with 1 conflict: conflict with \\\"alice\\\" "
                + "using apps/v1: .spec.replicas\",\"reason\":\"Conflict\",\"details\":{\"causes\":[{\"reason\":"
                + "\"FieldManagerConflict\",\"message\":\"conflict with \\\"alice\\\" using apps/v1\",\"field\":\".spec.replicas\"}]},"
                + "\"code\":409}");
        assertThat(web().getSpec().getReplicas()).isEqualTo(1);
        // and through Fabric8, between two appliers
        Deployment other = new DeploymentBuilder(api).editSpec().withReplicas(7).endSpec().build();
        KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
                () -> client.apps().deployments().resource(other).fieldManager("erin").serverSideApply());
        assertThat(refused.getCode()).isEqualTo(409);
        assertThat(refused.getStatus().getMessage()).isEqualTo("Apply failed with 1 conflict: conflict with \"carol\": .spec.replicas");
        // force
        HttpResponse<String> forced = http.send("PATCH", DEPLOYMENTS + "/web?fieldManager=carol&force=true",
                "application/apply-patch+yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n");
        assertThat(forced.statusCode()).isEqualTo(200);
        assertThat(web().getSpec().getReplicas()).isEqualTo(3);
        assertThat(managedFields().get(0)).isEqualTo(tree("""
                {"apiVersion":"apps/v1","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:replicas":{}}},
                "manager":"carol","operation":"Apply","time":"2025-01-01T00:00:00Z"}"""));
        assertThat(managedFields().get(1).at("/fieldsV1/f:spec").has("f:replicas")).isFalse();
        // an apply creates in the URL's namespace
        http.send("POST", "/api/v1/namespaces", "application/json", "{\"metadata\":{\"name\":\"team\"}}");
        HttpResponse<String> inTeam = http.send("PATCH", "/api/v1/namespaces/team/configmaps/settings?fieldManager=carol",
                "application/apply-patch+yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n");
        assertThat(inTeam.statusCode()).isEqualTo(201);
        assertThat(client.configMaps().inNamespace("team").withName("settings").get().getData()).containsEntry("a", "b");
        // apply needs a field manager
        HttpResponse<String> anonymous = http.send("PATCH", DEPLOYMENTS + "/web", "application/apply-patch+yaml", "{}");
        assertThat(anonymous.statusCode()).isEqualTo(422);
        assertThat(json(anonymous).get("message").asString())
                .isEqualTo("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
    }

    private JsonNode managedFields() {
        return json(http.get(DEPLOYMENTS + "/web")).at("/metadata/managedFields");
    }
}
