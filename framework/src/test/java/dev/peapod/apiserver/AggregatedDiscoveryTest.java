package dev.peapod.apiserver;

import dev.peapod.FakeCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Aggregated discovery (apidiscovery.k8s.io/v2) on /api and /apis, as v1.33 serves it (k8s.io/apiserver
 * pkg/endpoints/discovery/aggregated; installer.go ConvertGroupVersionIntoToDiscovery).
 */
class AggregatedDiscoveryTest {
    /** What kubectl and client-go since v1.30 send first. */
    private static final String KUBECTL_ACCEPT = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
            + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

    private FakeCluster cluster;
    private Http http;

    @BeforeEach
    void start() {
        cluster = FakeCluster.withNodes("node-1");
        http = new Http(cluster);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private HttpResponse<String> get(String path, String accept, String ifNoneMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.url() + path)).GET().header("Accept", accept);
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return Http.send(request.build());
    }

    private static JsonNode resource(JsonNode list, String group, String name) {
        for (JsonNode item : list.get("items")) {
            if (item.get("metadata").path("name").asString("").equals(group)) {
                for (JsonNode resource : item.get("versions").get(0).get("resources")) {
                    if (resource.get("resource").asString().equals(name)) {
                        return resource;
                    }
                }
            }
        }
        throw new AssertionError("no " + name + " in group \"" + group + "\"");
    }

    @Test
    void theCoreGroupIsOneAPIGroupDiscoveryWithItsResourcesAndSubresourcesFolded() {
        // when
        HttpResponse<String> answer = get("/api", KUBECTL_ACCEPT, null);
        // then
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue(AggregatedDiscovery.MEDIA_TYPE);
        assertThat(answer.headers().firstValue("Vary")).hasValue("Accept");
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("public");
        assertThat(answer.body()).startsWith("{\"kind\":\"APIGroupDiscoveryList\",\"apiVersion\":\"apidiscovery.k8s.io/v2\",\"metadata\":{},"
                + "\"items\":[{\"metadata\":{\"creationTimestamp\":null},\"versions\":[{\"version\":\"v1\",\"resources\":[");
        JsonNode list = Json.MAPPER.readTree(answer.body());
        assertThat(list.get("items")).hasSize(1);
        assertThat(list.get("items").get(0).get("versions").get(0).get("freshness").asString()).isEqualTo("Current");
        assertThat(Json.string(resource(list, "", "configmaps"))).isEqualTo("{\"resource\":\"configmaps\",\"responseKind\":{\"group\":\"\","
                + "\"version\":\"\",\"kind\":\"ConfigMap\"},\"scope\":\"Namespaced\",\"singularResource\":\"configmap\",\"verbs\":[\"create\","
                + "\"delete\",\"deletecollection\",\"get\",\"list\",\"patch\",\"update\",\"watch\"],\"shortNames\":[\"cm\"]}");
        JsonNode nodes = resource(list, "", "nodes");
        assertThat(nodes.get("scope").asString()).isEqualTo("Cluster");
        assertThat(Json.string(nodes.get("subresources"))).isEqualTo("[{\"subresource\":\"status\",\"responseKind\":{\"group\":\"\","
                + "\"version\":\"\",\"kind\":\"Node\"},\"verbs\":[\"get\",\"patch\",\"update\"]}]");
    }

    @Test
    void everyOtherGroupIsInApisWithScaleAsAutoscalingScaleAndCustomResourcesToo() {
        // given
        Http.send(HttpRequest.newBuilder(URI.create(http.url() + "/apis/apiextensions.k8s.io/v1/customresourcedefinitions"))
                .header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(CustomResourcesHttpTest.CRD)).build());
        // when
        HttpResponse<String> answer = get("/apis", KUBECTL_ACCEPT, null);
        // then
        JsonNode list = Json.MAPPER.readTree(answer.body());
        List<String> groups = new ArrayList<>();
        list.get("items").forEach(item -> groups.add(item.get("metadata").get("name").asString()));
        JsonNode legacy = Json.MAPPER.readTree(http.get("/apis").body());
        List<String> legacyGroups = new ArrayList<>();
        legacy.get("groups").forEach(group -> legacyGroups.add(group.get("name").asString()));
        assertThat(groups).isEqualTo(legacyGroups).contains("apps", "example.com");
        JsonNode deployments = resource(list, "apps", "deployments");
        assertThat(Json.string(deployments.get("responseKind"))).isEqualTo("{\"group\":\"\",\"version\":\"\",\"kind\":\"Deployment\"}");
        assertThat(Json.string(deployments.get("subresources"))).isEqualTo("[{\"subresource\":\"scale\",\"responseKind\":"
                + "{\"group\":\"autoscaling\",\"version\":\"v1\",\"kind\":\"Scale\"},\"verbs\":[\"get\",\"patch\",\"update\"]},"
                + "{\"subresource\":\"status\",\"responseKind\":{\"group\":\"\",\"version\":\"\",\"kind\":\"Deployment\"},"
                + "\"verbs\":[\"get\",\"patch\",\"update\"]}]");
        assertThat(deployments.get("shortNames").toString()).isEqualTo("[\"deploy\"]");
        assertThat(deployments.get("categories").toString()).isEqualTo("[\"all\"]");
        JsonNode widgets = resource(list, "example.com", "widgets");
        assertThat(widgets.get("singularResource").asString()).isEqualTo("widget");
        assertThat(widgets.get("responseKind").get("kind").asString()).isEqualTo("Widget");
        assertThat(widgets.get("subresources")).hasSize(2);
    }

    @Test
    void theETagAnswersA304AndOtherAcceptHeadersGetTheLegacyDocuments() {
        // given
        HttpResponse<String> first = get("/apis", KUBECTL_ACCEPT, null);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        // when
        HttpResponse<String> cached = get("/apis", KUBECTL_ACCEPT, etag);
        HttpResponse<String> beta = get("/apis", "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json", null);
        HttpResponse<String> plain = get("/api", "application/json", null);
        // then
        assertThat(etag).matches("\"[0-9A-F]{128}\"");
        assertThat(cached.statusCode()).isEqualTo(304);
        assertThat(cached.body()).isEmpty();
        assertThat(beta.statusCode()).isEqualTo(200);
        assertThat(beta.body()).startsWith("{\"kind\":\"APIGroupList\"");
        assertThat(plain.body()).startsWith("{\"kind\":\"APIVersions\"");
    }
}
