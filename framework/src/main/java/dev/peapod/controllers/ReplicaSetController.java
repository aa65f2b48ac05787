package dev.peapod.controllers;

import dev.peapod.spi.ClusterContext;
import dev.peapod.spi.Component;
import dev.peapod.store.ApiException;
import dev.peapod.store.LabelSelector;
import dev.peapod.store.ListOptions;
import dev.peapod.store.Timestamps;
import dev.peapod.store.WatchEvent;
import dev.peapod.time.WorkQueue;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The ReplicaSet controller (pkg/controller/replicaset/replica_set.go), and with
 * {@link #replicationManager()} the ReplicationController's, which upstream runs as the same code on
 * converted objects (pkg/controller/replication). It keeps as many active pods as
 * {@code spec.replicas}: it claims pods (adopting matching orphans, releasing owned pods whose labels
 * no longer match), creates pods from the template in slow-start batches (1, 2, 4, ... at most 500 per
 * sync), deletes the surplus in {@link DeletionOrder}, and reports replicas, fullyLabeledReplicas,
 * readyReplicas and availableReplicas (after {@code minReadySeconds}) with a ReplicaFailure condition
 * while a create or delete fails. A failed sync is retried with the queue's rate limit, as upstream's
 * processNextWorkItem does.
 */
@API(status = INTERNAL, since = "0.1")
public final class ReplicaSetController implements Component {
    /** replica_set.go BurstReplicas: at most this many creates or deletes per sync. */
    static final int BURST_REPLICAS = 500;
    /** controller.SlowStartInitialBatchSize. */
    static final int SLOW_START_INITIAL_BATCH_SIZE = 1;

    private final ReplicaFamily family;
    private ClusterContext context;
    private WorkQueue<String> queue;
    private ControllerEvents events;
    private PodControl pods;
    /** The shared pod informer: this owner's pods and the orphans it may adopt, and the old object for updatePod. */
    private final PodCache podCache;

    /** The ReplicaSet controller. */
    public ReplicaSetController() {
        this(ReplicaFamily.REPLICA_SET, new PodCache());
    }

    /** The ReplicaSet controller reading the cluster's shared pod cache. */
    ReplicaSetController(PodCache podCache) {
        this(ReplicaFamily.REPLICA_SET, podCache);
    }

    private ReplicaSetController(ReplicaFamily family, PodCache podCache) {
        this.family = family;
        this.podCache = Objects.requireNonNull(podCache, "podCache");
    }

    /** The ReplicationController's manager: the same logic, events from {@code replication-controller}. */
    public static ReplicaSetController replicationManager() {
        return replicationManager(new PodCache());
    }

    /** The ReplicationController's manager reading the cluster's shared pod cache. */
    static ReplicaSetController replicationManager(PodCache podCache) {
        return new ReplicaSetController(ReplicaFamily.REPLICATION_CONTROLLER, podCache);
    }

    @Override
    public String name() {
        return family.component();
    }

    @Override
    public void start(ClusterContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.events = new ControllerEvents(context, family.component());
        this.pods = new PodControl(context, events);
        this.queue = new WorkQueue<>(context.loop(), family.queueName(), this::sync);
        podCache.start(context); // before this controller's own pod watch: see PodCache
        context.store().watch(family.type(), ListOptions.all(), null, this::onOwner);
        context.store().watch(Pod.class, ListOptions.all(), null, this::onPod);
    }

    // ---------------------------------------------------------------- watch callbacks: enqueue only

    private void onOwner(WatchEvent<? extends HasMetadata> event) {
        queue.add(key(event.object()));
    }

    private void onPod(WatchEvent<Pod> event) {
        Pod pod = event.object();
        switch (event.type()) {
            case ADDED -> addPod(pod);
            case MODIFIED -> {
                Pod old = podCache.previous(event);
                updatePod(old == null ? pod : old, pod);
            }
            case DELETED -> deletePod(pod);
            default -> { }
        }
    }

    /** The active pods this owner controls and the namespace's active orphans, in the store's key order. */
    private List<Pod> candidates(ReplicaSet rs) {
        List<Pod> active = podCache.controlledByOrOrphans(rs);
        active.removeIf(pod -> !Pods.isActive(pod));
        return active;
    }

    /** addPod: a pod already being deleted counts as a deletion; an orphan wakes every matching owner. */
    private void addPod(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            deletePod(pod);
            return;
        }
        Optional<OwnerReference> ref = ControllerRefs.controllerOf(pod);
        if (ref.isPresent()) {
            resolveControllerRef(pod.getMetadata().getNamespace(), ref.get()).ifPresent(rs -> queue.add(key(rs)));
            return;
        }
        getPodReplicaSets(pod).forEach(rs -> queue.add(key(rs)));
    }

    /**
     * updatePod: a label change wakes the old and the new owners; a changed controller reference wakes
     * the old owner; a pod that turns ready wakes its owner again after minReadySeconds + 1 s.
     */
    private void updatePod(Pod old, Pod cur) {
        if (Objects.equals(old.getMetadata().getResourceVersion(), cur.getMetadata().getResourceVersion()) && old != cur) {
            return;
        }
        boolean labelChanged = !Objects.equals(labels(old), labels(cur));
        if (cur.getMetadata().getDeletionTimestamp() != null) {
            deletePod(cur);
            if (labelChanged) {
                deletePod(old);
            }
            return;
        }
        OwnerReference curRef = ControllerRefs.controllerOf(cur).orElse(null);
        OwnerReference oldRef = ControllerRefs.controllerOf(old).orElse(null);
        boolean refChanged = !Objects.equals(curRef, oldRef);
        if (refChanged && oldRef != null) {
            resolveControllerRef(old.getMetadata().getNamespace(), oldRef).ifPresent(rs -> queue.add(key(rs)));
        }
        if (curRef != null) {
            Optional<ReplicaSet> rs = resolveControllerRef(cur.getMetadata().getNamespace(), curRef);
            if (rs.isEmpty()) {
                return;
            }
            queue.add(key(rs.get()));
            int minReady = minReadySeconds(rs.get());
            if (!Pods.isReady(old) && Pods.isReady(cur) && minReady > 0) {
                // "Add a second to avoid milliseconds skew in AddAfter."
                queue.addAfter(key(rs.get()), Duration.ofSeconds(minReady + 1L));
            }
            return;
        }
        if (labelChanged || refChanged) {
            getPodReplicaSets(cur).forEach(owner -> queue.add(key(owner)));
        }
    }

    /** deletePod: only a pod with a controller reference wakes its owner. */
    private void deletePod(Pod pod) {
        ControllerRefs.controllerOf(pod)
                .flatMap(ref -> resolveControllerRef(pod.getMetadata().getNamespace(), ref))
                .ifPresent(rs -> queue.add(key(rs)));
    }

    /** resolveControllerRef: the owner named by the reference, if it is of this kind and has its uid. */
    private Optional<ReplicaSet> resolveControllerRef(String namespace, OwnerReference ref) {
        if (!family.kind().equals(ref.getKind())) {
            return Optional.empty();
        }
        HasMetadata owner = context.store().peek(family.type(), namespace, ref.getName());
        if (owner == null || !Objects.equals(owner.getMetadata().getUid(), ref.getUid())) {
            return Optional.empty();
        }
        return Optional.of(family.view(owner));
    }

    /** getPodReplicaSets: the owners in the pod's namespace whose (non-empty) selector matches its labels. */
    private List<ReplicaSet> getPodReplicaSets(Pod pod) {
        List<ReplicaSet> found = new ArrayList<>();
        for (HasMetadata object : context.store().list(family.type(), ListOptions.inNamespace(pod.getMetadata().getNamespace()))) {
            ReplicaSet rs = family.view(object);
            LabelSelector selector = selector(rs);
            if (!selector.isEverything() && selector.matches(labels(pod))) {
                found.add(rs);
            }
        }
        return found;
    }

    // ---------------------------------------------------------------- sync

    private void sync(String key) {
        int slash = key.indexOf('/');
        HasMetadata stored = context.store().peek(family.type(), key.substring(0, slash), key.substring(slash + 1));
        if (stored == null) {
            return;
        }
        ReplicaSet rs = family.view(stored);
        List<Pod> active = candidates(rs);
        ApiException failure;
        List<Pod> claimed;
        try {
            claimed = claimPods(rs, active);
        } catch (ApiException e) {
            queue.addRateLimited(key);
            return;
        }
        failure = null;
        if (rs.getMetadata().getDeletionTimestamp() == null) {
            failure = manageReplicas(claimed, rs);
        }
        ReplicaSet updated = updateStatus(stored, rs, claimed, failure);
        if (failure != null) {
            queue.addRateLimited(key);
            return;
        }
        queue.forget(key);
        int minReady = minReadySeconds(updated);
        ReplicaSetStatus status = updated.getStatus();
        if (minReady > 0 && Objects.equals(status.getReadyReplicas(), replicas(updated))
                && !Objects.equals(status.getAvailableReplicas(), replicas(updated))) {
            // "Resync the ReplicaSet after MinReadySeconds as a last line of defense to guard against clock-skew."
            queue.addAfter(key, Duration.ofSeconds(minReady));
        }
    }

    /**
     * PodControllerRefManager.ClaimPods over the active pods this owner controls and the namespace's
     * orphans ({@link ControllerRefManager}): the match is the owner's (non-empty) selector.
     */
    private List<Pod> claimPods(ReplicaSet rs, List<Pod> active) {
        LabelSelector selector = selector(rs);
        return new ControllerRefManager<>(context, rs, family.type(), Pod.class,
                pod -> !selector.isEverything() && selector.matches(labels(pod))).claim(active);
    }

    private ApiException manageReplicas(List<Pod> active, ReplicaSet rs) {
        int diff = active.size() - replicas(rs);
        if (diff < 0) {
            if (rs.getSpec().getTemplate() == null) {
                return null; // a ReplicationController without a template: nothing to create from
            }
            int toCreate = Math.min(-diff, BURST_REPLICAS);
            return slowStartBatch(toCreate, () -> pods.create(
                    PodControl.podFromTemplate(rs.getSpec().getTemplate(), rs, ControllerRefs.newControllerRef(rs)), rs));
        }
        if (diff > 0) {
            int toDelete = Math.min(diff, BURST_REPLICAS);
            ApiException first = null;
            for (Pod pod : podsToDelete(rs, active, toDelete)) {
                Optional<ApiException> failed = pods.delete(pod, rs);
                if (failed.isPresent() && first == null) {
                    first = failed.get();
                }
            }
            return first;
        }
        return null;
    }

    /**
     * controller.slowStartBatch: batches of 1, 2, 4, ... calls; a batch with a failure ends it.
     * Upstream runs a batch's calls concurrently; here they run in order, so a batch's calls after a
     * failure still run, as the concurrent ones would.
     */
    static ApiException slowStartBatch(int count, Supplier<Optional<ApiException>> call) {
        int remaining = count;
        for (int batch = Math.min(remaining, SLOW_START_INITIAL_BATCH_SIZE); batch > 0; batch = Math.min(2 * batch, remaining)) {
            ApiException first = null;
            for (int i = 0; i < batch; i++) {
                Optional<ApiException> failed = call.get();
                if (failed.isPresent() && first == null) {
                    first = failed.get();
                }
            }
            if (first != null) {
                return first;
            }
            remaining -= batch;
        }
        return null;
    }

    /**
     * getPodsToDelete: all of them in list order when all go, else the first {@code count} in deletion
     * order, ranked by the pods of the ReplicaSets sharing this one's controller (getIndirectlyRelatedPods).
     */
    private List<Pod> podsToDelete(ReplicaSet rs, List<Pod> active, int count) {
        if (count >= active.size()) {
            return active;
        }
        List<Pod> ranked = new ArrayList<>(active);
        ranked.sort(DeletionOrder.comparator(relatedPods(rs), context.clock().now()));
        return ranked.subList(0, count);
    }

    /**
     * getIndirectlyRelatedPods: the pods matching the selectors of every ReplicaSet with the same
     * controller uid as this one (each pod once); none when this one has no controller.
     */
    private List<Pod> relatedPods(ReplicaSet rs) {
        Optional<OwnerReference> controller = ControllerRefs.controllerOf(rs);
        if (controller.isEmpty()) {
            return List.of();
        }
        Map<String, Pod> seen = new LinkedHashMap<>();
        List<Pod> all = podCache.inNamespace(rs.getMetadata().getNamespace());
        for (HasMetadata object : context.store().list(family.type(), ListOptions.inNamespace(rs.getMetadata().getNamespace()))) {
            ReplicaSet related = family.view(object);
            Optional<OwnerReference> ref = ControllerRefs.controllerOf(related);
            if (ref.isEmpty() || !Objects.equals(ref.get().getUid(), controller.get().getUid())) {
                continue;
            }
            LabelSelector selector = selector(related);
            for (Pod pod : all) {
                if (!selector.isEverything() && selector.matches(labels(pod))) {
                    seen.putIfAbsent(pod.getMetadata().getUid(), pod);
                }
            }
        }
        return new ArrayList<>(seen.values());
    }

    // ---------------------------------------------------------------- status

    /** calculateStatus + updateReplicaSetStatus: written only when it changed. */
    private ReplicaSet updateStatus(HasMetadata stored, ReplicaSet rs, List<Pod> active, ApiException failure) {
        Instant now = context.clock().now();
        int minReady = minReadySeconds(rs);
        Map<String, String> template = rs.getSpec().getTemplate() == null || rs.getSpec().getTemplate().getMetadata() == null
                || rs.getSpec().getTemplate().getMetadata().getLabels() == null
                ? Map.of() : rs.getSpec().getTemplate().getMetadata().getLabels();
        LabelSelector templateLabels = LabelSelector.ofLabels(template);
        int fullyLabeled = 0;
        int ready = 0;
        int available = 0;
        for (Pod pod : active) {
            if (templateLabels.matches(labels(pod))) {
                fullyLabeled++;
            }
            if (Pods.isReady(pod)) {
                ready++;
                if (Pods.isAvailable(pod, minReady, now)) {
                    available++;
                }
            }
        }
        ReplicaSetStatus old = rs.getStatus() == null ? new ReplicaSetStatus() : rs.getStatus();
        List<ReplicaSetCondition> conditions = old.getConditions() == null ? new ArrayList<>() : new ArrayList<>(old.getConditions());
        boolean hasFailure = conditions.stream().anyMatch(c -> "ReplicaFailure".equals(c.getType()));
        if (failure != null && !hasFailure) {
            int diff = active.size() - replicas(rs);
            String reason = diff < 0 ? "FailedCreate" : diff > 0 ? "FailedDelete" : "";
            conditions.add(new ReplicaSetConditionBuilder()
                    .withType("ReplicaFailure").withStatus("True").withReason(reason).withMessage(failure.getMessage())
                    .withLastTransitionTime(Timestamps.format(now)).build());
        } else if (failure == null && hasFailure) {
            conditions.removeIf(c -> "ReplicaFailure".equals(c.getType()));
        }
        ReplicaSetStatus status = new ReplicaSetStatusBuilder()
                .withReplicas(active.size())
                .withFullyLabeledReplicas(fullyLabeled)
                .withReadyReplicas(ready)
                .withAvailableReplicas(available)
                .withObservedGeneration(rs.getMetadata().getGeneration())
                .withConditions(conditions.isEmpty() ? null : conditions)
                .build();
        if (sameStatus(old, status)) {
            return rs;
        }
        return family.view(context.store().updateStatus(family.withStatus(stored, status)));
    }

    private static boolean sameStatus(ReplicaSetStatus a, ReplicaSetStatus b) {
        return Objects.equals(a.getReplicas(), b.getReplicas())
                && Objects.equals(a.getFullyLabeledReplicas(), b.getFullyLabeledReplicas())
                && Objects.equals(a.getReadyReplicas(), b.getReadyReplicas())
                && Objects.equals(a.getAvailableReplicas(), b.getAvailableReplicas())
                && Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
                && Objects.equals(emptyToNull(a.getConditions()), emptyToNull(b.getConditions()));
    }

    private static <T> List<T> emptyToNull(List<T> list) {
        return list == null || list.isEmpty() ? null : list;
    }

    private static int replicas(ReplicaSet rs) {
        return rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
    }

    private static int minReadySeconds(ReplicaSet rs) {
        return rs.getSpec().getMinReadySeconds() == null ? 0 : rs.getSpec().getMinReadySeconds();
    }

    private static String key(HasMetadata object) {
        return Pods.key(object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    static LabelSelector selector(ReplicaSet rs) {
        return LabelSelector.of(rs.getSpec().getSelector());
    }

    static Map<String, String> labels(Pod pod) {
        return pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    }
}
