package dev.peapod.apiserver;

import dev.peapod.apiserver.apply.ManagedFields;
import dev.peapod.store.ApiException;
import dev.peapod.store.CustomResources;
import dev.peapod.store.ListOptions;
import dev.peapod.store.ObjectStore;
import dev.peapod.store.Propagation;
import dev.peapod.store.ServedKind;
import dev.peapod.time.EventLoop;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionCondition;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The custom resources' side of the HTTP face, as the apiextensions-apiserver serves it (v1.33):
 * the group and version discovery documents of the Established CRDs
 * (pkg/apiserver/customresource_discovery_controller.go) and the requests to their resources
 * (customresource_handler.go). A path of a group, version or resource no Established CRD serves is the
 * delegate's plain 404; a subresource the version does not have is a {@code NotFound} Status naming the
 * object, as crdHandler's. PATCH, and the decoding and managedFields of POST and PUT, are {@link CustomResourcePatches}'.
 */
final class CustomResourceRoutes {
    private static final Pattern KUBE_VERSION = Pattern.compile("^v(\\d+)(?:(alpha|beta)(\\d+))?$");

    private final ObjectStore store;
    private final EventLoop loop;
    private final CustomResourcePatches patches;

    CustomResourceRoutes(ObjectStore store, EventLoop loop) {
        this.store = store;
        this.loop = loop;
        this.patches = new CustomResourcePatches(store, loop);
    }

    // ---------------------------------------------------------------- routing

    /** A path under {@code /apis/<group>} of a group only CRDs serve; empty for built-in groups and unserved paths. */
    static Optional<RequestPath> parse(String rawPath, CustomResources customResources) {
        String path = rawPath;
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        List<String> parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty())
                .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toList();
        if (parts.size() < 2 || !parts.get(0).equals("apis") || ApiResources.groups().containsKey(parts.get(1))) {
            return Optional.empty();
        }
        String group = parts.get(1);
        List<ServedKind> kinds = customResources.served().stream().filter(k -> k.group().equals(group)).toList();
        if (kinds.stream().noneMatch(k -> k.versions().stream().anyMatch(ServedKind.Version::served))) {
            return Optional.empty();
        }
        if (parts.size() == 2) {
            return Optional.of(new RequestPath(RequestPath.Kind.GROUP, group, null, null, null, null, false));
        }
        String version = parts.get(2);
        if (kinds.stream().noneMatch(k -> k.servedVersion(version).isPresent())) {
            return Optional.empty();
        }
        String groupVersion = group + "/" + version;
        if (parts.size() == 3) {
            return Optional.of(new RequestPath(RequestPath.Kind.GROUP_VERSION, groupVersion, null, null, null, null, false));
        }
        List<String> rest = parts.subList(3, parts.size());
        boolean watch = rest.get(0).equals("watch");
        if (watch) {
            rest = rest.subList(1, rest.size());
        }
        if (rest.isEmpty()) {
            return Optional.empty();
        }
        String namespace = null;
        if (rest.get(0).equals("namespaces") && rest.size() > 2) {
            namespace = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        if (rest.size() > 3) {
            return Optional.empty();
        }
        String plural = rest.get(0);
        Optional<ServedKind> kind = kinds.stream().filter(k -> k.plural().equals(plural) && k.servedVersion(version).isPresent())
                .findFirst();
        String name = rest.size() > 1 ? rest.get(1) : null;
        if (kind.isEmpty() || (namespace != null && !kind.get().namespaced()) || (kind.get().namespaced() && namespace == null && name != null)) {
            return Optional.empty(); // a namespaced object is only addressed within its namespace
        }
        String subresource = rest.size() > 2 ? rest.get(2) : null;
        if (watch && subresource != null) {
            return Optional.empty();
        }
        return Optional.of(new RequestPath(RequestPath.Kind.RESOURCE, groupVersion, resource(kind.get(), version), namespace, name,
                subresource, watch));
    }

