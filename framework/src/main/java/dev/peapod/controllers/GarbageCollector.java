package dev.peapod.controllers;

import dev.peapod.spi.ClusterContext;
import dev.peapod.spi.Component;
import dev.peapod.store.ApiException;
import dev.peapod.store.ListOptions;
import dev.peapod.store.Propagation;
import dev.peapod.store.ServedKind;
import dev.peapod.store.Watch;
import dev.peapod.store.WatchEvent;
import dev.peapod.time.WorkQueue;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The garbage collector (pkg/controller/garbagecollector: graph_builder.go, garbagecollector.go): a
 * graph of owners and dependents built from the store's watches, and two queues. attemptToDelete
 * deletes a dependent none of whose owners exists any more (background; an owner whose uid differs
 * from the live object of that name counts as absent), deletes the dependents of an owner deleted in
 * the foreground and then removes its {@code foregroundDeletion} finalizer once no dependent blocks it;
 * attemptToOrphan removes an owner deleted with {@code orphan} from its dependents' ownerReferences and
 * then removes its {@code orphan} finalizer.
 *
 * <p>Upstream runs the graph builder and 20 + 20 workers concurrently; here the graph is updated in
 * the watch callbacks (it is the GC's own memory, as the informers' caches are) and the queues are
 * handled one key at a time in the order they were added, dependents in the order the graph first saw
 * them. Upstream records no event for what it deletes, nor does Peapod.
 */
@API(status = INTERNAL, since = "0.1")
public final class GarbageCollector implements Component {
    /**
     * The kinds whose objects the graph holds: upstream monitors every deletable resource
     * (GetDeletableResources); these are the ones Peapod stores that carry or receive ownerReferences.
     * Custom resources of Established CRDs are monitored as owners too ({@code crdChanged}). An owner of
     * another kind is left alone, as an owner upstream cannot resolve is retried, never treated as absent.
     */
    static final List<Class<? extends HasMetadata>> MONITORED = List.of(
            Node.class, Deployment.class, StatefulSet.class, DaemonSet.class, CronJob.class, Job.class,
            ReplicaSet.class, ReplicationController.class, ControllerRevision.class, Pod.class,
            PersistentVolume.class, PersistentVolumeClaim.class, Service.class, Endpoints.class,
            EndpointSlice.class, ConfigMap.class, Secret.class, ServiceAccount.class, PodDisruptionBudget.class,
            // a namespace deleted with Foreground or Orphan gets the GC's finalizer like any object
            io.fabric8.kubernetes.api.model.Namespace.class);

    private static final Map<String, Class<? extends HasMetadata>> BY_TYPE = new HashMap<>();

    static {
        for (Class<? extends HasMetadata> type : MONITORED) {
            BY_TYPE.put(HasMetadata.getApiVersion(type) + "/" + HasMetadata.getKind(type), type);
        }
    }

    /**
     * objectReference: where an owner or dependent lives; {@code custom} is the served kind of a custom resource
     * (whose {@code type} is null), null for the typed kinds.
     */
    record Identity(Class<? extends HasMetadata> type, String namespace, String name, String uid, ServedKind custom) {
        Identity(Class<? extends HasMetadata> type, String namespace, String name, String uid) {
            this(type, namespace, name, uid, null);
        }
    }

    /** A node of the graph (graph.go node): an observed object, or a virtual one only named by a dependent. */
    static final class GraphNode {
        Identity identity;
        /** Observed from a watch; a virtual node is only known from a dependent's ownerReference. */
        boolean virtual;
        boolean beingDeleted;
        boolean deletingDependents;
        boolean orphaning;
        List<OwnerReference> owners = List.of();
        /** In the order the graph first saw them, so the queue's order is the same on every run. */
        final Set<GraphNode> dependents = new LinkedHashSet<>();

        GraphNode(Identity identity, boolean virtual) {
            this.identity = identity;
            this.virtual = virtual;
        }

        /** blockingDependents: dependents whose reference to this node has blockOwnerDeletion true. */
        List<GraphNode> blockingDependents() {
            List<GraphNode> blocking = new ArrayList<>();
            for (GraphNode dependent : dependents) {
                for (OwnerReference ref : dependent.owners) {
                    if (identity.uid().equals(ref.getUid()) && Boolean.TRUE.equals(ref.getBlockOwnerDeletion())) {
                        blocking.add(dependent);
                        break;
                    }
                }
            }
            return blocking;
        }
    }

