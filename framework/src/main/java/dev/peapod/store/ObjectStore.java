package dev.peapod.store;

import dev.peapod.core.PeapodException;
import dev.peapod.time.VirtualClock;
import dev.peapod.time.EngineLock;
import dev.peapod.time.WrongThreadException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionStatus;
import org.apiguardian.api.API;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * Peapod's own API storage: typed Fabric8 objects under one cluster-wide resourceVersion, with the
 * API server's write semantics (uid, creationTimestamp, generateName, namespaces, optimistic
 * concurrency, the status subresource, graceful pod deletion) and in-process watches.
 *
 * <p>Stored objects are never changed in place: every write stores a fresh copy. Objects handed to
 * watchers are shared and must not be modified; {@link #get} and {@link #list} return copies.
 * Listing order is etcd's key order: {@code namespace/name} compared as strings.
 *
 * <p><b>Threads</b> (DESIGN §2). The store is written by the thread that holds its cluster's
 * {@link EngineLock}: the cluster's own thread, or an HTTP request's thread inside
 * {@link dev.peapod.time.EventLoop#exclusive}. {@code create}, {@code update}, {@code updateStatus},
 * {@code edit}, {@code editStatus}, {@code bind}, {@code delete}, {@code dryRun} and {@code watch} called on
 * another thread throw a {@link WrongThreadException} before changing anything. Other threads write through
 * the loop's {@link dev.peapod.time.Inbox}: {@code cluster.inbox().submit(() -> store.create(obj))} runs the
 * write at the loop's next step, so watchers are always notified by the engine's holder, one change at a
 * time, in resourceVersion order, exactly as for the loop's own writes. Reads ({@link #get}, {@link #peek},
 * {@link #list}, {@link #require}, {@link #resourceVersion}) work on any thread: the holder reads directly (it
 * is the only writer), other threads under a read lock that each write holds while it changes the maps, so a
 * {@code list} is one consistent snapshot of the store between two writes. {@link Watch#close} is safe on any
 * thread.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ObjectStore implements StoreReader {
    /** Changes kept for watches that resume from a resourceVersion, as etcd keeps a compaction window. */
    public static final int DEFAULT_HISTORY = 10_000;
    /** The suffix alphabet of generateName (k8s.io/apimachinery/pkg/util/rand: no vowels, no look-alikes). */
    private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
    private static final List<String> INITIAL_NAMESPACES = List.of("default", "kube-node-lease", "kube-public", "kube-system");

    private final VirtualClock clock;
    private final Random random;
    private final Admission admission;
    private final int historyLimit;
    private final Map<Class<?>, TreeMap<String, HasMetadata>> objects = new LinkedHashMap<>();
    private final Deque<Change> history = new ArrayDeque<>();
    /**
     * The bound pods by {@code spec.nodeName}, each node's in key order: a list of one node's pods (a
     * kubelet's, the node lifecycle controller's) reads that node's, not every pod of the cluster, as
     * upstream's informers index pods by node (issue #13). Changed with {@link #objects}, under the lock.
     */
    private final Map<String, TreeMap<String, HasMetadata>> podsByNode = new java.util.HashMap<>();
    /**
     * The open watchers by kind, those of Pods that select one {@code spec.nodeName} (the kubelets'
     * watches) apart by node: a pod's write is translated for the watchers that can see it, not for a
     * thousand kubelets' watches that would all say no. Delivery keeps the order watches were opened
     * in. Copy-on-write lists, so that another thread may close a watch while the loop thread publishes.
     */
    private final Map<Class<?>, List<Watcher<?>>> watchersByKind = new ConcurrentHashMap<>();
    private final Map<String, List<Watcher<?>>> podWatchersByNode = new ConcurrentHashMap<>();
    private long watchersOpened;
    /** Says which thread may write now (the cluster's, or an HTTP request's); that thread reads without the lock. */
    private final EngineLock engine;
    /** Held for writing while a write changes the maps, for reading by other threads' reads. */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Deque<Runnable> deliveries = new ArrayDeque<>();
    private boolean delivering;
    private long resourceVersion;
    /** ConfigMap and Secret writes so far ({@link #configDataWrites}). */
    private long configDataWrites;
    /** The overlay of a {@link #dryRun} in progress, null otherwise; only the engine's holder sets or reads it. */
    private Staging staging;
    private final Shared shared = new Shared();
    /** The custom resources and the kinds the CRDs serve (issue #14). */
    private final CustomResources customResources = new CustomResources(this);

    /** One write, with the object before it (null for a creation): what the watch cache keeps as PrevObject. */
    private record Change(Class<?> kind, WatchEvent<?> event, HasMetadata old) {
    }

    public ObjectStore(VirtualClock clock, Random random, Admission admission) {
        this(clock, random, admission, DEFAULT_HISTORY);
    }

    public ObjectStore(VirtualClock clock, Random random, Admission admission, int historyLimit) {
        this(clock, random, admission, historyLimit, new EngineLock());
    }

    /** A store whose writers take turns under {@code engine}, the lock its cluster's event loop runs under. */
    public ObjectStore(VirtualClock clock, Random random, Admission admission, int historyLimit, EngineLock engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.admission = Objects.requireNonNull(admission, "admission");
        this.historyLimit = historyLimit;
        for (String name : INITIAL_NAMESPACES) {
            create(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata()
                    .withNewStatus().withPhase("Active").endStatus().build());
        }
    }

    /**
     * The typed kinds this store has held an object of, in the order it first stored one: what the
     * namespace controller's discovery finds to delete in a namespace being terminated.
     */
    @API(status = INTERNAL, since = "0.1")
    public List<Class<? extends HasMetadata>> kinds() {
        List<Class<? extends HasMetadata>> kinds = new ArrayList<>();
        lock.readLock().lock();
        try {
            for (Class<?> kind : objects.keySet()) {
                @SuppressWarnings("unchecked")
                Class<? extends HasMetadata> typed = (Class<? extends HasMetadata>) kind;
                kinds.add(typed);
            }
        } finally {
            lock.readLock().unlock();
        }
        return kinds;
    }

    /** The cluster-wide resourceVersion of the last write. */
    public long resourceVersion() {
        if (engine.isHeldByCurrentThread()) {
            return staging != null ? staging.resourceVersion : resourceVersion;
        }
        lock.readLock().lock();
        try {
            return resourceVersion;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The custom resources of this store and the kinds its Established CustomResourceDefinitions serve.
     * A {@link GenericKubernetesResource} given to {@link #create}, {@link #update}, {@link #updateIfChanged}
     * or {@link #updateStatus} goes there too.
     */
    public CustomResources customResources() {
        return customResources;
    }

    /**
     * How many times a ConfigMap or a Secret was created, updated or deleted (a dry run's staged writes
     * too), for the loop thread: while it stays the same, every ConfigMap and Secret reads as it did, so a
     * kubelet need not look again at the ones its pods' volumes read.
     */
    @API(status = INTERNAL, since = "0.1")
    public long configDataWrites() {
        return configDataWrites;
    }

    // ---------------------------------------------------------------- reads

    @Override
    public <T extends HasMetadata> Optional<T> get(Class<T> kind, String namespace, String name) {
        return Optional.ofNullable(peek(kind, namespace, name)).map(Copies::copy);
    }

    /**
     * The stored object itself, not a copy: for engine components on the hot path, which must not
     * modify it.
     */
    public <T extends HasMetadata> T peek(Class<T> kind, String namespace, String name) {
        typedOnly(kind);
        if (engine.isHeldByCurrentThread()) {
            return findStaged(kind, namespace, name);
        }
        lock.readLock().lock();
        try {
            return find(kind, namespace, name);
        } finally {
            lock.readLock().unlock();
        }
    }

    private <T extends HasMetadata> T find(Class<T> kind, String namespace, String name) {
        TreeMap<String, HasMetadata> byKey = objects.get(kind);
        return byKey == null ? null : kind.cast(byKey.get(key(kind, namespace, name)));
    }

    /** As {@link #find}, through the overlay of a dry run: for the engine's holder only. */
    private <T extends HasMetadata> T findStaged(Class<T> kind, String namespace, String name) {
        if (staging != null) {
            Optional<HasMetadata> staged = staging.find(kind, key(kind, namespace, name));
            if (staged != null) {
                return staged.map(kind::cast).orElse(null);
            }
        }
        return find(kind, namespace, name);
    }

    public <T extends HasMetadata> T require(Class<T> kind, String namespace, String name) {
        return get(kind, namespace, name).orElseThrow(() -> ApiException.notFound(Kinds.of(kind).qualified, name));
    }

    /**
     * The NotFound a view or an assertion reports for a missing object: the API server's words
     * (apimachinery pkg/api/errors/errors.go NewNotFound: {@code deployments.apps "web" not found}), then
     * where Peapod looked and what is there, so a typo or a wrong namespace shows at once:
     * {@code deployments.apps "web" not found in namespace "default"; deployments there: api, db}, and when
     * the name is in other namespaces, {@code ; "web" is in namespace "e2e"}. A cluster-scoped kind has no namespace part.
     */
    public ApiException notFound(Class<? extends HasMetadata> kind, String namespace, String name) {
        Kinds info = Kinds.of(kind);
        StringBuilder text = new StringBuilder(info.qualified + " \"" + name + "\" not found");
        List<String> there = (info.namespaced ? list(kind, ListOptions.inNamespace(namespace)) : list(kind)).stream()
                .map(o -> o.getMetadata().getName()).toList();
        if (info.namespaced) {
            text.append(" in namespace \"").append(namespace).append('"');
        }
        text.append("; ").append(info.plural).append(info.namespaced ? " there: " : ": ")
                .append(there.isEmpty() ? "none" : there.size() <= 20 ? String.join(", ", there)
                        : String.join(", ", there.subList(0, 20)) + ", ... (" + there.size() + " in all)");
        if (info.namespaced) {
            List<String> elsewhere = list(kind).stream().filter(o -> name.equals(o.getMetadata().getName()))
                    .map(o -> o.getMetadata().getNamespace()).filter(ns -> !ns.equals(namespace)).toList();
            if (!elsewhere.isEmpty()) {
                text.append("; \"").append(name).append("\" is in namespace")
                        .append(elsewhere.size() == 1 ? " " : "s ")
                        .append(String.join(", ", elsewhere.stream().map(ns -> "\"" + ns + "\"").toList()));
            }
        }
        return new ApiException(404, "NotFound", text.toString(), List.of());
    }

    /**
     * The objects of a kind that match, as copies, in etcd's key order. The list is made at once (a
     * snapshot between two writes); each element is copied when the list first hands it out, so a
     * list read in part costs what it reads. The caller owns the list and its elements: it may sort
     * or change them, and nothing it does reaches the store. etcd's key order is {@code namespace/name}
     * compared as strings, which is namespace then name except where a namespace is a prefix of
     * another ({@code a-b/x} sorts before {@code a/x}, as in etcd). A field label the kind does not
     * support is a BadRequest even when nothing is stored.
     */
    @Override
    public <T extends HasMetadata> List<T> list(Class<T> kind, ListOptions options) {
        typedOnly(kind);
        ListOptions checked = options.forKind(kind);
        List<HasMetadata> matches;
        if (engine.isHeldByCurrentThread()) {
            matches = staging == null ? matching(kind, checked) : staging.matching(kind, checked);
        } else {
            lock.readLock().lock();
            try {
                matches = matching(kind, checked);
            } finally {
                lock.readLock().unlock();
            }
        }
        return new ListedCopies<>(matches); // copied outside the lock, when read: stored objects never change
    }

    /**
     * The etcd key ({@code namespace/name}, or the name of a cluster-scoped object) of an element of a list
     * {@link #list} returned, without copying the element when the list has not handed it out yet: a page
     * of 500 out of 10,000 then copies 500.
     */
    @API(status = INTERNAL, since = "0.1")
    public static String listedKey(List<? extends HasMetadata> listed, int index, boolean namespaced) {
        if (listed instanceof ListedCopies<?> copies) {
            return copies.key(index, namespaced);
        }
        ObjectMeta meta = listed.get(index).getMetadata();
        return namespaced ? meta.getNamespace() + "/" + meta.getName() : meta.getName();
    }

    /**
     * As {@link #list(Class, ListOptions)}, but the stored objects themselves, not copies, as
     * {@link #peek} gives one: for engine components on the loop's thread (a controller's informer
     * cache), which must not modify them. A list of 10,000 pods is then a scan, not 10,000 copies.
     */
    public <T extends HasMetadata> List<T> peekAll(Class<T> kind, ListOptions options) {
        checkThread("ObjectStore.peekAll");
        ListOptions checked = options.forKind(kind);
        List<HasMetadata> matches = staging == null ? matching(kind, checked) : staging.matching(kind, checked);
        List<T> result = new ArrayList<>(matches.size());
        for (HasMetadata object : matches) {
            result.add(kind.cast(object));
        }
        return result;
    }

    private List<HasMetadata> matching(Class<?> kind, ListOptions checked) {
        String node = kind == Pod.class ? selectedNode(checked.fields()) : null;
        if (node != null) {
            return matching(kind, podsByNode.getOrDefault(node, new TreeMap<>()), checked);
        }
        return matching(kind, objects.getOrDefault(kind, new TreeMap<>()), checked);
    }

    /** The node a field selector requires with {@code spec.nodeName=<node>}, null if none (or the empty node: unbound pods). */
    private static String selectedNode(FieldSelector fields) {
        for (FieldSelector.Term term : fields.terms()) {
            if (term.equal() && term.field().equals("spec.nodeName") && !term.value().isEmpty()) {
                return term.value();
            }
        }
        return null;
    }

    /** Keeps {@link #podsByNode} in step with a write of a pod: its old node's entry goes, its new node's comes. */
    private void indexPod(String key, HasMetadata old, HasMetadata now) {
        if (old != null) {
            TreeMap<String, HasMetadata> onOldNode = podsByNode.get(nodeNameOf(old));
            if (onOldNode != null) {
                onOldNode.remove(key);
                if (onOldNode.isEmpty()) {
                    podsByNode.remove(nodeNameOf(old));
                }
            }
        }
        if (now != null && !nodeNameOf(now).isEmpty()) {
            podsByNode.computeIfAbsent(nodeNameOf(now), n -> new TreeMap<>()).put(key, now);
        }
    }

    private static List<HasMetadata> matching(Class<?> kind, TreeMap<String, HasMetadata> byKey, ListOptions checked) {
        List<HasMetadata> matches = new ArrayList<>();
        // a namespace's objects are one range of keys ("ns/" up to "ns0": '0' follows '/'), as etcd reads a prefix
        Map<String, HasMetadata> range = checked.namespace() == null || !Kinds.of(kind).namespaced
                ? byKey : byKey.subMap(checked.namespace() + "/", checked.namespace() + "0");
        for (HasMetadata object : range.values()) {
            if (checked.matches(object)) {
                matches.add(object);
            }
        }
        return matches;
    }

    @Override
    public <T extends HasMetadata> List<T> list(Class<T> kind) {
        return list(kind, ListOptions.all());
    }

    // ---------------------------------------------------------------- writes

    /**
     * The writes of engine components on the loop's thread, which get the stored object back, not a
     * copy: the object the store keeps and its watchers see, as {@link #peek} gives it, which they must
     * not modify. The same writes as the store's own methods (their checks, resourceVersions, watch
     * events and errors); only what they return differs. A write whose result is not read, or only
     * read, costs no copy of the whole object this way (issue #13: deep copies were 44% of a scale run).
     */
    public Shared shared() {
        return shared;
    }

    /** See {@link ObjectStore#shared()}: each method is the store's method of the same name, returning the stored object. */
    @API(status = INTERNAL, since = "0.1")
    public final class Shared {
        private Shared() {
        }

        /** {@link ObjectStore#create(HasMetadata)}, returning the stored object. */
        public <T extends HasMetadata> T create(T object) {
            return createShared(object, warning -> { }, false);
        }

        /**
         * As {@link #create}, but the store keeps {@code object} itself rather than a copy of it: for an
         * engine component's freshly made object (an Event) that nothing else holds any part of and
         * that the caller never reads or changes again, whether the create passes or throws.
         */
        public <T extends HasMetadata> T createOwned(T object) {
            return createShared(object, warning -> { }, true);
        }

        /** {@link ObjectStore#update(HasMetadata)}, returning the stored object. */
        public <T extends HasMetadata> T update(T object) {
            return updateShared(object);
        }

        /** {@link ObjectStore#updateStatus(HasMetadata)}, returning the stored object. */
        public <T extends HasMetadata> T updateStatus(T object) {
            return updateStatusShared(object);
        }

        /** {@link ObjectStore#edit}, returning the stored object; {@code edit} gets a copy to change, as there. */
        public <T extends HasMetadata> T edit(Class<T> kind, String namespace, String name, Consumer<T> edit) {
            return editShared(kind, namespace, name, edit);
        }

        /** {@link ObjectStore#editStatus}, returning the stored object; {@code edit} gets a copy to change, as there. */
        public <T extends HasMetadata> T editStatus(Class<T> kind, String namespace, String name, Consumer<T> edit) {
            return editStatusShared(kind, namespace, name, edit);
        }

        /** {@link ObjectStore#bind}, returning the stored pod. */
        public Pod bind(String namespace, String podName, String nodeName) {
            return bindShared(namespace, podName, nodeName);
        }

        /** {@link ObjectStore#delete(Class, String, String, Long, Propagation)}, returning the object still stored, if any. */
        public <T extends HasMetadata> Optional<T> delete(Class<T> kind, String namespace, String name, Long gracePeriodSeconds,
                                                          Propagation propagation) {
            return deleteShared(kind, namespace, name, gracePeriodSeconds, propagation);
        }

        /** {@link ObjectStore#delete(Class, String, String)}, returning the object still stored, if any. */
        public <T extends HasMetadata> Optional<T> delete(Class<T> kind, String namespace, String name) {
            return deleteShared(kind, namespace, name, null, null);
        }

        /** {@link ObjectStore#delete(Class, String, String, Long)}, returning the object still stored, if any. */
        public <T extends HasMetadata> Optional<T> delete(Class<T> kind, String namespace, String name, Long gracePeriodSeconds) {
            return deleteShared(kind, namespace, name, gracePeriodSeconds, null);
        }
    }

    /**
     * Creates an object as the API server's POST does; the argument is not modified. A namespaced
     * object that names no namespace goes to {@code default}, as a POST to {@code namespaces/default}:
     * the store knows no current namespace; the cluster's verbs fill in theirs before they write.
     * Admission runs before any value is derived from the object (its QoS class).
     */
    public <T extends HasMetadata> T create(T object) {
        return create(object, warning -> { });
    }

    /**
     * As {@link #create(HasMetadata)}, and tells {@code warnings} the API server's warnings for the
     * object (see {@link Admission#warnings}), as kubectl prints them after {@code Warning: }.
     */
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> T create(T object, Consumer<String> warnings) {
        if (object instanceof GenericKubernetesResource custom) {
            return (T) customResources.create(custom);
        }
        return Copies.copy(createShared(object, warnings, false));
    }

    /** @param owned whether {@code object} is the store's to keep as it is (see {@link Shared#createOwned}) */
    private <T extends HasMetadata> T createShared(T object, Consumer<String> warnings, boolean owned) {
        checkThread("ObjectStore.create");
        Objects.requireNonNull(warnings, "warnings");
        @SuppressWarnings("unchecked")
        Class<T> kind = (Class<T>) object.getClass();
        Kinds info = Kinds.of(kind);
        T created = owned ? object : Copies.forStore(object);
        ObjectMeta meta = created.getMetadata() == null ? new ObjectMeta() : created.getMetadata();
        created.setMetadata(meta);
        if (info.namespaced) {
            if (meta.getNamespace() == null || meta.getNamespace().isEmpty()) {
                meta.setNamespace("default");
            }
            requireNamespace(meta.getNamespace());
            requireNotTerminating(info.qualified, meta);
        } else {
            meta.setNamespace(null);
        }
        boolean generated = meta.getName() == null || meta.getName().isEmpty();
        assignName(kind, meta);
        if (info.hasStatus()) {
            ObjectStrategies.resetStatusOnCreate(created);
        }
        if (created instanceof CustomResourceDefinition crd) {
            CustomResourceDefinitions.prepareForCreate(crd);
        }
        try {
            admission.admit(Admission.Operation.CREATE, created, null, this);
        } catch (ApiException refused) {
            throw generated ? withGenerateName(refused, meta) : refused;
        }
        if (created instanceof CustomResourceDefinition crd) {
            List<FieldError> errors = CustomResourceDefinitions.validateCreate(crd);
            if (!errors.isEmpty()) {
                throw ApiException.invalid(CustomResourceDefinitions.GROUP_KIND, meta.getName(), errors);
            }
        }
        if (created instanceof Service service) {
            ServiceIps.allocate(service, list(Service.class)); // the REST layer's BeginCreate (alloc.go)
        }
        // Derived values are computed from the admitted object only: admission refuses what they
        // could not read (a quantity "abc"), and they see what defaulting and the plugins set.
        ObjectStrategies.deriveOnCreate(created);
        T existing = peek(kind, meta.getNamespace(), meta.getName());
        if (existing != null) {
            ApiException exists = ApiException.alreadyExists(info.qualified, meta.getName());
            // Store.create tells a client that the name is held by an object on its way out.
            throw existing.getMetadata().getDeletionTimestamp() == null ? exists
                    : new ApiException(exists.code(), exists.reason(), "object is being deleted: " + exists.getMessage(), List.of());
        }
        meta.setUid(isNodeBookkeeping(created) ? bookkeepingUid(created) : uid());
        ObjectStrategies.afterUid(created);
        meta.setCreationTimestamp(Timestamps.format(clock.now()));
        meta.setDeletionTimestamp(null);
        meta.setDeletionGracePeriodSeconds(null);
        meta.setGeneration(ObjectStrategies.initialGeneration(created, info));
        List<String> said = new ArrayList<>(admission.warnings(Admission.Operation.CREATE, created, null));
        T stored = commit(kind, created, null, WatchEvent.Type.ADDED);
        if (stored instanceof CustomResourceDefinition crd) {
            if (CustomResourceDefinitions.hasValidationRules(crd)) {
                said.add("Peapod does not evaluate the x-kubernetes-validations (CEL) rules of " + meta.getName()
                        + ": its custom resources are checked against the rest of their schema only");
            }
            establish(meta.getName());
        }
        said.forEach(warnings);
        return stored;
    }

    /**
     * A Forbidden answer of a mutating admission plugin names a generateName object by its prefix
     * (apiserver/pkg/admission/errors.go extractResourceName: "name object name generation has not
     * occurred yet"), e.g. {@code pods "web-" is forbidden: ...}; Peapod generates the name first.
     */
    private static ApiException withGenerateName(ApiException refused, ObjectMeta meta) {
        String quoted = "\"" + meta.getName() + "\"";
        if (refused.code() != 403 || refused.getMessage() == null || !refused.getMessage().contains(quoted)) {
            return refused;
        }
        return new ApiException(refused.code(), refused.reason(),
                refused.getMessage().replace(quoted, "\"" + meta.getGenerateName() + "\""), refused.causes());
    }

    /**
     * Replaces an object's metadata and spec, as PUT does. The stored status is kept. A
     * resourceVersion other than the stored one is a conflict; none means an unconditional update.
     * The system fields (uid, creationTimestamp, deletion fields, generation) keep their stored
     * values; a different uid is Invalid. An update that removes the last finalizer of an object
     * being deleted with no grace period left deletes it.
     */
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> T update(T object) {
        if (object instanceof GenericKubernetesResource custom) {
            return (T) customResources.update(custom);
        }
        return Copies.copy(updateShared(object));
    }

    private <T extends HasMetadata> T updateShared(T object) {
        checkThread("ObjectStore.update");
        @SuppressWarnings("unchecked")
        Class<T> kind = (Class<T>) object.getClass();
        T old = existing(kind, object);
        T written = write(kind, admitUpdate(kind, object, old), old);
        if (written instanceof CustomResourceDefinition crd && peek(CustomResourceDefinition.class, null, crd.getMetadata().getName()) != null) {
            establish(crd.getMetadata().getName());
        }
        return written;
    }

    /**
     * As {@link #update}, except that an update admission leaves equal to the stored object is not
     * written: the resourceVersion stays and watchers see nothing, as etcd3's GuaranteedUpdate skips a
     * write whose bytes equal the stored ones (apiserver/pkg/storage/etcd3/store.go). This is what
     * {@code kubectl apply} of an unchanged manifest amounts to. Empty when nothing was written.
     */
    public <T extends HasMetadata> Optional<T> updateIfChanged(T object) {
        return updateIfChanged(object, warning -> { });
    }

    /**
     * As {@link #updateIfChanged(HasMetadata)}, and tells {@code warnings} the API server's warnings
     * for an update that is written (see {@link Admission#warnings}); an update not written has none,
     * as kubectl sends no request for an unchanged manifest.
     */
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> Optional<T> updateIfChanged(T object, Consumer<String> warnings) {
        if (object instanceof GenericKubernetesResource custom) {
            return (Optional<T>) customResources.updateIfChanged(custom);
        }
        checkThread("ObjectStore.updateIfChanged");
        Objects.requireNonNull(warnings, "warnings");
        @SuppressWarnings("unchecked")
        Class<T> kind = (Class<T>) object.getClass();
        T old = existing(kind, object);
        T updated = admitUpdate(kind, object, old);
        // compared as stored: with the stored resourceVersion (the write sets the next one anyway)
        String requested = updated.getMetadata().getResourceVersion();
        updated.getMetadata().setResourceVersion(old.getMetadata().getResourceVersion());
        boolean unchanged = updated.equals(old);
        updated.getMetadata().setResourceVersion(requested);
        if (unchanged) {
            return Optional.empty();
        }
        List<String> said = admission.warnings(Admission.Operation.UPDATE, updated, old);
        T written = write(kind, updated, old);
        if (written instanceof CustomResourceDefinition crd && peek(CustomResourceDefinition.class, null, crd.getMetadata().getName()) != null) {
            establish(crd.getMetadata().getName());
        }
        said.forEach(warnings);
        return Optional.of(Copies.copy(written));
    }

    /** The object an update would store: status and system fields kept, admitted, generation bumped on a spec change. */
    private <T extends HasMetadata> T admitUpdate(Class<T> kind, T object, T old) {
        Kinds info = Kinds.of(kind);
        T updated = Copies.forStore(object);
        if (info.hasStatus()) {
            info.setStatus(updated, Copies.forStore(info.status(old)));
        }
        keepSystemFields(updated, old);
        if (updated instanceof Service service) {
            ServiceIps.patchOnUpdate(service, (Service) old);
        }
        if (updated instanceof CustomResourceDefinition crd) {
            CustomResourceDefinitions.defaults(crd);
            crd.setStatus(CustomResourceDefinitions.withStorageVersion(crd, crd.getStatus()));
        }
        admission.admit(Admission.Operation.UPDATE, updated, old, this);
        if (updated instanceof CustomResourceDefinition crd) {
            List<FieldError> errors = CustomResourceDefinitions.validateUpdate(crd, (CustomResourceDefinition) old);
            if (!errors.isEmpty()) {
                throw ApiException.invalid(CustomResourceDefinitions.GROUP_KIND, crd.getMetadata().getName(), errors);
            }
        }
        ObjectStrategies.prepareForUpdate(updated, old);
        if (updated instanceof Service service && ServiceIps.needsAllocation(service, (Service) old)) {
            ServiceIps.allocate(service, list(Service.class).stream()
                    .filter(s -> !s.getMetadata().getUid().equals(old.getMetadata().getUid())).toList());
        } else if (updated instanceof Service service) {
            ServiceIps.checkOnUpdate(service); // alloc.go allocateUpdate → initIPFamilyFields
        }
        if (ObjectStrategies.bumpsGeneration(updated, old, info)) {
            Long generation = old.getMetadata().getGeneration();
            updated.getMetadata().setGeneration(generation == null ? 1L : generation + 1);
        }
        return updated;
    }

    /**
     * Replaces the status, as PUT on the {@code status} subresource does: the stored spec is kept.
     * For pods the request's labels, annotations and finalizers are kept too, as upstream
     * (see {@link ObjectStrategies#statusUpdate}); other kinds keep their stored metadata.
     */
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> T updateStatus(T object) {
        if (object instanceof GenericKubernetesResource custom) {
            return (T) customResources.updateStatus(custom);
        }
        return Copies.copy(updateStatusShared(object));
    }

    private <T extends HasMetadata> T updateStatusShared(T object) {
        checkThread("ObjectStore.updateStatus");
        @SuppressWarnings("unchecked")
        Class<T> kind = (Class<T>) object.getClass();
        T old = existing(kind, object);
        return write(kind, statusUpdated(kind, object, old), old);
    }

    /** The object a status update would store: the stored spec, the request's status (see {@link ObjectStrategies#statusUpdate}). */
    private <T extends HasMetadata> T statusUpdated(Class<T> kind, T object, T old) {
        Kinds info = Kinds.of(kind);
        if (!info.hasStatus()) {
            throw ApiException.badRequest(info.plural + " have no status subresource");
        }
        T updated = ObjectStrategies.statusUpdate(object, old, info);
        keepSystemFields(updated, old);
        return updated;
    }

    /**
     * As {@link #updateStatus}, except that a status update equal to the stored object is not written
     * (the resourceVersion stays, watchers see nothing), as etcd3's GuaranteedUpdate skips it: what a
     * PUT or PATCH of {@code status} through the API does. Empty when nothing was written.
     */
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> Optional<T> updateStatusIfChanged(T object) {
        if (object instanceof GenericKubernetesResource custom) {
            return (Optional<T>) customResources.updateStatusIfChanged(custom);
        }
        checkThread("ObjectStore.updateStatusIfChanged");
        Class<T> kind = (Class<T>) object.getClass();
        T old = existing(kind, object);
        T updated = statusUpdated(kind, object, old);
        String requested = updated.getMetadata().getResourceVersion();
        updated.getMetadata().setResourceVersion(old.getMetadata().getResourceVersion());
        boolean unchanged = updated.equals(old);
        updated.getMetadata().setResourceVersion(requested);
        return unchanged ? Optional.empty() : Optional.of(Copies.copy(write(kind, updated, old)));
    }

    /**
     * A lease controller's renewal (component-helpers lease/controller.go: an update of
     * {@code spec.renewTime} only), the kubelets' heartbeat every 10 s: the engine's cheapest write.
     * It skips the copies and admission of {@link #update}; the stored Lease is replaced by a new one
     * that shares the old one's unchanged metadata, and watchers see a MODIFIED event as for any
     * update. False when there is no such Lease.
     */
    public boolean renewLease(String namespace, String name, java.time.ZonedDateTime renewTime) {
        checkThread("ObjectStore.renewLease");
        Class<io.fabric8.kubernetes.api.model.coordination.v1.Lease> kind = io.fabric8.kubernetes.api.model.coordination.v1.Lease.class;
        if (staging != null) {
            if (peek(kind, namespace, name) == null) {
                return false;
            }
            edit(kind, namespace, name, l -> l.getSpec().setRenewTime(renewTime));
            return true;
        }
        TreeMap<String, HasMetadata> leases = objects.get(kind);
        Renewal renewal = new Renewal(renewTime);
        lock.writeLock().lock();
        try {
            // one walk down the map finds the stored Lease and puts its successor in its place
            if (leases == null || leases.computeIfPresent(key(kind, namespace, name), renewal) == null) {
                return false;
            }
            renewal.renewed.getMetadata().setResourceVersion(Long.toString(++resourceVersion));
        } finally {
            lock.writeLock().unlock();
        }
        publish(kind, new WatchEvent<>(WatchEvent.Type.MODIFIED, renewal.renewed, resourceVersion), renewal.old);
        return true;
    }

    /** A stored Lease's successor with a new renewTime: everything else as it was, deletion metadata included, as an update keeps it. */
    private static final class Renewal implements java.util.function.BiFunction<String, HasMetadata, HasMetadata> {
        private final java.time.ZonedDateTime renewTime;
        io.fabric8.kubernetes.api.model.coordination.v1.Lease old;
        io.fabric8.kubernetes.api.model.coordination.v1.Lease renewed;

        Renewal(java.time.ZonedDateTime renewTime) {
            this.renewTime = renewTime;
        }

        @Override
        public HasMetadata apply(String key, HasMetadata stored) {
            old = (io.fabric8.kubernetes.api.model.coordination.v1.Lease) stored;
            renewed = withNewMetadata(old);
            var renewedSpec = Copies.shallow(old.getSpec());
            renewedSpec.setRenewTime(renewTime);
            renewed.setSpec(renewedSpec);
            return renewed;
        }
    }

    /** Reads the current object, lets {@code edit} change a copy of its status, and writes it back. */
    public <T extends HasMetadata> T editStatus(Class<T> kind, String namespace, String name, Consumer<T> edit) {
        return Copies.copy(editStatusShared(kind, namespace, name, edit));
    }

    private <T extends HasMetadata> T editStatusShared(Class<T> kind, String namespace, String name, Consumer<T> edit) {
        checkThread("ObjectStore.editStatus");
        T current = require(kind, namespace, name);
        edit.accept(current);
        current.getMetadata().setResourceVersion(null);
        return updateStatusShared(current);
    }

    /** Reads the current object, lets {@code edit} change a copy, and writes it back with {@link #update}. */
    public <T extends HasMetadata> T edit(Class<T> kind, String namespace, String name, Consumer<T> edit) {
        return Copies.copy(editShared(kind, namespace, name, edit));
    }

    private <T extends HasMetadata> T editShared(Class<T> kind, String namespace, String name, Consumer<T> edit) {
        checkThread("ObjectStore.edit");
        T current = require(kind, namespace, name);
        edit.accept(current);
        current.getMetadata().setResourceVersion(null);
        return updateShared(current);
    }

    /**
     * Binds a pending pod to a node, as POST {@code pods/binding} does (pkg/registry/core/pod/storage/
     * storage.go, setPodHostAndAnnotations): only a pod that is not being deleted, not yet bound and
     * has no scheduling gates can be bound; the pod gets {@code PodScheduled=True}. A refusal is a
     * Conflict on {@code pods/binding}.
     */
    public Pod bind(String namespace, String podName, String nodeName) {
        return Copies.copy(bindShared(namespace, podName, nodeName));
    }

    private Pod bindShared(String namespace, String podName, String nodeName) {
        checkThread("ObjectStore.bind");
        Pod old = peek(Pod.class, namespace, podName);
        if (old == null) {
            throw ApiException.notFound("pods", podName);
        }
        String current = old.getSpec() == null ? null : old.getSpec().getNodeName();
        String refusal = null;
        if (old.getMetadata().getDeletionTimestamp() != null) {
            refusal = "pod " + podName + " is being deleted, cannot be assigned to a host";
        } else if (current != null && !current.isEmpty()) {
            refusal = "pod " + podName + " is already assigned to node " + FieldError.quote(current);
        } else if (old.getSpec() != null && old.getSpec().getSchedulingGates() != null
                && !old.getSpec().getSchedulingGates().isEmpty()) {
            refusal = "pod " + podName + " has non-empty .spec.schedulingGates";
        }
        if (refusal != null) {
            throw ApiException.conflict("pods/binding", podName, refusal);
        }
        // a new pod that shares what the binding leaves as it was with the stored one (never modified)
        Pod bound = withNewMetadata(old);
        bound.setSpec(Copies.shallow(old.getSpec()));
        bound.setStatus(old.getStatus() == null ? null : Copies.shallow(old.getStatus()));
        bound.getSpec().setNodeName(nodeName);
        ObjectStrategies.markScheduled(bound, clock.now());
        return commit(Pod.class, bound, old, WatchEvent.Type.MODIFIED);
    }

    /** Deletes with the kind's default grace period and the kind's default propagation (see {@link Propagation}). */
    public <T extends HasMetadata> Optional<T> delete(Class<T> kind, String namespace, String name) {
        return delete(kind, namespace, name, null, null);
    }

    /** As {@link #delete(Class, String, String, Long, Propagation)} with the kind's default propagation. */
    public <T extends HasMetadata> Optional<T> delete(Class<T> kind, String namespace, String name, Long gracePeriodSeconds) {
        return delete(kind, namespace, name, gracePeriodSeconds, null);
    }

    /**
     * Deletes an object as DELETE does (apiserver/pkg/registry/rest/delete.go BeforeDelete and
     * generic/registry/store.go Delete). A pod bound to a node and not terminal is deleted gracefully:
     * it gets {@code deletionTimestamp = now + grace} and {@code deletionGracePeriodSeconds}, its
     * generation goes up, and it stays until deleted with grace 0, normally by its kubelet
     * (pkg/registry/core/pod/strategy.go CheckGracefulDelete). A later delete may only shorten the
     * grace period, counted from the first request. Other pods, and pods deleted with grace 0, get
     * those fields at now and then go (watchers see the write, then the deletion). Other kinds have no
     * grace period. Objects with finalizers stay, marked as deleting, until the finalizers are
     * removed. A negative grace period means 1 s. Returns the object still stored, if any.
     *
     * <p>{@code propagation} (null: none named, the kind's default, see {@link Propagation#defaultFor})
     * adds or removes the {@code orphan} and {@code foregroundDeletion} finalizers in the same write
     * (deletionFinalizersForGarbageCollection); the garbage collector then acts on them. Once a pod's
     * graceful deletion is pending, a later delete cannot change its finalizers, as upstream.
     */
    public <T extends HasMetadata> Optional<T> delete(Class<T> kind, String namespace, String name, Long gracePeriodSeconds,
                                                      Propagation propagation) {
        return deleteShared(kind, namespace, name, gracePeriodSeconds, propagation).map(Copies::copy);
    }

    private <T extends HasMetadata> Optional<T> deleteShared(Class<T> kind, String namespace, String name, Long gracePeriodSeconds,
                                                             Propagation propagation) {
        checkThread("ObjectStore.delete");
        typedOnly(kind);
        T old = peek(kind, namespace, name);
        if (old == null) {
            throw ApiException.notFound(Kinds.of(kind).qualified, name);
        }
        if (old instanceof CustomResourceDefinition crd) {
            return Optional.ofNullable(kind.cast(deleteDefinition(crd)));
        }
        if (old instanceof Namespace terminating) {
            NamespaceLifecycle.checkDeletable(name);
            if (terminating.getMetadata().getDeletionTimestamp() == null) {
                return Optional.of(kind.cast(startTerminating(terminating, propagation)));
            }
            if (!NamespaceLifecycle.specFinalizers(terminating).isEmpty()) {
                return Optional.of(old); // "prior to final deletion, we must ensure that finalizers is empty"
            }
        }
        Long requested = gracePeriodSeconds != null && gracePeriodSeconds < 0 ? Long.valueOf(1) : gracePeriodSeconds;
        if (old.getMetadata().getDeletionTimestamp() != null) {
            return deleteAgain(kind, old, requested, propagation);
        }
        List<String> finalizers = Propagation.finalizersAfterDelete(old, propagation);
        boolean pending = finalizers != null && !finalizers.isEmpty();
        Long grace = ObjectStrategies.gracePeriod(old, requested);
        if (grace == null) {
            if (!pending) {
                remove(kind, old);
                return Optional.empty();
            }
            return Optional.of(markDeleting(kind, old, finalizers, clock.now(), 0, true)); // store.go markAsDeleting
        }
        T deleting = markDeleting(kind, old, finalizers, clock.now().plusSeconds(grace), grace, true);
        return finishGraceful(kind, deleting, grace, pending);
    }

    /**
     * The namespace storage's first delete (storage.go REST.Delete): deletionTimestamp now, phase
     * Terminating, and the garbage collector's finalizers as the request's policy says (none named: kept
     * as they are). No grace period is set; the namespace stays until its spec finalizers are removed.
     */
    private Namespace startTerminating(Namespace old, Propagation propagation) {
        Namespace deleting = withNewMetadata(old);
        deleting.getMetadata().setDeletionTimestamp(Timestamps.format(clock.now()));
        deleting.setStatus(old.getStatus() == null ? new io.fabric8.kubernetes.api.model.NamespaceStatus() : Copies.shallow(old.getStatus()));
        deleting.getStatus().setPhase(NamespaceLifecycle.TERMINATING);
        List<String> finalizers = new ArrayList<>(old.getMetadata().getFinalizers() == null ? List.of() : old.getMetadata().getFinalizers());
        if (propagation != null) {
            // shouldHaveOrphanFinalizer / shouldHaveDeleteDependentsFinalizer
            setFinalizer(finalizers, Propagation.ORPHAN_FINALIZER, propagation == Propagation.ORPHAN);
            setFinalizer(finalizers, Propagation.FOREGROUND_FINALIZER, propagation == Propagation.FOREGROUND);
            deleting.getMetadata().setFinalizers(finalizers);
        }
        return commit(Namespace.class, deleting, old, WatchEvent.Type.MODIFIED);
    }

    private static void setFinalizer(List<String> finalizers, String finalizer, boolean present) {
        if (!present) {
            finalizers.removeIf(finalizer::equals);
        } else if (!finalizers.contains(finalizer)) {
            finalizers.add(finalizer);
        }
    }

    /**
     * Replaces a namespace's spec finalizers, as PUT {@code namespaces/<name>/finalize} does
     * (namespaceFinalizeStrategy: the stored status is kept; metadata as for an update). A namespace being
     * deleted that is left with no spec and no metadata finalizer is deleted by the same request
     * (ShouldDeleteNamespaceDuringUpdate); empty then.
     */
    public Optional<Namespace> finalizeNamespace(Namespace request) {
        checkThread("ObjectStore.finalizeNamespace");
        Namespace old = existing(Namespace.class, request);
        Namespace updated = Copies.forStore(request);
        updated.setStatus(Copies.forStore(old.getStatus()));
        keepSystemFields(updated, old);
        admission.admit(Admission.Operation.UPDATE, updated, old, this);
        Namespace written = write(Namespace.class, updated, old);
        return peek(Namespace.class, null, old.getMetadata().getName()) == null ? Optional.empty() : Optional.of(Copies.copy(written));
    }

    /**
     * Evicts a pod as POST {@code pods/<name>/eviction} does (see {@link Evictions}): checked against the
     * PodDisruptionBudget that selects it, then given {@code DisruptionTarget} and deleted with the
     * eviction's grace period and propagation.
     */
    public Evictions.Outcome evict(String namespace, String name, Long gracePeriodSeconds, Propagation propagation) {
        checkThread("ObjectStore.evict");
        return Evictions.evict(this, namespace, name, gracePeriodSeconds, propagation);
    }

    /** A delete of an object that already has a deletionTimestamp (BeforeDelete, "already being deleted"). */
    private <T extends HasMetadata> Optional<T> deleteAgain(Class<T> kind, T old, Long requested, Propagation propagation) {
        ObjectMeta meta = old.getMetadata();
        Long current = meta.getDeletionGracePeriodSeconds();
        if (current == null || current == 0) {
            // Not a pending graceful deletion: updateForGracefulDeletionAndFinalizers may still change
            // the GC finalizers; with none left the object goes (errDeleteNow).
            List<String> finalizers = Propagation.finalizersAfterDelete(old, propagation);
            if (finalizers == null || finalizers.isEmpty()) {
                remove(kind, old);
                return Optional.empty();
            }
            if (finalizers == meta.getFinalizers()) {
                return Optional.of(old); // still waiting for its finalizers
            }
            T updated = withNewMetadata(old);
            updated.getMetadata().setFinalizers(finalizers);
            return Optional.of(commit(kind, updated, old, WatchEvent.Type.MODIFIED));
        }
        boolean finalizers = !emptyFinalizers(meta);
        if (requested == null || requested >= current) {
            return Optional.of(old); // only a shorter grace period may be given
        }
        Instant deadline = Timestamps.parse(meta.getDeletionTimestamp()).minusSeconds(current).plusSeconds(requested);
        T deleting = markDeleting(kind, old, null, deadline, requested, false);
        return finishGraceful(kind, deleting, requested, finalizers);
    }

    /**
     * Writes deletionTimestamp and deletionGracePeriodSeconds, and the finalizers when given; the
     * first time also bumps a set generation.
     */
    private <T extends HasMetadata> T markDeleting(Class<T> kind, T old, List<String> finalizers, Instant at, long grace,
                                                   boolean first) {
        T deleting = withNewMetadata(old);
        ObjectMeta meta = deleting.getMetadata();
        meta.setDeletionTimestamp(Timestamps.format(at));
        meta.setDeletionGracePeriodSeconds(grace);
        if (finalizers != null && finalizers != old.getMetadata().getFinalizers()) {
            meta.setFinalizers(new ArrayList<>(finalizers));
        }
        if (first && meta.getGeneration() != null && meta.getGeneration() > 0) {
            meta.setGeneration(meta.getGeneration() + 1);
        }
        return commit(kind, deleting, old, WatchEvent.Type.MODIFIED);
    }

    /** After the graceful write: with no grace left and no finalizers the object goes at once. */
    private <T extends HasMetadata> Optional<T> finishGraceful(Class<T> kind, T deleting, long grace, boolean finalizers) {
        if (grace > 0 || finalizers) {
            return Optional.of(deleting);
        }
        remove(kind, peek(kind, deleting.getMetadata().getNamespace(), deleting.getMetadata().getName()));
        return Optional.empty();
    }

    // ---------------------------------------------------------------- dry run

    /**
     * Runs a batch of writes against a staged overlay of the store and discards them, as the API
     * server's {@code dryRun=All} does for one request, here for several in order: within the batch
     * every read ({@link #get}, {@link #peek}, {@link #list}, {@link #resourceVersion}, and admission's,
     * such as a namespace's existence or a generateName collision) sees the batch's earlier writes,
     * so a Namespace followed by its pods passes. Whether the batch returns or throws, nothing is
     * committed: no resourceVersion is consumed, no watcher is notified, nothing enters the watch
     * history, and the cluster's Random is not advanced (the batch draws from a copy, so a dry run
     * names and uids objects as the real run that follows it will). Other threads keep reading the
     * committed store. A watch cannot be opened and a dry run cannot be nested inside a batch.
     *
     * @return what {@code batch} returned
     */
    public <R> R dryRun(java.util.function.Supplier<R> batch) {
        checkThread("ObjectStore.dryRun");
        Objects.requireNonNull(batch, "batch must not be null");
        if (staging != null) {
            throw new PeapodException("a dry run is already in progress: dry runs do not nest");
        }
        staging = new Staging(resourceVersion, copyOf(random));
        customResources.beginDryRun();
        try {
            return batch.get();
        } finally {
            staging = null;
            customResources.endDryRun();
        }
    }

    /** An independent Random in the same state, through its serialized form (its seed is not readable otherwise). */
    private static Random copyOf(Random random) {
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
                out.writeObject(random);
            }
            try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
                return (Random) in.readObject();
            }
        } catch (java.io.IOException | ClassNotFoundException e) {
            throw new PeapodException("cannot copy the cluster's Random (" + random.getClass().getName()
                    + ") for a dry run; give the cluster a serializable java.util.Random", e);
        }
    }

    /**
     * The writes of a dry run: per kind, the staged object under its key, or empty for one removed.
     * Ordered maps, so that a list through the overlay keeps etcd's key order.
     */
    private final class Staging {
        final Map<Class<?>, TreeMap<String, Optional<HasMetadata>>> written = new LinkedHashMap<>();
        final Random random;
        long resourceVersion;

        Staging(long resourceVersion, Random random) {
            this.resourceVersion = resourceVersion;
            this.random = random;
        }

        /** The staged object (empty: removed), or null when the batch did not write this key. */
        Optional<HasMetadata> find(Class<?> kind, String key) {
            TreeMap<String, Optional<HasMetadata>> byKey = written.get(kind);
            return byKey == null ? null : byKey.get(key);
        }

        void put(Class<?> kind, String key, HasMetadata object) {
            written.computeIfAbsent(kind, k -> new TreeMap<>()).put(key, Optional.ofNullable(object));
        }

        List<HasMetadata> matching(Class<?> kind, ListOptions checked) {
            TreeMap<String, HasMetadata> merged = new TreeMap<>(objects.getOrDefault(kind, new TreeMap<>()));
            written.getOrDefault(kind, new TreeMap<>()).forEach((key, object) -> {
                if (object.isPresent()) {
                    merged.put(key, object.get());
                } else {
                    merged.remove(key);
                }
            });
            return ObjectStore.matching(kind, merged, checked);
        }
    }

    // ---------------------------------------------------------------- watches

    /**
     * Watches a kind. With {@code fromResourceVersion} null or 0, the watcher first gets an ADDED
     * event for every current match (list-then-watch, as resourceVersion "" and "0" do upstream);
     * with a version, it gets every change after it that the store still remembers, or 410 Expired
     * when the version is older than that history, or 504 Timeout when it is newer than the store.
     * A watch with a label or field selector sees an object that starts matching as ADDED and one
     * that stops matching as DELETED, carrying its last matching state (cacher.go
     * convertToWatchEvent), in replay too. Listeners run on the store's (the loop's) thread after the
     * write, one change at a time and in order, even when a listener itself writes. Opening a watch is
     * a loop-thread call; closing one is safe on any thread.
     */
    public <T extends HasMetadata> Watch watch(Class<T> kind, ListOptions options, Long fromResourceVersion,
                                               Consumer<WatchEvent<T>> listener) {
        checkThread("ObjectStore.watch");
        typedOnly(kind);
        if (staging != null) {
            throw new PeapodException("a watch cannot be opened during a dry run: nothing of a dry run is ever committed");
        }
        Watcher<T> watcher = new Watcher<>(kind, options.forKind(kind), listener);
        if (fromResourceVersion == null || fromResourceVersion == 0) {
            for (HasMetadata object : matching(kind, watcher.options)) { // a kubelet's: its node's pods only
                enqueue(watcher, new WatchEvent<>(WatchEvent.Type.ADDED, kind.cast(object), resourceVersion));
            }
        } else {
            replay(watcher, fromResourceVersion);
        }
        String node = watcher.nodeName();
        (node == null ? watchersByKind.computeIfAbsent(kind, k -> new CopyOnWriteArrayList<>())
                : podWatchersByNode.computeIfAbsent(node, k -> new CopyOnWriteArrayList<>())).add(watcher);
        drain();
        return watcher::close;
    }

    private <T extends HasMetadata> void replay(Watcher<T> watcher, long from) {
        if (from > resourceVersion) {
            // storage.NewTooLargeResourceVersionError, after the watch cache gave up waiting
            throw new ApiException(504, "Timeout", "Timeout: Too large resource version: " + from
                    + ", current: " + resourceVersion, List.of());
        }
        long oldest = history.isEmpty() ? resourceVersion : history.peekFirst().event().resourceVersion() - 1;
        if (from < oldest) {
            throw ApiException.gone(from, oldest);
        }
        for (Change change : history) {
            if (change.kind() == watcher.kind && change.event().resourceVersion() > from) {
                @SuppressWarnings("unchecked")
                WatchEvent<T> event = (WatchEvent<T>) change.event();
                WatchEvent<T> seen = watcher.translate(event, watcher.kind.cast(change.old()));
                if (seen != null) {
                    enqueue(watcher, seen);
                }
            }
        }
    }

    // ---------------------------------------------------------------- CustomResourceDefinitions

    /**
     * What the naming and establishing controllers write after a CRD's create or update, in the same
     * instant (upstream's establishing controller waits only when several API servers run): the
     * accepted names with NamesAccepted and Established False "Installing", then Established True.
     */
    private void establish(String name) {
        CustomResourceDefinition crd = peek(CustomResourceDefinition.class, null, name);
        String now = Timestamps.format(clock.now());
        Optional<CustomResourceDefinitionStatus> named = CustomResourceDefinitions.named(crd,
                peekAll(CustomResourceDefinition.class, ListOptions.all()), now);
        if (named.isPresent()) {
            crd = writeDefinitionStatus(crd, named.get());
        }
        Optional<CustomResourceDefinitionStatus> established = CustomResourceDefinitions.establishing(crd, now);
        if (established.isPresent()) {
            writeDefinitionStatus(crd, established.get());
        }
    }

    private CustomResourceDefinition writeDefinitionStatus(CustomResourceDefinition crd, CustomResourceDefinitionStatus status) {
        CustomResourceDefinition request = withNewMetadata(crd);
        request.setStatus(status);
        return updateStatusShared(request);
    }

    /**
     * A CRD's DELETE (registry/customresourcedefinition/etcd.go): the deletionTimestamp, the
     * {@code customresourcecleanup.apiextensions.k8s.io} finalizer and Terminating "InstanceDeletionPending";
     * then, in the same instant, what the CRD finalizer controller (controller/finalizer/crd_finalizer.go)
     * does: Terminating "InstanceDeletionInProgress", every custom resource of the kind deleted, and once
     * none is left Terminating False "InstanceDeletionCompleted" and the finalizer removed, which deletes
     * the CRD. Custom resources with finalizers of their own keep it until they are gone.
     */
    private CustomResourceDefinition deleteDefinition(CustomResourceDefinition old) {
        if (old.getMetadata().getDeletionTimestamp() != null) {
            return old;
        }
        String now = Timestamps.format(clock.now());
        CustomResourceDefinition deleting = Copies.forStore(old);
        deleting.getMetadata().setDeletionTimestamp(now);
        deleting.getMetadata().setDeletionGracePeriodSeconds(0L);
        List<String> finalizers = deleting.getMetadata().getFinalizers() == null ? new ArrayList<>()
                : new ArrayList<>(deleting.getMetadata().getFinalizers());
        if (!finalizers.contains(CustomResourceDefinitions.CLEANUP_FINALIZER)) {
            finalizers.add(CustomResourceDefinitions.CLEANUP_FINALIZER);
        }
        deleting.getMetadata().setFinalizers(finalizers);
        CustomResourceDefinitions.setCondition(deleting.getStatus(), "Terminating", "True", "InstanceDeletionPending",
                "CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon", now);
        CustomResourceDefinition marked = commit(CustomResourceDefinition.class, deleting, old, WatchEvent.Type.MODIFIED);
        CustomResourceDefinitionStatus progress = Copies.copy(marked.getStatus());
        CustomResourceDefinitions.setCondition(progress, "Terminating", "True", "InstanceDeletionInProgress",
                "CustomResource deletion is in progress", now);
        CustomResourceDefinition inProgress = writeDefinitionStatus(marked, progress);
        if (!CustomResourceDefinitions.established(inProgress)) {
            return finishDefinition(inProgress, "NeverEstablished", "resource was never established");
        }
        if (customResources.deleteAll(CustomResourceDefinitions.servedKind(inProgress))) {
            CustomResourceDefinition current = peek(CustomResourceDefinition.class, null, inProgress.getMetadata().getName());
            return current == null ? null : finishDefinition(current, "InstanceDeletionCompleted", "removed all instances");
        }
        return peek(CustomResourceDefinition.class, null, inProgress.getMetadata().getName());
    }

    /** The finalizer's last step: Terminating False, then the cleanup finalizer removed (the CRD goes when it was the last). */
    private CustomResourceDefinition finishDefinition(CustomResourceDefinition crd, String reason, String message) {
        CustomResourceDefinitionStatus done = Copies.copy(crd.getStatus());
        CustomResourceDefinitions.setCondition(done, "Terminating", "False", reason, message, Timestamps.format(clock.now()));
        CustomResourceDefinition finished = writeDefinitionStatus(crd, done);
        CustomResourceDefinition released = withNewMetadata(finished);
        List<String> finalizers = new ArrayList<>(finished.getMetadata().getFinalizers());
        finalizers.remove(CustomResourceDefinitions.CLEANUP_FINALIZER);
        released.getMetadata().setFinalizers(finalizers);
        CustomResourceDefinition written = write(CustomResourceDefinition.class, released, finished);
        return peek(CustomResourceDefinition.class, null, written.getMetadata().getName());
    }

    /** After a custom resource went: a terminating CRD whose last custom resource it was finishes its deletion. */
    void customResourceRemoved(ServedKind kind) {
        CustomResourceDefinition crd = peek(CustomResourceDefinition.class, null, kind.qualified());
        if (crd == null || !CustomResourceDefinitions.conditionTrue(crd, "Terminating")
                || !"InstanceDeletionInProgress".equals(CustomResourceDefinitions.condition(crd, "Terminating").get().getReason())
                || !customResources.isEmpty(kind)) {
            return;
        }
        finishDefinition(crd, "InstanceDeletionCompleted", "removed all instances");
    }

    /** Custom resources are kept per kind, not in one GenericKubernetesResource bucket: say where they are. */
    private static void typedOnly(Class<?> kind) {
        if (kind == GenericKubernetesResource.class) {
            throw new PeapodException("custom resources are read, written, deleted and watched by group and plural through "
                    + "ObjectStore.customResources() (e.g. customResources().list(\"example.com\", \"widgets\")), "
                    + "not as GenericKubernetesResource.class");
        }
    }

    // ---------------------------------------------------------------- for CustomResources

    boolean engineHeld() {
        return engine.isHeldByCurrentThread();
    }

    java.util.concurrent.locks.Lock readLock() {
        return lock.readLock();
    }

    java.util.concurrent.locks.Lock writeLock() {
        return lock.writeLock();
    }

    void checkWriter(String what) {
        checkThread(what);
    }

    Admission admission() {
        return admission;
    }

    void requireNamespaceExists(String namespace) {
        requireNamespace(namespace);
    }

    String newUid() {
        return uid();
    }

    String nowText() {
        return Timestamps.format(clock.now());
    }

    boolean staging() {
        return staging != null;
    }

    long nextStagedVersion() {
        return ++staging.resourceVersion;
    }

    /** The next resourceVersion, for a write that holds the write lock. */
    long nextVersion() {
        return ++resourceVersion;
    }

    int historyLimit() {
        return historyLimit;
    }

    void enqueueDelivery(Runnable delivery) {
        deliveries.addLast(delivery);
    }

    void drainDeliveries() {
        drain();
    }

    /** A generateName's name (names.SimpleNameGenerator) that {@code taken} says is free. */
    String generateName(String prefix, java.util.function.Predicate<String> taken) {
        String base = prefix.length() > 58 ? prefix.substring(0, 58) : prefix;
        String name;
        do {
            StringBuilder suffix = new StringBuilder(5);
            for (int i = 0; i < 5; i++) {
                suffix.append(ALPHANUMS.charAt(random().nextInt(ALPHANUMS.length())));
            }
            name = base + suffix;
        } while (taken.test(name));
        return name;
    }

    // ---------------------------------------------------------------- internals

    /** rest.BeforeUpdate: what a client cannot change with an update (the uid is checked in existing). */
    private static <T extends HasMetadata> void keepSystemFields(T updated, T old) {
        ObjectMeta meta = updated.getMetadata();
        ObjectMeta oldMeta = old.getMetadata();
        meta.setName(oldMeta.getName());
        meta.setNamespace(oldMeta.getNamespace());
        meta.setUid(oldMeta.getUid());
        meta.setCreationTimestamp(oldMeta.getCreationTimestamp());
        meta.setDeletionTimestamp(oldMeta.getDeletionTimestamp());
        meta.setDeletionGracePeriodSeconds(oldMeta.getDeletionGracePeriodSeconds());
        meta.setGeneration(oldMeta.getGeneration());
    }

    /**
     * A new object that shares everything but its metadata with {@code stored} (which is never
     * modified), and a metadata of its own whose fields share their values: for the store's writes
     * that change a few metadata fields (a resourceVersion, the deletion fields) and copy nothing else.
     */
    private static <T extends HasMetadata> T withNewMetadata(T stored) {
        T written = Copies.shallow(stored);
        written.setMetadata(Copies.shallow(stored.getMetadata()));
        return written;
    }

    /** The end of an update: store the object, or delete it when its last finalizer went. */
    private <T extends HasMetadata> T write(Class<T> kind, T updated, T old) {
        if (ObjectStrategies.deletesOnUpdate(updated.getMetadata(), old.getMetadata()) && NamespaceLifecycle.specFinalized(updated)) {
            return remove(kind, old);
        }
        return commit(kind, updated, old, WatchEvent.Type.MODIFIED);
    }

    private <T extends HasMetadata> T commit(Class<T> kind, T object, T old, WatchEvent.Type type) {
        countConfigData(kind);
        if (staging != null) {
            object.getMetadata().setResourceVersion(Long.toString(++staging.resourceVersion));
            staging.put(kind, key(object), object);
            return object;
        }
        lock.writeLock().lock();
        try {
            object.getMetadata().setResourceVersion(Long.toString(++resourceVersion));
            objects.computeIfAbsent(kind, k -> new TreeMap<>()).put(key(object), object);
            if (kind == Pod.class) {
                indexPod(key(object), old, object);
            }
        } finally {
            lock.writeLock().unlock();
        }
        publish(kind, new WatchEvent<>(type, object, resourceVersion), old);
        return object;
    }

    private void countConfigData(Class<?> kind) {
        if (kind == ConfigMap.class || kind == Secret.class) {
            configDataWrites++;
        }
    }

    /** Removes the stored object; the DELETED event carries its last state at the new resourceVersion. */
    private <T extends HasMetadata> T remove(Class<T> kind, T old) {
        countConfigData(kind);
        T gone = withNewMetadata(old);
        if (staging != null) {
            gone.getMetadata().setResourceVersion(Long.toString(++staging.resourceVersion));
            staging.put(kind, key(old), null);
            return gone;
        }
        lock.writeLock().lock();
        try {
            gone.getMetadata().setResourceVersion(Long.toString(++resourceVersion));
            objects.get(kind).remove(key(old));
            if (kind == Pod.class) {
                indexPod(key(old), old, null);
            }
        } finally {
            lock.writeLock().unlock();
        }
        publish(kind, new WatchEvent<>(WatchEvent.Type.DELETED, gone, resourceVersion), old);
        return gone;
    }

    private <T extends HasMetadata> void publish(Class<T> kind, WatchEvent<T> event, T old) {
        history.addLast(new Change(kind, event, old));
        while (history.size() > historyLimit) {
            history.removeFirst();
        }
        for (Watcher<?> watcher : watchersOf(kind, event.object(), old)) {
            @SuppressWarnings("unchecked")
            Watcher<T> typed = (Watcher<T>) watcher;
            WatchEvent<T> seen = typed.translate(event, old);
            if (seen != null) {
                enqueue(typed, seen);
            }
        }
        drain();
    }

    /** The watchers of the kind that may see the change, in the order they were opened. */
    private List<Watcher<?>> watchersOf(Class<?> kind, HasMetadata now, HasMetadata old) {
        List<Watcher<?>> general = watchersByKind.getOrDefault(kind, List.of());
        if (kind != Pod.class || podWatchersByNode.isEmpty()) {
            return general;
        }
        String node = nodeNameOf(now);
        String oldNode = old == null ? node : nodeNameOf(old);
        List<Watcher<?>> onNode = podWatchersByNode.getOrDefault(node, List.of());
        List<Watcher<?>> onOldNode = oldNode.equals(node) ? List.of() : podWatchersByNode.getOrDefault(oldNode, List.of());
        if (onNode.isEmpty() && onOldNode.isEmpty()) {
            return general;
        }
        List<Watcher<?>> all = new ArrayList<>(general.size() + onNode.size() + onOldNode.size());
        all.addAll(general);
        all.addAll(onNode);
        all.addAll(onOldNode);
        all.sort(Comparator.comparingLong(w -> w.opened));
        return all;
    }

    private static String nodeNameOf(HasMetadata pod) {
        String node = ((Pod) pod).getSpec() == null ? null : ((Pod) pod).getSpec().getNodeName();
        return node == null ? "" : node;
    }

    private <T extends HasMetadata> void enqueue(Watcher<T> watcher, WatchEvent<T> event) {
        deliveries.addLast(() -> watcher.deliver(event));
    }

    /**
     * Delivers every queued event, each on its own: a listener that throws does not keep the others
     * from theirs, nor leave events behind for some later, unrelated write. The first failure is
     * rethrown once the queue is empty (the write itself has been committed).
     */
    private void drain() {
        if (delivering) {
            return; // the outer drain delivers what this write queued, after the current listener returns
        }
        delivering = true;
        RuntimeException failure = null;
        try {
            Runnable next;
            while ((next = deliveries.pollFirst()) != null) {
                try {
                    next.run();
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        } finally {
            delivering = false;
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Writes and watches belong to the engine's holder ({@link EngineLock#check}); other threads go through the loop. */
    private void checkThread(String what) {
        engine.check(what);
    }

    private <T extends HasMetadata> T existing(Class<T> kind, T object) {
        Kinds info = Kinds.of(kind);
        ObjectMeta meta = object.getMetadata();
        if (meta == null || meta.getName() == null) {
            throw ApiException.invalid(info.qualifiedKind, "", List.of(FieldError.required("metadata.name", "name or generateName is required")));
        }
        String namespace = info.namespaced ? Objects.requireNonNullElse(meta.getNamespace(), "default") : null;
        T old = peek(kind, namespace, meta.getName());
        if (old == null) {
            throw ApiException.notFound(info.qualified, meta.getName());
        }
        String expected = meta.getResourceVersion();
        if (expected != null && !expected.isEmpty() && !expected.equals(old.getMetadata().getResourceVersion())) {
            throw ApiException.conflict(info.qualified, meta.getName());
        }
        // rest.BeforeUpdate fills in a missing uid; ValidateObjectMetaUpdate refuses a different one.
        String uid = meta.getUid();
        if (uid != null && !uid.isEmpty() && !uid.equals(old.getMetadata().getUid())) {
            throw ApiException.invalid(info.qualifiedKind, meta.getName(),
                    List.of(FieldError.invalid("metadata.uid", uid, "field is immutable")));
        }
        return old;
    }

    private void requireNamespace(String namespace) {
        if (peek(Namespace.class, null, namespace) == null) {
            throw ApiException.notFound("namespaces", namespace);
        }
    }

    /** NamespaceLifecycle: nothing new is created in a namespace being terminated (see {@link NamespaceLifecycle#terminating}). */
    void requireNotTerminating(String resource, ObjectMeta meta) {
        Namespace namespace = peek(Namespace.class, null, meta.getNamespace());
        if (namespace != null && NamespaceLifecycle.isTerminating(namespace)) {
            throw NamespaceLifecycle.terminating(resource, meta);
        }
    }

    private void assignName(Class<?> kind, ObjectMeta meta) {
        if (meta.getName() != null && !meta.getName().isEmpty()) {
            return;
        }
        String prefix = meta.getGenerateName();
        if (prefix == null || prefix.isEmpty()) {
            throw ApiException.invalid(Kinds.of(kind).qualifiedKind, "",
                    List.of(FieldError.required("metadata.name", "name or generateName is required")));
        }
        // Upstream truncates the prefix so that prefix + 5 characters fit in 63 (names.SimpleNameGenerator).
        String base = prefix.length() > 58 ? prefix.substring(0, 58) : prefix;
        String name;
        do {
            StringBuilder suffix = new StringBuilder(5);
            for (int i = 0; i < 5; i++) {
                suffix.append(ALPHANUMS.charAt(random().nextInt(ALPHANUMS.length())));
            }
            name = base + suffix;
        } while (peek(kind.asSubclass(HasMetadata.class), meta.getNamespace(), name) != null);
        meta.setName(name);
    }

    /**
     * The node heartbeats' Leases and the events about nodes (the kubelets' and the node lifecycle
     * controller's), and the API server's {@code kubernetes} Service of {@code default} with its Endpoints
     * and EndpointSlice: objects a cluster makes on its own, every few seconds or at start. Their uids do
     * not come from the cluster's Random, so that they shift no generated name or container id of the
     * pods and workloads a spec pins.
     */
    private static boolean isNodeBookkeeping(HasMetadata object) {
        return object instanceof io.fabric8.kubernetes.api.model.coordination.v1.Lease
                || (object instanceof io.fabric8.kubernetes.api.model.Event event && event.getInvolvedObject() != null
                        && "Node".equals(event.getInvolvedObject().getKind()))
                || ((object instanceof Service || object instanceof io.fabric8.kubernetes.api.model.Endpoints
                        || object instanceof io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice)
                        && "default".equals(object.getMetadata().getNamespace())
                        && "kubernetes".equals(object.getMetadata().getName()));
    }

    /** A name-based (version 3) UUID from the object's kind, key and the resourceVersion it is created at. */
    private String bookkeepingUid(HasMetadata object) {
        String key = Kinds.of(object.getClass()).plural + "/" + object.getMetadata().getNamespace() + "/"
                + object.getMetadata().getName() + "/" + (resourceVersion + 1);
        return UUID.nameUUIDFromBytes(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    /** A random (version 4) UUID from the cluster's seeded Random, as uuid.NewUUID gives upstream. */
    private String uid() {
        Random random = random();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }

    /** The cluster's Random, or during a dry run its copy, so that a dry run leaves later names and uids as they were. */
    private Random random() {
        return staging != null ? staging.random : random;
    }

    private static boolean emptyFinalizers(ObjectMeta meta) {
        return meta.getFinalizers() == null || meta.getFinalizers().isEmpty();
    }

    private static String key(Class<?> kind, String namespace, String name) {
        return Kinds.of(kind).namespaced ? Objects.requireNonNullElse(namespace, "default") + "/" + name : name;
    }

    private static String key(HasMetadata object) {
        return key(object.getClass(), object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    private final class Watcher<T extends HasMetadata> {
        final Class<T> kind;
        final ListOptions options;
        final Consumer<WatchEvent<T>> listener;
        /** The order watchers were opened in: the order they are told of a change. */
        final long opened = watchersOpened++;
        /** Volatile: a watch may be closed on any thread; delivery (on the loop thread) checks it. */
        volatile boolean closed;

        /** The selection as a predicate, made once: a write's translation allocates nothing for it. */
        private final java.util.function.Predicate<T> matches;

        Watcher(Class<T> kind, ListOptions options, Consumer<WatchEvent<T>> listener) {
            this.kind = kind;
            this.options = options;
            this.listener = listener;
            this.matches = options::matches;
        }

        /** What this watcher sees of a change ({@link WatchEvent#seenThrough}). */
        WatchEvent<T> translate(WatchEvent<T> event, T old) {
            return WatchEvent.seenThrough(event, old, matches, ObjectStore::withNewMetadata);
        }

        /**
         * The node of a Pod watch whose options are exactly {@code spec.nodeName=<node>} (a kubelet's),
         * null for any other watch.
         */
        String nodeName() {
            if (kind != Pod.class || options.namespace() != null || !options.labels().isEverything()
                    || options.fields().terms().size() != 1) {
                return null;
            }
            FieldSelector.Term term = options.fields().terms().get(0);
            return term.equal() && term.field().equals("spec.nodeName") ? term.value() : null;
        }

        void deliver(WatchEvent<T> event) {
            if (!closed) {
                listener.accept(event);
            }
        }

        void close() {
            closed = true;
            String node = nodeName();
            List<Watcher<?>> index = node == null ? watchersByKind.get(kind) : podWatchersByNode.get(node);
            if (index != null) {
                index.remove(this);
            }
        }
    }
}
