package dev.peapod.apiserver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
     * metav1.APIResourceList: each resource, then its {@code scale} subresource (autoscaling/v1 Scale),
     * {@code namespaces/finalize} (update only) and its {@code status} subresource as {@code pods/status}, each with get, patch and update. The core list has no apiVersion, as upstream's.
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
            if (resource.hasScale()) {
                Map<String, Object> scale = new LinkedHashMap<>();
                scale.put("name", resource.plural() + "/scale");
                scale.put("singularName", "");
                scale.put("namespaced", resource.namespaced());
                scale.put("group", "autoscaling");
                scale.put("version", "v1");
                scale.put("kind", "Scale");
                scale.put("verbs", List.of("get", "patch", "update"));
                resources.add(scale);
            }
            if (resource.type() == io.fabric8.kubernetes.api.model.Namespace.class) {
                Map<String, Object> finalize = new LinkedHashMap<>();
                finalize.put("name", resource.plural() + "/finalize");
                finalize.put("singularName", "");
                finalize.put("namespaced", false);
                finalize.put("kind", resource.kind());
                finalize.put("verbs", List.of("update"));
                resources.add(finalize);
            }
            if (resource.hasStatus()) {
                Map<String, Object> status = new LinkedHashMap<>();
                status.put("name", resource.plural() + "/status");
                status.put("singularName", "");
                status.put("namespaced", resource.namespaced());
                status.put("kind", resource.kind());
                status.put("verbs", List.of("get", "patch", "update"));
                resources.add(status);
            }
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
}