    /** uidToNode; looked up by uid, never iterated. */
    private final Map<String, GraphNode> nodes = new HashMap<>();
    /** The watches of the custom resources' kinds, by qualified name ({@code websites.example.com}), in the order their CRDs were established. */
    private final Map<String, Watch> customWatches = new LinkedHashMap<>();
    private ClusterContext context;
    private WorkQueue<String> attemptToDelete;
    private WorkQueue<String> attemptToOrphan;

    @Override
    public String name() {
        return "garbage-collector-controller";
    }

    @Override
    public void start(ClusterContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.attemptToDelete = new WorkQueue<>(context.loop(), "garbage-collector-controller delete", this::attemptToDeleteItem);
        this.attemptToOrphan = new WorkQueue<>(context.loop(), "garbage-collector-controller orphan", this::attemptToOrphanItem);
        for (Class<? extends HasMetadata> type : MONITORED) {
            watch(type);
        }
        context.store().watch(CustomResourceDefinition.class, ListOptions.all(), null, this::crdChanged);
    }

    /**
     * Custom resources are monitored as owners once their CRD is Established, as upstream's graph builder starts a
     * monitor for every deletable resource discovery lists (garbagecollector.go resyncMonitors): deleting one
     * collects what it owns. Custom resources are not collected as dependents in Peapod (their own
     * ownerReferences are not followed).
     */
    private void crdChanged(WatchEvent<CustomResourceDefinition> event) {
        String qualified = event.object().getMetadata().getName();
        if (event.type() == WatchEvent.Type.DELETED) {
            Watch watch = customWatches.remove(qualified);
            if (watch != null) {
                watch.close();
            }
            return;
        }
        if (customWatches.containsKey(qualified)) {
            return;
        }
        for (ServedKind kind : context.store().customResources().served()) {
            if (kind.qualified().equals(qualified)) {
                customWatches.put(qualified, context.store().customResources().watch(kind.group(), kind.plural(),
                        ListOptions.all(), null, change -> customResourceChanged(kind, change)));
            }
        }
    }

    /** processGraphChanges for a custom resource: an owner node, observed or gone. */
    private void customResourceChanged(ServedKind kind, WatchEvent<GenericKubernetesResource> event) {
        HasMetadata object = event.object();
        String uid = object.getMetadata().getUid();
        GraphNode existing = nodes.get(uid);
        if (event.type() == WatchEvent.Type.DELETED) {
            if (existing != null) {
                removeAndRequeue(existing, object);
            }
            return;
        }
        Identity identity = new Identity(null, kind.namespaced() ? object.getMetadata().getNamespace() : null,
                object.getMetadata().getName(), uid, kind);
        if (existing == null) {
            nodes.put(uid, new GraphNode(identity, false));
            return;
        }
        existing.virtual = false;
        existing.identity = identity;
        existing.beingDeleted = object.getMetadata().getDeletionTimestamp() != null;
    }

    /** Whether the custom resource an identity names is stored with the identity's uid. */
    private boolean customExists(ServedKind kind, String namespace, String name, String uid) {
        return context.store().customResources().get(kind.group(), kind.plural(), namespace, name)
                .map(object -> uid.equals(object.getMetadata().getUid())).orElse(false);
    }

    private <T extends HasMetadata> void watch(Class<T> type) {
        context.store().watch(type, ListOptions.all(), null, event -> processGraphChanges(type, event));
    }

    // ---------------------------------------------------------------- graph_builder.go processGraphChanges

    private void processGraphChanges(Class<? extends HasMetadata> type, WatchEvent<? extends HasMetadata> event) {
        HasMetadata object = event.object();
        String uid = object.getMetadata().getUid();
        GraphNode existing = nodes.get(uid);
        if (event.type() == WatchEvent.Type.DELETED) {
            if (existing != null) {
                removeAndRequeue(existing, object);
            }
            return;
        }
        List<OwnerReference> owners = object.getMetadata().getOwnerReferences() == null
                ? List.of() : List.copyOf(object.getMetadata().getOwnerReferences());
        if (existing == null) {
            GraphNode node = new GraphNode(identityOf(type, object), false);
            node.owners = owners;
            node.beingDeleted = object.getMetadata().getDeletionTimestamp() != null;
            nodes.put(uid, node);
            addDependentToOwners(node, owners);
            processTransitions(object, node);
            return;
        }
        existing.virtual = false; // markObserved
        existing.identity = identityOf(type, object);
        if (!existing.owners.equals(owners)) {
            referencesDiffs(existing, owners);
        }
        if (object.getMetadata().getDeletionTimestamp() != null) {
            existing.beingDeleted = true;
        }
        processTransitions(object, existing);
    }

