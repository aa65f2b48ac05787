package dev.peapod.controllers;

import dev.peapod.spi.ClusterContext;
import dev.peapod.spi.Component;
import dev.peapod.store.ApiException;
import dev.peapod.store.Copies;
import dev.peapod.store.Evictions;
import dev.peapod.store.LabelSelector;
import dev.peapod.store.ListOptions;
import dev.peapod.store.ServedKind;
import dev.peapod.store.Timestamps;
import dev.peapod.store.WatchEvent;
import dev.peapod.time.WorkQueue;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The disruption controller (pkg/controller/disruption/disruption.go, v1.33): keeps each
 * PodDisruptionBudget's status, which the Eviction API reads ({@link Evictions}).
 *
 * <p>A PDB is synced when it changes and when a pod its selector matches is added, changed or deleted
 * (a pod matched by several is counted for the first, by name, with the pod event
 * {@code MultiplePodDisruptionBudgets}). A sync counts the matched pods: {@code expectedPods} is their
 * number for an integer {@code minAvailable}, else the sum of the scale of their controllers (a
 * ReplicationController's, a Deployment's through its ReplicaSet, a bare ReplicaSet's, a StatefulSet's,
 * or a custom resource's scale subresource); {@code desiredHealthy} is {@code minAvailable}, or
 * {@code expectedPods − maxUnavailable}, percentages rounded up (GetScaledValueFromIntOrPercent with
 * roundUp). {@code currentHealthy} counts the Ready pods that are neither being deleted nor in
 * {@code disruptedPods} within 2 min of their eviction (DeletionTimeout; the PDB is looked at again
 * when that runs out). {@code disruptionsAllowed = max(0, currentHealthy − desiredHealthy)}, 0 while
 * expectedPods is 0. The condition {@code DisruptionAllowed} is True {@code SufficientPods} or False
 * {@code InsufficientPods}; a sync that fails (a pod without a controller of a known scale) sets
 * disruptionsAllowed to 0 and the condition False {@code SyncFailed} with the error (failSafe). A PDB
 * whose pods have no controller is reported with the {@code UnmanagedPods} event, {@code NoPods} when it
 * matches none. The stale DisruptionTarget conditions worker is not simulated.
 */
@API(status = INTERNAL, since = "0.1")
public final class DisruptionController implements Component {
    static final String NAME = "disruption-controller";
    /** DeletionTimeout: how long an evicted pod is expected to take to be deleted. */
    static final Duration DELETION_TIMEOUT = Duration.ofMinutes(2);

    private ClusterContext context;
    private WorkQueue<String> queue;
    private ControllerEvents events;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(ClusterContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.events = new ControllerEvents(context, "controllermanager");
        this.queue = new WorkQueue<>(context.loop(), NAME, this::sync);
        context.store().watch(PodDisruptionBudget.class, ListOptions.all(), null,
                e -> queue.add(Pods.key(e.object().getMetadata().getNamespace(), e.object().getMetadata().getName())));
        context.store().watch(Pod.class, ListOptions.all(), null, this::onPod);
    }

    /** addPod / updatePod / deletePod: the pod's PDB is synced. */
    private void onPod(WatchEvent<Pod> event) {
        Pod pod = event.object();
        List<PodDisruptionBudget> budgets = budgetsFor(pod);
        if (budgets.isEmpty()) {
            return;
        }
        if (budgets.size() > 1 && event.type() != WatchEvent.Type.DELETED) {
            // getPdbForPod: "Chose %q arbitrarily"; here the first by name
            events.warning(pod, "MultiplePodDisruptionBudgets", "Pod \"" + pod.getMetadata().getNamespace() + "\"/\""
                    + pod.getMetadata().getName() + "\" matches multiple PodDisruptionBudgets.  Chose \""
                    + budgets.get(0).getMetadata().getName() + "\" arbitrarily.");
        }
        queue.add(Pods.key(pod.getMetadata().getNamespace(), budgets.get(0).getMetadata().getName()));
    }

    private List<PodDisruptionBudget> budgetsFor(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        List<PodDisruptionBudget> matching = new ArrayList<>();
        for (PodDisruptionBudget budget : context.store().peekAll(PodDisruptionBudget.class,
                ListOptions.inNamespace(pod.getMetadata().getNamespace()))) {
            try {
                if (selector(budget).matches(labels)) {
                    matching.add(budget);
                }
            } catch (ApiException invalid) {
                // an invalid selector matches no pod
            }
        }
        return matching;
    }

    private static LabelSelector selector(PodDisruptionBudget budget) {
        return LabelSelector.of(budget.getSpec() == null ? null : budget.getSpec().getSelector());
    }

    // ---------------------------------------------------------------- sync

    private void sync(String key) {
        int slash = key.indexOf('/');
        PodDisruptionBudget budget = context.store().get(PodDisruptionBudget.class, key.substring(0, slash), key.substring(slash + 1))
                .orElse(null);
        if (budget == null) {
            return;
        }
        try {
            trySync(key, budget);
        } catch (SyncFailure failed) {
            failSafe(budget, failed.getMessage());
        } catch (ApiException failed) {
            if (failed.code() == 409) {
                queue.addRateLimited(key);
                return;
            }
            failSafe(budget, failed.getMessage());
        }
        queue.forget(key);
    }

    /** An error of a sync, worded as upstream's. */
    private static final class SyncFailure extends RuntimeException {
        SyncFailure(String message) {
            super(message, null, false, false);
        }
    }

    private void trySync(String key, PodDisruptionBudget budget) {
        List<Pod> pods;
        try {
            pods = context.store().list(Pod.class, new ListOptions(budget.getMetadata().getNamespace(), selector(budget), null));
        } catch (ApiException invalid) {
            events.warning(budget, "NoPods", "Failed to get pods: " + invalid.getMessage());
            throw new SyncFailure(invalid.getMessage());
        }
        if (pods.isEmpty()) {
            events.normal(budget, "NoPods", "No matching pods found");
        }
        Expected expected = expectedPodCount(budget, pods);
        if (!expected.unmanaged().isEmpty()) {
            events.warning(budget, "UnmanagedPods", "Pods selected by this PodDisruptionBudget (selector: "
                    + GoSelector.of(budget.getSpec().getSelector()) + ") were found to be unmanaged. As a result, the status of the PDB "
                    + "cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set "
                    + "\".spec.minAvailable\" field of the PDB to an integer value.");
        }
        Instant now = context.clock().now();
        Map<String, String> disrupted = new LinkedHashMap<>();
        Instant recheck = disruptedPods(budget, pods, now, disrupted);
        int currentHealthy = countHealthy(pods, disrupted, now);
        updateStatus(budget, currentHealthy, expected.desiredHealthy(), expected.count(), disrupted);
        if (recheck != null) {
            queue.addAfter(key, Duration.between(now, recheck));
        }
    }

    /** What getExpectedPodCount found. */
    private record Expected(int count, int desiredHealthy, List<String> unmanaged) {
    }

    private Expected expectedPodCount(PodDisruptionBudget budget, List<Pod> pods) {
        IntOrString maxUnavailable = budget.getSpec().getMaxUnavailable();
        IntOrString minAvailable = budget.getSpec().getMinAvailable();
        if (maxUnavailable != null) {
            List<String> unmanaged = new ArrayList<>();
            int count = expectedScale(pods, unmanaged);
            int desired = count - scaled(maxUnavailable, count);
            return new Expected(count, Math.max(desired, 0), unmanaged);
        }
        if (minAvailable != null) {
            if (minAvailable.getIntVal() != null) {
                return new Expected(pods.size(), minAvailable.getIntVal(), List.of());
            }
            List<String> unmanaged = new ArrayList<>();
            int count = expectedScale(pods, unmanaged);
            return new Expected(count, scaled(minAvailable, count), unmanaged);
        }
        return new Expected(0, 0, List.of());
    }

    /** intstr.GetScaledValueFromIntOrPercent with roundUp true. */
    static int scaled(IntOrString value, int total) {
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String text = value.getStrVal() == null ? "" : value.getStrVal();
        if (!text.endsWith("%")) {
            throw new SyncFailure("invalid value for IntOrString: invalid type: string is not a percentage");
        }
        int percent;
        try {
            percent = Integer.parseInt(text.substring(0, text.length() - 1));
        } catch (NumberFormatException e) {
            throw new SyncFailure("invalid value for IntOrString: invalid value \"" + text + "\": strconv.Atoi: parsing \""
                    + text.substring(0, text.length() - 1) + "\": invalid syntax");
        }
        return (int) Math.ceil((double) percent * total / 100);
    }

    /** getExpectedScale: the sum of the scales of the pods' controllers, each counted once. */
    private int expectedScale(List<Pod> pods, List<String> unmanaged) {
        Map<String, Integer> scales = new LinkedHashMap<>();
        for (Pod pod : pods) {
            OwnerReference ref = ControllerRefs.controllerOf(pod).orElse(null);
            if (ref == null) {
                unmanaged.add(pod.getMetadata().getName());
                continue;
            }
            if (scales.containsKey(ref.getUid())) {
                continue;
            }
            Scale found = controllerScale(ref, pod.getMetadata().getNamespace());
            if (found == null) {
                throw new SyncFailure("found no controllers for pod \"" + pod.getMetadata().getName() + "\"");
            }
            scales.put(found.uid(), found.replicas());
        }
        return scales.values().stream().mapToInt(Integer::intValue).sum();
    }

    private record Scale(String uid, int replicas) {
    }

    /** The finders in upstream's order: ReplicationController, Deployment, ReplicaSet, StatefulSet, then a scale subresource. */
    private Scale controllerScale(OwnerReference ref, String namespace) {
        String group = ref.getApiVersion() == null || !ref.getApiVersion().contains("/") ? ""
                : ref.getApiVersion().substring(0, ref.getApiVersion().indexOf('/'));
        String kind = ref.getKind();
        if (group.isEmpty() && "ReplicationController".equals(kind)) {
            ReplicationController rc = owned(ReplicationController.class, namespace, ref);
            return rc == null ? null : new Scale(ref.getUid(), replicas(rc.getSpec().getReplicas()));
        }
        if ("apps".equals(group) && "ReplicaSet".equals(kind)) {
            ReplicaSet rs = owned(ReplicaSet.class, namespace, ref);
            if (rs == null) {
                return null;
            }
            OwnerReference owner = ControllerRefs.controllerOf(rs).orElse(null);
            if (owner != null && "Deployment".equals(owner.getKind()) && "apps/v1".equals(owner.getApiVersion())) {
                Deployment deployment = owned(Deployment.class, namespace, owner);
                return deployment == null ? null : new Scale(owner.getUid(), replicas(deployment.getSpec().getReplicas()));
            }
            return new Scale(ref.getUid(), replicas(rs.getSpec().getReplicas()));
        }
        if ("apps".equals(group) && "StatefulSet".equals(kind)) {
            StatefulSet set = owned(StatefulSet.class, namespace, ref);
            return set == null ? null : new Scale(ref.getUid(), replicas(set.getSpec().getReplicas()));
        }
        return customScale(ref, group, namespace);
    }

    /** getScaleController: a custom resource's scale subresource; a kind without one is an error. */
    private Scale customScale(OwnerReference ref, String group, String namespace) {
        ServedKind served = context.store().customResources().served().stream()
                .filter(k -> k.group().equals(group) && k.kind().equals(ref.getKind())).findFirst().orElse(null);
        if (served == null) {
            String resource = Kinds.qualified(group, ref.getKind());
            if (resource != null) {
                throw new SyncFailure(resource + " does not implement the scale subresource");
            }
            throw new SyncFailure("no matches for kind \"" + ref.getKind() + "\" in version \"" + ref.getApiVersion() + "\"");
        }
        if (served.storageVersion().scale().isEmpty()) {
            throw new SyncFailure(served.qualified() + " does not implement the scale subresource");
        }
        try {
            var scale = context.store().customResources().scale(group, served.plural(), namespace, ref.getName());
            if (!ref.getUid().equals(scale.getMetadata().getUid())) {
                return null;
            }
            return new Scale(ref.getUid(), scale.getSpec() == null || scale.getSpec().getReplicas() == null ? 0 : scale.getSpec().getReplicas());
        } catch (ApiException notFound) {
            if (notFound.code() == 404) {
                return null;
            }
            throw notFound;
        }
    }

    /** The qualified resource of the built-in kinds Peapod stores that have no scale subresource. */
    private static final class Kinds {
        static String qualified(String group, String kind) {
            return switch (group + "/" + kind) {
                case "apps/DaemonSet" -> "daemonsets.apps";
                case "batch/Job" -> "jobs.batch";
                case "batch/CronJob" -> "cronjobs.batch";
                case "/Pod" -> "pods";
                case "/Node" -> "nodes";
                default -> null;
            };
        }
    }

    private <T extends HasMetadata> T owned(Class<T> kind, String namespace, OwnerReference ref) {
        T found = context.store().peek(kind, namespace, ref.getName());
        return found == null || !ref.getUid().equals(found.getMetadata().getUid()) ? null : found;
    }

    private static int replicas(Integer replicas) {
        return replicas == null ? 1 : replicas;
    }

    /**
     * buildDisruptedPodMap: the evicted pods still expected to go within DeletionTimeout (one past it gets
     * the pod event NotDeleted); the earliest of their deadlines, when the PDB must be looked at again.
     */
    private Instant disruptedPods(PodDisruptionBudget budget, List<Pod> pods, Instant now, Map<String, String> result) {
        Map<String, String> recorded = budget.getStatus() == null ? null : budget.getStatus().getDisruptedPods();
        if (recorded == null) {
            return null;
        }
        Instant recheck = null;
        for (Pod pod : pods) {
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            String at = recorded.get(pod.getMetadata().getName());
            if (at == null) {
                continue;
            }
            Instant expected = Timestamps.parse(at).plus(DELETION_TIMEOUT);
            if (expected.isBefore(now)) {
                // upstream formats the PDB's namespace twice ("pdb.Namespace, pdb.Namespace")
                events.warning(pod, "NotDeleted", "Pod was expected by PDB " + budget.getMetadata().getNamespace() + "/"
                        + budget.getMetadata().getNamespace() + " to be deleted but it wasn't");
            } else {
                if (recheck == null || expected.isBefore(recheck)) {
                    recheck = expected;
                }
                result.put(pod.getMetadata().getName(), at);
            }
        }
        return recheck;
    }

    /** countHealthyPods. */
    private static int countHealthy(List<Pod> pods, Map<String, String> disrupted, Instant now) {
        int healthy = 0;
        for (Pod pod : pods) {
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            String at = disrupted.get(pod.getMetadata().getName());
            if (at != null && Timestamps.parse(at).plus(DELETION_TIMEOUT).isAfter(now)) {
                continue;
            }
            if (Evictions.isReady(pod)) {
                healthy++;
            }
        }
        return healthy;
    }

    /** updatePdbStatus: written only when something changed. */
    private void updateStatus(PodDisruptionBudget budget, int currentHealthy, int desiredHealthy, int expectedCount,
                              Map<String, String> disrupted) {
        int allowed = currentHealthy - desiredHealthy;
        if (expectedCount <= 0 || allowed <= 0) {
            allowed = 0;
        }
        PodDisruptionBudgetStatus old = budget.getStatus() == null ? new PodDisruptionBudgetStatus() : budget.getStatus();
        long generation = budget.getMetadata().getGeneration() == null ? 0 : budget.getMetadata().getGeneration();
        Map<String, String> oldDisrupted = old.getDisruptedPods() == null ? Map.of() : old.getDisruptedPods();
        if (Objects.equals(old.getCurrentHealthy(), currentHealthy) && Objects.equals(old.getDesiredHealthy(), desiredHealthy)
                && Objects.equals(old.getExpectedPods(), expectedCount) && Objects.equals(old.getDisruptionsAllowed(), allowed)
                && oldDisrupted.equals(disrupted) && Objects.equals(old.getObservedGeneration(), generation)
                && conditionsUpToDate(old, allowed, generation)) {
            return;
        }
        PodDisruptionBudgetStatus status = new PodDisruptionBudgetStatus();
        status.setCurrentHealthy(currentHealthy);
        status.setDesiredHealthy(desiredHealthy);
        status.setExpectedPods(expectedCount);
        status.setDisruptionsAllowed(allowed);
        status.setDisruptedPods(disrupted.isEmpty() ? null : disrupted);
        status.setObservedGeneration(generation);
        status.setConditions(old.getConditions());
        Evictions.updateDisruptionAllowedCondition(status, Timestamps.format(context.clock().now()));
        write(budget, status);
    }

    /** ConditionsAreUpToDate: the condition is there, of this generation, and True exactly when disruptions are allowed. */
    private static boolean conditionsUpToDate(PodDisruptionBudgetStatus status, int allowed, long generation) {
        if (status.getConditions() == null) {
            return false;
        }
        for (Condition condition : status.getConditions()) {
            if (Evictions.DISRUPTION_ALLOWED.equals(condition.getType())) {
                return Objects.equals(condition.getObservedGeneration(), generation)
                        && ("True".equals(condition.getStatus()) == (allowed > 0));
            }
        }
        return false;
    }

    /** failSafe: no disruption allowed, the condition False SyncFailed with the error. */
    private void failSafe(PodDisruptionBudget budget, String error) {
        PodDisruptionBudgetStatus status = budget.getStatus() == null ? new PodDisruptionBudgetStatus() : Copies.copy(budget.getStatus());
        status.setDisruptionsAllowed(0);
        Evictions.setCondition(status, "False", Evictions.SYNC_FAILED, error, Timestamps.format(context.clock().now()));
        write(budget, status);
    }

    private void write(PodDisruptionBudget budget, PodDisruptionBudgetStatus status) {
        if (status.equals(budget.getStatus())) {
            return; // etcd3's GuaranteedUpdate writes nothing for an unchanged object: no event, no new sync
        }
        PodDisruptionBudget updated = Copies.copy(budget);
        updated.setStatus(status);
        updated.getMetadata().setResourceVersion(budget.getMetadata().getResourceVersion());
        context.store().shared().updateStatus(updated);
    }

    /** metav1.LabelSelector printed as Go's %v prints the pointer's struct: {@code &LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}}. */
    private static final class GoSelector {
        static String of(io.fabric8.kubernetes.api.model.LabelSelector selector) {
            if (selector == null) {
                return "nil";
            }
            StringBuilder text = new StringBuilder("&LabelSelector{MatchLabels:map[string]string{");
            if (selector.getMatchLabels() != null) {
                new java.util.TreeMap<>(selector.getMatchLabels()).forEach((k, v) -> text.append(k).append(": ").append(v).append(","));
            }
            text.append("},MatchExpressions:[]LabelSelectorRequirement{");
            if (selector.getMatchExpressions() != null) {
                for (var e : selector.getMatchExpressions()) {
                    text.append("LabelSelectorRequirement{Key:").append(e.getKey()).append(",Operator:").append(e.getOperator())
                            .append(",Values:[").append(String.join(" ", e.getValues() == null ? List.of() : e.getValues()))
                            .append("],},");
                }
            }
            return text.append("},}").toString();
        }
    }
}
