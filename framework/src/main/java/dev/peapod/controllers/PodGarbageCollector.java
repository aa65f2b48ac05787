package dev.peapod.controllers;

import dev.peapod.spi.ClusterContext;
import dev.peapod.spi.Component;
import dev.peapod.store.ApiException;
import dev.peapod.store.Copies;
import dev.peapod.store.ListOptions;
import dev.peapod.store.Timestamps;
import dev.peapod.store.WatchEvent;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The pod garbage collector (pkg/controller/podgc/gc_controller.go, v1.33). Every 20 s (gcCheckPeriod)
 * a pass lists the pods and nodes once and runs, in upstream's order:
 * <ol>
 *   <li>gcTerminated (when the threshold is above 0): with more terminated pods (phase neither
 *       Pending, Running nor Unknown) than {@code --terminated-pod-gc-threshold} (12 500), it
 *       force-deletes the surplus, evicted pods (Failed, reason {@code Evicted}) first, then the oldest
 *       by creationTimestamp, then by name (byEvictionAndCreationTimestamp; Peapod breaks a last tie by
 *       namespace, where Go's unstable sort would pick either);</li>
 *   <li>gcTerminating: a terminating pod on a node that is not Ready and has the
 *       {@code node.kubernetes.io/out-of-service} taint (any value and effect) is marked Failed and
 *       force-deleted, with no condition (markFailedAndDeletePod), in the same order;</li>
 *   <li>gcOrphaned: pods bound to a node missing from the store quarantine that node name for 40 s;
 *       when it is still missing after the quarantine each of its pods is marked Failed with
 *       {@code DisruptionTarget=True, DeletionByPodGC, "PodGC: node no longer exists"} and deleted with
 *       grace period 0;</li>
 *   <li>gcUnscheduledTerminating: a terminating pod with no node is marked Failed and force-deleted
 *       (in Peapod only a pod kept by a finalizer is ever such a pod: the store deletes an unbound pod
 *       at once, as the API server does).</li>
 * </ol>
 * "Marked Failed" writes the phase only on a pod not already Succeeded or Failed. The controller
 * records no events, as upstream's. Timing: passes fall at cluster start + k * 20 s. A node seen
 * missing at a pass is checked again at the pass 40 s later (the delaying queue's item is ready at
 * that instant), so a node deleted at T loses its pods at the first pass at or after T, plus 40 s.
 */
@API(status = INTERNAL, since = "0.1")
public final class PodGarbageCollector implements Component {
    /** gcCheckPeriod. */
    static final Duration GC_CHECK_PERIOD = Duration.ofSeconds(20);
    /** quarantineTime. */
    static final Duration QUARANTINE_TIME = Duration.ofSeconds(40);
    /**
     * kube-controller-manager's {@code --terminated-pod-gc-threshold} default
     * (pkg/controller/podgc/config/v1alpha1/defaults.go).
     */
    static final int TERMINATED_POD_GC_THRESHOLD = 12_500;
    /** v1.TaintNodeOutOfService. */
    static final String OUT_OF_SERVICE = "node.kubernetes.io/out-of-service";

    private final int terminatedPodThreshold;
    private ClusterContext context;
    /** nodeQueue: missing node names and when their quarantine ends, in the order they were first seen. */
    private final Map<String, Instant> quarantined = new LinkedHashMap<>();
    /** The keys of the terminated pods, to know without a listing when gcTerminated has work (a count only). */
    private final Set<String> terminated = new HashSet<>();
    /** The cluster's start: passes fall on its 20 s grid. */
    private Instant origin;
    /** The next pass, while one is scheduled. */
    private dev.peapod.time.Timer next;

    /** With upstream's threshold of 12 500 terminated pods. */
    public PodGarbageCollector() {
        this(TERMINATED_POD_GC_THRESHOLD);
    }

    /** With another {@code --terminated-pod-gc-threshold} (tests); 0 or less turns gcTerminated off, as upstream. */
    PodGarbageCollector(int terminatedPodThreshold) {
        this.terminatedPodThreshold = terminatedPodThreshold;
    }

    @Override
    public String name() {
        return "pod-garbage-collector";
    }

    @Override
    public void start(ClusterContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.origin = context.clock().now();
        context.store().watch(Node.class, ListOptions.all(), null, event -> {
            if (event.type() == WatchEvent.Type.DELETED || outOfService(event.object())) {
                ensurePassing();
            }
        });
        context.store().watch(Pod.class, ListOptions.all(), null, this::onPod);
    }

    /** Wakes the passes when a pass would find work in this pod: see {@link #ensurePassing}. */
    private void onPod(WatchEvent<Pod> event) {
        Pod pod = event.object();
        String key = Pods.key(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        if (event.type() != WatchEvent.Type.DELETED && isPodTerminated(pod)) {
            terminated.add(key);
        } else {
            terminated.remove(key);
        }
        if (event.type() == WatchEvent.Type.DELETED) {
            return;
        }
        String node = pod.getSpec().getNodeName();
        boolean bound = node != null && !node.isEmpty();
        Node current = bound ? context.store().peek(Node.class, null, node) : null;
        if (bound && current == null
                || terminatedPodThreshold > 0 && terminated.size() > terminatedPodThreshold
                || Pods.isTerminating(pod) && (!bound || outOfService(current))) {
            ensurePassing();
        }
    }

    /**
     * Upstream passes every 20 s from its start; a pass finds nothing to do unless there are more
     * terminated pods than the threshold, a terminating pod is unbound or on an out-of-service node,
     * a pod is bound to a node missing from the store, or a node waits in quarantine. So Peapod
     * schedules passes on that grid (cluster start + k * 20 s) only while there may be work: from
     * the first grid instant after a watch event that may make some, until a pass leaves no node in
     * quarantine. A pass that finds work it cannot finish (a pod kept by a finalizer) would repeat
     * the same no-op writes at every later pass; Peapod leaves them out until the next event. A clock
     * left to run for years does not tick for nothing.
     */
    private void ensurePassing() {
        if (next != null) {
            return;
        }
        long period = GC_CHECK_PERIOD.toNanos();
        long elapsed = Duration.between(origin, context.clock().now()).toNanos();
        next = context.loop().schedule(origin.plusNanos((elapsed / period + 1) * period), name(), this::pass);
    }

    private void pass() {
        next = null;
        if (gc()) {
            ensurePassing();
        }
    }

    /** gc: the four passes over one listing; true while work may remain (a node in quarantine). */
    private boolean gc() {
        // the informers' objects, not copies: the passes only read them (a write re-reads its pod)
        List<Pod> pods = context.store().peekAll(Pod.class, ListOptions.all());
        List<Node> nodes = context.store().peekAll(Node.class, ListOptions.all());
        if (terminatedPodThreshold > 0) {
            gcTerminated(pods);
        }
        gcTerminating(pods);
        gcOrphaned(pods, nodes);
        gcUnscheduledTerminating(pods);
        return !quarantined.isEmpty();
    }

    /** isPodTerminated: any phase but Pending, Running and Unknown (an empty one too). */
    static boolean isPodTerminated(Pod pod) {
        String phase = phase(pod);
        return !"Pending".equals(phase) && !"Running".equals(phase) && !"Unknown".equals(phase);
    }

    private void gcTerminated(List<Pod> pods) {
        List<Pod> terminatedPods = new ArrayList<>(pods.stream().filter(PodGarbageCollector::isPodTerminated).toList());
        int deleteCount = terminatedPods.size() - terminatedPodThreshold;
        if (deleteCount <= 0) {
            return;
        }
        terminatedPods.sort(BY_EVICTION_AND_CREATION_TIMESTAMP);
        terminatedPods.subList(0, deleteCount).forEach(pod -> markFailedAndDelete(pod, null));
    }

    private void gcTerminating(List<Pod> pods) {
        List<Pod> terminating = new ArrayList<>();
        for (Pod pod : pods) {
            if (Pods.isTerminating(pod)) {
                String nodeName = pod.getSpec().getNodeName();
                Node node = nodeName == null || nodeName.isEmpty() ? null : context.store().peek(Node.class, null, nodeName);
                if (outOfService(node)) {
                    terminating.add(pod);
                }
            }
        }
        terminating.sort(BY_EVICTION_AND_CREATION_TIMESTAMP);
        terminating.forEach(pod -> markFailedAndDelete(pod, null));
    }

    /** gcOrphaned: quarantine, then force-delete with the DisruptionTarget condition. */
    private void gcOrphaned(List<Pod> pods, List<Node> nodes) {
        Set<String> existing = new TreeSet<>();
        nodes.forEach(node -> existing.add(node.getMetadata().getName()));
        Instant now = context.clock().now();
        for (Pod pod : pods) {
            String node = pod.getSpec().getNodeName();
            if (node != null && !node.isEmpty() && !existing.contains(node)) {
                // DelayingQueue.AddAfter keeps the earlier instant of an item already waiting
                quarantined.putIfAbsent(node, now.plus(QUARANTINE_TIME));
            }
        }
        Set<String> deleted = discoverDeletedNodes(existing, now);
        for (Pod pod : pods) {
            String node = pod.getSpec().getNodeName();
            if (node != null && deleted.contains(node)) {
                markFailedAndDelete(pod, new PodConditionBuilder()
                        .withType("DisruptionTarget").withStatus("True").withReason("DeletionByPodGC")
                        .withMessage("PodGC: node no longer exists")
                        .withLastTransitionTime(Timestamps.format(context.clock().now())).build());
            }
        }
    }

    private void gcUnscheduledTerminating(List<Pod> pods) {
        for (Pod pod : pods) {
            String node = pod.getSpec().getNodeName();
            if (Pods.isTerminating(pod) && (node == null || node.isEmpty())) {
                markFailedAndDelete(pod, null);
            }
        }
    }

    /**
     * byEvictionAndCreationTimestamp: evicted pods (kubelet eviction.PodIsEvicted: Failed with reason
     * Evicted) first, then by creationTimestamp, then by name; then by namespace, Peapod's own tie-break.
     */
    static final Comparator<Pod> BY_EVICTION_AND_CREATION_TIMESTAMP = Comparator
            .comparing((Pod pod) -> !isEvicted(pod))
            .thenComparing(pod -> Timestamps.parse(pod.getMetadata().getCreationTimestamp()))
            .thenComparing(pod -> pod.getMetadata().getName())
            .thenComparing(pod -> pod.getMetadata().getNamespace());

    private static boolean isEvicted(Pod pod) {
        return "Failed".equals(phase(pod)) && "Evicted".equals(pod.getStatus().getReason());
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "" : pod.getStatus().getPhase();
    }

    /** gcTerminating's node test: nodeutil.IsNodeReady false and taints.TaintKeyExists(out-of-service). */
    private static boolean outOfService(Node node) {
        if (node == null || node.getSpec() == null || node.getSpec().getTaints() == null
                || node.getSpec().getTaints().stream().noneMatch(t -> OUT_OF_SERVICE.equals(t.getKey()))) {
            return false;
        }
        List<NodeCondition> conditions = node.getStatus() == null || node.getStatus().getConditions() == null
                ? List.of() : node.getStatus().getConditions();
        return conditions.stream().noneMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** discoverDeletedNodes: the quarantined names whose time is up and that are still not in the store. */
    private Set<String> discoverDeletedNodes(Set<String> existing, Instant now) {
        Set<String> deleted = new TreeSet<>();
        for (Iterator<Map.Entry<String, Instant>> it = quarantined.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Instant> entry = it.next();
            if (entry.getValue().isAfter(now)) {
                continue;
            }
            it.remove();
            if (!existing.contains(entry.getKey()) && context.store().peek(Node.class, null, entry.getKey()) == null) {
                deleted.add(entry.getKey());
            }
        }
        return deleted;
    }

    /**
     * markFailedAndDeletePodWithCondition: a pod not yet terminal gets phase Failed and, when given,
     * the condition (podutil.UpdatePodCondition: lastTransitionTime now) in one status write (upstream
     * patches the status from the listed pod; Peapod writes it onto the pod as stored now, as the
     * patch lands), then is deleted with grace period 0. A pod already gone is no error.
     */
    private void markFailedAndDelete(Pod listed, PodCondition condition) {
        String namespace = listed.getMetadata().getNamespace();
        String name = listed.getMetadata().getName();
        try {
            String phase = phase(listed);
            if (!"Succeeded".equals(phase) && !"Failed".equals(phase)) {
                Pod pod = context.store().peek(Pod.class, namespace, name);
                if (pod == null) {
                    return;
                }
                Pod update = Copies.copy(pod);
                if (update.getStatus() == null) {
                    update.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
                }
                update.getStatus().setPhase("Failed");
                if (condition != null) {
                    update.getStatus().setConditions(withCondition(update.getStatus().getConditions(), condition));
                }
                context.store().shared().updateStatus(update);
            }
            context.store().shared().delete(Pod.class, namespace, name, 0L);
        } catch (ApiException failed) {
            if (failed.code() != 404) {
                throw failed;
            }
        }
    }

    /** podutil.UpdatePodCondition: replaces a condition of the same type, keeping its transition time if the status is unchanged. */
    static List<PodCondition> withCondition(List<PodCondition> conditions, PodCondition condition) {
        List<PodCondition> updated = conditions == null ? new ArrayList<>() : new ArrayList<>(conditions);
        for (int i = 0; i < updated.size(); i++) {
            if (condition.getType().equals(updated.get(i).getType())) {
                if (condition.getStatus().equals(updated.get(i).getStatus())) {
                    condition.setLastTransitionTime(updated.get(i).getLastTransitionTime());
                }
                updated.set(i, condition);
                return updated;
            }
        }
        updated.add(condition);
        return updated;
    }
}