    /**
     * The ownerReferences that were removed or changed: owners that were waiting for this dependent
     * to go (deletingDependents) are looked at again when it no longer blocks them.
     */
    private void referencesDiffs(GraphNode node, List<OwnerReference> updated) {
        Map<String, OwnerReference> before = byUid(node.owners);
        Map<String, OwnerReference> after = byUid(updated);
        List<OwnerReference> added = new ArrayList<>();
        for (OwnerReference ref : updated) {
            if (!before.containsKey(ref.getUid())) {
                added.add(ref);
            }
        }
        for (OwnerReference ref : node.owners) {
            // addUnblockedOwnersToDeleteQueue: a removed or unblocked reference that blocked its owner
            OwnerReference now = after.get(ref.getUid());
            boolean wasBlocking = Boolean.TRUE.equals(ref.getBlockOwnerDeletion());
            if (wasBlocking && (now == null || !Boolean.TRUE.equals(now.getBlockOwnerDeletion())) && owner(ref) != null) {
                attemptToDelete.add(ref.getUid());
            }
            if (now == null && owner(ref) != null) {
                owner(ref).dependents.remove(node);
            }
        }
        node.owners = updated;
        addDependentToOwners(node, added);
    }

    private GraphNode owner(OwnerReference ref) {
        return nodes.get(ref.getUid());
    }

    private static Map<String, OwnerReference> byUid(List<OwnerReference> refs) {
        Map<String, OwnerReference> byUid = new LinkedHashMap<>();
        for (OwnerReference ref : refs) {
            byUid.put(ref.getUid(), ref);
        }
        return byUid;
    }

    /** addDependentToOwners: an owner the graph has not seen becomes a virtual node, to be checked. */
    private void addDependentToOwners(GraphNode dependent, List<OwnerReference> owners) {
        for (OwnerReference ref : owners) {
            GraphNode owner = nodes.get(ref.getUid());
            if (owner == null) {
                Class<? extends HasMetadata> type = BY_TYPE.get(ref.getApiVersion() + "/" + ref.getKind());
                ServedKind custom = type != null ? null
                        : context.store().customResources().findKind(ref.getApiVersion(), ref.getKind()).orElse(null);
                boolean clusterScoped = type != null ? !Namespaced.class.isAssignableFrom(type) : custom != null && !custom.namespaced();
                String namespace = clusterScoped ? null : dependent.identity.namespace();
                owner = new GraphNode(new Identity(type, namespace, ref.getName(), ref.getUid(), custom), true);
                nodes.put(ref.getUid(), owner);
                attemptToDelete.add(ref.getUid());
            }
            owner.dependents.add(dependent);
        }
    }

    /**
     * processTransitions: an object that starts being deleted with the orphan finalizer goes to
     * attemptToOrphan; one that starts with foregroundDeletion has its dependents, then itself, put on
     * attemptToDelete.
     */
    private void processTransitions(HasMetadata object, GraphNode node) {
        boolean deleting = object.getMetadata().getDeletionTimestamp() != null;
        List<String> finalizers = object.getMetadata().getFinalizers() == null ? List.of() : object.getMetadata().getFinalizers();
        boolean orphaning = deleting && finalizers.contains(Propagation.ORPHAN_FINALIZER);
        boolean foreground = deleting && finalizers.contains(Propagation.FOREGROUND_FINALIZER);
        boolean startsOrphaning = orphaning && !node.orphaning;
        boolean startsForeground = foreground && !node.deletingDependents;
        node.orphaning = orphaning;
        if (startsOrphaning) {
            attemptToOrphan.add(node.identity.uid());
            return;
        }
        if (startsForeground) {
            node.deletingDependents = true;
            for (GraphNode dependent : node.dependents) {
                attemptToDelete.add(dependent.identity.uid());
            }
            attemptToDelete.add(node.identity.uid());
        }
    }

