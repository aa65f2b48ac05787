package dev.peapod.controllers;

import dev.peapod.spi.ClusterContext;
import dev.peapod.spi.Component;
import dev.peapod.store.ApiException;
import dev.peapod.store.LabelSelector;
import dev.peapod.store.ListOptions;
import dev.peapod.store.WatchEvent;
import dev.peapod.time.WorkQueue;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import org.apiguardian.api.API;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The ReplicaSet controller (pkg/controller/replicaset/replica_set.go): keeps as many active pods
 * as {@code spec.replicas}, creating them from the template in slow-start batches (1, 2, 4, ... at
 * most 500 per sync) and deleting the surplus, and reports replicas, fullyLabeledReplicas,
 * readyReplicas and availableReplicas (after {@code minReadySeconds}) with a ReplicaFailure
 * condition when a create or delete fails.
 */
@API(status = INTERNAL, since = "0.1")
public final class ReplicaSetController implements Component {
    /** replica_set.go BurstReplicas: at most this many creates or deletes per sync. */
    static final int BURST_REPLICAS = 500;
    /** controller.SlowStartInitialBatchSize. */
    static final int SLOW_START_INITIAL_BATCH_SIZE = 1;

    private ClusterContext context;
    private WorkQueue<String> queue;
    private ControllerEvents events;
    private PodControl pods;

    @Override
    public String name() {
        return "replicaset-controller";
    }

    @Override
    public void start(ClusterContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.events = new ControllerEvents(context, name());
        this.pods = new PodControl(context, events);
        this.queue = new WorkQueue<>(context.loop(), name(), this::sync);
        context.store().watch(ReplicaSet.class, ListOptions.all(), null, this::onReplicaSet);
        context.store().watch(Pod.class, ListOptions.all(), null, this::onPod);
    }

    // ---------------------------------------------------------------- watch callbacks: enqueue only

    private void onReplicaSet(WatchEvent<ReplicaSet> event) {
        queue.add(Pods.key(event.object().getMetadata().getNamespace(), event.object().getMetadata().getName()));
    }

    private void onPod(WatchEvent<Pod> event) {
        Pod pod = event.object();
        Optional<OwnerReference> ref = ControllerRefs.controllerOf(pod);
        if (ref.isPresent()) {
            if ("ReplicaSet".equals(ref.get().getKind())) {
                queue.add(Pods.key(pod.getMetadata().getNamespace(), ref.get().getName()));
            }
            return;
        }
        if (event.type() != WatchEvent.Type.DELETED) {
            // an orphan: every ReplicaSet whose selector matches may adopt it (getPodReplicaSets)
            for (ReplicaSet rs : matching(pod)) {
                queue.add(Pods.key(rs.getMetadata().getNamespace(), rs.getMetadata().getName()));
            }
        }
    }

    private List<ReplicaSet> matching(Pod pod) {
        List<ReplicaSet> found = new ArrayList<>();
        for (ReplicaSet rs : context.store().list(ReplicaSet.class, ListOptions.inNamespace(pod.getMetadata().getNamespace()))) {
            if (rs.getSpec().getSelector() != null && selector(rs).matches(labels(pod))) {
                found.add(rs);
            }
        }
        return found;
    }

    // ---------------------------------------------------------------- sync

    private void sync(String key) {
        int slash = key.indexOf('/');
        ReplicaSet rs = context.store().peek(ReplicaSet.class, key.substring(0, slash), key.substring(slash + 1));
        if (rs == null) {
            return;
        }
        List<Pod> owned = claimPods(rs);
        List<Pod> active = owned.stream().filter(Pods::isActive).toList();
        ApiException failure = null;
        if (rs.getMetadata().getDeletionTimestamp() == null) {
            failure = manageReplicas(active, rs);
        }
        ReplicaSet updated = updateStatus(rs, active, failure);
        Integer minReady = updated.getSpec().getMinReadySeconds();
        ReplicaSetStatus status = updated.getStatus();
        if (minReady != null && minReady > 0 && Objects.equals(status.getReadyReplicas(), status.getReplicas())
                && !Objects.equals(status.getAvailableReplicas(), status.getReplicas())) {
            queue.addAfter(key, java.time.Duration.ofSeconds(minReady));
        }
    }

