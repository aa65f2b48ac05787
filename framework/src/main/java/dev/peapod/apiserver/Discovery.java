package dev.peapod.apiserver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The discovery documents: {@code /version}, {@code /api}, {@code /api/v1}, {@code /apis},
 * {@code /apis/{group}} and {@code /apis/{group}/{version}}, shaped as the API server writes them
 * (apimachinery pkg/apis/meta/v1 APIVersions, APIGroupList, APIGroup, APIResourceList; apimachinery
 * pkg/version Info). Aggregated discovery (apidiscovery.k8s.io/v2) is not served: clients that ask for
 * it also accept plain JSON and fall back to these.
 */
final class Discovery {
    /** The version the kubelets report too (kubelet NodeObjects.KUBELET_VERSION). */
    static final String GIT_VERSION = "v1.33.0";

    private Discovery() {
    }

    /**
     * version.Info (v1.33 adds the emulation and minimum-compatibility versions). Peapod is no build of
     * Kubernetes, so gitCommit is empty and buildDate is Go's zero time; the rest is a v1.33.0 build's.
     */
    static Map<String, Object> version() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("major", "1");
        info.put("minor", "33");
        info.put("emulationMajor", "1");
        info.put("emulationMinor", "33");
        info.put("minCompatibilityMajor", "1");
        info.put("minCompatibilityMinor", "32");
        info.put("gitVersion", GIT_VERSION);
        info.put("gitCommit", "");
        info.put("gitTreeState", "clean");
        info.put("buildDate", "1970-01-01T00:00:00Z");
        info.put("goVersion", "go1.24.2");
        info.put("compiler", "gc");
        info.put("platform", "linux/amd64");
        return info;
    }

    /** metav1.APIVersions for {@code /api}. */
    static Map<String, Object> api(String serverAddress) {
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("kind", "APIVersions");
        versions.put("versions", List.of("v1"));
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("clientCIDR", "0.0.0.0/0");
        address.put("serverAddress", serverAddress);
        versions.put("serverAddressByClientCIDRs", List.of(address));
        return versions;
    }

    static Map<String, Object> apis() {
        List<Object> groups = new ArrayList<>();
        ApiResources.groups().forEach((group, version) -> groups.add(group(group, version, false)));
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("kind", "APIGroupList");
        list.put("apiVersion", "v1");
        list.put("groups", groups);
        return list;
    }

    /** metav1.APIGroup: in a list it has no kind or apiVersion. */
    static Map<String, Object> group(String group, String version, boolean alone) {
        Map<String, Object> groupVersion = new LinkedHashMap<>();
        groupVersion.put("groupVersion", group + "/" + version);
        groupVersion.put("version", version);
        Map<String, Object> document = new LinkedHashMap<>();
        if (alone) {
            document.put("kind", "APIGroup");
            document.put("apiVersion", "v1");
        }
        document.put("name", group);
        document.put("versions", List.of(groupVersion));
        document.put("preferredVersion", groupVersion);
        return document;
    }

    /**
     * metav1.APIResourceList: each resource, then its subresources in the order of their names (the API
     * installer sorts the storage paths): {@code finalize} of namespaces (update only), {@code scale}
     * (autoscaling/v1 Scale) and {@code status}, each with get, patch and update, and the pods' subresources
     * Peapod serves ({@link #podSubresources}). The core list has no apiVersion, as upstream's.
     */
    static Map<String, Object> resources(String groupVersion) {
        List<Object> resources = new ArrayList<>();
        for (ApiResource resource : ApiResources.inGroupVersion(groupVersion)) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", resource.plural());
            entry.put("singularName", resource.singular());
            entry.put("namespaced", resource.namespaced());
            entry.put("kind", resource.kind());
            entry.put("verbs", resource.verbs());
            if (!resource.shortNames().isEmpty()) {
                entry.put("shortNames", resource.shortNames());
            }
            if (!resource.categories().isEmpty()) {
                entry.put("categories", resource.categories());
            }
            resources.add(entry);
            Map<String, Map<String, Object>> subresources = new TreeMap<>();
            if (resource.hasScale()) {
                subresources.put("scale", subresource(resource, "scale", "autoscaling", "Scale", List.of("get", "patch", "update")));
            }
            if (resource.type() == io.fabric8.kubernetes.api.model.Namespace.class) {
                subresources.put("finalize", subresource(resource, "finalize", null, resource.kind(), List.of("update")));
            }
            if (resource.hasStatus()) {
                subresources.put("status", subresource(resource, "status", null, resource.kind(), List.of("get", "patch", "update")));
            }
            if (resource.type() == io.fabric8.kubernetes.api.model.Pod.class) {
                subresources.putAll(podSubresources(resource));
            }
            resources.addAll(subresources.values());
        }
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("kind", "APIResourceList");
        if (groupVersion.contains("/")) {
            list.put("apiVersion", "v1");
        }
        list.put("groupVersion", groupVersion);
        list.put("resources", resources);
        return list;
    }

    /**
     * The pods' subresources that {@link PodSubresources} serves, as a v1.33 API server lists them
     * (kubernetes api/discovery/api__v1.json): {@code binding} (Binding, create), {@code eviction}
     * (policy/v1 Eviction, create), {@code exec} (PodExecOptions, create and get; over WebSocket, see
     * {@link PodExec}) and {@code log} (Pod, get). Those Peapod does not serve are not listed,
     * so that no client is sent to them: {@code attach}, {@code portforward}, {@code proxy},
     * {@code ephemeralcontainers} and {@code resize}.
     */
    private static Map<String, Map<String, Object>> podSubresources(ApiResource pods) {
        Map<String, Map<String, Object>> served = new TreeMap<>();
        served.put("binding", subresource(pods, "binding", null, "Binding", List.of("create")));
        served.put("eviction", subresource(pods, "eviction", "policy", "Eviction", List.of("create")));
        served.put("exec", subresource(pods, "exec", null, "PodExecOptions", List.of("create", "get")));
        served.put("log", subresource(pods, "log", null, "Pod", List.of("get")));
        if (!served.keySet().equals(PodSubresources.NAMES)) {
            throw new IllegalStateException("discovery lists pods/" + served.keySet() + " but " + PodSubresources.NAMES + " are served");
        }
        return served;
    }

    /** One subresource's entry: no singular name; a group and version only when its kind is of another group. */
    private static Map<String, Object> subresource(ApiResource resource, String name, String group, String kind, List<String> verbs) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", resource.plural() + "/" + name);
        entry.put("singularName", "");
        entry.put("namespaced", resource.namespaced());
        if (group != null) {
            entry.put("group", group);
            entry.put("version", "v1");
        }
        entry.put("kind", kind);
        entry.put("verbs", verbs);
        return entry;
    }
}