    /** A deleted object (observed or virtual) leaves the graph; its dependents and waiting owners are looked at. */
    /**
     * graph_builder.go's absentOwnerCache: an owner whose deletion was observed while it had dependents is
     * remembered (500 at most, the least recently used going first), so that those dependents are
     * collected even where the owner's kind can no longer be resolved, as after its CRD was deleted.
     * Keyed by the reference's coordinates: apiVersion, kind, name, uid, and the namespace of a namespaced owner.
     */
    private final Map<String, Boolean> absentOwners = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 500;
        }
    };

    private static String absentKey(String apiVersion, String kind, String name, String uid, String namespace) {
        return apiVersion + "\n" + kind + "\n" + name + "\n" + uid + "\n" + (namespace == null ? "" : namespace);
    }

    private void removeAndRequeue(GraphNode node, HasMetadata deleted) {
        if (!node.dependents.isEmpty()) {
            absentOwners.put(absentKey(deleted.getApiVersion(), deleted.getKind(), deleted.getMetadata().getName(),
                    deleted.getMetadata().getUid(), deleted.getMetadata().getNamespace()), Boolean.TRUE);
        }
        removeAndRequeue(node);
    }

    private void removeAndRequeue(GraphNode node) {
        nodes.remove(node.identity.uid());
        for (OwnerReference ref : node.owners) {
            GraphNode owner = nodes.get(ref.getUid());
            if (owner != null) {
                owner.dependents.remove(node);
            }
        }
        for (GraphNode dependent : node.dependents) {
            attemptToDelete.add(dependent.identity.uid());
        }
        for (OwnerReference ref : node.owners) {
            GraphNode owner = nodes.get(ref.getUid());
            if (owner != null && owner.deletingDependents) {
                attemptToDelete.add(ref.getUid()); // to see whether all its dependents are gone
            }
        }
    }

    // ---------------------------------------------------------------- garbagecollector.go attemptToDeleteItem

    private void attemptToDeleteItem(String uid) {
        GraphNode item = nodes.get(uid);
        if (item == null) {
            return;
        }
        if (!item.virtual && item.beingDeleted && !item.deletingDependents) {
            return; // being deleted, and not waiting for its dependents: nothing to do
        }
        if (item.identity.custom() != null) {
            Identity id = item.identity;
            if (!customExists(id.custom(), id.namespace(), id.name(), uid)) {
                removeAndRequeue(item); // a virtual delete event, as below
            }
            return; // custom resources are owners only here
        }
        if (item.identity.type() == null) {
            return; // a kind Peapod does not monitor: upstream cannot resolve it either and retries
        }
        HasMetadata latest = context.store().peek(item.identity.type(), item.identity.namespace(), item.identity.name());
        if (latest == null || !uid.equals(latest.getMetadata().getUid())) {
            // "item not found" / "UID doesn't match": a virtual delete event
            removeAndRequeue(item);
            return;
        }
        if (item.virtual) {
            return; // exists, and its own watch event will make it observed
        }
        if (item.deletingDependents) {
            processDeletingDependentsItem(item);
            return;
        }
        List<OwnerReference> refs = latest.getMetadata().getOwnerReferences();
        if (refs == null || refs.isEmpty()) {
            return;
        }
        List<OwnerReference> solid = new ArrayList<>();
        List<OwnerReference> dangling = new ArrayList<>();
        List<OwnerReference> waiting = new ArrayList<>();
        for (OwnerReference ref : refs) {
            // isDangling: a recorded absent owner, cluster-scoped or in the dependent's namespace, before any lookup
            if (absentOwners.containsKey(absentKey(ref.getApiVersion(), ref.getKind(), ref.getName(), ref.getUid(), null))
                    || absentOwners.containsKey(absentKey(ref.getApiVersion(), ref.getKind(), ref.getName(), ref.getUid(),
                    item.identity.namespace()))) {
                dangling.add(ref);
                continue;
            }
            Class<? extends HasMetadata> type = BY_TYPE.get(ref.getApiVersion() + "/" + ref.getKind());
            java.util.Optional<ServedKind> custom = type != null ? java.util.Optional.empty()
                    : context.store().customResources().findKind(ref.getApiVersion(), ref.getKind());
            if (custom.isPresent()) {
                String namespace = custom.get().namespaced() ? item.identity.namespace() : null;
                (customExists(custom.get(), namespace, ref.getName(), ref.getUid()) ? solid : dangling).add(ref);
                continue;
            }
            if (type == null) {
                solid.add(ref); // not resolvable: never treated as absent
                continue;
            }
            String namespace = Namespaced.class.isAssignableFrom(type) ? item.identity.namespace() : null;
            HasMetadata owner = context.store().peek(type, namespace, ref.getName());
            if (owner == null || !ref.getUid().equals(owner.getMetadata().getUid())) {
                dangling.add(ref);
            } else if (owner.getMetadata().getDeletionTimestamp() != null && owner.getMetadata().getFinalizers() != null
                    && owner.getMetadata().getFinalizers().contains(Propagation.FOREGROUND_FINALIZER)) {
                waiting.add(ref);
            } else {
                solid.add(ref);
            }
        }
        if (!solid.isEmpty()) {
            if (!dangling.isEmpty() || !waiting.isEmpty()) {
                Set<String> gone = new LinkedHashSet<>();
                dangling.forEach(ref -> gone.add(ref.getUid()));
                waiting.forEach(ref -> gone.add(ref.getUid()));
                removeOwnerReferences(item, gone);
            }
            return;
        }
        if (!waiting.isEmpty() && !item.dependents.isEmpty()) {
            for (GraphNode dependent : item.dependents) {
                if (dependent.deletingDependents) {
                    // a possible cycle: unblock this item's references, then delete it in the foreground
                    unblockOwnerReferences(item);
                    break;
                }
            }
            delete(item, Propagation.FOREGROUND);
            return;
        }
        List<String> finalizers = latest.getMetadata().getFinalizers() == null ? List.of() : latest.getMetadata().getFinalizers();
        Propagation policy = finalizers.contains(Propagation.ORPHAN_FINALIZER) ? Propagation.ORPHAN
                : finalizers.contains(Propagation.FOREGROUND_FINALIZER) ? Propagation.FOREGROUND : Propagation.BACKGROUND;
        delete(item, policy);
    }

    /** processDeletingDependentsItem: with no blocking dependent left the finalizer goes; else they are deleted. */
    private void processDeletingDependentsItem(GraphNode item) {
        List<GraphNode> blocking = item.blockingDependents();
        if (blocking.isEmpty()) {
            removeFinalizer(item, Propagation.FOREGROUND_FINALIZER);
            return;
        }
        for (GraphNode dependent : blocking) {
            if (!dependent.deletingDependents) {
                attemptToDelete.add(dependent.identity.uid());
            }
        }
    }

    // ---------------------------------------------------------------- attemptToOrphanWorker

    private void attemptToOrphanItem(String uid) {
        GraphNode owner = nodes.get(uid);
        if (owner == null) {
            return;
        }
        for (GraphNode dependent : List.copyOf(owner.dependents)) {
            removeOwnerReferences(dependent, Set.of(uid));
        }
        removeFinalizer(owner, Propagation.ORPHAN_FINALIZER);
    }

    // ---------------------------------------------------------------- writes

    private void delete(GraphNode item, Propagation policy) {
        try {
            context.store().shared().delete(item.identity.type(), item.identity.namespace(), item.identity.name(), null, policy);
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }

    /** deleteOwnerRefJSONMergePatch: the dependent without its references to those owners. */
    private void removeOwnerReferences(GraphNode dependent, Set<String> ownerUids) {
        edit(dependent, object -> {
            List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
            if (refs == null || refs.stream().noneMatch(ref -> ownerUids.contains(ref.getUid()))) {
                return false;
            }
            List<OwnerReference> kept = new ArrayList<>();
            for (OwnerReference ref : refs) {
                if (!ownerUids.contains(ref.getUid())) {
                    kept.add(ref);
                }
            }
            object.getMetadata().setOwnerReferences(kept);
            return true;
        });
    }

    /** unblockOwnerReferencesStrategicMergePatch: blockOwnerDeletion false on every reference that blocks. */
    private void unblockOwnerReferences(GraphNode dependent) {
        edit(dependent, object -> {
            boolean changed = false;
            for (OwnerReference ref : object.getMetadata().getOwnerReferences()) {
                if (Boolean.TRUE.equals(ref.getBlockOwnerDeletion())) {
                    ref.setBlockOwnerDeletion(false);
                    changed = true;
                }
            }
            return changed;
        });
    }

    private void removeFinalizer(GraphNode item, String finalizer) {
        edit(item, object -> {
            List<String> finalizers = object.getMetadata().getFinalizers();
            if (finalizers == null || !finalizers.contains(finalizer)) {
                return false;
            }
            List<String> kept = new ArrayList<>(finalizers);
            kept.removeIf(finalizer::equals);
            object.getMetadata().setFinalizers(kept);
            return true;
        });
    }

    /** A patch with the uid as precondition: an object gone or replaced is left alone. */
    private void edit(GraphNode item, java.util.function.Predicate<HasMetadata> change) {
        HasMetadata latest = context.store().get(item.identity.type(), item.identity.namespace(), item.identity.name()).orElse(null);
        if (latest == null || !item.identity.uid().equals(latest.getMetadata().getUid())) {
            return;
        }
        if (change.test(latest)) {
            latest.getMetadata().setResourceVersion(null);
            context.store().shared().update(latest);
        }
    }

    private static Identity identityOf(Class<? extends HasMetadata> type, HasMetadata object) {
        return new Identity(type, object.getMetadata().getNamespace(), object.getMetadata().getName(), object.getMetadata().getUid());
    }
}
