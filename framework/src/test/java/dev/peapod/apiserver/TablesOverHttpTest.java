package dev.peapod.apiserver;

import dev.peapod.FakeCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tables and PartialObjectMetadata over HTTP, negotiated from the Accept header as the API server
 * does (handlers/response.go transformResponseObject, handlers/watch.go watchEmbeddedEncoder).
 */
class TablesOverHttpTest {
    /** What kubectl get sends. */
    static final String KUBECTL = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,"
            + "application/json";
    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web, labels: {app: web}}
            spec:
              containers:
              - name: c
                image: busybox
                command: [sh, -c, 'echo started; sleep 3600']
            """;

    private FakeCluster cluster;
    private Http http;

    @BeforeEach
    void start() {
        cluster = FakeCluster.withNodes("node-1");
        http = new Http(cluster);
        cluster.applyYaml(POD);
        cluster.advance(Duration.ofSeconds(90));
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private HttpResponse<String> get(String path, String accept) {
        return Http.send(HttpRequest.newBuilder(URI.create(http.url() + path)).header("Accept", accept).GET().build());
    }

    private HttpResponse<String> write(String method, String path, String contentType, String body, String accept) {
        return Http.send(HttpRequest.newBuilder(URI.create(http.url() + path)).header("Accept", accept)
                .header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static List<String> cells(HttpResponse<String> answer) {
        JsonNode table = Json.MAPPER.readTree(answer.body());
        assertThat(table.get("kind").asString()).isEqualTo("Table");
        List<String> cells = new ArrayList<>();
        table.get("rows").get(0).get("cells").forEach(cell -> cells.add(cell.asString()));
        return cells;
    }

    @Test
    void writesAnswerATableWhenTheAcceptHeaderAsksForOne() {
        // handlers/create.go, update.go, patch.go and delete.go end in transformResponseObject, as GET does
        String configMap = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cfg\"},\"data\":{\"a\":\"1\"}}";
        HttpResponse<String> created = write("POST", "/api/v1/namespaces/default/configmaps", "application/json", configMap, KUBECTL);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(cells(created)).containsExactly("cfg", "1", "0s");
        HttpResponse<String> patched = write("PATCH", "/api/v1/namespaces/default/configmaps/cfg", "application/merge-patch+json",
                "{\"data\":{\"b\":\"2\"}}", KUBECTL);
        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(cells(patched)).containsExactly("cfg", "2", "0s");
        String current = cluster.context().store().get(io.fabric8.kubernetes.api.model.ConfigMap.class, "default", "cfg")
                .orElseThrow().getMetadata().getResourceVersion();
        HttpResponse<String> updated = write("PUT", "/api/v1/namespaces/default/configmaps/cfg", "application/json",
                configMap.replace("\"name\":\"cfg\"", "\"name\":\"cfg\",\"resourceVersion\":\"" + current + "\""), KUBECTL);
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(cells(updated)).containsExactly("cfg", "1", "0s");
        // a pod's delete answers the pod (graceful): a Table; a ConfigMap's answers a Status, which stays as it is
        HttpResponse<String> pod = write("DELETE", "/api/v1/namespaces/default/pods/web", "application/json", "", KUBECTL);
        assertThat(pod.statusCode()).isEqualTo(200);
        assertThat(cells(pod).subList(0, 3)).containsExactly("web", "1/1", "Terminating");
        HttpResponse<String> deleted = write("DELETE", "/api/v1/namespaces/default/configmaps/cfg", "application/json", "", KUBECTL);
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(deleted.body()).get("kind").asString()).isEqualTo("Status");
    }

    @Test
    void aCustomResourcesWriteAnswersItsVersionsColumnsAndPlainJsonStaysTheObject() {
        // given
        cluster.applyYaml("""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: widgets.example.com}
                spec:
                  group: example.com
                  scope: Namespaced
                  names: {plural: widgets, singular: widget, kind: Widget}
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    additionalPrinterColumns:
                    - {name: Color, type: string, jsonPath: .spec.color}
                    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
                """);
        cluster.settle();
        // when
        HttpResponse<String> created = write("POST", "/apis/example.com/v1/namespaces/default/widgets", "application/json",
                "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"},\"spec\":{\"color\":\"red\"}}",
                KUBECTL);
        HttpResponse<String> patched = write("PATCH", "/apis/example.com/v1/namespaces/default/widgets/w", "application/merge-patch+json",
                "{\"spec\":{\"color\":\"blue\"}}", KUBECTL);
        HttpResponse<String> plain = write("PATCH", "/apis/example.com/v1/namespaces/default/widgets/w", "application/merge-patch+json",
                "{\"spec\":{\"color\":\"green\"}}", "application/json");
        // then
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(cells(created)).containsExactly("w", "red"); // declared columns: no Age unless declared
        assertThat(cells(patched)).containsExactly("w", "blue");
        assertThat(Json.MAPPER.readTree(plain.body()).get("kind").asString()).isEqualTo("Widget");
    }

    @Test
    void kubectlGetPodsIsAnsweredWithUpstreamsTable() {
        // when
        HttpResponse<String> answer = get("/api/v1/namespaces/default/pods?limit=500", KUBECTL);
        // then
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode table = Json.MAPPER.readTree(answer.body());
        assertThat(table.get("kind").asString()).isEqualTo("Table");
        assertThat(table.get("apiVersion").asString()).isEqualTo("meta.k8s.io/v1");
        List<String> columns = new ArrayList<>();
        table.get("columnDefinitions").forEach(c -> columns.add(c.get("name").asString() + "/" + c.get("priority").asInt()));
        assertThat(columns).containsExactly("Name/0", "Ready/0", "Status/0", "Restarts/0", "Age/0", "IP/1", "Node/1",
                "Nominated Node/1", "Readiness Gates/1");
        assertThat(table.get("rows")).hasSize(1);
        JsonNode row = table.get("rows").get(0);
        assertThat(row.get("cells").toString()).isEqualTo("[\"web\",\"1/1\",\"Running\",\"0\",\"90s\",\"10.244.1.2\",\"node-1\",\"<none>\",\"<none>\"]");
        assertThat(row.get("object").get("kind").asString()).isEqualTo("PartialObjectMetadata");
        assertThat(row.get("object").get("apiVersion").asString()).isEqualTo("meta.k8s.io/v1");
        assertThat(row.get("object").get("metadata").get("name").asString()).isEqualTo("web");
        assertThat(table.get("metadata").get("resourceVersion").asString())
                .isEqualTo(Long.toString(cluster.context().store().resourceVersion()));
    }

    @Test
    void getOfOnePodAsTableWithIncludeObjectNone() {
        HttpResponse<String> answer = get("/api/v1/namespaces/default/pods/web?includeObject=None", KUBECTL);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode table = Json.MAPPER.readTree(answer.body());
        assertThat(table.get("rows").get(0).get("object").isNull()).isTrue();
        assertThat(table.get("rows").get(0).get("cells").get(0).asString()).isEqualTo("web");
    }

    @Test
    void aBadIncludeObjectIsUpstreamsBadRequest() {
        HttpResponse<String> answer = get("/api/v1/namespaces/default/pods?includeObject=All", KUBECTL);
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(answer.body()).get("message").asString()).isEqualTo(
                "Unable to convert to Table as requested: includeObject: Invalid value: \"All\": must be 'Metadata', 'Object', 'None', or empty");
    }

    @Test
    void plainJsonWithoutATableClause() {
        HttpResponse<String> answer = get("/api/v1/namespaces/default/pods/web", "application/json");
        assertThat(Json.MAPPER.readTree(answer.body()).get("kind").asString()).isEqualTo("Pod");
    }

    @Test
    void partialObjectMetadataOfAListAndOfOneAndTheWrongShape() {
        String one = "application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io";
        String list = "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io";
        JsonNode partial = Json.MAPPER.readTree(get("/api/v1/namespaces/default/pods/web", one).body());
        assertThat(partial.get("kind").asString()).isEqualTo("PartialObjectMetadata");
        assertThat(partial.get("metadata").get("labels").get("app").asString()).isEqualTo("web");
        JsonNode partials = Json.MAPPER.readTree(get("/api/v1/namespaces/default/pods", list).body());
        assertThat(partials.get("kind").asString()).isEqualTo("PartialObjectMetadataList");
        assertThat(partials.get("items").get(0).get("metadata").get("name").asString()).isEqualTo("web");
        HttpResponse<String> wrong = get("/api/v1/namespaces/default/pods", one);
        assertThat(wrong.statusCode()).isEqualTo(406);
        assertThat(Json.MAPPER.readTree(wrong.body()).get("message").asString())
                .isEqualTo("you requested PartialObjectMetadata, but the requested object is a list (*core.PodList)");
    }

    @Test
    void aWatchOfTablesSendsColumnDefinitionsOnTheFirstEventOnly() throws Exception {
        // given
        HttpRequest request = HttpRequest.newBuilder(URI.create(http.url()
                + "/api/v1/namespaces/default/pods?watch=true&timeoutSeconds=2")).header("Accept", KUBECTL).GET().build();
        HttpResponse<Stream<String>> watch = Http.sendLines(request);
        Iterator<String> lines = watch.body().iterator();
        // when
        JsonNode first = Json.MAPPER.readTree(lines.next());
        cluster.applyYaml(POD.replace("name: web", "name: db"));
        JsonNode second = Json.MAPPER.readTree(lines.next());
        // then
        assertThat(first.get("type").asString()).isEqualTo("ADDED");
        assertThat(first.get("object").get("kind").asString()).isEqualTo("Table");
        assertThat(first.get("object").get("columnDefinitions")).hasSize(9);
        assertThat(first.get("object").get("rows").get(0).get("cells").get(0).asString()).isEqualTo("web");
        assertThat(second.get("type").asString()).isEqualTo("ADDED");
        assertThat(second.get("object").get("columnDefinitions").isNull()).isTrue();
        assertThat(second.get("object").get("rows").get(0).get("cells").get(0).asString()).isEqualTo("db");
    }
}
