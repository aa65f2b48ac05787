package dev.peapod.controllers;

import dev.peapod.spi.ClusterContext;
import dev.peapod.spi.Component;
import dev.peapod.store.ApiException;
import dev.peapod.store.Copies;
import dev.peapod.store.LabelSelector;
import dev.peapod.store.ListOptions;
import dev.peapod.store.WatchEvent;
import dev.peapod.time.WorkQueue;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The StatefulSet controller (kubernetes: pkg/controller/statefulset/stateful_set.go and
 * stateful_set_control.go, v1.33): pods named {@code <set>-<ordinal>} with their claims,
 * OrderedReady (one at a time, each after its predecessors are Running and Ready) or Parallel,
 * ControllerRevisions, rolling updates from the highest ordinal down to the partition, OnDelete,
 * and the status. The MaxUnavailableStatefulSet gate is alpha and off in v1.33, so a rolling update
 * replaces one pod at a time (and defaulting drops {@code rollingUpdate.maxUnavailable}).
 */
@API(status = INTERNAL, since = "0.1")
public final class StatefulSetController implements Component {
    private ClusterContext context;
    private WorkQueue<String> queue;
    private StatefulPodControl pods;

    /** The cluster's shared pod informer (see {@link PodCache}): a sync reads its pods there, not from a list of the namespace. */
    private final PodCache podCache;

    /** A controller with a pod cache of its own. */
    public StatefulSetController() {
        this(new PodCache());
    }

    /** A controller reading the cluster's shared pod cache. */
    StatefulSetController(PodCache podCache) {
        this.podCache = Objects.requireNonNull(podCache, "podCache");
    }

    @Override
    public String name() {
        return "statefulset-controller";
    }

    @Override
    public void start(ClusterContext context) {
        podCache.start(context); // before this controller's pod watch: see PodCache
        this.context = Objects.requireNonNull(context, "context");
        ControllerEvents events = new ControllerEvents(context, name());
        this.pods = new StatefulPodControl(context, events);
        this.queue = new WorkQueue<>(context.loop(), name(), this::sync);
        context.store().watch(StatefulSet.class, ListOptions.all(), null, this::onSet);
        context.store().watch(Pod.class, ListOptions.all(), null, this::onPod);
    }

    // ---------------------------------------------------------------- watch callbacks: enqueue only

    private void onSet(WatchEvent<StatefulSet> event) {
        queue.add(Pods.key(event.object().getMetadata().getNamespace(), event.object().getMetadata().getName()));
    }

    private void onPod(WatchEvent<Pod> event) {
        Pod pod = event.object();
        Optional<OwnerReference> ref = ControllerRefs.controllerOf(pod);
        if (ref.isPresent()) {
            if ("StatefulSet".equals(ref.get().getKind())) {
                queue.add(Pods.key(pod.getMetadata().getNamespace(), ref.get().getName()));
            }
            return;
        }
        if (event.type() != WatchEvent.Type.DELETED) {
            for (StatefulSet set : context.store().list(StatefulSet.class, ListOptions.inNamespace(pod.getMetadata().getNamespace()))) {
                if (selector(set).matches(StatefulSets.labels(pod))) {
                    queue.add(Pods.key(set.getMetadata().getNamespace(), set.getMetadata().getName()));
                }
            }
        }
    }

    // ---------------------------------------------------------------- sync

    private void sync(String key) {
        int slash = key.indexOf('/');
        StatefulSet set = context.store().peek(StatefulSet.class, key.substring(0, slash), key.substring(slash + 1));
        if (set == null) {
            return;
        }
        List<Pod> owned = claimPods(set);
        StatefulSetStatus status = updateStatefulSet(set, owned);
        int minReady = minReadySeconds(set);
        if (minReady > 0 && status != null && !Objects.equals(status.getAvailableReplicas(), StatefulSets.replicas(set))) {
            queue.addAfter(key, Duration.ofSeconds(minReady)); // syncStatefulSet: check availability again
        }
    }

