package dev.peapod.store;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import org.apiguardian.api.API;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * The custom resources of a cluster's store and the kinds its CustomResourceDefinitions serve: what
 * the apiextensions-apiserver adds to the API server (v1.33). Obtain it from
 * {@link ObjectStore#customResources()}.
 *
 * <p><b>Kinds.</b> A CRD's kind is served once the CRD is Established, which the store does in the
 * same instant as the CRD's create (the naming then the establishing controller's status writes);
 * {@link #served()} lists the served kinds for discovery and routing.
 *
 * <p><b>Objects.</b> Custom resources are {@link GenericKubernetesResource}s, kept per kind
 * ({@code widgets.example.com}) under the store's one resourceVersion, with uid, creationTimestamp and
 * generation as for any object, and stored at the CRD's storage version (conversion {@code None}: only
 * {@code apiVersion} differs between versions). Every write is pruned of the fields its version's
 * {@code openAPIV3Schema} does not specify (unless {@code x-kubernetes-preserve-unknown-fields}), gets
 * the schema's defaults, and is validated against the schema, with the API server's 422 messages.
 * With the {@code status} subresource a create drops {@code status}, an update keeps the stored one and
 * only {@link #updateStatus} changes it; any change outside metadata (and status, when it is a
 * subresource) bumps the generation (customresource/strategy.go).
 *
 * <p><b>Threads</b> as for {@link ObjectStore}: writes and watches by the engine's holder, reads on any thread.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class CustomResources {
    private final ObjectStore store;
    /** By kind ({@code widgets.example.com}), then by etcd key ({@code namespace/name}, or name). */
    private final Map<String, TreeMap<String, GenericKubernetesResource>> objects = new LinkedHashMap<>();
    /** A dry run's writes (empty: removed), by kind then key; null when no dry run is in progress. */
    private Map<String, TreeMap<String, Optional<GenericKubernetesResource>>> staged;
    private final Map<String, List<Watcher>> watchers = new ConcurrentHashMap<>();
    private final Deque<Change> history = new ArrayDeque<>();
    private final Map<String, CustomResourceSchema> schemas = new HashMap<>();
    /** The resourceVersion of the newest change dropped from {@link #history}: a watch from before it has missed changes. */
    private long compacted;

    private record Change(String kind, WatchEvent<GenericKubernetesResource> event, GenericKubernetesResource old) {
    }

    /** A served kind with the CRD that serves it. */
    private record Resolved(ServedKind kind, CustomResourceDefinition crd) {
    }

    CustomResources(ObjectStore store) {
        this.store = store;
    }

    // ---------------------------------------------------------------- kinds

    /** The kinds the Established CRDs serve, in the CRDs' name order. */
    public List<ServedKind> served() {
        List<ServedKind> served = new ArrayList<>();
        for (CustomResourceDefinition crd : store.list(CustomResourceDefinition.class)) {
            if (CustomResourceDefinitions.established(crd)) {
                served.add(CustomResourceDefinitions.servedKind(crd));
            }
        }
        return served;
    }

    /** The served kind of a group whose plural, singular or short name is {@code resource}. */
    public Optional<ServedKind> find(String group, String resource) {
        return served().stream().filter(k -> k.group().equals(group) && (k.plural().equals(resource)
                || k.singular().equals(resource) || k.shortNames().contains(resource))).findFirst();
    }

    /** The served kind of an {@code apiVersion} ({@code example.com/v1}) and kind, if that version is served. */
    public Optional<ServedKind> findKind(String apiVersion, String kind) {
        return resolve(apiVersion, kind).map(Resolved::kind);
    }

    private Optional<Resolved> resolve(String apiVersion, String kind) {
        if (apiVersion == null || kind == null || !apiVersion.contains("/")) {
            return Optional.empty();
        }
        String group = apiVersion.substring(0, apiVersion.indexOf('/'));
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        for (CustomResourceDefinition crd : crds()) {
            if (!CustomResourceDefinitions.established(crd) || !group.equals(crd.getSpec().getGroup())) {
                continue;
            }
            ServedKind served = CustomResourceDefinitions.servedKind(crd);
            if (served.kind().equals(kind) && served.servedVersion(version).isPresent()) {
                return Optional.of(new Resolved(served, crd));
            }
        }
        return Optional.empty();
    }

    /** The stored CRDs: the engine's holder reads them in place (a dry run's too), other threads get copies. */
    private List<CustomResourceDefinition> crds() {
        return store.engineHeld() ? store.peekAll(CustomResourceDefinition.class, ListOptions.all())
                : store.list(CustomResourceDefinition.class);
    }

    private Resolved resolveByResource(String group, String plural) {
        for (CustomResourceDefinition crd : crds()) {
            if (CustomResourceDefinitions.established(crd) && group.equals(crd.getSpec().getGroup())
                    && plural.equals(crd.getStatus().getAcceptedNames().getPlural())) {
                return new Resolved(CustomResourceDefinitions.servedKind(crd), crd);
            }
        }
        // what a request to an unserved resource gets (the API server's 404 for an unknown path)
        throw new ApiException(404, "NotFound", "the server could not find the requested resource", List.of());
    }

    /** The REST mapper's NoKindMatchError, as kubectl and client libraries say it for a kind nothing serves. */
    private static ApiException noMatch(HasMetadata object) {
        return new ApiException(404, "NotFound", "no matches for kind \"" + object.getKind() + "\" in version \""
                + object.getApiVersion() + "\"", List.of());
    }

    // ---------------------------------------------------------------- reads

    /** A copy of the custom resource, if stored; {@code namespace} is ignored for a cluster-scoped kind. */
    public Optional<GenericKubernetesResource> get(String group, String plural, String namespace, String name) {
        return Optional.ofNullable(peek(group, plural, namespace, name)).map(CustomResources::copy);
    }

    GenericKubernetesResource peek(String group, String plural, String namespace, String name) {
        String kind = plural + "." + group;
        boolean namespaced = namespaced(group, plural);
        String key = key(namespaced, namespace, name);
        if (store.engineHeld()) {
            if (staged != null && staged.containsKey(kind) && staged.get(kind).containsKey(key)) {
                return staged.get(kind).get(key).orElse(null);
            }
            return committed(kind).get(key);
        }
        store.readLock().lock();
        try {
            return committed(kind).get(key);
        } finally {
            store.readLock().unlock();
        }
    }

    /**
     * Copies of the custom resources of a kind that match, in etcd's key order. A field selector may
     * use {@code metadata.name}, {@code metadata.namespace} and the version's {@code selectableFields}
     * (by their JSON path without the leading dot, e.g. {@code spec.color}); a kind no Established CRD
     * serves is the API server's 404.
     */
    public List<GenericKubernetesResource> list(String group, String plural, ListOptions options) {
        Selection selection = selection(resolveByResource(group, plural), options);
        List<GenericKubernetesResource> matches = new ArrayList<>();
        for (GenericKubernetesResource object : all(plural + "." + group)) {
            if (selection.matches(object)) {
                matches.add(copy(object));
            }
        }
        return matches;
    }

    /** Whether no custom resource of the kind is stored (a dry run's writes seen by the engine's holder). */
    boolean isEmpty(ServedKind kind) {
        return all(kind.qualified()).isEmpty();
    }

    /**
     * A list's or watch's options: the metadata fields as for any kind, and the terms on the storage
     * version's {@code selectableFields} (v1.33, CustomResourceFieldSelectors), which the object's value at
     * that path decides: its text, {@code ""} when absent.
     */
    private record Selection(ListOptions options, List<FieldSelector.Term> selectable) {
        boolean matches(GenericKubernetesResource object) {
            if (!options.matches(object)) {
                return false;
            }
            for (FieldSelector.Term term : selectable) {
                if (value(object, term.field()).equals(term.value()) != term.equal()) {
                    return false;
                }
            }
            return true;
        }

        private static String value(GenericKubernetesResource object, String path) {
            Object current = object.getAdditionalProperties();
            for (String part : path.split("\\.")) {
                if (!(current instanceof Map<?, ?> map)) {
                    return "";
                }
                current = map.get(part);
            }
            return current == null || current instanceof Map || current instanceof List ? "" : String.valueOf(current);
        }
    }

    private static Selection selection(Resolved resolved, ListOptions options) {
        List<String> selectable = new ArrayList<>();
        CustomResourceDefinitions.version(resolved.crd(), resolved.kind().storageVersion().name())
                .map(CustomResourceDefinitionVersion::getSelectableFields).ifPresent(fields -> fields.forEach(
                        field -> selectable.add(field.getJsonPath().startsWith(".") ? field.getJsonPath().substring(1) : field.getJsonPath())));
        List<FieldSelector.Term> own = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (FieldSelector.Term term : options.fields().terms()) {
            if (selectable.contains(term.field())) {
                own.add(term);
            } else {
                rest.add(term.toString());
            }
        }
        ListOptions remaining = own.isEmpty() ? options
                : new ListOptions(options.namespace(), options.labels(), FieldSelector.parse(String.join(",", rest)));
        return new Selection(remaining.forKind(GenericKubernetesResource.class), own);
    }

    public List<GenericKubernetesResource> list(String group, String plural) {
        return list(group, plural, ListOptions.all());
    }

    private List<GenericKubernetesResource> all(String kind) {
        if (store.engineHeld()) {
            TreeMap<String, GenericKubernetesResource> merged = new TreeMap<>(committed(kind));
            if (staged != null && staged.containsKey(kind)) {
                staged.get(kind).forEach((key, value) -> {
                    if (value.isPresent()) {
                        merged.put(key, value.get());
                    } else {
                        merged.remove(key);
                    }
                });
            }
            return new ArrayList<>(merged.values());
        }
        store.readLock().lock();
        try {
            return new ArrayList<>(committed(kind).values());
        } finally {
            store.readLock().unlock();
        }
    }

    private TreeMap<String, GenericKubernetesResource> committed(String kind) {
        return objects.getOrDefault(kind, new TreeMap<>());
    }

    private boolean namespaced(String group, String plural) {
        for (CustomResourceDefinition crd : crds()) {
            if (group.equals(crd.getSpec().getGroup()) && plural.equals(crd.getSpec().getNames().getPlural())) {
                return "Namespaced".equals(crd.getSpec().getScope());
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- decoding, for the HTTP face

    /** ObjectMeta's fields: any other field of a custom resource's metadata is unknown (and dropped). */
    private static final java.util.Set<String> OBJECT_META_FIELDS = java.util.Set.of("annotations", "creationTimestamp",
            "deletionGracePeriodSeconds", "deletionTimestamp", "finalizers", "generateName", "generation", "labels",
            "managedFields", "name", "namespace", "ownerReferences", "resourceVersion", "selfLink", "uid");

    /**
     * What the API server's decoder does to a custom resource of a served version before anything else sees it
     * (apiextensions-apiserver's unstructuredSchemaCoercer, then its defaulter): drops, in place, the fields the
     * version's schema does not specify and the unknown fields of metadata, then sets the schema's defaults.
     * Answers the paths of what it dropped as fieldValidation reports them: metadata's first, in document order
     * ({@code metadata.foo}), then the pruned ones in name order ({@code spec.foo}, {@code spec.items[0].bar}).
     * With the engine held; the kind must be served ({@code 404} otherwise).
     */
    public List<String> decode(String group, String plural, String version, ObjectNode tree) {
        Resolved resolved = resolveByResource(group, plural);
        List<String> unknown = new ArrayList<>();
        if (tree.get("metadata") instanceof ObjectNode metadata) {
            List<String> extra = new ArrayList<>();
            metadata.propertyNames().forEach(name -> {
                if (!OBJECT_META_FIELDS.contains(name)) {
                    extra.add(name);
                }
            });
            extra.forEach(name -> {
                metadata.remove(name);
                unknown.add("metadata." + name);
            });
        }
        CustomResourceSchema schema = schema(resolved.crd(), version);
        unknown.addAll(schema.prune(tree));
        schema.applyDefaults(tree);
        return unknown;
    }

    /**
     * The {@code additionalPrinterColumns} of a served version of a kind, as its CRD declares them (empty when it
     * declares none; the API server then prints an Age column).
     */
    public List<io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition> printerColumns(String group,
            String plural, String version) {
        CustomResourceDefinitionVersion served = CustomResourceDefinitions.version(resolveByResource(group, plural).crd(), version)
                .orElseThrow();
        return served.getAdditionalPrinterColumns() == null ? List.of() : List.copyOf(served.getAdditionalPrinterColumns());
    }

    /** The {@code openAPIV3Schema} of a served version of a kind, as JSON (a copy). With the engine held. */
    public ObjectNode openApiSchema(String group, String plural, String version) {
        return schema(resolveByResource(group, plural).crd(), version).json();
    }

    // ---------------------------------------------------------------- writes

    /** Creates a custom resource as POST does; the argument is not modified. */
    public GenericKubernetesResource create(GenericKubernetesResource object) {
        store.checkWriter("CustomResources.create");
        Resolved resolved = resolve(object.getApiVersion(), object.getKind()).orElseThrow(() -> noMatch(object));
        if (CustomResourceDefinitions.terminating(resolved.crd())) {
            // crdHandler: no new objects while the CRD's custom resources are being deleted
            throw new ApiException(405, "MethodNotAllowed", "create not allowed while custom resource definition is terminating",
                    List.of());
        }
        ServedKind kind = resolved.kind();
        String version = version(object);
        ObjectNode tree = CustomResourceSchema.tree(object);
        CustomResourceSchema schema = schema(resolved.crd(), version);
        schema.prune(tree);
        schema.applyDefaults(tree);
        if (kind.servedVersion(version).orElseThrow().status()) {
            tree.remove("status"); // PrepareForCreate: create cannot set status
        }
        GenericKubernetesResource created = CustomResourceSchema.convert(tree, GenericKubernetesResource.class);
        ObjectMeta meta = created.getMetadata() == null ? new ObjectMeta() : created.getMetadata();
        created.setMetadata(meta);
        meta.setAdditionalProperties(new LinkedHashMap<>()); // ObjectMeta's unknown fields are pruned too
        if (kind.namespaced()) {
            if (meta.getNamespace() == null || meta.getNamespace().isEmpty()) {
                meta.setNamespace("default");
            }
            store.requireNamespaceExists(meta.getNamespace());
            store.requireNotTerminating(kind.qualified(), meta);
        } else {
            meta.setNamespace(null);
        }
        if (meta.getName() == null || meta.getName().isEmpty()) {
            String prefix = meta.getGenerateName();
            if (prefix == null || prefix.isEmpty()) {
                throw ApiException.invalid(kind.groupKind(), "",
                        List.of(FieldError.required("metadata.name", "name or generateName is required")));
            }
            meta.setName(store.generateName(prefix, name -> peek(kind.group(), kind.plural(), meta.getNamespace(), name) != null));
        }
        store.admission().admit(Admission.Operation.CREATE, created, null, store);
        validate(kind, schema, created);
        GenericKubernetesResource existing = peek(kind.group(), kind.plural(), meta.getNamespace(), meta.getName());
        if (existing != null) {
            ApiException exists = ApiException.alreadyExists(kind.qualified(), meta.getName());
            throw existing.getMetadata().getDeletionTimestamp() == null ? exists
                    : new ApiException(exists.code(), exists.reason(), "object is being deleted: " + exists.getMessage(), List.of());
        }
        meta.setUid(store.newUid());
        meta.setCreationTimestamp(store.nowText());
        meta.setDeletionTimestamp(null);
        meta.setDeletionGracePeriodSeconds(null);
        meta.setGeneration(1L);
        meta.setResourceVersion(null);
        created.setApiVersion(kind.group() + "/" + kind.storageVersion().name());
        GenericKubernetesResource stored = commit(kind, created, null, WatchEvent.Type.ADDED);
        return inVersion(stored, object.getApiVersion());
    }

    /**
     * Replaces a custom resource as PUT does. A stale resourceVersion is a Conflict; none means an
     * unconditional update. With the status subresource the stored status is kept.
     */
    public GenericKubernetesResource update(GenericKubernetesResource object) {
        store.checkWriter("CustomResources.update");
        Resolved resolved = resolve(object.getApiVersion(), object.getKind()).orElseThrow(() -> noMatch(object));
        GenericKubernetesResource old = existing(resolved.kind(), object);
        GenericKubernetesResource updated = admitUpdate(resolved, object, old, false);
        return inVersion(write(resolved.kind(), updated, old), object.getApiVersion());
    }

    /** As {@link #update}, but an update equal to the stored object is not written (as kubectl apply of an unchanged manifest). */
    public Optional<GenericKubernetesResource> updateIfChanged(GenericKubernetesResource object) {
        store.checkWriter("CustomResources.updateIfChanged");
        Resolved resolved = resolve(object.getApiVersion(), object.getKind()).orElseThrow(() -> noMatch(object));
        GenericKubernetesResource old = existing(resolved.kind(), object);
        GenericKubernetesResource updated = admitUpdate(resolved, object, old, false);
        updated.getMetadata().setResourceVersion(old.getMetadata().getResourceVersion());
        if (CustomResourceSchema.tree(updated).equals(CustomResourceSchema.tree(old))) {
            return Optional.empty();
        }
        return Optional.of(inVersion(write(resolved.kind(), updated, old), object.getApiVersion()));
    }

    /**
     * Replaces the status, as PUT on {@code <plural>/<name>/status} does: everything else is the stored
     * object's. A kind without the status subresource has no such path: 404.
     */
    public GenericKubernetesResource updateStatus(GenericKubernetesResource object) {
        store.checkWriter("CustomResources.updateStatus");
        Resolved resolved = resolve(object.getApiVersion(), object.getKind()).orElseThrow(() -> noMatch(object));
        if (!resolved.kind().servedVersion(version(object)).orElseThrow().status()) {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource", List.of());
        }
        GenericKubernetesResource old = existing(resolved.kind(), object);
        GenericKubernetesResource updated = admitUpdate(resolved, object, old, true);
        return inVersion(write(resolved.kind(), updated, old), object.getApiVersion());
    }

    /**
     * As {@link #updateStatus}, but a status write that changes nothing is not written (upstream's GuaranteedUpdate
     * skips a write whose object equals the stored one: no new resourceVersion, no watch event).
     */
    public Optional<GenericKubernetesResource> updateStatusIfChanged(GenericKubernetesResource object) {
        store.checkWriter("CustomResources.updateStatusIfChanged");
        Resolved resolved = resolve(object.getApiVersion(), object.getKind()).orElseThrow(() -> noMatch(object));
        if (!resolved.kind().servedVersion(version(object)).orElseThrow().status()) {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource", List.of());
        }
        GenericKubernetesResource old = existing(resolved.kind(), object);
        GenericKubernetesResource updated = admitUpdate(resolved, object, old, true);
        updated.getMetadata().setResourceVersion(old.getMetadata().getResourceVersion());
        if (CustomResourceSchema.tree(updated).equals(CustomResourceSchema.tree(old))) {
            return Optional.empty();
        }
        return Optional.of(inVersion(write(resolved.kind(), updated, old), object.getApiVersion()));
    }

    /**
     * GET {@code <plural>/<name>/scale} (registry/customresource/etcd.go, ScaleREST): an autoscaling/v1
     * Scale whose replicas are read at the version's specReplicasPath and statusReplicasPath (0 when
     * absent) and whose selector at labelSelectorPath. A kind without the scale subresource: 404.
     */
    public io.fabric8.kubernetes.api.model.autoscaling.v1.Scale scale(String group, String plural, String namespace, String name) {
        Resolved resolved = resolveByResource(group, plural);
        ServedKind.Scale paths = scalePaths(resolved.kind());
        GenericKubernetesResource object = peek(group, plural, namespace, name);
        if (object == null) {
            throw ApiException.notFound(resolved.kind().qualified(), name);
        }
        return scaleOf(object, paths);
    }

    /**
     * PUT {@code <plural>/<name>/scale}: the replicas are written at specReplicasPath by an update of the
     * object (so its schema checks them and its generation goes up); a stale resourceVersion is a Conflict.
     */
    public io.fabric8.kubernetes.api.model.autoscaling.v1.Scale updateScale(String group, String plural, String namespace, String name,
                                                                            int replicas, String resourceVersion) {
        store.checkWriter("CustomResources.updateScale");
        Resolved resolved = resolveByResource(group, plural);
        ServedKind.Scale paths = scalePaths(resolved.kind());
        GenericKubernetesResource old = peek(group, plural, namespace, name);
        if (old == null) {
            throw ApiException.notFound(resolved.kind().qualified(), name);
        }
        if (resourceVersion != null && !resourceVersion.isEmpty() && !resourceVersion.equals(old.getMetadata().getResourceVersion())) {
            throw ApiException.conflict(resolved.kind().qualified(), name);
        }
        ObjectNode tree = CustomResourceSchema.tree(old);
        String[] parts = paths.specReplicasPath().substring(1).split("\\.");
        ObjectNode parent = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = parent.get(parts[i]) instanceof ObjectNode child ? child : parent.putObject(parts[i]);
        }
        parent.put(parts[parts.length - 1], replicas);
        GenericKubernetesResource request = CustomResourceSchema.convert(tree, GenericKubernetesResource.class);
        GenericKubernetesResource updated = admitUpdate(resolved, request, old, false);
        return scaleOf(write(resolved.kind(), updated, old), paths);
    }

    private static ServedKind.Scale scalePaths(ServedKind kind) {
        return kind.storageVersion().scale().orElseThrow(() ->
                new ApiException(404, "NotFound", "the server could not find the requested resource", List.of()));
    }

    private static io.fabric8.kubernetes.api.model.autoscaling.v1.Scale scaleOf(GenericKubernetesResource object, ServedKind.Scale paths) {
        ObjectNode tree = CustomResourceSchema.tree(object);
        io.fabric8.kubernetes.api.model.autoscaling.v1.Scale scale = new io.fabric8.kubernetes.api.model.autoscaling.v1.Scale();
        scale.setApiVersion("autoscaling/v1");
        scale.setKind("Scale");
        ObjectMeta meta = new ObjectMeta();
        meta.setName(object.getMetadata().getName());
        meta.setNamespace(object.getMetadata().getNamespace());
        meta.setUid(object.getMetadata().getUid());
        meta.setResourceVersion(object.getMetadata().getResourceVersion());
        meta.setCreationTimestamp(object.getMetadata().getCreationTimestamp());
        scale.setMetadata(meta);
        scale.setSpec(new io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleSpec(at(tree, paths.specReplicasPath()).asInt(0)));
        io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleStatus status = new io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleStatus();
        status.setReplicas(at(tree, paths.statusReplicasPath()).asInt(0));
        if (paths.labelSelectorPath() != null && at(tree, paths.labelSelectorPath()).isString()) {
            status.setSelector(at(tree, paths.labelSelectorPath()).asString());
        }
        scale.setStatus(status);
        return scale;
    }

    private static tools.jackson.databind.JsonNode at(ObjectNode tree, String path) {
        tools.jackson.databind.JsonNode node = tree;
        for (String part : path.substring(1).split("\\.")) {
            node = node.path(part);
        }
        return node;
    }

    /**
     * Deletes a custom resource as DELETE does: at once, or, with finalizers, marked with a
     * deletionTimestamp (and a bumped generation) until they are removed. Returns the object still stored, if any.
     */
    public Optional<GenericKubernetesResource> delete(String group, String plural, String namespace, String name) {
        store.checkWriter("CustomResources.delete");
        Resolved resolved = resolveByResource(group, plural);
        return deleteObject(resolved.kind(), namespace, name).map(CustomResources::copy);
    }

    private Optional<GenericKubernetesResource> deleteObject(ServedKind kind, String namespace, String name) {
        GenericKubernetesResource old = peek(kind.group(), kind.plural(), namespace, name);
        if (old == null) {
            throw ApiException.notFound(kind.qualified(), name);
        }
        List<String> finalizers = old.getMetadata().getFinalizers();
        if (finalizers == null || finalizers.isEmpty()) {
            remove(kind, old);
            return Optional.empty();
        }
        if (old.getMetadata().getDeletionTimestamp() != null) {
            return Optional.of(old);
        }
        GenericKubernetesResource deleting = copy(old);
        deleting.getMetadata().setDeletionTimestamp(store.nowText());
        deleting.getMetadata().setDeletionGracePeriodSeconds(0L);
        Long generation = deleting.getMetadata().getGeneration();
        if (generation != null && generation > 0) {
            deleting.getMetadata().setGeneration(generation + 1);
        }
        return Optional.of(commit(kind, deleting, old, WatchEvent.Type.MODIFIED));
    }

    /**
     * The CRD finalizer's DeleteCollection of every custom resource of a kind; true when none is left
     * (those with finalizers stay until their finalizers are removed).
     */
    boolean deleteAll(ServedKind kind) {
        for (GenericKubernetesResource object : all(kind.qualified())) {
            deleteObject(kind, object.getMetadata().getNamespace(), object.getMetadata().getName());
        }
        return all(kind.qualified()).isEmpty();
    }

    /** Watches a kind as {@link ObjectStore#watch} watches a typed kind: list-then-watch from 0 or null, else replay. */
    public Watch watch(String group, String plural, ListOptions options, Long fromResourceVersion,
                       Consumer<WatchEvent<GenericKubernetesResource>> listener) {
        store.checkWriter("CustomResources.watch");
        if (staged != null) {
            throw new dev.peapod.core.PeapodException("a watch cannot be opened during a dry run: nothing of a dry run is ever committed");
        }
        String kind = plural + "." + group;
        Watcher watcher = new Watcher(kind, selection(resolveByResource(group, plural), options), listener);
        long current = store.resourceVersion();
        if (fromResourceVersion == null || fromResourceVersion == 0) {
            for (GenericKubernetesResource object : all(kind)) {
                if (watcher.options.matches(object)) {
                    WatchEvent<GenericKubernetesResource> event = new WatchEvent<>(WatchEvent.Type.ADDED, object, current);
                    store.enqueueDelivery(() -> watcher.deliver(event));
                }
            }
        } else {
            if (fromResourceVersion > current) {
                throw new ApiException(504, "Timeout", "Timeout: Too large resource version: " + fromResourceVersion
                        + ", current: " + current, List.of());
            }
            long oldest = compacted;
            if (fromResourceVersion < oldest) {
                throw ApiException.gone(fromResourceVersion, oldest);
            }
            for (Change change : history) {
                if (change.kind().equals(kind) && change.event().resourceVersion() > fromResourceVersion) {
                    WatchEvent<GenericKubernetesResource> seen = watcher.translate(change.event(), change.old());
                    if (seen != null) {
                        store.enqueueDelivery(() -> watcher.deliver(seen));
                    }
                }
            }
        }
        watchers.computeIfAbsent(kind, k -> new CopyOnWriteArrayList<>()).add(watcher);
        store.drainDeliveries();
        return watcher::close;
    }

    // ---------------------------------------------------------------- internals

    private GenericKubernetesResource existing(ServedKind kind, GenericKubernetesResource object) {
        ObjectMeta meta = object.getMetadata();
        if (meta == null || meta.getName() == null || meta.getName().isEmpty()) {
            throw ApiException.invalid(kind.groupKind(), "", List.of(FieldError.required("metadata.name", "name or generateName is required")));
        }
        String namespace = kind.namespaced() ? Objects.requireNonNullElse(meta.getNamespace(), "default") : null;
        GenericKubernetesResource old = peek(kind.group(), kind.plural(), namespace, meta.getName());
        if (old == null) {
            throw ApiException.notFound(kind.qualified(), meta.getName());
        }
        String expected = meta.getResourceVersion();
        if (expected != null && !expected.isEmpty() && !expected.equals(old.getMetadata().getResourceVersion())) {
            throw ApiException.conflict(kind.qualified(), meta.getName());
        }
        String uid = meta.getUid();
        if (uid != null && !uid.isEmpty() && !uid.equals(old.getMetadata().getUid())) {
            throw ApiException.invalid(kind.groupKind(), meta.getName(), List.of(FieldError.invalid("metadata.uid", uid, "field is immutable")));
        }
        return old;
    }

    /**
     * The object an update (or, with {@code statusOnly}, a status update) would store: pruned and
     * defaulted, status or everything but status taken from the stored object, system fields kept,
     * generation bumped when anything but metadata (and a status subresource) changed, admitted and validated.
     */
    private GenericKubernetesResource admitUpdate(Resolved resolved, GenericKubernetesResource object, GenericKubernetesResource old,
                                                  boolean statusOnly) {
        ServedKind kind = resolved.kind();
        CustomResourceSchema schema = schema(resolved.crd(), version(object));
        ObjectNode request = CustomResourceSchema.tree(object);
        schema.prune(request);
        schema.applyDefaults(request);
        ObjectNode stored = CustomResourceSchema.tree(old);
        boolean statusSubresource = kind.servedVersion(version(object)).orElseThrow().status();
        ObjectNode next;
        if (statusOnly) {
            next = stored.deepCopy(); // statusStrategy.PrepareForUpdate: the old object with the new status
            // and the request's managedFields, which the field manager set for this status write
            if (request.path("metadata").get("managedFields") instanceof tools.jackson.databind.node.ArrayNode managed
                    && next.get("metadata") instanceof ObjectNode metadata) {
                metadata.set("managedFields", managed);
            }
            if (request.has("status")) {
                next.set("status", request.get("status"));
            } else {
                next.remove("status");
            }
        } else {
            next = request;
            if (statusSubresource) {
                if (stored.has("status")) {
                    next.set("status", stored.get("status"));
                } else {
                    next.remove("status");
                }
            }
        }
        next.put("apiVersion", old.getApiVersion());
        GenericKubernetesResource updated = CustomResourceSchema.convert(next, GenericKubernetesResource.class);
        ObjectMeta meta = updated.getMetadata();
        meta.setAdditionalProperties(new LinkedHashMap<>());
        ObjectMeta oldMeta = old.getMetadata();
        meta.setName(oldMeta.getName());
        meta.setNamespace(oldMeta.getNamespace());
        meta.setUid(oldMeta.getUid());
        meta.setCreationTimestamp(oldMeta.getCreationTimestamp());
        meta.setDeletionTimestamp(oldMeta.getDeletionTimestamp());
        meta.setDeletionGracePeriodSeconds(oldMeta.getDeletionGracePeriodSeconds());
        meta.setGeneration(oldMeta.getGeneration());
        if (!statusOnly && !nonMetadata(next).equals(nonMetadata(stored))) {
            meta.setGeneration(oldMeta.getGeneration() == null ? 1L : oldMeta.getGeneration() + 1);
        }
        store.admission().admit(Admission.Operation.UPDATE, updated, old, store);
        validate(kind, schema, updated);
        return updated;
    }

    private static ObjectNode nonMetadata(ObjectNode tree) {
        ObjectNode copy = tree.deepCopy();
        copy.remove("metadata");
        copy.remove("apiVersion");
        return copy;
    }

    private static void validate(ServedKind kind, CustomResourceSchema schema, GenericKubernetesResource object) {
        List<FieldError> errors = schema.validate(CustomResourceSchema.tree(object));
        if (!errors.isEmpty()) {
            throw ApiException.invalid(kind.groupKind(), object.getMetadata().getName(), errors);
        }
    }

    /** The end of an update: store the object, or delete it when its last finalizer went during its deletion. */
    private GenericKubernetesResource write(ServedKind kind, GenericKubernetesResource updated, GenericKubernetesResource old) {
        List<String> finalizers = updated.getMetadata().getFinalizers();
        if (old.getMetadata().getDeletionTimestamp() != null && (finalizers == null || finalizers.isEmpty())) {
            return remove(kind, old);
        }
        return commit(kind, updated, old, WatchEvent.Type.MODIFIED);
    }

    private GenericKubernetesResource commit(ServedKind kind, GenericKubernetesResource object, GenericKubernetesResource old,
                                             WatchEvent.Type type) {
        String key = key(kind.namespaced(), object.getMetadata().getNamespace(), object.getMetadata().getName());
        if (store.staging()) {
            object.getMetadata().setResourceVersion(Long.toString(store.nextStagedVersion()));
            staged.computeIfAbsent(kind.qualified(), k -> new TreeMap<>()).put(key, Optional.of(object));
            return object;
        }
        long version;
        store.writeLock().lock();
        try {
            version = store.nextVersion();
            object.getMetadata().setResourceVersion(Long.toString(version));
            objects.computeIfAbsent(kind.qualified(), k -> new TreeMap<>()).put(key, object);
        } finally {
            store.writeLock().unlock();
        }
        publish(kind.qualified(), new WatchEvent<>(type, object, version), old);
        return object;
    }

    private GenericKubernetesResource remove(ServedKind kind, GenericKubernetesResource old) {
        String key = key(kind.namespaced(), old.getMetadata().getNamespace(), old.getMetadata().getName());
        GenericKubernetesResource gone = copy(old);
        if (store.staging()) {
            gone.getMetadata().setResourceVersion(Long.toString(store.nextStagedVersion()));
            staged.computeIfAbsent(kind.qualified(), k -> new TreeMap<>()).put(key, Optional.empty());
        } else {
            long version;
            store.writeLock().lock();
            try {
                version = store.nextVersion();
                gone.getMetadata().setResourceVersion(Long.toString(version));
                objects.get(kind.qualified()).remove(key);
            } finally {
                store.writeLock().unlock();
            }
            publish(kind.qualified(), new WatchEvent<>(WatchEvent.Type.DELETED, gone, version), old);
        }
        store.customResourceRemoved(kind);
        return gone;
    }

    private void publish(String kind, WatchEvent<GenericKubernetesResource> event, GenericKubernetesResource old) {
        history.addLast(new Change(kind, event, old));
        while (history.size() > store.historyLimit()) {
            compacted = history.removeFirst().event().resourceVersion();
        }
        for (Watcher watcher : watchers.getOrDefault(kind, List.of())) {
            WatchEvent<GenericKubernetesResource> seen = watcher.translate(event, old);
            if (seen != null) {
                store.enqueueDelivery(() -> watcher.deliver(seen));
            }
        }
        store.drainDeliveries();
    }

    void beginDryRun() {
        staged = new HashMap<>();
    }

    void endDryRun() {
        staged = null;
    }

    /** The schema of a CRD's version, built once per CRD generation. */
    private CustomResourceSchema schema(CustomResourceDefinition crd, String version) {
        String key = crd.getMetadata().getUid() + "/" + crd.getMetadata().getGeneration() + "/" + version;
        return schemas.computeIfAbsent(key, k -> {
            CustomResourceDefinitionVersion served = CustomResourceDefinitions.version(crd, version).orElseThrow();
            return new CustomResourceSchema(served.getSchema().getOpenAPIV3Schema());
        });
    }

    private static String version(HasMetadata object) {
        String apiVersion = object.getApiVersion();
        return apiVersion.substring(apiVersion.indexOf('/') + 1);
    }

    private static GenericKubernetesResource inVersion(GenericKubernetesResource stored, String apiVersion) {
        GenericKubernetesResource copy = copy(stored);
        copy.setApiVersion(apiVersion);
        return copy;
    }

    static GenericKubernetesResource copy(GenericKubernetesResource object) {
        return CustomResourceSchema.convert(CustomResourceSchema.tree(object), GenericKubernetesResource.class);
    }

    private static String key(boolean namespaced, String namespace, String name) {
        return namespaced ? Objects.requireNonNullElse(namespace, "default") + "/" + name : name;
    }

    private final class Watcher {
        final String kind;
        final Selection options;
        final Consumer<WatchEvent<GenericKubernetesResource>> listener;
        volatile boolean closed;

        /** The selection as a predicate, made once. */
        private final java.util.function.Predicate<GenericKubernetesResource> matches;

        Watcher(String kind, Selection options, Consumer<WatchEvent<GenericKubernetesResource>> listener) {
            this.kind = kind;
            this.options = options;
            this.listener = listener;
            this.matches = options::matches;
        }

        /** What this watcher sees of a change, as the typed watches ({@link WatchEvent#seenThrough}). */
        WatchEvent<GenericKubernetesResource> translate(WatchEvent<GenericKubernetesResource> event, GenericKubernetesResource old) {
            return WatchEvent.seenThrough(event, old, matches, CustomResources::copy);
        }

        void deliver(WatchEvent<GenericKubernetesResource> event) {
            if (!closed) {
                listener.accept(event);
            }
        }

        void close() {
            closed = true;
            List<Watcher> index = watchers.get(kind);
            if (index != null) {
                index.remove(this);
            }
        }
    }
}
