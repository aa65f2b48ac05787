package dev.peapod.apiserver;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tables of custom resources with their CRD version's additionalPrinterColumns, as the v1.33 apiextensions-apiserver
 * prints them (registry/customresource/tableconvertor/tableconvertor.go, customresource_handler.go
 * serveDefaultColumnsIfEmpty).
 */
class CustomResourceTablesTest {
    private static final String CRD = """
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
                - {name: Color, type: string, jsonPath: .spec.color, description: The widget's color}
                - {name: Replicas, type: integer, jsonPath: .spec.replicas}
                - {name: Weight, type: number, jsonPath: .spec.weight, priority: 1}
                - {name: Shiny, type: boolean, jsonPath: .spec.shiny}
                - {name: Sizes, type: string, jsonPath: .spec.sizes}
                - {name: First, type: string, jsonPath: '.spec.sizes[0]'}
                - {name: Ready, type: string, jsonPath: '.status.conditions[?(@.type=="Ready")].status'}
                - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
                schema:
                  openAPIV3Schema:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true
              - name: v2
                served: true
                storage: false
                schema:
                  openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
            """;
    private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

    private FakeCluster cluster;
    private Http http;

    @BeforeEach
    void start() {
        cluster = FakeCluster.withNodes("node-1");
        http = new Http(cluster);
        cluster.client().apiextensions().v1().customResourceDefinitions()
                .resource(Serialization.unmarshal(CRD, CustomResourceDefinition.class)).create();
        http.send("POST", "/apis/example.com/v1/namespaces/default/widgets", "application/json", """
                {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1"},
                "spec":{"color":"red","replicas":3,"weight":1.5,"shiny":true,"sizes":["s","m"]}}""");
        http.send("POST", "/apis/example.com/v1/namespaces/default/widgets", "application/json", """
                {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w2"},"spec":{"replicas":"many"}}""");
        cluster.advance(Duration.ofMinutes(5));
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private HttpResponse<String> table(String path) {
        return Http.send(HttpRequest.newBuilder(URI.create(http.url() + path)).header("Accept", TABLE).GET().build());
    }

    private static JsonNode json(String text) {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void aListIsTheTableOfTheVersionsPrinterColumns() {
        // when
        HttpResponse<String> answer = table("/apis/example.com/v1/namespaces/default/widgets?includeObject=None");
        // then: Name, then the columns as declared (a column's default description names its JSONPath)
        JsonNode table = json(answer.body());
        assertThat(table.get("kind").asString()).isEqualTo("Table");
        assertThat(table.get("columnDefinitions").valueStream().map(c -> c.get("name").asString() + ":" + c.get("type").asString()
                + ":" + c.get("priority").asInt()).toList()).containsExactly("Name:string:0", "Color:string:0", "Replicas:integer:0",
                "Weight:number:1", "Shiny:boolean:0", "Sizes:string:0", "First:string:0", "Ready:string:0", "Age:date:0");
        assertThat(table.at("/columnDefinitions/1/description").asString()).isEqualTo("The widget's color");
        assertThat(table.at("/columnDefinitions/2/description").asString())
                .isEqualTo("Custom resource definition column (in JSONPath format): .spec.replicas");
        // and: cells typed as cellForJSONValue types them; a value of another type, or none, is null
        assertThat(table.at("/rows/0/cells")).isEqualTo(json("[\"w1\",\"red\",3,1.5,true,\"[\\\"s\\\",\\\"m\\\"]\",\"s\",null,\"5m\"]"));
        assertThat(table.at("/rows/1/cells")).isEqualTo(json("[\"w2\",null,null,null,null,null,null,null,\"5m\"]"));
        // and: the filter Peapod does not evaluate is said, not hidden
        assertThat(answer.headers().allValues("Warning")).containsExactly("299 - \"Peapod does not evaluate the JSONPath "
                + ".status.conditions[?(@.type==\\\"Ready\\\")].status of the column Ready: its cells are empty\"");
    }

    @Test
    void aVersionWithoutPrinterColumnsPrintsNameAndAge() {
        // when: one object of the version without columns
        JsonNode table = json(table("/apis/example.com/v2/namespaces/default/widgets/w1?includeObject=None").body());
        // then
        assertThat(table.get("columnDefinitions").valueStream().map(c -> c.get("name").asString() + ":" + c.get("type").asString())
                .toList()).containsExactly("Name:string", "Age:date");
        assertThat(table.at("/columnDefinitions/1/description").asString()).startsWith("CreationTimestamp is a timestamp");
        assertThat(table.at("/rows/0/cells")).isEqualTo(json("[\"w1\",\"5m\"]"));
        // and: without the Table in Accept, the object itself
        assertThat(json(http.get("/apis/example.com/v2/namespaces/default/widgets/w1").body()).get("kind").asString()).isEqualTo("Widget");
    }

    @Test
    void aWatchSendsTheColumnsOnItsFirstEventOnly() {
        // when: kubectl get widgets -w asks for Tables
        java.util.List<String> lines = Http.lines(HttpRequest.newBuilder(URI.create(http.url()
                + "/apis/example.com/v1/namespaces/default/widgets?watch=true&timeoutSeconds=1&includeObject=None"))
                .header("Accept", TABLE).GET().build());
        // then
        assertThat(lines).hasSize(2);
        JsonNode first = json(lines.get(0)).get("object");
        assertThat(first.get("columnDefinitions").valueStream().map(c -> c.get("name").asString()).toList())
                .containsExactly("Name", "Color", "Replicas", "Weight", "Shiny", "Sizes", "First", "Ready", "Age");
        assertThat(first.at("/rows/0/cells/1").asString()).isEqualTo("red");
        assertThat(json(lines.get(1)).at("/object/columnDefinitions").isNull()).isTrue();
        assertThat(json(lines.get(1)).at("/object/rows/0/cells/0").asString()).isEqualTo("w2");
    }

    @org.junit.jupiter.api.Test
    void aStringColumnPrintsMapsAndListsAsJsonAndFloatsAsGosPercentV() {
        // jsonpath PrintResults: json.Marshal for maps and slices (keys sorted), fmt.Fprint for the rest
        assertThat(CustomResourceTables.printed(Json.MAPPER.readTree("{\"c\":[1,2],\"a\":\"b\"}"))).isEqualTo("{\"a\":\"b\",\"c\":[1,2]}");
        assertThat(CustomResourceTables.printed(Json.MAPPER.readTree("[\"x\",{\"k\":true}]"))).isEqualTo("[\"x\",{\"k\":true}]");
        assertThat(CustomResourceTables.printed(Json.MAPPER.readTree("\"text\""))).isEqualTo("text");
        assertThat(CustomResourceTables.printed(Json.MAPPER.readTree("42"))).isEqualTo("42");
        assertThat(CustomResourceTables.goFloat(1e21)).isEqualTo("1e+21");
        assertThat(CustomResourceTables.goFloat(1000000.0)).isEqualTo("1e+06");
        assertThat(CustomResourceTables.goFloat(123456.5)).isEqualTo("123456.5");
        assertThat(CustomResourceTables.goFloat(100.0)).isEqualTo("100");
        assertThat(CustomResourceTables.goFloat(1.5)).isEqualTo("1.5");
        assertThat(CustomResourceTables.goFloat(0.000015)).isEqualTo("1.5e-05");
        assertThat(CustomResourceTables.goFloat(-2.5e-7)).isEqualTo("-2.5e-07");
    }
}