    /** getPodsForStatefulSet: its pods, adopting orphans that match the selector and are named as its members. */
    private List<Pod> claimPods(StatefulSet set) {
        LabelSelector selector = selector(set);
        List<Pod> claimed = new ArrayList<>();
        for (Pod pod : podCache.controlledByOrOrphans(set)) {
            if (ControllerRefs.controllerOf(pod).isPresent()) {
                if (ControllerRefs.isControlledBy(pod, set)) {
                    claimed.add(pod);
                }
            } else if (selector.matches(StatefulSets.labels(pod)) && StatefulSets.isMemberOf(set, pod)
                    && set.getMetadata().getDeletionTimestamp() == null) {
                claimed.add(context.store().shared().edit(Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), p -> {
                    List<OwnerReference> refs = StatefulSets.ownerRefs(p);
                    refs.add(ControllerRefs.newControllerRef(set));
                    p.getMetadata().setOwnerReferences(refs);
                }));
            }
        }
        return claimed;
    }

    /** UpdateStatefulSet: revisions, the pods, the status, then the history's truncation. */
    private StatefulSetStatus updateStatefulSet(StatefulSet set, List<Pod> owned) {
        List<ControllerRevision> revisions = revisions(set);
        Revisions found = statefulSetRevisions(set, revisions);
        StatefulSet currentSet = StatefulSets.applyRevision(set, found.current());
        StatefulSet updateSet = StatefulSets.applyRevision(set, found.update());
        StatefulSetStatus status = updatePods(set, currentSet, updateSet, found, owned);
        status = updateStatus(set, status);
        truncateHistory(set, revisions(set), found.current(), found.update());
        return status;
    }

    private record Revisions(ControllerRevision current, ControllerRevision update, int collisionCount) {
    }

    /** The set's ControllerRevisions, oldest first (history.SortControllerRevisions: by revision, then name). */
    private List<ControllerRevision> revisions(StatefulSet set) {
        List<ControllerRevision> owned = new ArrayList<>();
        for (ControllerRevision r : context.store().list(ControllerRevision.class, ListOptions.inNamespace(set.getMetadata().getNamespace()))) {
            if (ControllerRefs.isControlledBy(r, set)) {
                owned.add(r);
            }
        }
        owned.sort(Comparator.comparing((ControllerRevision r) -> r.getRevision() == null ? 0L : r.getRevision())
                .thenComparing(r -> r.getMetadata().getName()));
        return owned;
    }

    /** getStatefulSetRevisions: the update revision is the set's template; an equal older one is reused (a rollback). */
    private Revisions statefulSetRevisions(StatefulSet set, List<ControllerRevision> revisions) {
        int collisionCount = set.getStatus() == null || set.getStatus().getCollisionCount() == null ? 0 : set.getStatus().getCollisionCount();
        long next = revisions.isEmpty() ? 1 : revisions.get(revisions.size() - 1).getRevision() + 1;
        ControllerRevision update = StatefulSets.newRevision(set, next, collisionCount);
        List<ControllerRevision> equal = revisions.stream().filter(r -> StatefulSets.equalRevision(r, update)).toList();
        ControllerRevision chosen;
        if (!equal.isEmpty() && revisions.get(revisions.size() - 1) == equal.get(equal.size() - 1)) {
            chosen = revisions.get(revisions.size() - 1); // the template has not changed
        } else if (!equal.isEmpty()) {
            ControllerRevision old = equal.get(equal.size() - 1); // back to an earlier template: it becomes the newest
            chosen = context.store().edit(ControllerRevision.class, old.getMetadata().getNamespace(), old.getMetadata().getName(),
                    r -> r.setRevision(next));
        } else {
            chosen = createRevision(set, update, next, collisionCount);
            collisionCount = chosenCollisions;
        }
        ControllerRevision current = null;
        String currentName = set.getStatus() == null ? null : set.getStatus().getCurrentRevision();
        for (ControllerRevision r : revisions(set)) {
            if (r.getMetadata().getName().equals(currentName)) {
                current = r;
            }
        }
        return new Revisions(current == null ? chosen : current, chosen, collisionCount);
    }

    private int chosenCollisions;

    /**
     * controllerHistory.CreateControllerRevision: a name held by a revision with other data is a hash
     * collision, so the collision count goes up and the name is hashed again.
     */
    private ControllerRevision createRevision(StatefulSet set, ControllerRevision revision, long number, int collisionCount) {
        int count = collisionCount;
        ControllerRevision attempt = revision;
        while (true) {
            try {
                chosenCollisions = count;
                return context.store().create(attempt);
            } catch (ApiException e) {
                if (!"AlreadyExists".equals(e.reason())) {
                    throw e;
                }
                ControllerRevision existing = context.store().peek(ControllerRevision.class, set.getMetadata().getNamespace(),
                        attempt.getMetadata().getName());
                if (existing != null && StatefulSets.equalRevision(existing, attempt)) {
                    return existing;
                }
                count++;
                attempt = StatefulSets.newRevision(set, number, count);
            }
        }
    }

    /** updateStatefulSet (stateful_set_control.go): creates, repairs and deletes pods; returns the status it computed. */
    private StatefulSetStatus updatePods(StatefulSet set, StatefulSet currentSet, StatefulSet updateSet, Revisions revisions,
                                         List<Pod> owned) {
        String currentRevision = revisions.current().getMetadata().getName();
        String updateRevision = revisions.update().getMetadata().getName();
        int start = StatefulSets.startOrdinal(set);
        int replicaCount = StatefulSets.replicas(set);
        int currentReplicas = set.getStatus() == null || set.getStatus().getCurrentReplicas() == null ? 0 : set.getStatus().getCurrentReplicas();
        Pod[] replicas = new Pod[replicaCount];
        List<Pod> condemned = new ArrayList<>();
        for (Pod pod : owned) {
            int ordinal = StatefulSets.ordinal(pod);
            if (StatefulSets.inOrdinalRange(pod, set)) {
                replicas[ordinal - start] = pod;
            } else if (ordinal >= 0) {
                condemned.add(pod);
            }
        }
        for (int ord = start; ord < start + replicaCount; ord++) {
            if (replicas[ord - start] == null) {
                replicas[ord - start] = StatefulSets.newVersionedPod(currentSet, updateSet, currentRevision, updateRevision, ord,
                        currentReplicas);
            }
        }
        condemned.sort(Comparator.comparingInt(StatefulSets::ordinal).reversed()); // descendingOrdinal
        Pod firstUnhealthy = null;
        for (Pod pod : replicas) {
            if (!StatefulSets.isHealthy(pod) && firstUnhealthy == null) {
                firstUnhealthy = pod;
            }
        }
        for (int i = condemned.size() - 1; i >= 0; i--) {
            if (!StatefulSets.isHealthy(condemned.get(i)) && firstUnhealthy == null) {
                firstUnhealthy = condemned.get(i);
            }
        }
        StatefulSetStatus status = baseStatus(set, revisions);
        if (set.getMetadata().getDeletionTimestamp() != null) {
            return count(status, set, revisions, List.of(replicas), condemned);
        }
        boolean monotonic = !StatefulSets.isParallel(set);
        List<Pod> replicaList = java.util.Arrays.asList(replicas);
        if (runForAll(replicaList, i -> processReplica(set, updateSet, monotonic, replicas, i), monotonic)) {
            return count(status, set, revisions, replicaList, condemned);
        }
        if (runForAll(condemned, i -> fixClaims(updateSet, condemned.get(i)), monotonic)) {
            return count(status, set, revisions, replicaList, condemned);
        }
        Pod unhealthy = firstUnhealthy;
        if (runForAll(condemned, i -> processCondemned(set, unhealthy, monotonic, condemned, i), monotonic)) {
            return count(status, set, revisions, replicaList, condemned);
        }
        count(status, set, revisions, replicaList, condemned);
        if ("OnDelete".equals(set.getSpec().getUpdateStrategy() == null ? null : set.getSpec().getUpdateStrategy().getType())) {
            return status; // pods are replaced only when someone deletes them
        }
        int updateMin = StatefulSets.partition(set);
        for (int target = replicas.length - 1; target >= updateMin; target--) {
            Pod pod = replicas[target];
            if (!StatefulSets.revision(pod).equals(updateRevision) && !Pods.isTerminating(pod)) {
                pods.delete(set, pod); // "Pod of StatefulSet is terminating for update"
                status.setCurrentReplicas(status.getCurrentReplicas() - 1);
                return status;
            }
            if (!StatefulSets.isHealthy(pod)) {
                return status; // wait for unhealthy Pods on update
            }
        }
        return status;
    }

    /** One step over a list: true means stop this sync. */
    @FunctionalInterface
    private interface Step {
        boolean run(int i);
    }

    /**
     * runForAll: in order, stopping at the first step that says so (OrderedReady); or all of them in
     * slow-start batches (Parallel), whose steps' "stop" is ignored, as upstream's slowStartBatch
     * counts only errors.
     */
    private static boolean runForAll(List<Pod> pods, Step step, boolean monotonic) {
        if (monotonic) {
            for (int i = 0; i < pods.size(); i++) {
                if (step.run(i)) {
                    return true;
                }
            }
            return false;
        }
        for (int i = 0; i < pods.size(); i++) {
            step.run(i);
        }
        return false;
    }

    /** processReplica: true to stop (this sync can make no more progress in OrderedReady). */
    private boolean processReplica(StatefulSet set, StatefulSet updateSet, boolean monotonic, Pod[] replicas, int i) {
        Pod pod = replicas[i];
        String phase = StatefulSets.phase(pod);
        if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
            // a finished pod is deleted; its replacement comes at the sync after it is gone
            if (pod.getMetadata().getDeletionTimestamp() == null) {
                pods.delete(set, pod);
            }
            return true;
        }
        if (!StatefulSets.isCreated(pod)) {
            if (claimIsStale(set, pod)) {
                return true; // a claim still owned by a pod of this name that is gone: wait for the garbage collector
            }
            Optional<ApiException> failure = pods.create(set, pod);
            if (failure.isPresent()) {
                return true;
            }
            return monotonic;
        }
        if ("Pending".equals(phase)) {
            pods.createClaims(set, pod); // createMissingPersistentVolumeClaims
        }
        if (Pods.isTerminating(pod) && monotonic) {
            return true;
        }
        if (!StatefulSets.isRunningAndReady(pod) && monotonic) {
            return true;
        }
        if (!StatefulSets.isRunningAndAvailable(pod, minReadySeconds(set), now()) && monotonic) {
            return true;
        }
        boolean retentionMatch = pods.claimsMatchRetentionPolicy(updateSet, pod);
        if (StatefulSets.identityMatches(set, pod) && StatefulSets.storageMatches(set, pod) && retentionMatch) {
            return false;
        }
        return pods.update(updateSet, pod).isPresent();
    }

    /**
     * PodClaimIsStale: a claim of the pod-to-be that has a controller reference to a pod (of the same
     * name, now gone) other than the one about to be made: the claim is on its way out with its old
     * pod (whenScaled Delete), so the new pod must not take it.
     */
    private boolean claimIsStale(StatefulSet set, Pod pod) {
        for (var claim : StatefulSets.claims(set, pod).values()) {
            var stored = context.store().peek(io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class,
                    claim.getMetadata().getNamespace(), claim.getMetadata().getName());
            if (stored == null) {
                continue;
            }
            for (OwnerReference ref : StatefulSets.ownerRefs(stored)) {
                if ("Pod".equals(ref.getKind()) && Boolean.TRUE.equals(ref.getController())) {
                    return true; // the pod does not exist yet, so any pod controller is stale
                }
            }
        }
        return false;
    }

    /** fixPodClaim: a condemned pod's claims get the ownerReferences of the policy (a pod reference under whenScaled Delete). */
    private boolean fixClaims(StatefulSet updateSet, Pod pod) {
        if (!pods.claimsMatchRetentionPolicy(updateSet, pod)) {
            return pods.updateClaimsForRetentionPolicy(updateSet, pod).isPresent();
        }
        return false;
    }

    /** processCondemned: deletes from the highest ordinal; in OrderedReady one at a time, and only when healthy or first unhealthy. */
    private boolean processCondemned(StatefulSet set, Pod firstUnhealthy, boolean monotonic, List<Pod> condemned, int i) {
        Pod pod = condemned.get(i);
        if (Pods.isTerminating(pod)) {
            return monotonic;
        }
        if (!StatefulSets.isRunningAndReady(pod) && monotonic && pod != firstUnhealthy) {
            return true;
        }
        if (!StatefulSets.isRunningAndAvailable(pod, minReadySeconds(set), now()) && monotonic && pod != firstUnhealthy) {
            return true;
        }
        pods.delete(set, pod);
        return true;
    }

    // ---------------------------------------------------------------- status

    private static StatefulSetStatus baseStatus(StatefulSet set, Revisions revisions) {
        StatefulSetStatus status = new StatefulSetStatus();
        status.setObservedGeneration(set.getMetadata().getGeneration());
        status.setCurrentRevision(revisions.current().getMetadata().getName());
        status.setUpdateRevision(revisions.update().getMetadata().getName());
        status.setCollisionCount(revisions.collisionCount());
        return status;
    }

    /** updateStatus / computeReplicaStatus: counts over the replicas and the condemned. */
    private StatefulSetStatus count(StatefulSetStatus status, StatefulSet set, Revisions revisions, List<Pod> replicas, List<Pod> condemned) {
        int created = 0;
        int ready = 0;
        int available = 0;
        int current = 0;
        int updated = 0;
        String currentName = revisions.current().getMetadata().getName();
        String updateName = revisions.update().getMetadata().getName();
        Instant now = now();
        List<Pod> all = new ArrayList<>(replicas);
        all.addAll(condemned);
        for (Pod pod : all) {
            if (StatefulSets.isCreated(pod)) {
                created++;
            }
            if (StatefulSets.isRunningAndReady(pod)) {
                ready++;
                if (StatefulSets.isRunningAndAvailable(pod, minReadySeconds(set), now)) {
                    available++;
                }
            }
            if (StatefulSets.isCreated(pod) && !Pods.isTerminating(pod)) {
                String revision = StatefulSets.revision(pod);
                if (revision.equals(currentName)) {
                    current++;
                }
                if (revision.equals(updateName)) {
                    updated++;
                }
            }
        }
        status.setReplicas(created);
        status.setReadyReplicas(ready);
        status.setAvailableReplicas(available);
        status.setCurrentReplicas(current);
        status.setUpdatedReplicas(updated);
        return status;
    }

    /**
     * updateStatefulSetStatus: completeRollingUpdate, then a write only when a field differs
     * (inconsistentStatus; the collision count is written along, as upstream's copy carries it).
     */
    private StatefulSetStatus updateStatus(StatefulSet set, StatefulSetStatus status) {
        String type = set.getSpec().getUpdateStrategy() == null ? null : set.getSpec().getUpdateStrategy().getType();
        int replicas = StatefulSets.replicas(set);
        if ("RollingUpdate".equals(type) && status.getUpdatedReplicas() == replicas && status.getReadyReplicas() == replicas
                && status.getReplicas() == replicas) {
            status.setCurrentReplicas(status.getUpdatedReplicas());
            status.setCurrentRevision(status.getUpdateRevision());
        }
        StatefulSet latest = context.store().peek(StatefulSet.class, set.getMetadata().getNamespace(), set.getMetadata().getName());
        if (latest == null) {
            return status;
        }
        StatefulSetStatus old = latest.getStatus() == null ? new StatefulSetStatus() : latest.getStatus();
        if (!inconsistent(old, status)) {
            return status;
        }
        StatefulSet copy = Copies.copy(latest);
        status.setConditions(old.getConditions());
        copy.setStatus(status);
        context.store().shared().updateStatus(copy);
        return status;
    }

    private static boolean inconsistent(StatefulSetStatus old, StatefulSetStatus status) {
        long oldGeneration = old.getObservedGeneration() == null ? 0 : old.getObservedGeneration();
        long generation = status.getObservedGeneration() == null ? 0 : status.getObservedGeneration();
        return generation > oldGeneration
                || !Objects.equals(old.getReplicas(), status.getReplicas())
                || !Objects.equals(old.getCurrentReplicas(), status.getCurrentReplicas())
                || !Objects.equals(old.getReadyReplicas(), status.getReadyReplicas())
                || !Objects.equals(old.getUpdatedReplicas(), status.getUpdatedReplicas())
                || !Objects.equals(old.getCurrentRevision(), status.getCurrentRevision())
                || !Objects.equals(old.getAvailableReplicas(), status.getAvailableReplicas())
                || !Objects.equals(old.getUpdateRevision(), status.getUpdateRevision())
                || !Objects.equals(old.getCollisionCount(), status.getCollisionCount());
    }

    /**
     * truncateHistory: revisions no live pod carries, other than the current and update ones, are
     * deleted oldest first beyond revisionHistoryLimit.
     */
    private void truncateHistory(StatefulSet set, List<ControllerRevision> revisions, ControllerRevision current,
                                 ControllerRevision update) {
        Set<String> live = new LinkedHashSet<>();
        live.add(current.getMetadata().getName());
        live.add(update.getMetadata().getName());
        for (Pod pod : podCache.controlledBy(set)) {
            live.add(StatefulSets.revision(pod));
        }
        List<ControllerRevision> history = revisions.stream().filter(r -> !live.contains(r.getMetadata().getName())).toList();
        int limit = set.getSpec().getRevisionHistoryLimit() == null ? 10 : set.getSpec().getRevisionHistoryLimit();
        for (int i = 0; i < history.size() - limit; i++) {
            context.store().shared().delete(ControllerRevision.class, set.getMetadata().getNamespace(), history.get(i).getMetadata().getName());
        }
    }

    private static int minReadySeconds(StatefulSet set) {
        return set.getSpec().getMinReadySeconds() == null ? 0 : set.getSpec().getMinReadySeconds();
    }

    private Instant now() {
        return context.clock().now();
    }

    static LabelSelector selector(StatefulSet set) {
        return set.getSpec().getSelector() == null ? LabelSelector.everything() : LabelSelector.of(set.getSpec().getSelector());
    }
}
