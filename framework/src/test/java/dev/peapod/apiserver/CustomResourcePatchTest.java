package dev.peapod.apiserver;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * PATCH of custom resources (JSON, merge, server-side apply; strategic merge refused), their status and scale, and the
 * managedFields and fieldValidation of their writes, as the v1.33 apiextensions-apiserver answers them
 * (customresource_handler.go, apiserver handlers/patch.go).
 */
class CustomResourcePatchTest {
    private static final String CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.example.com
            spec:
              group: example.com
              scope: Namespaced
              names: {plural: widgets, singular: widget, kind: Widget}
              versions:
              - name: v1
                served: true
                storage: true
                subresources:
                  status: {}
                  scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas}
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        required: [color]
                        properties:
                          replicas: {type: integer, minimum: 0, default: 1}
                          color: {type: string, enum: [red, blue]}
                          tags: {type: array, items: {type: string}}
                          ports:
                            type: array
                            x-kubernetes-list-type: map
                            x-kubernetes-list-map-keys: [name]
                            items:
                              type: object
                              required: [name]
                              properties:
                                name: {type: string}
                                port: {type: integer}
                      status:
                        type: object
                        properties:
                          replicas: {type: integer}
                          phase: {type: string}
            """;
    private static final String WIDGETS = "/apis/example.com/v1/namespaces/default/widgets";
    private static final String STATUS = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",";
    private static final String MERGE = "application/merge-patch+json";
    private static final String APPLY = "application/apply-patch+yaml";

    private FakeCluster cluster;
    private KubernetesClient client;
    private Http http;

    @BeforeEach
    void start() {
        cluster = FakeCluster.withNodes("node-1");
        client = cluster.client();
        http = new Http(cluster);
        client.apiextensions().v1().customResourceDefinitions().resource(Serialization.unmarshal(CRD, CustomResourceDefinition.class))
                .create();
        HttpResponse<String> created = http.send("POST", WIDGETS + "?fieldManager=alice", "application/json",
                "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w1\"},"
                        + "\"spec\":{\"color\":\"red\",\"tags\":[\"a\",\"b\"]}}");
        assertThat(created.statusCode()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> widgets() {
        return client.genericKubernetesResources("example.com/v1", "Widget");
    }

    private JsonNode w1() {
        return json(http.get(WIDGETS + "/w1"));
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.MAPPER.readTree(response.body());
    }

    private static JsonNode tree(String text) {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void malformedMetadataInAPatchIsTheDecodersErrorNeverCoercedNorA500() {
        // when
        HttpResponse<String> labels = http.send("PATCH", WIDGETS + "/w1", MERGE, "{\"metadata\":{\"labels\":{\"a\":1}}}");
        HttpResponse<String> finalizers = http.send("PATCH", WIDGETS + "/w1", MERGE, "{\"metadata\":{\"finalizers\":{\"a\":1}}}");
        // then
        assertThat(labels.statusCode()).isEqualTo(422);
        assertThat(json(labels).get("message").asString()).startsWith(" \"\" is invalid: patch: Invalid value: ")
                .endsWith(": json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string");
        assertThat(finalizers.statusCode()).isEqualTo(422);
        assertThat(json(finalizers).get("message").asString())
                .endsWith(": json: cannot unmarshal object into Go struct field ObjectMeta.metadata.finalizers of type []string");
        assertThat(w1().at("/metadata/labels").isMissingNode()).isTrue();
    }

    @Test
    void aMergePatchChangesTheSpecBumpsTheGenerationAndRecordsItsManager() {
        // when
        HttpResponse<String> patched = http.send("PATCH", WIDGETS + "/w1?fieldManager=bob", MERGE,
                "{\"spec\":{\"color\":\"blue\",\"tags\":null}}");
        // then
        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(json(patched).get("spec")).isEqualTo(tree("{\"color\":\"blue\",\"replicas\":1}"));
        assertThat(json(patched).at("/metadata/generation").asLong()).isEqualTo(2L);
        assertThat(w1().get("spec")).isEqualTo(tree("{\"color\":\"blue\",\"replicas\":1}"));
        // and: alice created it (the default replicas too, as the decoder defaults before the field manager runs),
        // bob owns the color he changed
        assertThat(w1().at("/metadata/managedFields")).isEqualTo(tree("""
                [{"apiVersion":"example.com/v1","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{".":{},"f:replicas":{}}},
                "manager":"alice","operation":"Update","time":"2025-01-01T00:00:00Z"},
                {"apiVersion":"example.com/v1","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:color":{}}},
                "manager":"bob","operation":"Update","time":"2025-01-01T00:00:00Z"}]"""));
    }

    @Test
    void fabric8EditSendsAJsonPatchAndPatchJsonMergeAMergePatch() {
        // when: edit() sends the difference as a JSON patch
        GenericKubernetesResource edited = widgets().withName("w1").edit(w -> new GenericKubernetesResourceBuilder(w)
                .editMetadata().addToLabels("tier", "front").endMetadata().build());
        GenericKubernetesResource merged = widgets().withName("w1")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":3}}");
        // then
        assertThat(edited.getMetadata().getLabels()).containsEntry("tier", "front");
        assertThat(merged.getMetadata().getLabels()).containsEntry("tier", "front");
        assertThat(merged.getAdditionalProperties().get("spec")).isEqualTo(Map.of("color", "red", "replicas", 3, "tags", List.of("a", "b")));
        // and: a JSON patch's failed test is upstream's 422 and changes nothing
        HttpResponse<String> test = http.send("PATCH", WIDGETS + "/w1", "application/json-patch+json",
                "[{\"op\":\"test\",\"path\":\"/spec/color\",\"value\":\"blue\"}]");
        assertThat(test.statusCode()).isEqualTo(422);
        assertThat(test.body()).isEqualTo(STATUS + "\"message\":\"testing value /spec/color failed: test failed\","
                + "\"reason\":\"Invalid\",\"details\":{\"causes\":[{\"reason\":\"UnexpectedServerResponse\","
                + "\"message\":\"testing value /spec/color failed: test failed\"}]},\"code\":422}");
    }

    @Test
    void aStrategicMergePatchIsTheCustomResourceHandlers415() {
        // the types crdHandler passes PatchResource: JSON patch, merge patch, apply (customresource_handler.go)
        String expected = STATUS + "\"message\":\"the body of the request was in an unknown format - accepted media types "
                + "include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml\","
                + "\"reason\":\"UnsupportedMediaType\",\"code\":415}";
        for (String path : List.of("/w1", "/w1/status", "/w1/scale", "/absent")) {
            HttpResponse<String> answer = http.send("PATCH", WIDGETS + path, "application/strategic-merge-patch+json",
                    "{\"spec\":{\"color\":\"blue\"}}");
            assertThat(answer.statusCode()).as(path).isEqualTo(415);
            assertThat(answer.body()).as(path).isEqualTo(expected);
        }
        assertThat(w1().at("/spec/color").asString()).isEqualTo("red");
    }

    @Test
    void aPatchedObjectIsValidatedByTheSchemaAsAPutIs() {
        // when
        HttpResponse<String> answer = http.send("PATCH", WIDGETS + "/w1", MERGE, "{\"spec\":{\"color\":\"green\"}}");
        // then
        assertThat(answer.statusCode()).isEqualTo(422);
        assertThat(answer.body()).isEqualTo(STATUS + "\"message\":\"Widget.example.com \\\"w1\\\" is invalid: spec.color: "
                + "Unsupported value: \\\"green\\\": supported values: \\\"red\\\", \\\"blue\\\"\",\"reason\":\"Invalid\","
                + "\"details\":{\"name\":\"w1\",\"group\":\"example.com\",\"kind\":\"Widget\",\"causes\":[{\"reason\":"
                + "\"FieldValueNotSupported\",\"message\":\"Unsupported value: \\\"green\\\": supported values: \\\"red\\\", "
                + "\\\"blue\\\"\",\"field\":\"spec.color\"}]},\"code\":422}");
        assertThat(w1().at("/spec/color").asString()).isEqualTo("red");
        // and: a patch may not change the kind (customResourceValidator.ValidateTypeMeta)
        HttpResponse<String> kind = http.send("PATCH", WIDGETS + "/w1", MERGE, "{\"kind\":\"Gadget\"}");
        assertThat(kind.statusCode()).isEqualTo(422);
        assertThat(json(kind).get("message").asString())
                .isEqualTo("Widget.example.com \"w1\" is invalid: kind: Invalid value: \"Gadget\": must be Widget");
        // and: nor the name
        HttpResponse<String> rename = http.send("PATCH", WIDGETS + "/w1", MERGE, "{\"metadata\":{\"name\":\"w2\"}}");
        assertThat(rename.statusCode()).isEqualTo(400);
        assertThat(json(rename).get("message").asString())
                .isEqualTo("the name of the object (w2) does not match the name on the URL (w1)");
    }

    @Test
    void aPatchOfAMissingObjectIsNotFoundAndAStaleResourceVersionConflicts() {
        HttpResponse<String> missing = http.send("PATCH", WIDGETS + "/absent", MERGE, "{}");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("message").asString()).isEqualTo("widgets.example.com \"absent\" not found");
        HttpResponse<String> stale = http.send("PATCH", WIDGETS + "/w1", MERGE,
                "{\"metadata\":{\"resourceVersion\":\"1\"},\"spec\":{\"color\":\"blue\"}}");
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(json(stale).get("reason").asString()).isEqualTo("Conflict");
        assertThat(json(stale).get("message").asString()).isEqualTo("Operation cannot be fulfilled on widgets.example.com \"w1\": "
                + "the object has been modified; please apply your changes to the latest version and try again");
        assertThat(w1().at("/spec/color").asString()).isEqualTo("red");
    }

    @Test
    void aDryRunPatchAnswersThePatchedObjectAndStoresNothing() {
        String before = w1().at("/metadata/resourceVersion").asString();
        HttpResponse<String> answer = http.send("PATCH", WIDGETS + "/w1?dryRun=All", MERGE, "{\"spec\":{\"color\":\"blue\"}}");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(json(answer).at("/spec/color").asString()).isEqualTo("blue");
        assertThat(w1().at("/spec/color").asString()).isEqualTo("red");
        assertThat(w1().at("/metadata/resourceVersion").asString()).isEqualTo(before);
    }

    @Test
    void unknownFieldsArePrunedAndWarnedAboutOrRefusedPerFieldValidation() {
        // Warn (the default): pruned, and each named in a warning (schemaCoercingDecoder's unknown field paths)
        HttpResponse<String> warned = http.send("PATCH", WIDGETS + "/w1", MERGE,
                "{\"metadata\":{\"shape\":\"round\"},\"spec\":{\"size\":1,\"ports\":[{\"name\":\"http\",\"port\":80,\"proto\":\"TCP\"}]}}");
        assertThat(warned.statusCode()).isEqualTo(200);
        assertThat(warned.headers().allValues("Warning")).containsExactly("299 - \"unknown field \\\"metadata.shape\\\"\"",
                "299 - \"unknown field \\\"spec.ports[0].proto\\\"\"", "299 - \"unknown field \\\"spec.size\\\"\"");
        assertThat(w1().at("/spec/ports")).isEqualTo(tree("[{\"name\":\"http\",\"port\":80}]"));
        assertThat(w1().at("/spec").has("size")).isFalse();
        // Strict: the 422 on field "patch" quoting the patched JSON
        HttpResponse<String> strict = http.send("PATCH", WIDGETS + "/w1?fieldValidation=Strict", MERGE, "{\"spec\":{\"size\":2}}");
        assertThat(strict.statusCode()).isEqualTo(422);
        String message = json(strict).get("message").asString();
        assertThat(message).startsWith(" \"\" is invalid: patch: Invalid value: \"{\\\"apiVersion\\\":\\\"example.com/v1\\\",");
        assertThat(message).endsWith("\": strict decoding error: unknown field \"spec.size\"");
        assertThat(json(strict).at("/details/causes/0/field").asString()).isEqualTo("patch");
        // Ignore: pruned silently
        HttpResponse<String> ignored = http.send("PATCH", WIDGETS + "/w1?fieldValidation=Ignore", MERGE, "{\"spec\":{\"size\":3}}");
        assertThat(ignored.statusCode()).isEqualTo(200);
        assertThat(ignored.headers().allValues("Warning")).isEmpty();
        assertThat(w1().at("/spec").has("size")).isFalse();
    }

    @Test
    void postAndPutPruneUnknownFieldsWithWarningsOrRefuseThemUnderStrict() {
        String body = "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w2\"},"
                + "\"spec\":{\"color\":\"red\",\"size\":1}}";
        // Strict: create.go's transformDecodeError of the strict decoding error
        HttpResponse<String> strict = http.send("POST", WIDGETS + "?fieldValidation=Strict", "application/json", body);
        assertThat(strict.statusCode()).isEqualTo(400);
        assertThat(strict.body()).isEqualTo(STATUS + "\"message\":\"Widget in version \\\"v1\\\" cannot be handled as a Widget: "
                + "strict decoding error: unknown field \\\"spec.size\\\"\",\"reason\":\"BadRequest\",\"code\":400}");
        // Warn
        HttpResponse<String> warned = http.send("POST", WIDGETS, "application/json", body);
        assertThat(warned.statusCode()).isEqualTo(201);
        assertThat(warned.headers().allValues("Warning")).containsExactly("299 - \"unknown field \\\"spec.size\\\"\"");
        assertThat(json(warned).get("spec")).isEqualTo(tree("{\"color\":\"red\",\"replicas\":1}"));
        // a PUT too
        HttpResponse<String> put = http.send("PUT", WIDGETS + "/w2?fieldValidation=Strict", "application/json", body);
        assertThat(put.statusCode()).isEqualTo(400);
        assertThat(json(put).get("message").asString())
                .isEqualTo("Widget in version \"v1\" cannot be handled as a Widget: strict decoding error: unknown field \"spec.size\"");
    }

    @Test
    void theStatusSubresourcePatchesOnlyTheStatusAndTheScaleItsReplicas() {
        // when
        HttpResponse<String> status = http.send("PATCH", WIDGETS + "/w1/status?fieldManager=operator", MERGE,
                "{\"spec\":{\"color\":\"blue\"},\"status\":{\"replicas\":1,\"phase\":\"Ready\"}}");
        // then: the status is written, the spec and generation kept (statusStrategy.PrepareForUpdate)
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(json(status).get("status")).isEqualTo(tree("{\"phase\":\"Ready\",\"replicas\":1}"));
        assertThat(w1().at("/spec/color").asString()).isEqualTo("red");
        assertThat(w1().at("/metadata/generation").asLong()).isEqualTo(1L);
        assertThat(w1().at("/metadata/managedFields/1")).isEqualTo(tree("""
                {"apiVersion":"example.com/v1","fieldsType":"FieldsV1","fieldsV1":{"f:status":{".":{},"f:phase":{},"f:replicas":{}}},
                "manager":"operator","operation":"Update","subresource":"status","time":"2025-01-01T00:00:00Z"}"""));
        // and: the same status again changes nothing (no new resourceVersion, as GuaranteedUpdate skips the write)
        String version = w1().at("/metadata/resourceVersion").asString();
        HttpResponse<String> same = http.send("PATCH", WIDGETS + "/w1/status?fieldManager=operator", MERGE,
                "{\"status\":{\"phase\":\"Ready\"}}");
        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(json(same).at("/metadata/resourceVersion").asString()).isEqualTo(version);
        assertThat(w1().at("/metadata/resourceVersion").asString()).isEqualTo(version);
        // when: the scale
        HttpResponse<String> scale = http.send("PATCH", WIDGETS + "/w1/scale", MERGE, "{\"spec\":{\"replicas\":4}}");
        // then
        assertThat(scale.statusCode()).isEqualTo(200);
        assertThat(json(scale).at("/spec/replicas").asInt()).isEqualTo(4);
        assertThat(json(scale).at("/status/replicas").asInt()).isEqualTo(1);
        assertThat(w1().at("/spec/replicas").asInt()).isEqualTo(4);
        // and: a JSON patch of the scale, checked by the schema as a PUT of the scale is
        HttpResponse<String> negative = http.send("PATCH", WIDGETS + "/w1/scale", "application/json-patch+json",
                "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":-1}]");
        assertThat(negative.statusCode()).isEqualTo(422);
        assertThat(json(negative).get("message").asString())
                .isEqualTo("Widget.example.com \"w1\" is invalid: spec.replicas: Invalid value: -1: spec.replicas in body should be "
                        + "greater than or equal to 0");
    }

    @Test
    void serverSideApplyCreatesMergesListMapsByKeyAndConflicts() {
        // when: carol creates w3 by applying it
        HttpResponse<String> created = http.send("PATCH", WIDGETS + "/w3?fieldManager=carol", APPLY, """
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w3}
                spec:
                  color: red
                  tags: [x, y]
                  ports: [{name: http, port: 80}]
                """);
        // then
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created).at("/metadata/managedFields")).isEqualTo(tree("""
                [{"apiVersion":"example.com/v1","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:color":{},
                "f:ports":{"k:{\\"name\\":\\"http\\"}":{".":{},"f:name":{},"f:port":{}}},"f:tags":{}}},
                "manager":"carol","operation":"Apply","time":"2025-01-01T00:00:00Z"}]"""));
        // when: dan applies another port (the list is a map keyed by name) and his own tags (an atomic list)
        HttpResponse<String> dan = http.send("PATCH", WIDGETS + "/w3?fieldManager=dan", APPLY, """
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w3}
                spec:
                  ports: [{name: metrics, port: 9090}]
                  tags: [z]
                """);
        // then: the ports merge, the tags conflict with carol's
        assertThat(dan.statusCode()).isEqualTo(409);
        assertThat(dan.body()).isEqualTo(STATUS + "\"message\":\"Apply failed with 1 conflict: conflict with \\\"carol\\\": "
                + ".spec.tags\",\"reason\":\"Conflict\",\"details\":{\"causes\":[{\"reason\":\"FieldManagerConflict\","
                + "\"message\":\"conflict with \\\"carol\\\"\",\"field\":\".spec.tags\"}]},\"code\":409}");
        HttpResponse<String> ports = http.send("PATCH", WIDGETS + "/w3?fieldManager=dan", APPLY, """
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w3}
                spec:
                  ports: [{name: metrics, port: 9090}]
                """);
        assertThat(ports.statusCode()).isEqualTo(200);
        assertThat(json(ports).at("/spec/ports")).isEqualTo(tree("[{\"name\":\"http\",\"port\":80},{\"name\":\"metrics\",\"port\":9090}]"));
        // when: dan forces the tags
        HttpResponse<String> forced = http.send("PATCH", WIDGETS + "/w3?fieldManager=dan&force=true", APPLY,
                "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w3\"},"
                        + "\"spec\":{\"ports\":[{\"name\":\"metrics\",\"port\":9090}],\"tags\":[\"z\"]}}");
        // then
        assertThat(forced.statusCode()).isEqualTo(200);
        assertThat(json(forced).at("/spec/tags")).isEqualTo(tree("[\"z\"]"));
        assertThat(json(forced).at("/metadata/managedFields/0/fieldsV1/f:spec").has("f:tags")).isFalse();
    }

    @Test
    void serverSideApplyRefusesAFieldTheSchemaDoesNotDeclare() {
        // upstream: structuredmerge.go's typed conversion error, as a 500 in v1.33 (kubernetes/kubernetes#139253);
        // Peapod answers the same words as a 400, never a 500
        HttpResponse<String> answer = http.send("PATCH", WIDGETS + "/w1?fieldManager=carol", APPLY,
                "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w1\nspec:\n  size: 2\n");
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(json(answer).get("message").asString()).isEqualTo("failed to create typed patch object "
                + "(/w1; example.com/v1, Kind=Widget): .spec.size: field not declared in schema");
        assertThat(w1().at("/spec").has("size")).isFalse();
        // and: metadata is ObjectMeta, which declares no other field
        HttpResponse<String> meta = http.send("PATCH", WIDGETS + "/w1?fieldManager=carol", APPLY,
                "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w1\n  shape: round\n");
        assertThat(meta.statusCode()).isEqualTo(400);
        assertThat(json(meta).get("message").asString()).isEqualTo("failed to create typed patch object "
                + "(/w1; example.com/v1, Kind=Widget): .metadata.shape: field not declared in schema");
    }

    @Test
    void serverSideApplyOfAnotherKindHasNoCorrespondingType() {
        // upstream: structuredmerge.go ObjectToTyped finds no type for the patch's kind in the CRD's type converter
        // (versionconverter.go NoCorrespondingTypeError), a 500 in v1.33; Peapod answers the same words as a 400
        String before = w1().at("/metadata/resourceVersion").asString();
        HttpResponse<String> existing = http.send("PATCH", WIDGETS + "/w1?fieldManager=carol", APPLY,
                "apiVersion: example.com/v1\nkind: Gadget\nmetadata:\n  name: w1\n  namespace: default\nspec:\n  color: blue\n");
        HttpResponse<String> absent = http.send("PATCH", WIDGETS + "/w9?fieldManager=carol", APPLY,
                "apiVersion: example.com/v1\nkind: Gadget\nmetadata:\n  name: w9\nspec:\n  color: blue\n");
        assertThat(existing.statusCode()).isEqualTo(400);
        assertThat(json(existing).get("message").asString()).isEqualTo("failed to create typed patch object "
                + "(default/w1; example.com/v1, Kind=Gadget): no corresponding type for example.com/v1, Kind=Gadget");
        assertThat(absent.statusCode()).isEqualTo(400);
        assertThat(json(absent).get("message").asString()).isEqualTo("failed to create typed patch object "
                + "(/w9; example.com/v1, Kind=Gadget): no corresponding type for example.com/v1, Kind=Gadget");
        assertThat(w1().at("/metadata/resourceVersion").asString()).isEqualTo(before);
        assertThat(http.get(WIDGETS + "/w9").statusCode()).isEqualTo(404);
    }

    @Test
    void fabric8ServerSideApplyCreatesAndConflicts() {
        // when
        GenericKubernetesResource w4 = new GenericKubernetesResourceBuilder().withApiVersion("example.com/v1").withKind("Widget")
                .withNewMetadata().withName("w4").endMetadata()
                .addToAdditionalProperties("spec", Map.of("color", "blue", "replicas", 2)).build();
        GenericKubernetesResource applied = widgets().resource(w4).fieldManager("erin").serverSideApply();
        // then
        assertThat(applied.getMetadata().getUid()).isNotEmpty();
        assertThat(applied.getMetadata().getManagedFields()).singleElement()
                .satisfies(m -> assertThat(m.getManager() + " " + m.getOperation()).isEqualTo("erin Apply"));
        // when: another manager sets the replicas erin applied
        GenericKubernetesResource other = new GenericKubernetesResourceBuilder(w4)
                .addToAdditionalProperties("spec", Map.of("color", "blue", "replicas", 5)).build();
        KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
                () -> widgets().resource(other).fieldManager("frank").serverSideApply());
        // then
        assertThat(refused.getCode()).isEqualTo(409);
        assertThat(refused.getStatus().getMessage()).isEqualTo("Apply failed with 1 conflict: conflict with \"erin\": .spec.replicas");
        assertThat(widgets().withName("w4").get().getAdditionalProperties().get("spec")).isEqualTo(Map.of("color", "blue", "replicas", 2));
    }
}
