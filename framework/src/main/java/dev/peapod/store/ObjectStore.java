package dev.peapod.store;

import dev.peapod.time.VirtualClock;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import org.apiguardian.api.API;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Peapod's own API storage: typed Fabric8 objects under one cluster-wide resourceVersion, with the
 * API server's write semantics (uid, creationTimestamp, generateName, namespaces, optimistic
 * concurrency, the status subresource, graceful pod deletion) and in-process watches.
 *
 * <p>Stored objects are never changed in place: every write stores a fresh copy. Objects handed to
 * watchers are shared and must not be modified; {@link #get} and {@link #list} return copies.
 * Listing order is by namespace, then name, as etcd's key order.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ObjectStore {
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
    private final List<Watcher<?>> watchers = new ArrayList<>();
    private final Deque<Runnable> deliveries = new ArrayDeque<>();
    private boolean delivering;
    private long resourceVersion;

    private record Change(Class<?> kind, WatchEvent<?> event) {
    }

    public ObjectStore(VirtualClock clock, Random random, Admission admission) {
        this(clock, random, admission, DEFAULT_HISTORY);
    }

    public ObjectStore(VirtualClock clock, Random random, Admission admission, int historyLimit) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.admission = Objects.requireNonNull(admission, "admission");
        this.historyLimit = historyLimit;
        for (String name : INITIAL_NAMESPACES) {
            create(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata()
                    .withNewStatus().withPhase("Active").endStatus().build());
        }
    }

    /** The cluster-wide resourceVersion of the last write. */
    public long resourceVersion() {
        return resourceVersion;
    }

    // ---------------------------------------------------------------- reads

    public <T extends HasMetadata> Optional<T> get(Class<T> kind, String namespace, String name) {
        return Optional.ofNullable(peek(kind, namespace, name)).map(Copies::copy);
    }

    /**
     * The stored object itself, not a copy: for engine components on the hot path, which must not
     * modify it.
     */
    public <T extends HasMetadata> T peek(Class<T> kind, String namespace, String name) {
        TreeMap<String, HasMetadata> byKey = objects.get(kind);
        return byKey == null ? null : kind.cast(byKey.get(key(kind, namespace, name)));
    }

    public <T extends HasMetadata> T require(Class<T> kind, String namespace, String name) {
        return get(kind, namespace, name).orElseThrow(() -> ApiException.notFound(Kinds.of(kind).plural, name));
    }

    public <T extends HasMetadata> List<T> list(Class<T> kind, ListOptions options) {
        List<T> result = new ArrayList<>();
        for (HasMetadata object : objects.getOrDefault(kind, new TreeMap<>()).values()) {
            if (options.matches(object)) {
                result.add(Copies.copy(kind.cast(object)));
            }
        }
        return result;
    }

    public <T extends HasMetadata> List<T> list(Class<T> kind) {
        return list(kind, ListOptions.all());
    }

    // ---------------------------------------------------------------- writes

    /** Creates an object as the API server's POST does; the argument is not modified. */
    public <T extends HasMetadata> T create(T object) {
        @SuppressWarnings("unchecked")
        Class<T> kind = (Class<T>) object.getClass();
        Kinds info = Kinds.of(kind);
        T created = Copies.copy(object);
        ObjectMeta meta = created.getMetadata() == null ? new ObjectMeta() : created.getMetadata();
        created.setMetadata(meta);
        if (info.namespaced) {
            if (meta.getNamespace() == null || meta.getNamespace().isEmpty()) {
                meta.setNamespace("default");
            }
            requireNamespace(meta.getNamespace());
        } else {
            meta.setNamespace(null);
        }
        assignName(kind, meta);
        if (info.hasStatus()) {
            ObjectStrategies.resetStatusOnCreate(created);
        }
        admission.admit(Admission.Operation.CREATE, created, null);
        if (objects.computeIfAbsent(kind, k -> new TreeMap<>()).containsKey(key(kind, meta.getNamespace(), meta.getName()))) {
            throw ApiException.alreadyExists(info.plural, meta.getName());
        }
        meta.setUid(uid());
        meta.setCreationTimestamp(Timestamps.format(clock.now()));
        meta.setDeletionTimestamp(null);
        meta.setDeletionGracePeriodSeconds(null);
        meta.setGeneration(info.hasSpec ? 1L : null);
        return commit(kind, created, null, WatchEvent.Type.ADDED);
    }

    /**
     * Replaces an object's metadata and spec, as PUT does. The stored status is kept. A
     * resourceVersion other than the stored one is a conflict; none means an unconditional update.
     */
    public <T extends HasMetadata> T update(T object) {
        @SuppressWarnings("unchecked")
        Class<T> kind = (Class<T>) object.getClass();
        Kinds info = Kinds.of(kind);
        T old = existing(kind, object);
        T updated = Copies.copy(object);
        ObjectMeta meta = updated.getMetadata();
        ObjectMeta oldMeta = old.getMetadata();
        meta.setNamespace(oldMeta.getNamespace());
        meta.setUid(oldMeta.getUid());
        meta.setCreationTimestamp(oldMeta.getCreationTimestamp());
        meta.setDeletionTimestamp(oldMeta.getDeletionTimestamp());
        meta.setDeletionGracePeriodSeconds(oldMeta.getDeletionGracePeriodSeconds());
        if (info.hasStatus()) {
            info.setStatus(updated, Copies.copy(info.status(old)));
        }
        admission.admit(Admission.Operation.UPDATE, updated, old);
        meta.setGeneration(oldMeta.getGeneration());
        if (info.hasSpec && !Objects.equals(specOf(updated), specOf(old))) {
            meta.setGeneration(oldMeta.getGeneration() == null ? 1L : oldMeta.getGeneration() + 1);
        }
        if (oldMeta.getDeletionTimestamp() != null && emptyFinalizers(meta) && !ObjectStrategies.waitsForKubelet(updated)) {
            return remove(kind, old);
        }
        return commit(kind, updated, old, WatchEvent.Type.MODIFIED);
    }

    /** Replaces only the status, as PUT on the {@code status} subresource does. */
    public <T extends HasMetadata> T updateStatus(T object) {
        @SuppressWarnings("unchecked")
        Class<T> kind = (Class<T>) object.getClass();
        Kinds info = Kinds.of(kind);
        if (!info.hasStatus()) {
            throw ApiException.badRequest(info.plural + " have no status subresource");
        }
        T old = existing(kind, object);
        T updated = Copies.copy(old);
        info.setStatus(updated, Copies.copy(info.status(object)));
        return commit(kind, updated, old, WatchEvent.Type.MODIFIED);
    }

    /** Reads the current object, lets {@code edit} change a copy of its status, and writes it back. */
    public <T extends HasMetadata> T editStatus(Class<T> kind, String namespace, String name, Consumer<T> edit) {
        T current = require(kind, namespace, name);
        edit.accept(current);
        current.getMetadata().setResourceVersion(null);
        return updateStatus(current);
    }

    /** Reads the current object, lets {@code edit} change a copy, and writes it back with {@link #update}. */
    public <T extends HasMetadata> T edit(Class<T> kind, String namespace, String name, Consumer<T> edit) {
        T current = require(kind, namespace, name);
        edit.accept(current);
        current.getMetadata().setResourceVersion(null);
        return update(current);
    }

    /**
     * Binds a pending pod to a node, as POST {@code pods/binding} does: only an unbound pod can be
     * bound (pkg/registry/core/pod/storage/storage.go, assignPod).
     */
    public io.fabric8.kubernetes.api.model.Pod bind(String namespace, String podName, String nodeName) {
        var kind = io.fabric8.kubernetes.api.model.Pod.class;
        var old = peek(kind, namespace, podName);
        if (old == null) {
            throw ApiException.notFound("pods", podName);
        }
        if (old.getMetadata().getDeletionTimestamp() != null) {
            throw ApiException.conflict("pods", podName);
        }
        String current = old.getSpec().getNodeName();
        if (current != null && !current.isEmpty()) {
            throw new ApiException(409, "Conflict", "Operation cannot be fulfilled on pods/binding \"" + podName
                    + "\": pod " + podName + " is already assigned to node \"" + current + "\"", List.of());
        }
        var bound = Copies.copy(old);
        bound.getSpec().setNodeName(nodeName);
        return commit(kind, bound, old, WatchEvent.Type.MODIFIED);
    }

    /** Deletes with the kind's default grace period. */
    public <T extends HasMetadata> Optional<T> delete(Class<T> kind, String namespace, String name) {
        return delete(kind, namespace, name, null);
    }

    /**
     * Deletes an object as DELETE does. A pod bound to a node and not yet terminal is deleted
     * gracefully: it gets a deletionTimestamp and stays until its kubelet deletes it with grace 0
     * (pkg/registry/core/pod/strategy.go CheckGracefulDelete). Objects with finalizers stay until the
     * finalizers are removed. Returns the object still stored, if any.
     */
    public <T extends HasMetadata> Optional<T> delete(Class<T> kind, String namespace, String name, Long gracePeriodSeconds) {
        T old = peek(kind, namespace, name);
        if (old == null) {
            throw ApiException.notFound(Kinds.of(kind).plural, name);
        }
        Long grace = ObjectStrategies.gracePeriod(old, gracePeriodSeconds);
        boolean finalizers = !emptyFinalizers(old.getMetadata());
        if ((grace == null || grace == 0) && !finalizers) {
            remove(kind, old);
            return Optional.empty();
        }
        ObjectMeta oldMeta = old.getMetadata();
        if (oldMeta.getDeletionTimestamp() != null) {
            Long current = oldMeta.getDeletionGracePeriodSeconds();
            if (grace == null || (current != null && grace >= current)) {
                return Optional.of(Copies.copy(old)); // a later delete may only shorten the grace period
            }
        }
        T deleting = Copies.copy(old);
        deleting.getMetadata().setDeletionTimestamp(Timestamps.format(clock.now().plusSeconds(grace == null ? 0 : grace)));
        deleting.getMetadata().setDeletionGracePeriodSeconds(grace == null ? 0L : grace);
        return Optional.of(Copies.copy(commit(kind, deleting, old, WatchEvent.Type.MODIFIED)));
    }

    // ---------------------------------------------------------------- watches

    /**
     * Watches a kind. With {@code fromResourceVersion} null, the watcher first gets an ADDED event
     * for every current match (list-then-watch); with a version, it gets every change after it that
     * the store still remembers, or a Gone error. Listeners run on the writer's thread after the
     * write, one change at a time and in order, even when a listener itself writes.
     */
    public <T extends HasMetadata> Watch watch(Class<T> kind, ListOptions options, Long fromResourceVersion,
                                               Consumer<WatchEvent<T>> listener) {
        Watcher<T> watcher = new Watcher<>(kind, options, listener);
        if (fromResourceVersion == null) {
            for (HasMetadata object : objects.getOrDefault(kind, new TreeMap<>()).values()) {
                if (options.matches(object)) {
                    enqueue(watcher, new WatchEvent<>(WatchEvent.Type.ADDED, kind.cast(object), resourceVersion));
                }
            }
        } else {
            long oldest = history.isEmpty() ? resourceVersion : history.peekFirst().event().resourceVersion() - 1;
            if (fromResourceVersion < oldest) {
                throw ApiException.gone(fromResourceVersion, oldest);
            }
            for (Change change : history) {
                if (change.kind() == kind && change.event().resourceVersion() > fromResourceVersion
                        && options.matches(change.event().object())) {
                    @SuppressWarnings("unchecked")
                    WatchEvent<T> event = (WatchEvent<T>) change.event();
                    enqueue(watcher, event);
                }
            }
        }
        watchers.add(watcher);
        drain();
        return watcher::close;
    }

    // ---------------------------------------------------------------- internals

    private <T extends HasMetadata> T commit(Class<T> kind, T object, T old, WatchEvent.Type type) {
        object.getMetadata().setResourceVersion(Long.toString(++resourceVersion));
        objects.computeIfAbsent(kind, k -> new TreeMap<>()).put(key(object), object);
        publish(kind, new WatchEvent<>(type, object, resourceVersion), old);
        return Copies.copy(object);
    }

    private <T extends HasMetadata> T remove(Class<T> kind, T old) {
        T gone = Copies.copy(old);
        gone.getMetadata().setResourceVersion(Long.toString(++resourceVersion));
        objects.get(kind).remove(key(old));
        publish(kind, new WatchEvent<>(WatchEvent.Type.DELETED, gone, resourceVersion), old);
        return Copies.copy(gone);
    }

    private <T extends HasMetadata> void publish(Class<T> kind, WatchEvent<T> event, T old) {
        history.addLast(new Change(kind, event));
        while (history.size() > historyLimit) {
            history.removeFirst();
        }
        for (Watcher<?> watcher : watchers) {
            if (watcher.kind == kind) {
                @SuppressWarnings("unchecked")
                Watcher<T> typed = (Watcher<T>) watcher;
                WatchEvent<T> seen = typed.translate(event, old);
                if (seen != null) {
                    enqueue(typed, seen);
                }
            }
        }
        drain();
    }

    private <T extends HasMetadata> void enqueue(Watcher<T> watcher, WatchEvent<T> event) {
        deliveries.addLast(() -> watcher.deliver(event));
    }

    private void drain() {
        if (delivering) {
            return; // the outer drain delivers what this write queued, after the current listener returns
        }
        delivering = true;
        try {
            Runnable next;
            while ((next = deliveries.pollFirst()) != null) {
                next.run();
            }
        } finally {
            delivering = false;
        }
    }

    private <T extends HasMetadata> T existing(Class<T> kind, T object) {
        Kinds info = Kinds.of(kind);
        ObjectMeta meta = object.getMetadata();
        if (meta == null || meta.getName() == null) {
            throw ApiException.invalid(info.kind, "", List.of(FieldError.required("metadata.name", "name or generateName is required")));
        }
        String namespace = info.namespaced ? Objects.requireNonNullElse(meta.getNamespace(), "default") : null;
        T old = peek(kind, namespace, meta.getName());
        if (old == null) {
            throw ApiException.notFound(info.plural, meta.getName());
        }
        String expected = meta.getResourceVersion();
        if (expected != null && !expected.isEmpty() && !expected.equals(old.getMetadata().getResourceVersion())) {
            throw ApiException.conflict(info.plural, meta.getName());
        }
        return old;
    }

    private void requireNamespace(String namespace) {
        if (peek(Namespace.class, null, namespace) == null) {
            throw ApiException.notFound("namespaces", namespace);
        }
    }

    private void assignName(Class<?> kind, ObjectMeta meta) {
        if (meta.getName() != null && !meta.getName().isEmpty()) {
            return;
        }
        String prefix = meta.getGenerateName();
        if (prefix == null || prefix.isEmpty()) {
            throw ApiException.invalid(Kinds.of(kind).kind, "",
                    List.of(FieldError.required("metadata.name", "name or generateName is required")));
        }
        // Upstream truncates the prefix so that prefix + 5 characters fit in 63 (names.SimpleNameGenerator).
        String base = prefix.length() > 58 ? prefix.substring(0, 58) : prefix;
        String name;
        do {
            StringBuilder suffix = new StringBuilder(5);
            for (int i = 0; i < 5; i++) {
                suffix.append(ALPHANUMS.charAt(random.nextInt(ALPHANUMS.length())));
            }
            name = base + suffix;
        } while (peek(kind.asSubclass(HasMetadata.class), meta.getNamespace(), name) != null);
        meta.setName(name);
    }

    private String uid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private static boolean emptyFinalizers(ObjectMeta meta) {
        return meta.getFinalizers() == null || meta.getFinalizers().isEmpty();
    }

    private static Object specOf(HasMetadata object) {
        try {
            return object.getClass().getMethod("getSpec").invoke(object);
        } catch (ReflectiveOperationException e) {
            return null;
        }
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
        boolean closed;

        Watcher(Class<T> kind, ListOptions options, Consumer<WatchEvent<T>> listener) {
            this.kind = kind;
            this.options = options;
            this.listener = listener;
        }

        /** Upstream watch filtering: an object that starts or stops matching is ADDED or DELETED. */
        WatchEvent<T> translate(WatchEvent<T> event, T old) {
            boolean now = options.matches(event.object());
            boolean before = old != null && options.matches(old);
            if (event.type() == WatchEvent.Type.MODIFIED) {
                if (now && !before) {
                    return new WatchEvent<>(WatchEvent.Type.ADDED, event.object(), event.resourceVersion());
                }
                if (!now && before) {
                    return new WatchEvent<>(WatchEvent.Type.DELETED, event.object(), event.resourceVersion());
                }
            }
            return now || (event.type() == WatchEvent.Type.DELETED && before) ? event : null;
        }

        void deliver(WatchEvent<T> event) {
            if (!closed) {
                listener.accept(event);
            }
        }

        void close() {
            closed = true;
            watchers.remove(this);
        }
    }
}
