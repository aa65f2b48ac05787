package dev.peapod.apiserver;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where a request goes, read from its path as the API server's RequestInfoFactory reads it
 * (apiserver/pkg/endpoints/request/requestinfo.go): a discovery document, or a resource with an
 * optional namespace, name and subresource. {@code /api/v1/namespaces/x} is the namespace x; its
 * {@code status} and {@code finalize} are its subresources; any other word after {@code namespaces/x}
 * is a resource in that namespace. A {@code watch} segment after the version makes a watch (the
 * deprecated watch paths, still served in v1.33).
 *
 * @param kind what the path names
 * @param resource the resource, for {@link Kind#RESOURCE}
 * @param groupVersion the group version for {@link Kind#GROUP_VERSION}, the group for {@link Kind#GROUP}
 */
record RequestPath(Kind kind, String groupVersion, ApiResource resource, String namespace, String name,
                   String subresource, boolean watchPath) {

    enum Kind { VERSION, API, APIS, GROUP, GROUP_VERSION, RESOURCE }

    /** The path's parts, or empty when nothing is served there (a plain 404, as the API server's). */
    static Optional<RequestPath> parse(String rawPath) {
        String path = rawPath;
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        List<String> parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty())
                .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toList();
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        if (parts.equals(List.of("version"))) {
            return Optional.of(simple(Kind.VERSION, null));
        }
        if (parts.get(0).equals("api")) {
            if (parts.size() == 1) {
                return Optional.of(simple(Kind.API, null));
            }
            if (!parts.get(1).equals("v1")) {
                return Optional.empty();
            }
            return parts.size() == 2 ? Optional.of(simple(Kind.GROUP_VERSION, "v1")) : resource("v1", parts.subList(2, parts.size()));
        }
        if (parts.get(0).equals("apis")) {
            if (parts.size() == 1) {
                return Optional.of(simple(Kind.APIS, null));
            }
            String group = parts.get(1);
            String version = ApiResources.groups().get(group);
            if (version == null) {
                return Optional.empty();
            }
            if (parts.size() == 2) {
                return Optional.of(simple(Kind.GROUP, group));
            }
            if (!parts.get(2).equals(version)) {
                return Optional.empty();
            }
            String groupVersion = group + "/" + version;
            return parts.size() == 3 ? Optional.of(simple(Kind.GROUP_VERSION, groupVersion))
                    : resource(groupVersion, parts.subList(3, parts.size()));
        }
        return Optional.empty();
    }

    private static RequestPath simple(Kind kind, String groupVersion) {
        return new RequestPath(kind, groupVersion, null, null, null, null, false);
    }

    private static Optional<RequestPath> resource(String groupVersion, List<String> rest) {
        boolean watch = rest.get(0).equals("watch");
        List<String> parts = watch ? rest.subList(1, rest.size()) : rest;
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        String namespace = null;
        if (parts.get(0).equals("namespaces") && parts.size() > 2 && !List.of("status", "finalize").contains(parts.get(2))) {
            namespace = parts.get(1);
            parts = parts.subList(2, parts.size());
        }
        if (parts.size() > 3) {
            return Optional.empty();
        }
        Optional<ApiResource> found = ApiResources.find(groupVersion, parts.get(0));
        if (found.isEmpty() || (namespace != null && !found.get().namespaced())) {
            return Optional.empty();
        }
        ApiResource resource = found.get();
        String name = parts.size() > 1 ? parts.get(1) : null;
        String subresource = parts.size() > 2 ? parts.get(2) : null;
        if (resource.namespaced() && namespace == null && name != null) {
            return Optional.empty(); // a namespaced object is only addressed within its namespace
        }
        if (subresource != null && !(subresource.equals("status") && resource.hasStatus())
                && !(subresource.equals("scale") && resource.hasScale())
                && !(subresource.equals("finalize") && resource.type() == io.fabric8.kubernetes.api.model.Namespace.class)
                && !(PodSubresources.NAMES.contains(subresource) && resource.type() == io.fabric8.kubernetes.api.model.Pod.class)) {
            return Optional.empty();
        }
        if (watch && subresource != null) {
            return Optional.empty();
        }
        return Optional.of(new RequestPath(Kind.RESOURCE, groupVersion, resource, namespace, name, subresource, watch));
    }

    boolean isCollection() {
        return kind == Kind.RESOURCE && name == null;
    }
}
