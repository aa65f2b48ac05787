package dev.peapod.controllers;

import dev.peapod.spi.ClusterContext;
import dev.peapod.spi.Component;
import dev.peapod.store.ApiException;
import dev.peapod.store.Copies;
import dev.peapod.store.ListOptions;
import dev.peapod.store.Timestamps;
import dev.peapod.store.WatchEvent;
import dev.peapod.time.Timer;
import dev.peapod.time.WorkQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The taint-eviction controller (pkg/controller/tainteviction/taint_eviction.go and timed_workers.go,
 * v1.33; formerly the NoExecuteTaintManager): it deletes the pods of a node with {@code NoExecute}
 * taints they do not tolerate, whoever added the taints (a user's {@code kubectl taint}, the node
 * lifecycle controller's {@code not-ready}/{@code unreachable}).
 * <ul>
 *   <li>A taint the pod does not tolerate: deleted at once.</li>
 *   <li>Every taint tolerated: deleted after the least {@code tolerationSeconds} of the tolerations
 *       used (GetMatchingTolerations: the first toleration matching each taint); one of 0 or less
 *       means at once; none with seconds means never (getMinTolerationTime).</li>
 *   <li>The time counts from the instant the controller handles the node (or pod) update, not from the
 *       taint's {@code timeAdded} (processPodOnNode: {@code startTime := now}); on the virtual clock that
 *       is the instant the taint was written. A pending eviction keeps its first start: a later update
 *       at which the pod still tolerates the taints leaves it as it is.</li>
 *   <li>The eviction, when it fires (deletePodHandler): the event {@code TaintManagerEviction}
 *       "Marking for deletion Pod ns/name", then (addConditionAndDeletePod) the condition
 *       {@code DisruptionTarget=True}, reason {@code DeletionByTaintManager}, message
 *       "Taint manager: deleting due to NoExecute taint" in a status write, then a plain graceful delete
 *       (the pod's own grace period).</li>
 *   <li>A pending (timed) eviction is cancelled, with the event "Cancelling deletion of Pod ns/name",
 *       when the node loses its NoExecute taints, the pod comes to tolerate them forever, the pod is
 *       deleted by someone else, or a new untolerated taint replaces it with an immediate one. An
 *       immediate eviction cannot be cancelled (upstream has started its goroutine) and gives no event.</li>
 *   <li>A deleted Node is forgotten; its pending evictions still fire (the pod garbage collector also
 *       deals with its pods).</li>
 * </ul>
 * Peapod runs the two update queues on the loop in the order the updates came; upstream's eight
 * workers, sharded by node, take a node's updates before its pods' when both wait. The worker's
 * five retries with a 10 ms sleep are not simulated: a write here does not fail but for a pod already
 * gone, which ends the eviction.
 */
@API(status = INTERNAL, since = "0.1")
public final class TaintEvictionController implements Component {
    static final String COMPONENT = "taint-eviction-controller";
    static final String REASON = "TaintManagerEviction";

    private final PodCache podCache;
    private ClusterContext context;
    private ControllerEvents events;
    private WorkQueue<String> nodeUpdates;
    private WorkQueue<PodUpdate> podUpdates;
    /** taintedNodes: each node's NoExecute taints, only for nodes that have some. */
    private final Map<String, List<Taint>> taintedNodes = new HashMap<>();
    /** The NoExecute taints of each node as last seen, the informer's old object for NodeUpdated. */
    private final Map<String, List<Taint>> seenTaints = new HashMap<>();
    /** The spec.nodeName index of the pod informer: pods by node, each bucket in key order. */
    private final Map<String, TreeMap<String, Pod>> podsByNode = new HashMap<>();
    /** taintEvictionQueue: the scheduled evictions by {@code namespace/name}. */
    private final Map<String, Eviction> evictions = new LinkedHashMap<>();

    /** podUpdateItem. */
    private record PodUpdate(String namespace, String name, String nodeName) {
    }

    /** TimedWorker: {@code timer} is null for work started at once (the queue's nil entry). */
    private record Eviction(Instant createdAt, Instant fireAt, Timer timer) {
    }

    TaintEvictionController(PodCache podCache) {
        this.podCache = Objects.requireNonNull(podCache, "podCache");
    }

    @Override
    public String name() {
        return COMPONENT;
    }

    @Override
    public void start(ClusterContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.events = new ControllerEvents(context, COMPONENT);
        this.nodeUpdates = new WorkQueue<>(context.loop(), "noexec_taint_node", this::handleNodeUpdate);
        this.podUpdates = new WorkQueue<>(context.loop(), "noexec_taint_pod", this::handlePodUpdate);
        podCache.start(context); // before this controller's own pod watch: see PodCache
        context.store().watch(Node.class, ListOptions.all(), null, this::onNode);
        context.store().watch(Pod.class, ListOptions.all(), null, this::onPod);
    }

    // ---------------------------------------------------------------- informer handlers: enqueue only

    /** NodeUpdated: queues the node when its NoExecute taints changed (or it came or went). */
    private void onNode(WatchEvent<Node> event) {
        String name = event.object().getMetadata().getName();
        List<Taint> taints = event.type() == WatchEvent.Type.DELETED ? List.of() : noExecuteTaints(event.object());
        List<Taint> old = event.type() == WatchEvent.Type.DELETED ? seenTaints.remove(name) : seenTaints.put(name, taints);
        if (event.type() == WatchEvent.Type.MODIFIED && old != null && old.equals(taints)) {
            return;
        }
        nodeUpdates.add(name);
    }

    /** PodUpdated: queues the pod when it came or went, or its tolerations or node changed. */
    private void onPod(WatchEvent<Pod> event) {
        Pod pod = event.object();
        Pod old = event.type() == WatchEvent.Type.MODIFIED ? podCache.previous(event) : null;
        index(event.type() == WatchEvent.Type.ADDED ? null : old == null ? pod : old, event.type() == WatchEvent.Type.DELETED ? null : pod);
        if (old != null && Objects.equals(old.getSpec().getTolerations(), pod.getSpec().getTolerations())
                && Objects.equals(old.getSpec().getNodeName(), pod.getSpec().getNodeName())) {
            return;
        }
        podUpdates.add(new PodUpdate(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), nodeName(pod)));
    }

    private void index(Pod old, Pod pod) {
        if (old != null) {
            TreeMap<String, Pod> bucket = podsByNode.get(nodeName(old));
            if (bucket != null) {
                bucket.remove(Pods.key(old.getMetadata().getNamespace(), old.getMetadata().getName()));
                if (bucket.isEmpty()) {
                    podsByNode.remove(nodeName(old));
                }
            }
        }
        if (pod != null && !nodeName(pod).isEmpty()) {
            podsByNode.computeIfAbsent(nodeName(pod), n -> new TreeMap<>())
                    .put(Pods.key(pod.getMetadata().getNamespace(), pod.getMetadata().getName()), pod);
        }
    }

    // ---------------------------------------------------------------- handlers

    private void handlePodUpdate(PodUpdate update) {
        Pod pod = podCache.get(update.namespace(), update.name());
        String key = Pods.key(update.namespace(), update.name());
        if (pod == null) {
            cancelWorkWithEvent(key); // "Noticed pod deletion"
            return;
        }
        // the queue is keyed and sharded by node: an update for another node is not this one's
        if (!nodeName(pod).equals(update.nodeName()) || update.nodeName().isEmpty()) {
            return;
        }
        List<Taint> taints = taintedNodes.get(update.nodeName());
        if (taints == null) {
            return; // the node went, or lost its taints, which cancelled what was pending
        }
        processPodOnNode(key, tolerations(pod), taints, context.clock().now());
    }

    private void handleNodeUpdate(String nodeName) {
        Node node = context.store().peek(Node.class, null, nodeName);
        if (node == null) {
            taintedNodes.remove(nodeName); // "Noticed node deletion"; pending evictions stay
            return;
        }
        List<Taint> taints = noExecuteTaints(node);
        if (taints.isEmpty()) {
            taintedNodes.remove(nodeName);
        } else {
            taintedNodes.put(nodeName, taints);
        }
        TreeMap<String, Pod> bucket = podsByNode.get(nodeName);
        if (bucket == null) {
            return;
        }
        List<Pod> pods = new ArrayList<>(bucket.values());
        if (taints.isEmpty()) {
            // "All taints were removed from the node. Cancelling all evictions..."
            pods.forEach(pod -> cancelWorkWithEvent(Pods.key(pod.getMetadata().getNamespace(), pod.getMetadata().getName())));
            return;
        }
        Instant now = context.clock().now();
        for (Pod pod : pods) {
            processPodOnNode(Pods.key(pod.getMetadata().getNamespace(), pod.getMetadata().getName()), tolerations(pod), taints, now);
        }
    }

    private void processPodOnNode(String key, List<Toleration> tolerations, List<Taint> taints, Instant now) {
        List<Toleration> used = matchingTolerations(taints, tolerations);
        if (used == null) {
            // "We're canceling scheduled work (if any), as we're going to delete the Pod right away."
            cancelWorkWithEvent(key);
            addWork(key, now, now);
            return;
        }
        Duration min = minTolerationTime(used);
        if (min == null) {
            cancelWorkWithEvent(key); // tolerated forever
            return;
        }
        Instant start = now;
        Instant trigger = start.plus(min);
        Eviction scheduled = evictions.get(key);
        if (scheduled != null && scheduled.timer() != null) {
            // Upstream keeps the pending eviction when createdAt + min is before now + min: its real
            // clock has always moved on since the work was created. The virtual clock may not have
            // (two updates at one instant), so an equal instant keeps the work too, with no
            // "Cancelling" event upstream would never give.
            if (!scheduled.createdAt().isAfter(now)) {
                return;
            }
            start = scheduled.createdAt();
            cancelWorkWithEvent(key);
        }
        addWork(key, start, trigger);
    }

    // ---------------------------------------------------------------- TimedWorkerQueue

    /** AddWork: nothing when work for the key exists; work due now starts at once (posted on the loop). */
    private void addWork(String key, Instant createdAt, Instant fireAt) {
        if (evictions.containsKey(key)) {
            return;
        }
        if (!fireAt.isAfter(createdAt)) {
            evictions.put(key, new Eviction(createdAt, fireAt, null));
            context.loop().post(COMPONENT, () -> fire(key, null));
            return;
        }
        Eviction[] self = new Eviction[1];
        Timer timer = context.loop().schedule(fireAt, COMPONENT, () -> fire(key, self[0]));
        self[0] = new Eviction(createdAt, fireAt, timer);
        evictions.put(key, self[0]);
    }

    /** CancelWork: true when a timed worker was stopped; an immediate one runs anyway. */
    private void cancelWorkWithEvent(String key) {
        Eviction eviction = evictions.remove(key);
        if (eviction != null && eviction.timer() != null) {
            eviction.timer().cancel();
            int slash = key.indexOf('/');
            events.normal(reference(key.substring(0, slash), key.substring(slash + 1)), REASON, "Cancelling deletion of Pod " + key);
        }
    }

    /**
     * The wrapped worker function: deletePodHandler, then the key leaves the queue. An immediate
     * worker ({@code self} null) whose entry was cancelled and replaced still runs, as its goroutine.
     */
    private void fire(String key, Eviction self) {
        int slash = key.indexOf('/');
        String namespace = key.substring(0, slash);
        String name = key.substring(slash + 1);
        // emitPodDeletionEvent: a reference of kind, namespace and name only (no UID), as for "Cancelling"
        events.normal(reference(namespace, name), REASON, "Marking for deletion Pod " + key);
        addConditionAndDeletePod(namespace, name);
        Eviction current = evictions.get(key);
        if (current != null && (self == null ? current.timer() == null : current == self)) {
            evictions.remove(key);
        }
    }

    /** addConditionAndDeletePod: the DisruptionTarget condition when it changes anything, then a graceful delete. */
    private void addConditionAndDeletePod(String namespace, String name) {
        Pod pod = context.store().peek(Pod.class, namespace, name);
        if (pod == null) {
            return; // Get fails with NotFound; the retries fail alike
        }
        PodCondition condition = new PodConditionBuilder().withType("DisruptionTarget").withStatus("True")
                .withReason("DeletionByTaintManager").withMessage("Taint manager: deleting due to NoExecute taint")
                .withLastTransitionTime(Timestamps.format(context.clock().now())).build();
        Pod update = Copies.copy(pod);
        if (update.getStatus() == null) {
            update.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
        }
        List<PodCondition> conditions = PodGarbageCollector.withCondition(update.getStatus().getConditions(), condition);
        if (!conditions.equals(pod.getStatus() == null ? null : pod.getStatus().getConditions())) {
            update.getStatus().setConditions(conditions);
            context.store().shared().updateStatus(update);
        }
        try {
            context.store().shared().delete(Pod.class, namespace, name);
        } catch (ApiException failed) {
            if (failed.code() != 404) {
                throw failed;
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** getNoExecuteTaints, in the node's order. */
    static List<Taint> noExecuteTaints(Node node) {
        if (node.getSpec() == null || node.getSpec().getTaints() == null) {
            return List.of();
        }
        return node.getSpec().getTaints().stream().filter(t -> "NoExecute".equals(t.getEffect())).toList();
    }

    /**
     * v1helper.GetMatchingTolerations (pkg/apis/core/v1/helper/helpers.go): for each taint the first
     * toleration that tolerates it; null when some taint is not tolerated.
     */
    static List<Toleration> matchingTolerations(List<Taint> taints, List<Toleration> tolerations) {
        List<Toleration> used = new ArrayList<>();
        for (Taint taint : taints) {
            Toleration match = tolerations.stream().filter(t -> toleratesTaint(t, taint)).findFirst().orElse(null);
            if (match == null) {
                return null;
            }
            used.add(match);
        }
        return used;
    }

    /**
     * Toleration.ToleratesTaint (k8s.io/api/core/v1/toleration.go): an empty effect or key matches
     * any; operator Exists matches any value, Equal (or empty) the same value. The scheduler has its
     * own copy: the layers keep controllers and scheduler apart.
     */
    static boolean toleratesTaint(Toleration toleration, Taint taint) {
        if (!empty(toleration.getEffect()) && !toleration.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if (!empty(toleration.getKey()) && !toleration.getKey().equals(taint.getKey())) {
            return false;
        }
        String operator = toleration.getOperator();
        if (empty(operator) || "Equal".equals(operator)) {
            return Objects.equals(empty(toleration.getValue()) ? "" : toleration.getValue(), empty(taint.getValue()) ? "" : taint.getValue());
        }
        return "Exists".equals(operator);
    }

    private static boolean empty(String value) {
        return value == null || value.isEmpty();
    }

    /**
     * getMinTolerationTime: the least tolerationSeconds of the tolerations used; zero when there are
     * none or one is 0 or less; null (upstream -1) when none has seconds, which tolerates forever.
     */
    static Duration minTolerationTime(List<Toleration> tolerations) {
        if (tolerations.isEmpty()) {
            return Duration.ZERO;
        }
        long min = Long.MAX_VALUE;
        for (Toleration toleration : tolerations) {
            Long seconds = toleration.getTolerationSeconds();
            if (seconds != null) {
                if (seconds <= 0) {
                    return Duration.ZERO;
                }
                min = Math.min(min, seconds);
            }
        }
        return min == Long.MAX_VALUE ? null : Duration.ofSeconds(min);
    }

    private static List<Toleration> tolerations(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getTolerations() == null ? List.of() : pod.getSpec().getTolerations();
    }

    private static String nodeName(Pod pod) {
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return node == null ? "" : node;
    }

    /** The ObjectReference upstream's recorder gets: kind Pod, namespace and name. */
    private static Pod reference(String namespace, String name) {
        Pod pod = new Pod();
        pod.setMetadata(new ObjectMeta());
        pod.getMetadata().setNamespace(namespace);
        pod.getMetadata().setName(name);
        return pod;
    }
}
