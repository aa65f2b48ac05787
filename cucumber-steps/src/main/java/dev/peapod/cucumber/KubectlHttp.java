package dev.peapod.cucumber;

import dev.peapod.core.PeapodException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import tools.jackson.databind.json.JsonMapper;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The kubectl steps' requests: raw HTTP on the cluster client's own HTTP client, with the headers kubectl sends,
 * and the discovery kubectl's REST mapper reads.
 */
final class KubectlHttp {
    /** What kubectl v1.20 asks for when it prints a table (get.go: the server prints, v1 before v1beta1). */
    static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
    /** The User-Agent's program is the field manager of a write that names none, as the API server takes it. */
    private static final String USER_AGENT = "kubectl/v1.20.2 (peapod) kubernetes/peapod";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** An answer: the status code, the body, and the text of each {@code Warning} header. */
    record Answer(int code, String body, List<String> warnings) {
        boolean ok() {
            return code >= 200 && code < 300;
        }

        Map<String, Object> json() {
            return KubectlHttp.json(body);
        }
    }

    private final KubernetesClient client;
    private final String url;

    KubectlHttp(KubernetesClient client) {
        this.client = client;
        this.url = client.getMasterUrl().toString().replaceAll("/$", "");
    }

    Answer get(String path, String accept) {
        return send(client.getHttpClient().newHttpRequestBuilder().uri(url + path).header("Accept", accept));
    }

    Answer send(String method, String path, String contentType, String body) {
        return send(client.getHttpClient().newHttpRequestBuilder().uri(url + path).method(method, contentType, body)
                .header("Accept", "application/json"));
    }

    private Answer send(HttpRequest.Builder request) {
        HttpClient http = client.getHttpClient();
        try {
            HttpResponse<String> response = http.sendAsync(request.setHeader("User-Agent", USER_AGENT).build(), String.class)
                    .get(60, TimeUnit.SECONDS);
            return new Answer(response.code(), response.body() == null ? "" : response.body(),
                    response.headers("Warning").stream().map(KubectlHttp::warningText).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeapodException("the kubectl step was interrupted waiting for the cluster's API server", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new PeapodException("the cluster's API server did not answer the kubectl step: " + e, e);
        }
    }

    /** The text of {@code 299 - "text"}, unquoted (RFC 7234 warn-text). */
    static String warningText(String header) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\d{3} \\S+ \"((?:[^\"\\\\]|\\\\.)*)\".*").matcher(header);
        return m.matches() ? m.group(1).replaceAll("\\\\(.)", "$1") : header;
    }

    /** The kinds the server lists in discovery, core first, then each group at its preferred version. */
    List<KubectlResource> discover() {
        List<KubectlResource> resources = new ArrayList<>(resources("", "v1", "/api/v1"));
        for (Object group : list(get("/apis", "application/json").json().get("groups"))) {
            Map<String, Object> g = map(group);
            String name = (String) g.get("name");
            String version = (String) map(g.get("preferredVersion")).get("version");
            resources.addAll(resources(name, version, "/apis/" + name + "/" + version));
        }
        return resources;
    }

    private List<KubectlResource> resources(String group, String version, String path) {
        List<KubectlResource> resources = new ArrayList<>();
        for (Object entry : list(get(path, "application/json").json().get("resources"))) {
            Map<String, Object> r = map(entry);
            String plural = (String) r.get("name");
            if (plural.contains("/")) {
                continue; // a subresource
            }
            String kind = (String) r.get("kind");
            String singular = (String) r.get("singularName");
            resources.add(new KubectlResource(group, version, plural,
                    singular == null || singular.isEmpty() ? kind.toLowerCase(java.util.Locale.ROOT) : singular, kind,
                    Boolean.TRUE.equals(r.get("namespaced")),
                    list(r.get("shortNames")).stream().map(String.class::cast).toList()));
        }
        return resources;
    }

    static String query(Map<String, String> parameters) {
        StringBuilder query = new StringBuilder();
        parameters.forEach((k, v) -> {
            if (v != null) {
                query.append(query.isEmpty() ? "?" : "&").append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return query.toString();
    }

    static Map<String, String> parameters(String... keysAndValues) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            parameters.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return parameters;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String text) {
        Object value = JSON.readValue(text, Object.class);
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
