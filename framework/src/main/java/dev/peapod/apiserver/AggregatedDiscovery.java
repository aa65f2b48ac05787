package dev.peapod.apiserver;

import io.fabric8.mockwebserver.http.MockResponse;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Aggregated discovery, apidiscovery.k8s.io/v2 (GA; v2beta1 is no longer served in v1.33, where the
 * AggregatedDiscoveryRemoveBetaType gate is on): {@code /api} and {@code /apis} answer an
 * {@code APIGroupDiscoveryList} when the Accept header asks for one
 * ({@code application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList}, as kubectl and client-go
 * since v1.26 send it first), and the legacy documents otherwise (k8s.io/apiserver
 * pkg/endpoints/discovery/aggregated: wrapper.go, negotiation.go, handler.go, etag.go). The resources
 * come from the same lists as the legacy group-version documents, folded as installer.go's
 * ConvertGroupVersionIntoToDiscovery folds them: each {@code x/y} entry becomes subresource {@code y} of
 * {@code x}. The answer carries an ETag (a SHA-512 of the JSON, in hex, as upstream's; the bytes hashed are
 * Peapod's JSON, so the value differs from a real server's), {@code Vary: Accept} and
 * {@code Cache-Control: public}, and a request whose If-None-Match is that ETag gets a 304.
 */
final class AggregatedDiscovery {
    static final String MEDIA_TYPE = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    private AggregatedDiscovery() {
    }

    /**
     * Whether the Accept header's best clause that can be answered asks for aggregated discovery v2
     * (wrapper.go: IsAggregatedDiscoveryGVK of the negotiated type); a clause asking for another conversion
     * (v2beta1) is passed over, as the negotiation passes over what it cannot serve.
     */
    static boolean asked(String accept) {
        if (accept == null || accept.isEmpty()) {
            return false;
        }
        for (MediaTypes.Clause clause : MediaTypes.parseAccept(accept)) {
            boolean json = clause.type().equals("application") && (clause.subType().equals("json") || clause.subType().equals("*"))
                    || clause.type().equals("*");
            if (!json) {
                continue;
            }
            Map<String, String> params = clause.params();
            boolean converts = params.containsKey("g") || params.containsKey("v") || params.containsKey("as");
            if (!converts) {
                return false;
            }
            if ("apidiscovery.k8s.io".equals(params.get("g")) && "v2".equals(params.get("v"))
                    && "APIGroupDiscoveryList".equals(params.get("as"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The APIGroupDiscoveryList of these groups, each with its versions (preferred first) and each version's
     * legacy APIResourceList from {@code resources}.
     */
    static ObjectNode list(List<Map.Entry<String, List<String>>> groups, Function<String, Map<String, Object>> resources) {
        ObjectNode list = Json.MAPPER.createObjectNode();
        list.put("kind", "APIGroupDiscoveryList");
        list.put("apiVersion", "apidiscovery.k8s.io/v2");
        list.putObject("metadata");
        ArrayNode items = list.putArray("items");
        for (Map.Entry<String, List<String>> group : groups) {
            ObjectNode item = items.addObject();
            ObjectNode metadata = item.putObject("metadata");
            if (!group.getKey().isEmpty()) {
                metadata.put("name", group.getKey());
            }
            metadata.putNull("creationTimestamp");
            ArrayNode versions = item.putArray("versions");
            for (String version : group.getValue()) {
                String groupVersion = group.getKey().isEmpty() ? version : group.getKey() + "/" + version;
                ObjectNode entry = versions.addObject();
                entry.put("version", version);
                entry.set("resources", fold(resources.apply(groupVersion)));
                entry.put("freshness", "Current");
            }
        }
        return list;
    }

    /** installer.go ConvertGroupVersionIntoToDiscovery: resources first, then each subresource under its parent. */
    @SuppressWarnings("unchecked")
    private static ArrayNode fold(Map<String, Object> resourceList) {
        List<Map<String, Object>> entries = (List<Map<String, Object>>) resourceList.get("resources");
        ArrayNode resources = Json.MAPPER.createArrayNode();
        Map<String, ObjectNode> parents = new LinkedHashMap<>();
        for (Map<String, Object> entry : entries) {
            String name = (String) entry.get("name");
            if (name.contains("/")) {
                continue;
            }
            ObjectNode resource = resources.addObject();
            resource.put("resource", name);
            resource.set("responseKind", kind(entry));
            resource.put("scope", Boolean.TRUE.equals(entry.get("namespaced")) ? "Namespaced" : "Cluster");
            resource.put("singularResource", (String) entry.getOrDefault("singularName", ""));
            resource.set("verbs", Json.MAPPER.valueToTree(entry.get("verbs")));
            putList(resource, "shortNames", entry.get("shortNames"));
            putList(resource, "categories", entry.get("categories"));
            parents.put(name, resource);
        }
        for (Map<String, Object> entry : entries) {
            String[] split = ((String) entry.get("name")).split("/", 2);
            if (split.length != 2) {
                continue;
            }
            ObjectNode parent = parents.computeIfAbsent(split[0], missing -> { // a subresource without its resource: an empty parent
                ObjectNode made = resources.addObject();
                made.put("resource", missing);
                made.set("responseKind", Json.MAPPER.createObjectNode().put("group", "").put("version", "").put("kind", ""));
                made.put("scope", Boolean.TRUE.equals(entry.get("namespaced")) ? "Namespaced" : "Cluster");
                return made;
            });
            ArrayNode subresources = parent.has("subresources") ? (ArrayNode) parent.get("subresources") : parent.putArray("subresources");
            ObjectNode subresource = subresources.addObject();
            subresource.put("subresource", split[1]);
            subresource.set("responseKind", kind(entry));
            subresource.set("verbs", Json.MAPPER.valueToTree(entry.get("verbs")));
        }
        return resources;
    }

    /** metav1.GroupVersionKind of an APIResource: its group and version (empty for the list's own), its kind. */
    private static ObjectNode kind(Map<String, Object> entry) {
        return Json.MAPPER.createObjectNode().put("group", (String) entry.getOrDefault("group", ""))
                .put("version", (String) entry.getOrDefault("version", "")).put("kind", (String) entry.getOrDefault("kind", ""));
    }

    private static void putList(ObjectNode node, String field, Object values) {
        if (values instanceof List<?> list && !list.isEmpty()) {
            node.set(field, Json.MAPPER.valueToTree(list));
        }
    }

    /** The answer, with etag.go's headers; 304 when the client's If-None-Match is the ETag. */
    static MockResponse response(ObjectNode list, String ifNoneMatch) {
        byte[] body = Json.bytes(list);
        String etag = "\"" + sha512(body) + "\"";
        MockResponse response = new MockResponse().setHeader("ETag", etag).setHeader("Vary", "Accept").setHeader("Cache-Control", "public");
        if (etag.equals(ifNoneMatch)) {
            return response.setResponseCode(304);
        }
        return response.setResponseCode(200).setHeader("Content-Type", MEDIA_TYPE).setBody(body);
    }

    private static String sha512(byte[] bytes) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-512", e);
        }
    }
}
