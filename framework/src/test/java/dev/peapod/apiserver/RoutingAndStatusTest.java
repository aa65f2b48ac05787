package dev.peapod.apiserver;

import dev.peapod.FakeCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Discovery, routing and the API server's error answers, byte for byte where upstream's are known
 * (apimachinery pkg/api/errors/errors.go, apiserver handlers/negotiation/errors.go, notfoundhandler).
 */
class RoutingAndStatusTest {
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

    @Test
    void versionIsAV133Server() {
        // when
        HttpResponse<String> version = http.get("/version");
        // then
        assertThat(version.statusCode()).isEqualTo(200);
        assertThat(version.body()).startsWith("{\"major\":\"1\",\"minor\":\"33\",\"emulationMajor\":\"1\",\"emulationMinor\":\"33\","
                + "\"minCompatibilityMajor\":\"1\",\"minCompatibilityMinor\":\"32\",\"gitVersion\":\"v1.33.0\",");
    }

    @Test
    void discoveryListsVersionsGroupsAndResources() {
        assertThat(http.get("/api").body()).isEqualTo("{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],"
                + "\"serverAddressByClientCIDRs\":[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"" + http.url().substring(7) + "\"}]}");
        assertThat(http.get("/api/v1").body())
                .startsWith("{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":[")
                .contains("{\"name\":\"pods\",\"singularName\":\"pod\",\"namespaced\":true,\"kind\":\"Pod\",\"verbs\":[\"create\","
                        + "\"delete\",\"deletecollection\",\"get\",\"list\",\"patch\",\"update\",\"watch\"],\"shortNames\":[\"po\"],"
                        + "\"categories\":[\"all\"]},"
                        // the served pod subresources, by name, as a v1.33 server lists them (api/discovery/api__v1.json)
                        + "{\"name\":\"pods/binding\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"Binding\",\"verbs\":[\"create\"]},"
                        + "{\"name\":\"pods/eviction\",\"singularName\":\"\",\"namespaced\":true,\"group\":\"policy\",\"version\":\"v1\","
                        + "\"kind\":\"Eviction\",\"verbs\":[\"create\"]},"
                        + "{\"name\":\"pods/exec\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"PodExecOptions\","
                        + "\"verbs\":[\"create\",\"get\"]},"
                        + "{\"name\":\"pods/log\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"Pod\",\"verbs\":[\"get\"]},"
                        + "{\"name\":\"pods/status\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"Pod\","
                        + "\"verbs\":[\"get\",\"patch\",\"update\"]}")
                // not served, so not listed: a client that found them would be sent to a 404
                .doesNotContain("pods/attach", "pods/portforward", "pods/proxy", "pods/ephemeralcontainers", "pods/resize")
                .contains("{\"name\":\"namespaces\",\"singularName\":\"namespace\",\"namespaced\":false,\"kind\":\"Namespace\","
                        + "\"verbs\":[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"],\"shortNames\":[\"ns\"]}")
                .contains("{\"name\":\"nodes\",\"singularName\":\"node\",\"namespaced\":false,\"kind\":\"Node\"");
        assertThat(http.get("/apis").body()).startsWith("{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[{\"name\":\"apps\","
                + "\"versions\":[{\"groupVersion\":\"apps/v1\",\"version\":\"v1\"}],\"preferredVersion\":{\"groupVersion\":\"apps/v1\","
                + "\"version\":\"v1\"}},{\"name\":\"batch\",");
        assertThat(http.get("/apis/apps").body()).isEqualTo("{\"kind\":\"APIGroup\",\"apiVersion\":\"v1\",\"name\":\"apps\","
                + "\"versions\":[{\"groupVersion\":\"apps/v1\",\"version\":\"v1\"}],\"preferredVersion\":{\"groupVersion\":\"apps/v1\","
                + "\"version\":\"v1\"}}");
        assertThat(http.get("/apis/apps/v1").body())
                .startsWith("{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"apps/v1\",\"resources\":[")
                .contains("{\"name\":\"deployments\",\"singularName\":\"deployment\",\"namespaced\":true,\"kind\":\"Deployment\"");
    }

    @Test
    void pathsNothingServesAreGosPlain404() {
        for (String path : List.of("/", "/foo", "/api/v2", "/apis/nosuch.io", "/apis/apps/v1beta1", "/api/v1/foos",
                "/api/v1/pods/web", "/api/v1/namespaces/default/nodes", "/api/v1/namespaces/default/configmaps/web/log",
                "/api/v1/namespaces/default/configmaps/x/status")) {
            HttpResponse<String> answer = http.get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            assertThat(answer.body()).as(path).isEqualTo("404 page not found\n");
            assertThat(answer.headers().firstValue("Content-Type")).as(path).hasValue("text/plain; charset=utf-8");
        }
    }

    @Test
    void aMissingObjectIsNotFoundWithDetails() {
        assertThat(http.get("/api/v1/namespaces/default/pods/web").body()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                + "\"metadata\":{},\"status\":\"Failure\",\"message\":\"pods \\\"web\\\" not found\",\"reason\":\"NotFound\","
                + "\"details\":{\"name\":\"web\",\"kind\":\"pods\"},\"code\":404}");
        HttpResponse<String> deployment = http.get("/apis/apps/v1/namespaces/default/deployments/web");
        assertThat(deployment.statusCode()).isEqualTo(404);
        assertThat(deployment.body()).contains("\"message\":\"deployments.apps \\\"web\\\" not found\"")
                .contains("\"details\":{\"name\":\"web\",\"group\":\"apps\",\"kind\":\"deployments\"}");
    }

    @Test
    void aMethodTheRouteDoesNotTakeIs405() {
        String expected = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":"
                + "\"the server does not allow this method on the requested resource\",\"reason\":\"MethodNotAllowed\","
                + "\"details\":{\"causes\":[{\"reason\":\"UnexpectedServerResponse\",\"message\":\"405: Method Not Allowed\"}]},"
                + "\"code\":405}";
        for (String[] request : List.of(new String[] {"PUT", "/api/v1/namespaces/default/pods"},
                new String[] {"POST", "/api/v1/pods"}, new String[] {"POST", "/api/v1/namespaces/default/pods/web"},
                new String[] {"DELETE", "/api/v1/namespaces"}, new String[] {"POST", "/api/v1"})) {
            HttpResponse<String> answer = http.send(request[0], request[1], "application/json", "{}");
            assertThat(answer.statusCode()).as(request[0] + " " + request[1]).isEqualTo(405);
            assertThat(answer.body()).as(request[0] + " " + request[1]).isEqualTo(expected);
        }
    }

    @Test
    void aBodyInAnotherMediaTypeIs415() {
        HttpResponse<String> text = http.send("POST", "/api/v1/namespaces/default/configmaps", "text/plain", "x");
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(text.body()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"the body of the request was in an unknown format - accepted media types include: application/json, "
                + "application/yaml\",\"reason\":\"UnsupportedMediaType\",\"code\":415}");
        assertThat(http.send("POST", "/api/v1/namespaces/default/configmaps", "application/vnd.kubernetes.protobuf", "x")
                .statusCode()).isEqualTo(415);
    }

    @Test
    void aBodyWithoutAContentTypeIsReadAsJson() {
        // negotiation.NegotiateInputSerializerForMediaType: no Content-Type is the server's first media type, JSON
        HttpResponse<String> created = http.send("POST", "/api/v1/namespaces/default/configmaps", null,
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"plain\"},\"data\":{\"a\":\"b\"}}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(cluster.context().store().get(io.fabric8.kubernetes.api.model.ConfigMap.class, "default", "plain")
                .orElseThrow().getData()).containsEntry("a", "b");
    }

    @Test
    void patchOfAMissingObjectIs404() {
        HttpResponse<String> patch = http.send("PATCH", "/api/v1/namespaces/default/configmaps/x", "application/merge-patch+json", "{}");
        assertThat(patch.statusCode()).isEqualTo(404);
        assertThat(patch.body()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"configmaps \\\"x\\\" not found\",\"reason\":\"NotFound\",\"details\":{\"name\":\"x\",\"kind\":\"configmaps\"},"
                + "\"code\":404}");
    }

    @Test
    void askingOnlyForProtobufIs406() {
        HttpResponse<String> answer = Http.send(HttpRequest.newBuilder(URI.create(http.url() + "/api/v1/namespaces/default/pods"))
                .header("Accept", "application/vnd.kubernetes.protobuf").GET().build());
        assertThat(answer.statusCode()).isEqualTo(406);
        assertThat(answer.body()).contains("\"message\":\"only the following media types are accepted: application/json\","
                + "\"reason\":\"NotAcceptable\",\"code\":406");
        HttpResponse<String> either = Http.send(HttpRequest.newBuilder(URI.create(http.url() + "/api/v1/namespaces/default/pods"))
                .header("Accept", "application/vnd.kubernetes.protobuf, application/json").GET().build());
        assertThat(either.statusCode()).isEqualTo(200);
    }

    @Test
    void malformedBodiesAre400AndChangeNothing() {
        // given
        long before = cluster.context().store().resourceVersion();
        String configMaps = "/api/v1/namespaces/default/configmaps";
        // when / then: encoding/json's words, then summarizeData's first 30 bytes
        assertThat(status400(configMaps, "application/json", "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\""))
                .isEqualTo("the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: "
                        + "unexpected end of JSON input ({\"kind\":\"ConfigMap\",\"apiVersio ...)");
        assertThat(status400(configMaps, "application/json", "hello"))
                .isEqualTo("the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: "
                        + "invalid character 'h' looking for beginning of value (68656c6c6f)");
        assertThat(status400(configMaps, "application/json", "{\"a\" 1}"))
                .isEqualTo("the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: "
                        + "invalid character '1' after object key ({\"a\" 1})");
        assertThat(status400(configMaps, "application/json", "{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\"}}"))
                .isEqualTo("Secret in version \"v1\" cannot be handled as a ConfigMap: converting (v1.Secret) to (core.ConfigMap): "
                        + "unknown conversion");
        assertThat(status400(configMaps, "application/json", "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v2\",\"metadata\":{\"name\":\"x\"}}"))
                .isEqualTo("the API version in the data (v2) does not match the expected API version (v1)");
        assertThat(status400(configMaps, "application/json", "[]")).startsWith(
                "the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: "
                        + "json: cannot unmarshal array into Go value of type struct {");
        assertThat(status400(configMaps, "application/json", "")).isEqualTo("the object provided is unrecognized (must be of type "
                + "ConfigMap): couldn't get version/kind; json parse error: unexpected end of JSON input (<empty>)");
        assertThat(status400(configMaps, "application/yaml", "kind: [ConfigMap")).startsWith(
                "the object provided is unrecognized (must be of type ConfigMap): error converting YAML to JSON: yaml: ");
        assertThat(status400("/apis/apps/v1/namespaces/default/deployments", "application/json",
                "{\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"name\":\"x\"},\"spec\":{\"replicas\":{}}}"))
                .startsWith("Deployment in version \"v1\" cannot be handled as a Deployment: ");
        assertThat(status400(configMaps, "application/json", "{\"metadata\":{\"name\":5}}"))
                .isEqualTo("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct "
                        + "field ObjectMeta.metadata.name of type string");
        assertThat(status400("/apis/apps/v1/namespaces/default/deployments", "application/json",
                "{\"metadata\":{\"name\":\"x\"},\"spec\":{\"replicas\":\"2\"}}"))
                .isEqualTo("Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal string into Go "
                        + "struct field DeploymentSpec.spec.replicas of type int32");
        assertThat(status400(configMaps, "application/json", "{\"metadata\":{\"name\":\"x\",\"namespace\":\"other\"}}"))
                .isEqualTo("the namespace of the provided object does not match the namespace sent on the request");
        assertThat(status400(configMaps + "?limit=x", null, null)).isEqualTo("strconv.ParseInt: parsing \"x\": invalid syntax");
        assertThat(status400(configMaps + "?labelSelector=a%20in", null, null)).isNotEmpty();
        assertThat(cluster.context().store().resourceVersion()).isEqualTo(before);
    }

    @Test
    void aBodyOverTheApiServersLimitIs413() {
        HttpResponse<String> huge = http.send("POST", "/api/v1/namespaces/default/configmaps", "application/json",
                "{\"data\":{\"a\":\"" + "x".repeat(HttpFront.MAX_BODY) + "\"}}");
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(huge.body()).contains("\"message\":\"Request entity too large: limit is 3145728\",\"reason\":\"RequestEntityTooLarge\"");
    }

    @Test
    void aBatteryOfBadRequestsIsAnswered4xxWithAStatusAndChangesNothing() {
        // given
        long before = cluster.context().store().resourceVersion();
        String cm = "/api/v1/namespaces/default/configmaps";
        String pods = "/api/v1/namespaces/default/pods";
        String deployments = "/apis/apps/v1/namespaces/default/deployments";
        List<String> bodies = List.of("", " ", "{", "}", "[", "]", "{}}", "{\"a\":}", "{\"a\" 1}", "{\"a\":1,}", "{,}", "nul",
                "tru", "-", "1.", "1e", "\"x", "{\"a\":\"\\q\"}", "{\"a\":\"\u0001\"}", "[1,]", "[1 2]", "{\"a\":1} x",
                "\u00ff", "null", "42", "\"text\"", "[]", "true", "[".repeat(20_000), "{\"metadata\":[]}", "{\"metadata\":{\"name\":5}}",
                "{\"kind\":\"Pod\"}", "{\"apiVersion\":\"apps/v1\"}", "{\"kind\":7}", "{\"data\":{\"a\":[1]}}",
                "{\"metadata\":{\"name\":\"UPPER\"}}", "{\"metadata\":{\"name\":\"x\",\"labels\":{\"bad key!\":\"v\"}}}",
                "{\"metadata\":{}}", "{\"metadata\":{\"namespace\":\"kube-system\",\"name\":\"x\"}}");
        List<String[]> requests = new java.util.ArrayList<>();
        for (String body : bodies) {
            requests.add(new String[] {"POST", cm, "application/json", body});
            requests.add(new String[] {"POST", pods, "application/json", body});
            requests.add(new String[] {"POST", deployments, "application/json", body});
        }
        for (String yaml : List.of("a: [", "a: {", "- x\n y: z", "kind: ConfigMap\n  bad indent: x", "!!binary x", "a: *nope", ":")) {
            requests.add(new String[] {"POST", cm, "application/yaml", yaml});
        }
        for (String type : List.of("text/plain", "application/xml", "application/vnd.kubernetes.protobuf", "application/cbor", "application/x-www-form-urlencoded")) {
            requests.add(new String[] {"POST", cm, type, "{\"metadata\":{\"name\":\"x\"}}"});
        }
        for (String query : List.of("?limit=abc", "?continue=garbage!", "?continue=e30", "?resourceVersion=abc&resourceVersionMatch=Exact",
                "?resourceVersionMatch=Exact", "?labelSelector=a%20in%20(", "?labelSelector=!!", "?fieldSelector=spec.nodeName%3Dx",
                "?fieldSelector=nope", "?resourceVersion=1&resourceVersionMatch=Exact", "?sendInitialEvents=true",
                "?watch=true&resourceVersion=abc", "?watch=true&fieldSelector=status.phase%3DRunning")) {
            requests.add(new String[] {"GET", cm + query, null, null});
        }
        requests.add(new String[] {"DELETE", cm + "/missing", null, null});
        requests.add(new String[] {"DELETE", cm + "/missing?propagationPolicy=Sometimes", null, null});
        requests.add(new String[] {"DELETE", cm + "/missing?gracePeriodSeconds=soon", null, null});
        requests.add(new String[] {"DELETE", cm + "?dryRun=Partly", null, null});
        requests.add(new String[] {"DELETE", cm + "/missing", "application/json", "{\"gracePeriodSeconds\":"});
        requests.add(new String[] {"PUT", cm + "/x", "application/json", "{\"metadata\":{\"name\":\"y\"}}"});
        requests.add(new String[] {"PUT", cm + "/x", "application/json", "{\"metadata\":{\"name\":\"x\"}}"});
        requests.add(new String[] {"PUT", cm + "/x/status", "application/json", "{}"});
        requests.add(new String[] {"PUT", pods + "/x/status", "application/json", "{\"metadata\":{\"name\":\"x\"}}"});
        requests.add(new String[] {"POST", "/api/v1/namespaces/missing/configmaps", "application/json", "{\"metadata\":{\"name\":\"x\"}}"});
        requests.add(new String[] {"PATCH", cm + "/x", "application/strategic-merge-patch+json", "{}"});
        requests.add(new String[] {"OPTIONS", cm, null, null});
        // when / then
        for (String[] request : requests) {
            HttpResponse<String> answer = http.send(request[0], request[1], request[2], request[3]);
            String what = request[0] + " " + request[1] + " " + (request[3] == null ? "" : request[3].length() > 40
                    ? request[3].substring(0, 40) : request[3]);
            assertThat(answer.statusCode()).as(what + " -> " + answer.body()).isBetween(400, 499);
            assertThat(answer.body()).as(what).satisfiesAnyOf(
                    body -> assertThat(body).startsWith("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
                            + "\"status\":\"Failure\","),
                    body -> assertThat(body).isEqualTo("404 page not found\n"));
        }
        assertThat(requests).hasSizeGreaterThan(150);
        assertThat(cluster.context().store().resourceVersion()).isEqualTo(before);
    }

    /** The message of a 400 Status answer; GET when there is no body. */
    private String status400(String path, String contentType, String body) {
        HttpResponse<String> answer = body == null ? http.get(path) : http.send("POST", path, contentType, body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("\"reason\":\"BadRequest\",\"code\":400}");
        return Json.MAPPER.readTree(answer.body()).get("message").asString();
    }
}