    /** The pods this ReplicaSet controls, adopting orphans that match its selector (ClaimPods). */
    private List<Pod> claimPods(ReplicaSet rs) {
        LabelSelector selector = selector(rs);
        List<Pod> claimed = new ArrayList<>();
        for (Pod pod : context.store().list(Pod.class, ListOptions.inNamespace(rs.getMetadata().getNamespace()))) {
            Optional<OwnerReference> ref = ControllerRefs.controllerOf(pod);
            if (ref.isPresent()) {
                if (ControllerRefs.isControlledBy(pod, rs)) {
                    claimed.add(pod);
                }
            } else if (selector.matches(labels(pod)) && rs.getMetadata().getDeletionTimestamp() == null
                    && Pods.isActive(pod)) {
                claimed.add(adopt(rs, pod));
            }
        }
        return claimed;
    }

    private Pod adopt(ReplicaSet rs, Pod pod) {
        return context.store().edit(Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                p -> {
                    List<OwnerReference> refs = p.getMetadata().getOwnerReferences() == null
                            ? new ArrayList<>() : new ArrayList<>(p.getMetadata().getOwnerReferences());
                    refs.add(ControllerRefs.newControllerRef(rs));
                    p.getMetadata().setOwnerReferences(refs);
                });
    }

    private ApiException manageReplicas(List<Pod> active, ReplicaSet rs) {
        int replicas = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
        int diff = active.size() - replicas;
        if (diff < 0) {
            int toCreate = Math.min(-diff, BURST_REPLICAS);
            return slowStartBatch(toCreate, () -> pods.create(
                    PodControl.podFromTemplate(rs.getSpec().getTemplate(), rs, ControllerRefs.newControllerRef(rs)), rs));
        }
        if (diff > 0) {
            int toDelete = Math.min(diff, BURST_REPLICAS);
            ApiException first = null;
            for (Pod pod : podsToDelete(active, toDelete)) {
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
    static ApiException slowStartBatch(int count, java.util.function.Supplier<Optional<ApiException>> call) {
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

    /** getPodsToDelete: the first {@code count} pods in deletion preference order. */
    private List<Pod> podsToDelete(List<Pod> active, int count) {
        List<Pod> ranked = new ArrayList<>(active);
        ranked.sort(DeletionOrder.comparator(context.store().list(Pod.class, ListOptions.all()), context.clock().now()));
        return ranked.subList(0, count);
    }

    // ---------------------------------------------------------------- status

    private ReplicaSet updateStatus(ReplicaSet rs, List<Pod> active, ApiException failure) {
        Instant now = context.clock().now();
        int minReady = rs.getSpec().getMinReadySeconds() == null ? 0 : rs.getSpec().getMinReadySeconds();
        LabelSelector templateLabels = LabelSelector.ofLabels(rs.getSpec().getTemplate().getMetadata() == null
                || rs.getSpec().getTemplate().getMetadata().getLabels() == null
                ? java.util.Map.of() : rs.getSpec().getTemplate().getMetadata().getLabels());
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
            int diff = active.size() - (rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas());
            String reason = diff < 0 ? "FailedCreate" : diff > 0 ? "FailedDelete" : "";
            conditions.add(new io.fabric8.kubernetes.api.model.apps.ReplicaSetConditionBuilder()
                    .withType("ReplicaFailure").withStatus("True").withReason(reason).withMessage(failure.getMessage())
                    .withLastTransitionTime(dev.peapod.store.Timestamps.format(now)).build());
        } else if (failure == null && hasFailure) {
            conditions.removeIf(c -> "ReplicaFailure".equals(c.getType()));
        }
        ReplicaSetStatus status = new io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder()
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
        ReplicaSet copy = dev.peapod.store.Copies.copy(rs);
        copy.setStatus(status);
        return context.store().updateStatus(copy);
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

    static LabelSelector selector(ReplicaSet rs) {
        return LabelSelector.of(rs.getSpec().getSelector());
    }

    static java.util.Map<String, String> labels(Pod pod) {
        return pod.getMetadata().getLabels() == null ? java.util.Map.of() : pod.getMetadata().getLabels();
    }

    /** Kept for the deletion order's tie-break, oldest first. */
    static final Comparator<Pod> BY_NAME = Comparator.comparing(p -> p.getMetadata().getName());
}