    /** The served kind at one version as the HTTP face's resource: its model class is {@link GenericKubernetesResource}. */
    static ApiResource resource(ServedKind kind, String version) {
        boolean status = kind.servedVersion(version).map(ServedKind.Version::status).orElse(false);
        return new ApiResource(GenericKubernetesResource.class, kind.group(), version, kind.plural(), kind.kind(), kind.namespaced(),
                kind.shortNames(), kind.categories(), status, true);
    }

    static boolean isCustom(ApiResource resource) {
        return resource.type() == GenericKubernetesResource.class;
    }

    // ---------------------------------------------------------------- discovery

    /** {@code /apis}: the built-in groups, then each group an Established CRD serves, in name order. */
    Map<String, Object> apis(Map<String, Object> builtIn) {
        @SuppressWarnings("unchecked")
        List<Object> groups = new ArrayList<>((List<Object>) builtIn.get("groups"));
        TreeSet<String> names = new TreeSet<>();
        store.customResources().served().forEach(k -> names.add(k.group()));
        for (String group : names) {
            Map<String, Object> document = group(group, false);
            if (document != null) {
                groups.add(document);
            }
        }
        Map<String, Object> list = new LinkedHashMap<>(builtIn);
        list.put("groups", groups);
        return list;
    }

    /** metav1.APIGroup of a CRD group: its served versions, highest kube-aware version first, which is the preferred one. */
    Map<String, Object> group(String group, boolean alone) {
        TreeSet<String> versions = new TreeSet<>(CustomResourceRoutes::compareVersions);
        store.customResources().served().stream().filter(k -> k.group().equals(group))
                .forEach(k -> k.versions().stream().filter(ServedKind.Version::served).forEach(v -> versions.add(v.name())));
        if (versions.isEmpty()) {
            if (alone) { // its last CRD went since the path was read
                throw new ApiException(404, "NotFound", "the server could not find the requested resource", List.of());
            }
            return null;
        }
        List<Object> listed = new ArrayList<>();
        for (String version : versions) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("groupVersion", group + "/" + version);
            entry.put("version", version);
            listed.add(entry);
        }
        Map<String, Object> document = new LinkedHashMap<>();
        if (alone) {
            document.put("kind", "APIGroup");
            document.put("apiVersion", "v1");
        }
        document.put("name", group);
        document.put("versions", listed);
        document.put("preferredVersion", listed.get(0));
        return document;
    }

    /**
     * metav1.APIResourceList of a CRD group version: each kind served there, then its {@code status}
     * and {@code scale} subresources, with the discovery controller's verbs (fewer while the CRD is Terminating).
     */
    Map<String, Object> resources(String groupVersion) {
        String group = groupVersion.substring(0, groupVersion.indexOf('/'));
        String version = groupVersion.substring(groupVersion.indexOf('/') + 1);
        List<Object> resources = new ArrayList<>();
        for (ServedKind kind : store.customResources().served()) {
            Optional<ServedKind.Version> served = kind.servedVersion(version);
            if (!kind.group().equals(group) || served.isEmpty()) {
                continue;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", kind.plural());
            entry.put("singularName", kind.singular());
            entry.put("namespaced", kind.namespaced());
            entry.put("kind", kind.kind());
            entry.put("verbs", terminating(kind) ? List.of("delete", "deletecollection", "get", "list", "watch")
                    : List.of("delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"));
            if (!kind.shortNames().isEmpty()) {
                entry.put("shortNames", kind.shortNames());
            }
            if (!kind.categories().isEmpty()) {
                entry.put("categories", kind.categories());
            }
            resources.add(entry);
            if (served.get().status()) {
                Map<String, Object> status = new LinkedHashMap<>();
                status.put("name", kind.plural() + "/status");
                status.put("singularName", "");
                status.put("namespaced", kind.namespaced());
                status.put("kind", kind.kind());
                status.put("verbs", List.of("get", "patch", "update"));
                resources.add(status);
            }
            if (served.get().scale().isPresent()) {
                Map<String, Object> scale = new LinkedHashMap<>();
                scale.put("name", kind.plural() + "/scale");
                scale.put("singularName", "");
                scale.put("namespaced", kind.namespaced());
                scale.put("group", "autoscaling");
                scale.put("version", "v1");
                scale.put("kind", "Scale");
                scale.put("verbs", List.of("get", "patch", "update"));
                resources.add(scale);
            }
        }
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("kind", "APIResourceList");
        list.put("apiVersion", "v1");
        list.put("groupVersion", groupVersion);
        list.put("resources", resources);
        return list;
    }

    private boolean terminating(ServedKind kind) {
        Optional<CustomResourceDefinition> crd = store.get(CustomResourceDefinition.class, null, kind.qualified());
        List<CustomResourceDefinitionCondition> conditions = crd.map(c -> c.getStatus() == null ? null : c.getStatus().getConditions())
                .orElse(null);
        return conditions != null && conditions.stream().anyMatch(c -> "Terminating".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /**
     * version.CompareKubeAwareVersionStrings, as a sort order: GA before beta before alpha, higher
     * numbers first within each; versions not of the form {@code v1}, {@code v2beta1} last, in name order.
     */
    static int compareVersions(String a, String b) {
        Matcher x = KUBE_VERSION.matcher(a);
        Matcher y = KUBE_VERSION.matcher(b);
        boolean kubeA = x.matches();
        boolean kubeB = y.matches();
        if (!kubeA || !kubeB) {
            return kubeA ? -1 : kubeB ? 1 : a.compareTo(b);
        }
        Comparator<Matcher> order = Comparator.<Matcher>comparingInt(m -> m.group(2) == null ? 0 : m.group(2).equals("beta") ? 1 : 2)
                .thenComparing(m -> -Long.parseLong(m.group(1)))
                .thenComparing(m -> m.group(3) == null ? 0 : -Long.parseLong(m.group(3)));
        return order.compare(x, y);
    }

    // ---------------------------------------------------------------- requests

    /** Answers a request to a custom resource path. */
    MockResponse dispatch(RecordedRequest request, RequestPath path, Query query, Transform transform) {
        String method = request.getMethod();
        ApiResource resource = path.resource();
        ServedKind kind = store.customResources().find(resource.group(), resource.plural())
                .orElseThrow(() -> ApiException.notFound(ResourceDispatcher.qualified(resource), path.name()));
        if (path.watchPath() || (path.isCollection() && method.equals("GET") && query.flag("watch"))) {
            if (!method.equals("GET")) {
                return Statuses.methodNotAllowed();
            }
            throw ApiException.badRequest("a watch cannot be answered by a single response: open it through the server");
        }
        if (path.isCollection()) {
            return switch (method) {
                case "GET" -> list(kind, path, query, transform);
                case "POST" -> kind.namespaced() && path.namespace() == null ? Statuses.methodNotAllowed()
                        : create(kind, request, path, query, transform);
                case "DELETE" -> deleteCollection(kind, request, path, query);
                default -> Statuses.methodNotAllowed();
            };
        }
        if (path.subresource() != null) {
            boolean status = path.subresource().equals("status") && resource.hasStatus();
            boolean scale = path.subresource().equals("scale") && kind.servedVersion(resource.version()).orElseThrow().scale().isPresent();
            if (!status && !scale) {
                // crdHandler: a subresource the version does not have is NotFound for the object
                throw ApiException.notFound(kind.qualified(), path.name());
            }
            return switch (method) {
                case "GET" -> status ? get(kind, path, transform) : Statuses.json(200, store.customResources().scale(kind.group(), kind.plural(),
                        path.namespace(), path.name()));
                case "PUT" -> status ? update(kind, request, path, query, true, transform) : scale(kind, request, path, query);
                case "PATCH" -> patches.patch(request, path, query, kind, status
                        ? (code, object, warnings) -> written(kind, path, transform, code, object, warnings)
                        : (code, object, warnings) -> Warnings.add(Statuses.json(code, object), warnings));
                default -> Statuses.methodNotAllowed();
            };
        }
        return switch (method) {
            case "GET" -> get(kind, path, transform);
            case "PUT" -> update(kind, request, path, query, false, transform);
            case "PATCH" -> patches.patch(request, path, query, kind,
                    (code, object, warnings) -> written(kind, path, transform, code, object, warnings));
            case "DELETE" -> delete(kind, request, path, query, transform);
            default -> Statuses.methodNotAllowed();
        };
    }

    private MockResponse get(ServedKind kind, RequestPath path, Transform transform) {
        GenericKubernetesResource found = store.customResources().get(kind.group(), kind.plural(), path.namespace(), path.name())
                .orElseThrow(() -> ApiException.notFound(kind.qualified(), path.name()));
        CustomResourceTables.Printer printer = printer(kind, path);
        Transform.Answer answer = transform.withPrinter(printer.printer()).object(inVersion(found, path), loop.now());
        return Warnings.add(Warnings.add(Statuses.json(200, answer.body()), answer.warnings()),
                answer.body() == found ? List.of() : printer.warnings());
    }

    /**
     * transformResponseObject (handlers/response.go): a write's answer in the form the Accept header asks,
     * a Table by the version's printer columns; a Status stays as it is.
     */
    private MockResponse written(ServedKind kind, RequestPath path, Transform transform, int code, Object object, List<String> warnings) {
        CustomResourceTables.Printer printer = printer(kind, path);
        Transform.Answer answer = transform.withPrinter(printer.printer()).object(object, loop.now());
        List<String> all = new ArrayList<>(warnings);
        all.addAll(answer.warnings());
        if (answer.body() != object) {
            all.addAll(printer.warnings());
        }
        return Warnings.add(Statuses.json(code, answer.body()), all);
    }

    /** The Table printer of the request's version: its additionalPrinterColumns (tableconvertor). */
    CustomResourceTables.Printer printer(ServedKind kind, RequestPath path) {
        String version = path.groupVersion().substring(path.groupVersion().indexOf('/') + 1);
        return CustomResourceTables.printer(store.customResources().printerColumns(kind.group(), kind.plural(), version));
    }

    private MockResponse list(ServedKind kind, RequestPath path, Query query, Transform transform) {
        ListOptions options = ResourceDispatcher.listOptions(path, query);
        ListPages.Request page = ListPages.request(query);
        long now = store.resourceVersion();
        ListPages.checkFreshness(page, now);
        List<GenericKubernetesResource> items = store.customResources().list(kind.group(), kind.plural(), options);
        items.forEach(item -> item.setApiVersion(path.groupVersion()));
        ListPages.Page result = ListPages.page(page, items, now, kind.namespaced(),
                options.labels().isEverything() && options.fields().isEverything());
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (result.continueToken() != null) {
            metadata.put("continue", result.continueToken());
            if (result.remaining() != null) {
                metadata.put("remainingItemCount", result.remaining());
            }
        }
        metadata.put("resourceVersion", Long.toString(result.resourceVersion()));
        // an unstructured list: apiVersion and kind first, as the API server encodes an UnstructuredList
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("apiVersion", path.groupVersion());
        list.put("items", result.items());
        list.put("kind", kind.listKind());
        list.put("metadata", metadata);
        io.fabric8.kubernetes.api.model.ListMeta listMeta = new io.fabric8.kubernetes.api.model.ListMeta();
        listMeta.setResourceVersion(Long.toString(result.resourceVersion()));
        listMeta.setContinue(result.continueToken());
        listMeta.setRemainingItemCount(result.continueToken() == null ? null : result.remaining());
        CustomResourceTables.Printer printer = printer(kind, path);
        Transform.Answer answer = transform.withPrinter(printer.printer()).list(GenericKubernetesResource.class, result.items(),
                listMeta, list, loop.now());
        MockResponse response = Warnings.add(Warnings.add(Statuses.json(200, answer.body()), answer.warnings()),
                answer.body() == list ? List.of() : printer.warnings());
        result.warnings().forEach(warning -> response.addHeader("Warning", Warnings.header(warning)));
        return response;
    }

    private MockResponse create(ServedKind kind, RecordedRequest request, RequestPath path, Query query, Transform transform) {
        ApiResource resource = path.resource();
        boolean dryRun = query.dryRun("CreateOptions");
        String validation = FieldValidation.mode(query, "CreateOptions");
        ManagedFields.checkFieldManager("CreateOptions", query.get("fieldManager"), false);
        String manager = ManagedFields.managerOf(query.get("fieldManager"), request.getHeader("User-Agent"));
        GenericKubernetesResource object = Bodies.read(request, resource);
        ObjectMeta meta = object.getMetadata() == null ? new ObjectMeta() : object.getMetadata();
        object.setMetadata(meta);
        if (resource.namespaced()) {
            if (meta.getNamespace() != null && !meta.getNamespace().isEmpty() && !meta.getNamespace().equals(path.namespace())) {
                throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
            meta.setNamespace(path.namespace());
        }
        List<String> warnings = java.util.Collections.synchronizedList(new ArrayList<>());
        GenericKubernetesResource created = write("POST " + resource.plural(), dryRun, () -> store.customResources().create(
                patches.decoded(object, kind, path, validation, manager, warnings)));
        return written(kind, path, transform, 201, created, warnings);
    }

    private MockResponse update(ServedKind kind, RecordedRequest request, RequestPath path, Query query, boolean status,
                                Transform transform) {
        ApiResource resource = path.resource();
        boolean dryRun = query.dryRun("UpdateOptions");
        String validation = FieldValidation.mode(query, "UpdateOptions");
        ManagedFields.checkFieldManager("UpdateOptions", query.get("fieldManager"), false);
        String manager = ManagedFields.managerOf(query.get("fieldManager"), request.getHeader("User-Agent"));
        GenericKubernetesResource object = Bodies.read(request, resource);
        ObjectMeta meta = object.getMetadata() == null ? new ObjectMeta() : object.getMetadata();
        object.setMetadata(meta);
        String name = meta.getName();
        if (name == null || !name.equals(path.name())) {
            throw ApiException.badRequest("the name of the object (" + (name == null ? "" : name)
                    + ") does not match the name on the URL (" + path.name() + ")");
        }
        if (resource.namespaced()) {
            if (meta.getNamespace() != null && !meta.getNamespace().isEmpty() && !meta.getNamespace().equals(path.namespace())) {
                throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
            meta.setNamespace(path.namespace());
        }
        CustomResources customResources = store.customResources();
        List<String> warnings = java.util.Collections.synchronizedList(new ArrayList<>());
        GenericKubernetesResource updated = write("PUT " + resource.plural(), dryRun, () -> {
            GenericKubernetesResource decoded = patches.decoded(object, kind, path, validation, manager, warnings);
            return (status ? customResources.updateStatusIfChanged(decoded) : customResources.updateIfChanged(decoded))
                    .orElseGet(() -> customResources.get(resource.group(), resource.plural(), path.namespace(), path.name())
                            .map(stored -> inVersion(stored, path)).orElseThrow());
        });
        return written(kind, path, transform, 200, updated, warnings);
    }

    private MockResponse scale(ServedKind kind, RecordedRequest request, RequestPath path, Query query) {
        boolean dryRun = query.dryRun("UpdateOptions");
        Scales.Request scale = Scales.read(request, path);
        return Statuses.json(200, write("PUT " + kind.plural() + "/scale", dryRun, () -> store.customResources().updateScale(
                kind.group(), kind.plural(), path.namespace(), path.name(), scale.replicas(), scale.resourceVersion())));
    }

    private MockResponse delete(ServedKind kind, RecordedRequest request, RequestPath path, Query query, Transform transform) {
        DeleteOptions options = deleteOptions(request, query);
        Object deleted = write("DELETE " + kind.plural(), options.dryRun(), () -> deleteOne(kind, path.namespace(), path.name(), options));
        return written(kind, path, transform, 200, deleted, List.of());
    }

    /**
     * With the engine held: the preconditions, then the delete. The object while finalizers keep it,
     * else a Success Status naming it (custom resources do not set ReturnDeletedObject).
     */
    private Object deleteOne(ServedKind kind, String namespace, String name, DeleteOptions options) {
        GenericKubernetesResource old = store.customResources().get(kind.group(), kind.plural(), namespace, name)
                .orElseThrow(() -> ApiException.notFound(kind.qualified(), name));
        options.checkPreconditions(kind.qualified(), old);
        Optional<GenericKubernetesResource> still = store.customResources().delete(kind.group(), kind.plural(), namespace, name);
        if (still.isPresent()) {
            return still.get();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", name);
        details.put("group", kind.group());
        details.put("kind", kind.plural());
        details.put("uid", old.getMetadata().getUid());
        Map<String, Object> success = new LinkedHashMap<>();
        success.put("kind", "Status");
        success.put("apiVersion", "v1");
        success.put("metadata", Map.of());
        success.put("status", "Success");
        success.put("details", details);
        return success;
    }

    private MockResponse deleteCollection(ServedKind kind, RecordedRequest request, RequestPath path, Query query) {
        DeleteOptions options = deleteOptions(request, query);
        ListOptions selected = ResourceDispatcher.listOptions(path, query);
        List<Object> items = write("DELETE " + kind.plural(), options.dryRun(), () -> {
            List<Object> deleted = new ArrayList<>();
            for (GenericKubernetesResource object : store.customResources().list(kind.group(), kind.plural(), selected)) {
                Object result = deleteOne(kind, object.getMetadata().getNamespace(), object.getMetadata().getName(), options);
                GenericKubernetesResource answered = result instanceof GenericKubernetesResource still ? still : object;
                deleted.add(inVersion(answered, path));
            }
            return deleted;
        });
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("apiVersion", path.groupVersion());
        list.put("items", items);
        list.put("kind", kind.listKind());
        list.put("metadata", Map.of("resourceVersion", Long.toString(store.resourceVersion())));
        return Statuses.json(200, list);
    }

    /**
     * The delete options Peapod honours for custom resources: preconditions and dry run. A custom
     * resource has no graceful deletion (its strategy's CheckGracefulDelete), so a grace period changes
     * nothing, as upstream; Foreground and Orphan, which upstream turn into finalizers for the garbage
     * collector, are refused rather than ignored.
     */
    private static DeleteOptions deleteOptions(RecordedRequest request, Query query) {
        DeleteOptions options = DeleteOptions.read(request, query);
        if (options.propagation() == Propagation.FOREGROUND || options.propagation() == Propagation.ORPHAN) {
            throw ApiException.badRequest("propagationPolicy " + (options.propagation() == Propagation.ORPHAN ? "Orphan" : "Foreground")
                    + " (or orphanDependents) is not served by Peapod for custom resources yet: delete with Background");
        }
        return options;
    }

    /** The object as the request's version shows it: conversion None changes only apiVersion. */
    private static GenericKubernetesResource inVersion(GenericKubernetesResource object, RequestPath path) {
        object.setApiVersion(path.groupVersion());
        return object;
    }

    private <T> T write(String what, boolean dryRun, Callable<T> task) {
        return loop.exclusive(what, () -> dryRun ? store.dryRun(() -> {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new dev.peapod.core.PeapodException(e.getMessage(), e);
            }
        }) : task.call());
    }
}
