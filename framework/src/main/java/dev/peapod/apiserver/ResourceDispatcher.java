package dev.peapod.apiserver;

import dev.peapod.apiserver.apply.ManagedFields;
import dev.peapod.apiserver.patch.PatchException;
import dev.peapod.core.PeapodException;
import dev.peapod.store.ApiException;
import dev.peapod.store.FieldError;
import dev.peapod.store.FieldSelector;
import dev.peapod.store.LabelSelector;
import dev.peapod.store.ListOptions;
import dev.peapod.store.ObjectStore;
import dev.peapod.store.Propagation;
import dev.peapod.time.EventLoop;
import dev.peapod.time.VirtualClock;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Peapod's {@link Dispatcher}: every plain request (not a watch) becomes one response, from the
 * discovery documents or the store. Reads go to the store from the calling thread; every write goes
 * through {@link EventLoop#exclusive}, so it sees the engine between two steps, as a write on the
 * cluster's thread would. A refusal is the API server's {@code Status}; nothing a request carries
 * makes a 500.
 */
final class ResourceDispatcher extends Dispatcher {
    private final ObjectStore store;
    private final EventLoop loop;
    private final VirtualClock clock;
    private final Supplier<String> address;
    private final CustomResourceRoutes customResources;
    /** The pods' subresources log, eviction and binding. */
    private final PodSubresources pods;
    private final PatchRequests patches;

    ResourceDispatcher(ObjectStore store, EventLoop loop, VirtualClock clock, Supplier<String> address, PodSubresources pods) {
        this.store = store;
        this.loop = loop;
        this.clock = clock;
        this.address = address;
        this.customResources = new CustomResourceRoutes(store, loop);
        this.pods = pods;
        this.patches = new PatchRequests(store, loop);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        try {
            Optional<RequestPath> parsed = RequestPath.parse(request.getPath())
                    .or(() -> CustomResourceRoutes.parse(request.getPath(), store.customResources()));
            if (parsed.isEmpty()) {
                return Statuses.pageNotFound();
            }
            RequestPath path = parsed.get();
            if (path.kind() != RequestPath.Kind.RESOURCE) {
                return discovery(request, path, request.getMethod());
            }
            Query query = Query.of(request.getPath());
            if (PodSubresources.serves(path)) {
                return pods.dispatch(request, path, query);
            }
            Transform transform = Transform.of(MediaTypes.SERVED.negotiate(request.getHeader("Accept")), query);
            if (CustomResourceRoutes.isCustom(path.resource())) {
                return customResources.dispatch(request, path, query, transform);
            }
            return resource(request, path, query, transform);
        } catch (ApiException refused) {
            return Statuses.response(refused);
        } catch (PatchException refused) {
            return PatchRequests.response(refused);
        } catch (PeapodException failed) {
            return Statuses.response(internal(failed));
        }
    }

    /**
     * errors.NewInternalError: what went wrong inside Peapod, never the client's fault; but a request that
     * waited in vain for the engine is errors.NewTimeoutError's 504, as upstream answers a request that did
     * not complete in time, with Peapod's reason (the test's thread kept the engine).
     */
    static ApiException internal(Exception failed) {
        if (failed instanceof dev.peapod.time.EngineLock.EngineBusyException busy) {
            return new ApiException(504, "Timeout", "Timeout: " + busy.getMessage(), List.of());
        }
        return new ApiException(500, "InternalError", "Internal error occurred: " + failed.getMessage(), List.of());
    }

    private MockResponse discovery(RecordedRequest request, RequestPath path, String method) {
        if (!method.equals("GET")) {
            return Statuses.methodNotAllowed();
        }
        if ((path.kind() == RequestPath.Kind.API || path.kind() == RequestPath.Kind.APIS)
                && AggregatedDiscovery.asked(request.getHeader("Accept"))) {
            return AggregatedDiscovery.response(aggregated(path.kind()), request.getHeader("If-None-Match"));
        }
        return Statuses.json(200, switch (path.kind()) {
            case VERSION -> Discovery.version();
            case API -> Discovery.api(address.get());
            case APIS -> customResources.apis(Discovery.apis());
            case GROUP -> ApiResources.groups().containsKey(path.groupVersion())
                    ? Discovery.group(path.groupVersion(), ApiResources.groups().get(path.groupVersion()), true)
                    : customResources.group(path.groupVersion(), true);
            case GROUP_VERSION -> ApiResources.groupVersions().contains(path.groupVersion())
                    ? Discovery.resources(path.groupVersion()) : customResources.resources(path.groupVersion());
            case RESOURCE -> throw new IllegalStateException("not discovery");
        });
    }

    /** The aggregated discovery document of {@code /api} (the core group) or {@code /apis} (every other group, CRDs' too). */
    @SuppressWarnings("unchecked")
    private tools.jackson.databind.node.ObjectNode aggregated(RequestPath.Kind kind) {
        if (kind == RequestPath.Kind.API) {
            return AggregatedDiscovery.list(List.of(Map.entry("", List.of("v1"))), Discovery::resources);
        }
        List<Map.Entry<String, List<String>>> groups = new ArrayList<>();
        for (Object group : (List<Object>) customResources.apis(Discovery.apis()).get("groups")) {
            Map<String, Object> document = (Map<String, Object>) group;
            List<String> versions = ((List<Map<String, Object>>) document.get("versions")).stream()
                    .map(version -> (String) version.get("version")).toList();
            groups.add(Map.entry((String) document.get("name"), versions));
        }
        return AggregatedDiscovery.list(groups, groupVersion -> ApiResources.groupVersions().contains(groupVersion)
                ? Discovery.resources(groupVersion) : customResources.resources(groupVersion));
    }

    private MockResponse resource(RecordedRequest request, RequestPath path, Query query, Transform transform) {
        String method = request.getMethod();
        ApiResource resource = path.resource();
        if (path.watchPath() || (path.isCollection() && method.equals("GET") && query.flag("watch"))) {
            if (!method.equals("GET")) {
                return Statuses.methodNotAllowed();
            }
            // The server streams watches before they reach a dispatcher; one that gets here cannot be streamed.
            throw ApiException.badRequest("a watch cannot be answered by a single response: open it through the server");
        }
        boolean allNamespaces = resource.namespaced() && path.namespace() == null;
        if (path.isCollection()) {
            return switch (method) {
                case "GET" -> list(path, query, transform);
                case "POST" -> allNamespaces ? Statuses.methodNotAllowed() : create(request, path, query, transform);
                case "DELETE" -> allNamespaces || !resource.deleteCollection() ? Statuses.methodNotAllowed()
                        : deleteCollection(request, path, query);
                default -> Statuses.methodNotAllowed();
            };
        }
        if ("scale".equals(path.subresource())) {
            return switch (method) {
                case "GET" -> Statuses.json(200, Scales.get(store, path));
                case "PUT" -> scale(request, path, query);
                case "PATCH" -> patches.patch(request, path, query, null);
                default -> Statuses.methodNotAllowed();
            };
        }
        if ("finalize".equals(path.subresource())) {
            return method.equals("PUT") ? finalizeNamespace(request, path, query) : Statuses.methodNotAllowed();
        }
        boolean status = path.subresource() != null;
        return switch (method) {
            case "GET" -> get(path, transform);
            case "PUT" -> update(request, path, query, status, transform);
            case "PATCH" -> patches.patch(request, path, query, transform);
            case "DELETE" -> status ? Statuses.methodNotAllowed() : delete(request, path, query, transform);
            default -> Statuses.methodNotAllowed();
        };
    }

    // ---------------------------------------------------------------- reads

    private MockResponse get(RequestPath path, Transform transform) {
        ApiResource resource = path.resource();
        HasMetadata found = store.get(resource.type(), path.namespace(), path.name())
                .orElseThrow(() -> ApiException.notFound(qualified(resource), path.name()));
        Transform.Answer answer = transform.object(found, clock.now());
        return Warnings.add(Statuses.json(200, answer.body()), answer.warnings());
    }

    private MockResponse list(RequestPath path, Query query, Transform transform) {
        ApiResource resource = path.resource();
        ListOptions options = listOptions(path, query);
        ListPages.Request page = ListPages.request(query);
        long now = store.resourceVersion(); // read first: the list is at least this fresh
        ListPages.checkFreshness(page, now);
        List<? extends HasMetadata> items = store.list(resource.type(), options);
        ListPages.Page result = ListPages.page(page, items, now, resource.namespaced(),
                options.labels().isEverything() && options.fields().isEverything());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("resourceVersion", Long.toString(result.resourceVersion()));
        if (result.continueToken() != null) {
            metadata.put("continue", result.continueToken());
            if (result.remaining() != null) {
                metadata.put("remainingItemCount", result.remaining());
            }
        }
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("kind", resource.kind() + "List");
        list.put("apiVersion", resource.groupVersion());
        list.put("metadata", metadata);
        list.put("items", result.items());
        io.fabric8.kubernetes.api.model.ListMeta listMeta = new io.fabric8.kubernetes.api.model.ListMeta();
        listMeta.setResourceVersion(Long.toString(result.resourceVersion()));
        listMeta.setContinue(result.continueToken());
        listMeta.setRemainingItemCount(result.continueToken() == null ? null : result.remaining());
        Transform.Answer answer = transform.list(resource.type(), result.items(), listMeta, list, clock.now());
        MockResponse response = Warnings.add(Statuses.json(200, answer.body()), answer.warnings());
        result.warnings().forEach(warning -> response.addHeader("Warning", Warnings.header(warning)));
        return response;
    }

    static ListOptions listOptions(RequestPath path, Query query) {
        String labels = query.get("labelSelector");
        String fields = query.get("fieldSelector");
        return new ListOptions(path.namespace(), labels == null ? null : LabelSelector.parse(labels),
                fields == null ? null : FieldSelector.parse(fields));
    }

    // ---------------------------------------------------------------- writes

    private MockResponse create(RecordedRequest request, RequestPath path, Query query, Transform transform) {
        ApiResource resource = path.resource();
        boolean dryRun = query.dryRun("CreateOptions");
        HasMetadata object = Bodies.read(request, resource);
        if (resource.namespaced()) {
            String namespace = object.getMetadata() == null ? null : object.getMetadata().getNamespace();
            if (namespace != null && !namespace.isEmpty() && !namespace.equals(path.namespace())) {
                throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
            if (object.getMetadata() == null) {
                object.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
            }
            object.getMetadata().setNamespace(path.namespace());
        }
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        HasMetadata decoded = FieldValidation.apply(query, "CreateOptions", object, warnings::add);
        ManagedFields.checkFieldManager("CreateOptions", query.get("fieldManager"), false);
        String manager = ManagedFields.managerOf(query.get("fieldManager"), request.getHeader("User-Agent"));
        HasMetadata created = write("POST " + resource.plural(), dryRun,
                () -> store.create(patches.managed(decoded, null, resource, manager, ""), warnings::add));
        return transform.written(201, created, warnings, clock.now());
    }

    private MockResponse update(RecordedRequest request, RequestPath path, Query query, boolean status, Transform transform) {
        ApiResource resource = path.resource();
        boolean dryRun = query.dryRun("UpdateOptions");
        HasMetadata object = Bodies.read(request, resource);
        if (object.getMetadata() == null) {
            object.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
        }
        String name = object.getMetadata().getName();
        if (name == null || !name.equals(path.name())) {
            // update.go checkName
            throw ApiException.badRequest("the name of the object (" + (name == null ? "" : name)
                    + ") does not match the name on the URL (" + path.name() + ")");
        }
        if (resource.namespaced()) {
            String namespace = object.getMetadata().getNamespace();
            if (namespace != null && !namespace.isEmpty() && !namespace.equals(path.namespace())) {
                throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
            object.getMetadata().setNamespace(path.namespace());
        }
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        HasMetadata decoded = FieldValidation.apply(query, "UpdateOptions", object, warnings::add);
        ManagedFields.checkFieldManager("UpdateOptions", query.get("fieldManager"), false);
        String manager = ManagedFields.managerOf(query.get("fieldManager"), request.getHeader("User-Agent"));
        HasMetadata updated = write("PUT " + resource.plural(), dryRun, () -> status
                ? store.updateStatusIfChanged(patches.managed(decoded, stored(path), resource, manager, path.subresource()))
                        .map(HasMetadata.class::cast)
                        .orElseGet(() -> store.get(resource.type(), path.namespace(), path.name()).orElseThrow())
                : store.updateIfChanged(patches.managed(decoded, stored(path), resource, manager, ""), warnings::add)
                        .map(HasMetadata.class::cast)
                        .orElseGet(() -> store.get(resource.type(), path.namespace(), path.name()).orElseThrow()));
        return transform.written(200, updated, warnings, clock.now());
    }

    /**
     * PUT {@code namespaces/<name>/finalize}: the namespace's spec finalizers replaced (its status kept). A
     * namespace being deleted that is left with no finalizer goes at once; the answer is then the namespace
     * as it was last stored, as the update handler returns the deleted object.
     */
    private MockResponse finalizeNamespace(RecordedRequest request, RequestPath path, Query query) {
        boolean dryRun = query.dryRun("UpdateOptions");
        HasMetadata object = Bodies.read(request, path.resource());
        if (object.getMetadata() == null) {
            object.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
        }
        String name = object.getMetadata().getName();
        if (name == null || !name.equals(path.name())) {
            throw ApiException.badRequest("the name of the object (" + (name == null ? "" : name)
                    + ") does not match the name on the URL (" + path.name() + ")");
        }
        io.fabric8.kubernetes.api.model.Namespace namespace = (io.fabric8.kubernetes.api.model.Namespace) object;
        HasMetadata answer = write("PUT namespaces/finalize", dryRun, () -> {
            HasMetadata before = store.get(io.fabric8.kubernetes.api.model.Namespace.class, null, name)
                    .orElseThrow(() -> ApiException.notFound("namespaces", name));
            return store.finalizeNamespace(namespace).map(HasMetadata.class::cast).orElse(before);
        });
        return Statuses.json(200, answer);
    }

    /** The stored object of a path, or null. */
    private HasMetadata stored(RequestPath path) {
        return store.get(path.resource().type(), path.namespace(), path.name()).orElse(null);
    }

    private MockResponse scale(RecordedRequest request, RequestPath path, Query query) {
        boolean dryRun = query.dryRun("UpdateOptions");
        Scales.Request scale = Scales.read(request, path);
        Map<String, Object> updated = write("PUT " + path.resource().plural() + "/scale", dryRun, () -> Scales.put(store, path, scale));
        return Statuses.json(200, updated);
    }

    private MockResponse delete(RecordedRequest request, RequestPath path, Query query, Transform transform) {
        ApiResource resource = path.resource();
        DeleteOptions options = DeleteOptions.read(request, query);
        Object deleted = write("DELETE " + resource.plural(), options.dryRun(), () -> deleteOne(resource, path.namespace(),
                path.name(), options));
        return transform.written(200, deleted, List.of(), clock.now());
    }

    /**
     * One delete with the engine held: the preconditions, then the store's delete. The answer is the
     * object while it is still stored (graceful deletion, finalizers, a Terminating namespace); once gone, a
     * pod, a Service or a Namespace itself (their storages set ReturnDeletedObject: pkg/registry/core/pod/storage,
     * service/storage, namespace/storage)
     * and for other kinds a Success Status naming it (generic/registry/store.go finalizeDelete).
     */
    private Object deleteOne(ApiResource resource, String namespace, String name, DeleteOptions options) {
        HasMetadata old = store.get(resource.type(), namespace, name)
                .orElseThrow(() -> ApiException.notFound(qualified(resource), name));
        options.checkPreconditions(qualified(resource), old);
        Optional<? extends HasMetadata> still = store.delete(resource.type(), namespace, name, options.gracePeriodSeconds(),
                options.propagation());
        if (still.isPresent()) {
            return still.get();
        }
        if (resource.type() == io.fabric8.kubernetes.api.model.Pod.class
                || resource.type() == io.fabric8.kubernetes.api.model.Service.class
                || resource.type() == io.fabric8.kubernetes.api.model.Namespace.class) {
            return old;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", name);
        if (!resource.group().isEmpty()) {
            details.put("group", resource.group());
        }
        details.put("kind", resource.plural());
        details.put("uid", old.getMetadata().getUid());
        Map<String, Object> success = new LinkedHashMap<>();
        success.put("kind", "Status");
        success.put("apiVersion", "v1");
        success.put("metadata", Map.of());
        success.put("status", "Success");
        success.put("details", details);
        return success;
    }

    private MockResponse deleteCollection(RecordedRequest request, RequestPath path, Query query) {
        ApiResource resource = path.resource();
        DeleteOptions options = DeleteOptions.read(request, query);
        ListOptions selected = listOptions(path, query);
        List<Object> items = write("DELETE " + resource.plural(), options.dryRun(), () -> {
            List<Object> deleted = new ArrayList<>();
            for (HasMetadata object : store.list(resource.type(), selected)) {
                Object result = deleteOne(resource, object.getMetadata().getNamespace(), object.getMetadata().getName(), options);
                deleted.add(result instanceof HasMetadata ? result : object);
            }
            return deleted;
        });
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("kind", resource.kind() + "List");
        list.put("apiVersion", resource.groupVersion());
        list.put("metadata", Map.of("resourceVersion", Long.toString(store.resourceVersion())));
        list.put("items", items);
        return Statuses.json(200, list);
    }

    /** Runs a write with the engine held; a dry run's writes are staged and dropped (ObjectStore.dryRun). */
    private <T> T write(String what, boolean dryRun, Callable<T> task) {
        return loop.exclusive(what, () -> dryRun ? store.dryRun(() -> call(task)) : task.call());
    }

    private static <T> T call(Callable<T> task) {
        try {
            return task.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new PeapodException(e.getMessage(), e);
        }
    }

    /** {@code pods}, {@code deployments.apps}: the resource as the API server's errors name it. */
    static String qualified(ApiResource resource) {
        return resource.group().isEmpty() ? resource.plural() : resource.plural() + "." + resource.group();
    }

    static FieldError forbidden(String field, String detail) {
        return FieldError.forbidden(field, detail);
    }

    static Propagation propagation(String policy) {
        return switch (policy) {
            case "Orphan" -> Propagation.ORPHAN;
            case "Background" -> Propagation.BACKGROUND;
            case "Foreground" -> Propagation.FOREGROUND;
            default -> throw ApiException.invalid("DeleteOptions.meta.k8s.io", "", List.of(FieldError.notSupported(
                    "propagationPolicy", policy, List.of("Foreground", "Background", "Orphan", "nil"))));
        };
    }
}
