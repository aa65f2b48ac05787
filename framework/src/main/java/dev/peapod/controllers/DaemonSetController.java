package dev.peapod.controllers;

import dev.peapod.spi.ClusterContext;
import dev.peapod.spi.Component;
import dev.peapod.store.ApiException;
import dev.peapod.store.Copies;
import dev.peapod.store.LabelSelector;
import dev.peapod.store.ListOptions;
import dev.peapod.store.Timestamps;
import dev.peapod.store.WatchEvent;
import dev.peapod.time.WorkQueue;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDaemonSet;
import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The DaemonSet controller (pkg/controller/daemon/daemon_controller.go, update.go, v1.33): one pod
 * per node the DaemonSet should run on (nodeSelector, required node affinity, taints against the
 * template's tolerations plus the automatic ones), created with a required node affinity for that
 * node so the default scheduler binds it there; failed pods replaced with a per-node back-off; a
 * pod on a node it no longer fits deleted; RollingUpdate with maxUnavailable and maxSurge, or
 * OnDelete; ControllerRevisions as history; and the status counts.
 *
 * <p>Where upstream iterates a Go map (nodes to pods in rollingUpdate), Peapod goes in node name
 * order. Expectations are always satisfied: the store notifies watchers as it writes.
 */
@API(status = INTERNAL, since = "0.1")
public final class DaemonSetController implements Component {
    /** daemon_controller.go BurstReplicas. */
    static final int BURST_REPLICAS = 250;
    static final String SELECTING_ALL = "SelectingAll";
    static final String FAILED_DAEMON_POD = "FailedDaemonPod";
    static final String SUCCEEDED_DAEMON_POD = "SucceededDaemonPod";
    /** The failed-pods back-off kube-controller-manager gives it: flowcontrol.NewBackOff(1s, 15min). */
    static final Duration BACKOFF_INITIAL = Duration.ofSeconds(1);
    static final Duration BACKOFF_MAX = Duration.ofMinutes(15);

    private ClusterContext context;
    private WorkQueue<String> queue;
    private ControllerEvents events;
    private PodControl pods;
    /** failedPodsBackoff: per {@code <ds uid>/<observedGeneration>/<node>}, the delay and when it was last raised. */
    private final Map<String, Backoff> backoffs = new LinkedHashMap<>();
    /** Each daemon pod's last seen readiness, by uid. */
    private final Map<String, Boolean> readiness = new java.util.HashMap<>();

    private record Backoff(Duration delay, Instant lastUpdate) {
    }

    /** The cluster's shared pod informer (see {@link PodCache}): a sync reads its pods there, not from a list of the namespace. */
    private final PodCache podCache;

    /** A controller with a pod cache of its own. */
    public DaemonSetController() {
        this(new PodCache());
    }

    /** A controller reading the cluster's shared pod cache. */
    DaemonSetController(PodCache podCache) {
        this.podCache = Objects.requireNonNull(podCache, "podCache");
    }

    @Override
    public String name() {
        return "daemonset-controller";
    }

    @Override
    public void start(ClusterContext context) {
        podCache.start(context); // before this controller's pod watch: see PodCache
        this.context = Objects.requireNonNull(context, "context");
        this.events = new ControllerEvents(context, name());
        this.pods = new PodControl(context, events);
        this.queue = new WorkQueue<>(context.loop(), name(), this::sync);
        context.store().watch(DaemonSet.class, ListOptions.all(), null, e -> queue.add(key(e.object())));
        context.store().watch(Pod.class, ListOptions.all(), null, this::onPod);
        context.store().watch(Node.class, ListOptions.all(), null, this::onNode);
        context.store().watch(ControllerRevision.class, ListOptions.all(), null, this::onRevision);
    }

    // ---------------------------------------------------------------- watch callbacks: enqueue only

    /** The nodes as the informer last delivered them, for updateNode's comparison of old and new. */
    private final Map<String, Node> lastSeenNodes = new HashMap<>();

    private void onPod(WatchEvent<Pod> event) {
        Pod pod = event.object();
        Optional<OwnerReference> ref = ControllerRefs.controllerOf(pod);
        boolean changedToReady = ref.isPresent() && "DaemonSet".equals(ref.get().getKind()) && readyTransition(event);
        if (ref.isPresent()) {
            if ("DaemonSet".equals(ref.get().getKind())) {
                DaemonSet ds = context.store().peek(DaemonSet.class, pod.getMetadata().getNamespace(), ref.get().getName());
                if (ds != null && Objects.equals(ds.getMetadata().getUid(), ref.get().getUid())) {
                    queue.add(key(ds));
                    int minReady = minReadySeconds(ds);
                    if (changedToReady && minReady > 0) {
                        // updatePod: a pod turned ready is looked at again after minReadySeconds + 1 s
                        queue.addAfter(key(ds), Duration.ofSeconds(minReady + 1L));
                    }
                }
            }
            return;
        }
        if (event.type() != WatchEvent.Type.DELETED) {
            for (DaemonSet ds : context.store().list(DaemonSet.class, ListOptions.inNamespace(pod.getMetadata().getNamespace()))) {
                if (ds.getSpec().getSelector() != null && LabelSelector.of(ds.getSpec().getSelector()).matches(labels(pod))) {
                    queue.add(key(ds));
                }
            }
        }
    }

    /**
     * updatePod's changedToReady: the watch gives no old object, so the controller remembers each
     * pod's readiness by uid (looked up, never iterated).
     */
    private boolean readyTransition(WatchEvent<Pod> event) {
        String uid = event.object().getMetadata().getUid();
        if (event.type() == WatchEvent.Type.DELETED) {
            readiness.remove(uid);
            return false;
        }
        boolean ready = Pods.isReady(event.object());
        Boolean before = readiness.put(uid, ready);
        return event.type() == WatchEvent.Type.MODIFIED && ready && !Boolean.TRUE.equals(before);
    }

    /**
     * addNode enqueues the DaemonSets that should run on the new node; updateNode those whose fit
     * may have changed (Peapod sees no old node, so every DaemonSet). Upstream has no handler for a
     * deleted node: the DaemonSet hears of it when the pod GC deletes its pod there.
     */
    private void onNode(WatchEvent<Node> event) {
        String name = event.object().getMetadata().getName();
        if (event.type() == WatchEvent.Type.DELETED) {
            lastSeenNodes.remove(name);
            return;
        }
        Node old = lastSeenNodes.put(name, event.object());
        if (event.type() == WatchEvent.Type.MODIFIED && old != null && shouldIgnoreNodeUpdate(old, event.object())) {
            return; // a kubelet's heartbeat: only condition times moved
        }
        for (DaemonSet ds : context.store().list(DaemonSet.class, ListOptions.all())) {
            if (event.type() == WatchEvent.Type.MODIFIED
                    || DaemonSetPredicates.nodeShouldRunDaemonPod(event.object(), ds).shouldRun()) {
                queue.add(key(ds));
            }
        }
    }

    /**
     * shouldIgnoreNodeUpdate (daemon_controller.go): the same set of True conditions
     * (nodeInSameCondition) and nothing else changed but the resourceVersion and the conditions.
     */
    static boolean shouldIgnoreNodeUpdate(Node old, Node current) {
        if (!trueConditions(old).equals(trueConditions(current))) {
            return false;
        }
        // compared field by field, not on copies: a heartbeat's write comes every 5 minutes from every node
        var m = old.getMetadata();
        var n = current.getMetadata();
        if (!Objects.equals(old.getSpec(), current.getSpec()) || !Objects.equals(m.getLabels(), n.getLabels())
                || !Objects.equals(m.getAnnotations(), n.getAnnotations()) || !Objects.equals(m.getUid(), n.getUid())
                || !Objects.equals(m.getDeletionTimestamp(), n.getDeletionTimestamp())
                || !Objects.equals(m.getFinalizers(), n.getFinalizers()) || !Objects.equals(m.getOwnerReferences(), n.getOwnerReferences())) {
            return false;
        }
        var a = old.getStatus();
        var b = current.getStatus();
        if (a == null || b == null) {
            return a == b;
        }
        return Objects.equals(a.getAddresses(), b.getAddresses()) && Objects.equals(a.getAllocatable(), b.getAllocatable())
                && Objects.equals(a.getCapacity(), b.getCapacity()) && Objects.equals(a.getConfig(), b.getConfig())
                && Objects.equals(a.getDaemonEndpoints(), b.getDaemonEndpoints())
                && Objects.equals(a.getDeclaredFeatures(), b.getDeclaredFeatures()) && Objects.equals(a.getFeatures(), b.getFeatures())
                && Objects.equals(a.getImages(), b.getImages()) && Objects.equals(a.getNodeInfo(), b.getNodeInfo())
                && Objects.equals(a.getPhase(), b.getPhase()) && Objects.equals(a.getRuntimeHandlers(), b.getRuntimeHandlers())
                && Objects.equals(a.getVolumesAttached(), b.getVolumesAttached()) && Objects.equals(a.getVolumesInUse(), b.getVolumesInUse());
    }

    private static java.util.Set<String> trueConditions(Node node) {
        java.util.Set<String> types = new java.util.TreeSet<>();
        if (node.getStatus() != null && node.getStatus().getConditions() != null) {
            node.getStatus().getConditions().stream().filter(c -> "True".equals(c.getStatus())).forEach(c -> types.add(c.getType()));
        }
        return types;
    }

    private void onRevision(WatchEvent<ControllerRevision> event) {
        ControllerRefs.controllerOf(event.object()).filter(ref -> "DaemonSet".equals(ref.getKind()))
                .ifPresent(ref -> queue.add(Pods.key(event.object().getMetadata().getNamespace(), ref.getName())));
    }

    // ---------------------------------------------------------------- sync

    /** syncDaemonSet. */
    private void sync(String key) {
        int slash = key.indexOf('/');
        DaemonSet ds = context.store().peek(DaemonSet.class, key.substring(0, slash), key.substring(slash + 1));
        if (ds == null) {
            return;
        }
        List<Node> nodes = context.store().list(Node.class);
        var selector = ds.getSpec().getSelector();
        if (selector == null || ((selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty()))) {
            events.warning(ds, SELECTING_ALL, "This daemon set is selecting all pods. A non-empty selector is required.");
            return;
        }
        if (ds.getMetadata().getDeletionTimestamp() != null) {
            return; // its history may be gone: upstream does not compute a status for a DaemonSet being deleted
        }
        History history = constructHistory(ds);
        String hash = history.current().getMetadata().getLabels().get(DaemonSetPredicates.HASH_LABEL);
        ApiException failure = manage(ds, nodes, hash);
        if (failure == null && "RollingUpdate".equals(strategyType(ds))) {
            failure = rollingUpdate(ds, nodes, hash);
        }
        cleanupHistory(ds, history.old());
        updateStatus(ds, nodes, hash);
        if (failure != null) {
            queue.addRateLimited(key);
        } else {
            queue.forget(key);
        }
    }

    /** manage: for each node, the pods to create and delete; then unscheduled pods aimed at vanished nodes. */
    private ApiException manage(DaemonSet ds, List<Node> nodes, String hash) {
        Map<String, List<Pod>> byNode = nodesToDaemonPods(ds, false);
        List<String> nodesNeeding = new ArrayList<>();
        List<Pod> toDelete = new ArrayList<>();
        for (Node node : nodes) {
            podsShouldBeOnNode(node, byNode, ds, hash, nodesNeeding, toDelete);
        }
        // getUnscheduledPodsWithoutNode: the pod GC never deletes a pod that was never bound
        for (Map.Entry<String, List<Pod>> entry : byNode.entrySet()) {
            if (nodes.stream().noneMatch(n -> n.getMetadata().getName().equals(entry.getKey()))) {
                entry.getValue().stream().filter(p -> !bound(p)).forEach(toDelete::add);
            }
        }
        return syncNodes(ds, toDelete, nodesNeeding, hash);
    }

    /** podsShouldBeOnNode. */
    private void podsShouldBeOnNode(Node node, Map<String, List<Pod>> byNode, DaemonSet ds, String hash,
                                    List<String> nodesNeeding, List<Pod> toDelete) {
        DaemonSetPredicates.Fit fit = DaemonSetPredicates.nodeShouldRunDaemonPod(node, ds);
        String nodeName = node.getMetadata().getName();
        List<Pod> daemonPods = byNode.get(nodeName);
        boolean exists = daemonPods != null;
        if (fit.shouldRun() && !exists) {
            nodesNeeding.add(nodeName);
            return;
        }
        if (fit.shouldContinueRunning()) {
            if (!exists) {
                return;
            }
            List<Pod> running = new ArrayList<>();
            for (Pod pod : daemonPods) {
                if (pod.getMetadata().getDeletionTimestamp() != null) {
                    continue;
                }
                String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
                if ("Failed".equals(phase)) {
                    if (failedPodIsDeleted(ds, node, pod)) {
                        toDelete.add(pod);
                    }
                } else if ("Succeeded".equals(phase)) {
                    events.normal(ds, SUCCEEDED_DAEMON_POD, "Found succeeded daemon pod " + pod.getMetadata().getNamespace() + "/"
                            + pod.getMetadata().getName() + " on node " + nodeName + ", will try to delete it");
                    toDelete.add(pod);
                } else {
                    running.add(pod);
                }
            }
            running.sort(BY_CREATION_AND_PHASE);
            if (!allowsSurge(ds)) {
                // more than one running pod on a node: all but the oldest go
                for (int i = 1; i < running.size(); i++) {
                    toDelete.add(running.get(i));
                }
                return;
            }
            if (running.size() <= 1) {
                if (running.isEmpty() && fit.shouldRun()) {
                    nodesNeeding.add(nodeName); // surging needs at least one pod that is not being deleted
                }
                return;
            }
            surgePrune(ds, hash, running, toDelete);
            return;
        }
        if (exists) {
            daemonPods.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).forEach(toDelete::add);
        }
    }

    /**
     * With surge, two pods may share a node only while the oldest new one is not yet available and
     * the oldest old one is ready; every other pod goes.
     */
    private void surgePrune(DaemonSet ds, String hash, List<Pod> running, List<Pod> toDelete) {
        Pod oldestNew = null;
        Pod oldestOld = null;
        for (Pod pod : running) {
            if (hash.equals(labels(pod).get(DaemonSetPredicates.HASH_LABEL))) {
                if (oldestNew == null) {
                    oldestNew = pod;
                    continue;
                }
            } else if (oldestOld == null) {
                oldestOld = pod;
                continue;
            }
            toDelete.add(pod);
        }
        if (oldestNew != null && oldestOld != null) {
            if (!Pods.isReady(oldestOld) || Pods.isAvailable(oldestNew, minReadySeconds(ds), context.clock().now())) {
                toDelete.add(oldestOld);
            }
        }
    }

    /**
     * A failed daemon pod is deleted (with a FailedDaemonPod warning) unless its node's back-off
     * still runs; then the DaemonSet is looked at again when it ends (1 s, doubling to 15 min).
     */
    private boolean failedPodIsDeleted(DaemonSet ds, Node node, Pod pod) {
        long observed = ds.getStatus() == null || ds.getStatus().getObservedGeneration() == null ? 0 : ds.getStatus().getObservedGeneration();
        String backoffKey = ds.getMetadata().getUid() + "/" + observed + "/" + node.getMetadata().getName();
        Instant now = context.clock().now();
        Backoff backoff = backoffs.get(backoffKey);
        if (backoff != null && Duration.between(backoff.lastUpdate(), now).compareTo(backoff.delay()) < 0) {
            queue.addAfter(key(ds), backoff.delay()); // IsInBackOffSinceUpdate: enqueueDaemonSetAfter(ds, delay)
            return false;
        }
        Duration next;
        if (backoff == null || Duration.between(backoff.lastUpdate(), now).compareTo(BACKOFF_MAX.multipliedBy(2)) > 0) {
            next = BACKOFF_INITIAL;
        } else {
            next = backoff.delay().multipliedBy(2);
            next = next.compareTo(BACKOFF_MAX) > 0 ? BACKOFF_MAX : next;
        }
        backoffs.put(backoffKey, new Backoff(next, now));
        events.warning(ds, FAILED_DAEMON_POD, "Found failed daemon pod " + pod.getMetadata().getNamespace() + "/"
                + pod.getMetadata().getName() + " on node " + node.getMetadata().getName() + ", will try to kill it");
        return true;
    }

    /**
     * syncNodes: creates on the nodes in slow-start batches, at most {@link #BURST_REPLICAS}, then
     * deletes; returns the first failure. Each pod is the template with the automatic tolerations,
     * the generation and hash labels, and a node affinity for its node.
     */
    private ApiException syncNodes(DaemonSet ds, List<Pod> toDelete, List<String> nodesNeeding, String hash) {
        int createDiff = Math.min(nodesNeeding.size(), BURST_REPLICAS);
        int deleteDiff = Math.min(toDelete.size(), BURST_REPLICAS);
        PodTemplateSpec template = createPodTemplate(ds, hash);
        int[] next = {0};
        ApiException failure = ReplicaSetController.slowStartBatch(createDiff, () -> {
            PodTemplateSpec podTemplate = Copies.copy(template);
            podTemplate.getSpec().setAffinity(DaemonSetPredicates.replaceNodeNameAffinity(
                    podTemplate.getSpec().getAffinity(), nodesNeeding.get(next[0]++)));
            return pods.create(PodControl.podFromTemplate(podTemplate, ds, ControllerRefs.newControllerRef(ds)), ds);
        });
        for (int i = 0; i < deleteDiff; i++) {
            Optional<ApiException> failed = pods.delete(toDelete.get(i), ds);
            if (failed.isPresent() && failure == null) {
                failure = failed.get();
            }
        }
        return failure;
    }

    /** util.CreatePodTemplate: the automatic tolerations, and the pod-template-generation and controller-revision-hash labels. */
    private static PodTemplateSpec createPodTemplate(DaemonSet ds, String hash) {
        PodTemplateSpec template = Copies.copy(ds.getSpec().getTemplate());
        DaemonSetPredicates.addOrUpdateDaemonPodTolerations(template.getSpec());
        if (template.getMetadata() == null) {
            template.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
        }
        Map<String, String> labels = template.getMetadata().getLabels() == null
                ? new LinkedHashMap<>() : new LinkedHashMap<>(template.getMetadata().getLabels());
        templateGeneration(ds).ifPresent(generation -> labels.put(DaemonSetPredicates.GENERATION_LABEL, Long.toString(generation)));
        if (!hash.isEmpty()) {
            labels.put(DaemonSetPredicates.HASH_LABEL, hash);
        }
        template.getMetadata().setLabels(labels);
        return template;
    }

    // ---------------------------------------------------------------- rolling update (update.go)

    /** rollingUpdate: without surge, delete old pods within maxUnavailable; with surge, create new pods beside old ones within maxSurge. */
    private ApiException rollingUpdate(DaemonSet ds, List<Node> nodes, String hash) {
        Map<String, List<Pod>> byNode = new TreeMap<>(nodesToDaemonPods(ds, false));
        int desired = 0;
        for (Node node : nodes) {
            if (DaemonSetPredicates.nodeShouldRunDaemonPod(node, ds).shouldRun()) {
                desired++;
                byNode.putIfAbsent(node.getMetadata().getName(), List.of());
            }
        }
        int maxUnavailable = unavailableCount(ds, desired);
        int maxSurge = surgeCount(ds, desired);
        if (desired > 0 && maxUnavailable == 0 && maxSurge == 0) {
            maxUnavailable = 1; // an impossible configuration: accept unavailability
        }
        Instant now = context.clock().now();
        int minReady = minReadySeconds(ds);
        if (maxSurge == 0) {
            return withoutSurge(ds, byNode, hash, maxUnavailable, now, minReady);
        }
        List<Pod> oldToDelete = new ArrayList<>();
        List<Pod> shouldNotRunToDelete = new ArrayList<>();
        List<String> candidateNewNodes = new ArrayList<>();
        List<String> allowedNewNodes = new ArrayList<>();
        int numSurge = 0;
        int numAvailable = 0;
        for (Map.Entry<String, List<Pod>> entry : byNode.entrySet()) {
            Optional<Pod[]> found = findUpdatedPodsOnNode(ds, entry.getValue(), hash);
            if (found.isEmpty()) {
                numSurge++; // excess pods: the manage loop cleans up
                continue;
            }
            Pod newPod = found.get()[0];
            Pod oldPod = found.get()[1];
            if (oldPod != null ? Pods.isAvailable(oldPod, minReady, now) : newPod != null && Pods.isAvailable(newPod, minReady, now)) {
                numAvailable++;
            }
            if (oldPod == null) {
                continue;
            }
            if (newPod == null) {
                Node node = context.store().peek(Node.class, null, entry.getKey());
                boolean shouldRun = node != null && DaemonSetPredicates.nodeShouldRunDaemonPod(node, ds).shouldRun();
                if (!Pods.isAvailable(oldPod, minReady, now)) {
                    if (!shouldRun) {
                        oldToDelete.add(oldPod);
                    } else {
                        allowedNewNodes.add(entry.getKey());
                    }
                } else if (!shouldRun) {
                    shouldNotRunToDelete.add(oldPod);
                } else if (numSurge < maxSurge) {
                    candidateNewNodes.add(entry.getKey());
                }
            } else if (!Pods.isAvailable(newPod, minReady, now)) {
                numSurge++;
            } else {
                oldToDelete.add(oldPod);
            }
        }
        int remainingSurge = Math.max(0, maxSurge - numSurge);
        int deletable = numAvailable - desired;
        if (deletable > 0) {
            oldToDelete.addAll(shouldNotRunToDelete.subList(0, Math.min(deletable, shouldNotRunToDelete.size())));
        }
        List<String> newNodes = new ArrayList<>(allowedNewNodes);
        newNodes.addAll(candidateNewNodes.subList(0, Math.min(remainingSurge, candidateNewNodes.size())));
        return syncNodes(ds, oldToDelete, newNodes, hash);
    }

    private ApiException withoutSurge(DaemonSet ds, Map<String, List<Pod>> byNode, String hash, int maxUnavailable,
                                      Instant now, int minReady) {
        int numUnavailable = 0;
        List<Pod> allowedReplacements = new ArrayList<>();
        List<Pod> candidates = new ArrayList<>();
        for (Map.Entry<String, List<Pod>> entry : byNode.entrySet()) {
            Optional<Pod[]> found = findUpdatedPodsOnNode(ds, entry.getValue(), hash);
            if (found.isEmpty()) {
                numUnavailable++;
                continue;
            }
            Pod newPod = found.get()[0];
            Pod oldPod = found.get()[1];
            if ((oldPod == null) == (newPod == null)) {
                numUnavailable++; // the manage loop creates or deletes here
            } else if (newPod != null) {
                if (!Pods.isAvailable(newPod, minReady, now)) {
                    numUnavailable++;
                }
            } else if (!Pods.isAvailable(oldPod, minReady, now)) {
                allowedReplacements.add(oldPod);
                numUnavailable++;
            } else if (numUnavailable < maxUnavailable) {
                candidates.add(oldPod);
            }
        }
        int remaining = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.size());
        List<Pod> toDelete = new ArrayList<>(allowedReplacements);
        toDelete.addAll(candidates.subList(0, remaining));
        return syncNodes(ds, toDelete, List.of(), hash);
    }

    /** findUpdatedPodsOnNode: {new, old} among the pods not being deleted; empty if either is more than one. */
    private Optional<Pod[]> findUpdatedPodsOnNode(DaemonSet ds, List<Pod> onNode, String hash) {
        Pod newPod = null;
        Pod oldPod = null;
        for (Pod pod : onNode) {
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            if (isPodUpdated(pod, hash, templateGeneration(ds))) {
                if (newPod != null) {
                    return Optional.empty();
                }
                newPod = pod;
            } else {
                if (oldPod != null) {
                    return Optional.empty();
                }
                oldPod = pod;
            }
        }
        return Optional.of(new Pod[] {newPod, oldPod});
    }

    /** util.IsPodUpdated: the hash label, or the template generation label, is the current one. */
    static boolean isPodUpdated(Pod pod, String hash, Optional<Long> generation) {
        Map<String, String> labels = labels(pod);
        boolean templateMatches = generation.isPresent() && generation.get().toString().equals(labels.get(DaemonSetPredicates.GENERATION_LABEL));
        boolean hashMatches = !hash.isEmpty() && hash.equals(labels.get(DaemonSetPredicates.HASH_LABEL));
        return hashMatches || templateMatches;
    }

    // ---------------------------------------------------------------- history

    private record History(ControllerRevision current, List<ControllerRevision> old) {
    }

    /** constructHistory: the revision of the current template (created, or renumbered to the newest), and the others. */
    private History constructHistory(DaemonSet ds) {
        List<ControllerRevision> current = new ArrayList<>();
        List<ControllerRevision> old = new ArrayList<>();
        for (ControllerRevision revision : controlledHistories(ds)) {
            if (revision.getMetadata().getLabels() == null || !revision.getMetadata().getLabels().containsKey(DaemonSetPredicates.HASH_LABEL)) {
                revision = context.store().edit(ControllerRevision.class, revision.getMetadata().getNamespace(),
                        revision.getMetadata().getName(), r -> {
                            Map<String, String> labels = r.getMetadata().getLabels() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(r.getMetadata().getLabels());
                            labels.put(DaemonSetPredicates.HASH_LABEL, r.getMetadata().getName());
                            r.getMetadata().setLabels(labels);
                        });
            }
            (DaemonSetHistory.matches(ds, revision) ? current : old).add(revision);
        }
        long next = old.stream().mapToLong(r -> r.getRevision() == null ? 0 : r.getRevision()).max().orElse(0) + 1;
        if (current.isEmpty()) {
            return new History(snapshot(ds, next), old);
        }
        ControllerRevision keep = current.get(0);
        for (ControllerRevision revision : current) {
            if (revisionOf(revision) >= revisionOf(keep)) {
                keep = revision;
            }
        }
        for (ControllerRevision duplicate : current) {
            if (duplicate != keep) {
                context.store().shared().delete(ControllerRevision.class, duplicate.getMetadata().getNamespace(), duplicate.getMetadata().getName());
            }
        }
        if (revisionOf(keep) < next) {
            ControllerRevision renumbered = Copies.copy(keep);
            renumbered.setRevision(next);
            keep = context.store().update(renumbered);
        }
        return new History(keep, old);
    }

    private ControllerRevision snapshot(DaemonSet ds, long revision) {
        Integer collisions = ds.getStatus() == null ? null : ds.getStatus().getCollisionCount();
        String hash = DaemonSetHistory.computeHash(ds.getSpec().getTemplate(), collisions);
        ControllerRevision created = DaemonSetHistory.snapshot(ds, revision, hash);
        Optional<ControllerRevision> existing = context.store().get(ControllerRevision.class,
                ds.getMetadata().getNamespace(), created.getMetadata().getName());
        if (existing.isPresent()) {
            if (DaemonSetHistory.matches(ds, existing.get())) {
                return existing.get();
            }
            // a hash collision: count it, and take the next hash (upstream retries in its next sync)
            DaemonSet bumped = Copies.copy(ds);
            bumped.setStatus(ds.getStatus() == null ? new DaemonSetStatus() : Copies.copy(ds.getStatus()));
            bumped.getStatus().setCollisionCount(collisions == null ? 1 : collisions + 1);
            return snapshot(context.store().updateStatus(bumped), revision);
        }
        return context.store().create(created);
    }

    /** controlledHistories: the revisions this DaemonSet controls, adopting orphans its selector matches. */
    private List<ControllerRevision> controlledHistories(DaemonSet ds) {
        LabelSelector selector = LabelSelector.of(ds.getSpec().getSelector());
        List<ControllerRevision> owned = new ArrayList<>();
        for (ControllerRevision revision : context.store().list(ControllerRevision.class, ListOptions.inNamespace(ds.getMetadata().getNamespace()))) {
            if (ControllerRefs.controllerOf(revision).isPresent()) {
                if (ControllerRefs.isControlledBy(revision, ds)) {
                    owned.add(revision);
                }
            } else if (selector.matches(revision.getMetadata().getLabels() == null ? Map.of() : revision.getMetadata().getLabels())) {
                owned.add(context.store().shared().edit(ControllerRevision.class, revision.getMetadata().getNamespace(),
                        revision.getMetadata().getName(), r -> r.getMetadata().setOwnerReferences(
                                new ArrayList<>(List.of(ControllerRefs.newControllerRef(ds))))));
            }
        }
        return owned;
    }

    /** cleanupHistory: beyond revisionHistoryLimit, the oldest revisions no pod (even a deleted terminal one) still runs. */
    private void cleanupHistory(DaemonSet ds, List<ControllerRevision> old) {
        int keep = ds.getSpec().getRevisionHistoryLimit() == null ? 10 : ds.getSpec().getRevisionHistoryLimit();
        int toKill = old.size() - keep;
        if (toKill <= 0) {
            return;
        }
        java.util.Set<String> liveHashes = new java.util.HashSet<>();
        nodesToDaemonPods(ds, true).values().forEach(list -> list.forEach(pod -> {
            String hash = labels(pod).get(DaemonSetPredicates.HASH_LABEL);
            if (hash != null && !hash.isEmpty()) {
                liveHashes.add(hash);
            }
        }));
        List<ControllerRevision> sorted = new ArrayList<>(old);
        sorted.sort(Comparator.comparingLong(DaemonSetController::revisionOf));
        for (ControllerRevision revision : sorted) {
            if (toKill <= 0) {
                break;
            }
            if (liveHashes.contains(revision.getMetadata().getLabels().get(DaemonSetPredicates.HASH_LABEL))) {
                continue;
            }
            context.store().shared().delete(ControllerRevision.class, revision.getMetadata().getNamespace(), revision.getMetadata().getName());
            toKill--;
        }
    }

    private static long revisionOf(ControllerRevision revision) {
        return revision.getRevision() == null ? 0 : revision.getRevision();
    }

    // ---------------------------------------------------------------- pods by node

    /**
     * getNodesToDaemonPods: the pods this DaemonSet controls (adopting matching orphans, releasing
     * owned pods its selector no longer matches), by the node each is for; a terminal pod being
     * deleted is left out unless {@code includeDeletedTerminal}.
     */
    private Map<String, List<Pod>> nodesToDaemonPods(DaemonSet ds, boolean includeDeletedTerminal) {
        Map<String, List<Pod>> byNode = new LinkedHashMap<>();
        for (Pod pod : claimPods(ds)) {
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            boolean terminal = "Succeeded".equals(phase) || "Failed".equals(phase);
            if (!includeDeletedTerminal && terminal && pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            DaemonSetPredicates.targetNodeName(pod).ifPresent(node -> byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(pod));
        }
        return byNode;
    }

    /** ClaimPods: owned pods that still match, plus matching orphans adopted (while the DaemonSet is not being deleted). */
    private List<Pod> claimPods(DaemonSet ds) {
        LabelSelector selector = LabelSelector.of(ds.getSpec().getSelector());
        List<Pod> claimed = new ArrayList<>();
        for (Pod pod : podCache.controlledByOrOrphans(ds)) {
            boolean matches = selector.matches(labels(pod));
            if (ControllerRefs.controllerOf(pod).isPresent()) {
                if (!ControllerRefs.isControlledBy(pod, ds)) {
                    continue;
                }
                if (matches) {
                    claimed.add(pod);
                } else if (pod.getMetadata().getDeletionTimestamp() == null) {
                    release(ds, pod);
                }
            } else if (matches && pod.getMetadata().getDeletionTimestamp() == null && ds.getMetadata().getDeletionTimestamp() == null) {
                claimed.add(context.store().shared().edit(Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), p -> {
                    List<OwnerReference> refs = p.getMetadata().getOwnerReferences() == null
                            ? new ArrayList<>() : new ArrayList<>(p.getMetadata().getOwnerReferences());
                    refs.add(ControllerRefs.newControllerRef(ds));
                    p.getMetadata().setOwnerReferences(refs);
                }));
            }
        }
        return claimed;
    }

    private void release(DaemonSet ds, Pod pod) {
        context.store().shared().edit(Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), p -> p.getMetadata()
                .setOwnerReferences(new ArrayList<>(p.getMetadata().getOwnerReferences().stream()
                        .filter(ref -> !Objects.equals(ref.getUid(), ds.getMetadata().getUid())).toList())));
    }

    // ---------------------------------------------------------------- status

    /** updateDaemonSetStatus: counted over the nodes, from the oldest pod on each. */
    private void updateStatus(DaemonSet ds, List<Node> nodes, String hash) {
        Map<String, List<Pod>> byNode = nodesToDaemonPods(ds, false);
        Instant now = context.clock().now();
        int minReady = minReadySeconds(ds);
        int desired = 0;
        int current = 0;
        int misscheduled = 0;
        int ready = 0;
        int updated = 0;
        int available = 0;
        for (Node node : nodes) {
            boolean shouldRun = DaemonSetPredicates.nodeShouldRunDaemonPod(node, ds).shouldRun();
            List<Pod> daemonPods = byNode.getOrDefault(node.getMetadata().getName(), List.of());
            boolean scheduled = !daemonPods.isEmpty();
            if (!shouldRun) {
                misscheduled += scheduled ? 1 : 0;
                continue;
            }
            desired++;
            if (!scheduled) {
                continue;
            }
            current++;
            Pod oldest = daemonPods.stream().min(BY_CREATION_AND_PHASE).orElseThrow();
            if (Pods.isReady(oldest)) {
                ready++;
                if (Pods.isAvailable(oldest, minReady, now)) {
                    available++;
                }
            }
            if (isPodUpdated(oldest, hash, templateGeneration(ds))) {
                updated++;
            }
        }
        DaemonSetStatus old = ds.getStatus() == null ? new DaemonSetStatus() : ds.getStatus();
        long generation = ds.getMetadata().getGeneration() == null ? 0 : ds.getMetadata().getGeneration();
        boolean same = intOf(old.getDesiredNumberScheduled()) == desired && intOf(old.getCurrentNumberScheduled()) == current
                && intOf(old.getNumberMisscheduled()) == misscheduled && intOf(old.getNumberReady()) == ready
                && intOf(old.getUpdatedNumberScheduled()) == updated && intOf(old.getNumberAvailable()) == available
                && intOf(old.getNumberUnavailable()) == desired - available
                && old.getObservedGeneration() != null && old.getObservedGeneration() >= generation;
        if (!same) {
            DaemonSet copy = Copies.copy(ds);
            DaemonSetStatus status = Copies.copy(old);
            status.setObservedGeneration(generation);
            status.setDesiredNumberScheduled(desired);
            status.setCurrentNumberScheduled(current);
            status.setNumberMisscheduled(misscheduled);
            status.setNumberReady(ready);
            status.setUpdatedNumberScheduled(updated);
            status.setNumberAvailable(available);
            status.setNumberUnavailable(desired - available);
            copy.setStatus(status);
            context.store().shared().updateStatus(copy);
        }
        if (minReady > 0 && ready != available) {
            queue.addAfter(key(ds), Duration.ofSeconds(minReady)); // the last line of defence against clock skew
        }
    }

    // ---------------------------------------------------------------- helpers

    /** podByCreationTimestampAndPhase: bound pods first, then the oldest, then by name. */
    static final Comparator<Pod> BY_CREATION_AND_PHASE = Comparator
            .comparing((Pod p) -> bound(p) ? 0 : 1)
            .thenComparing(p -> Timestamps.parse(p.getMetadata().getCreationTimestamp()))
            .thenComparing(p -> p.getMetadata().getName());

    private static boolean bound(Pod pod) {
        return pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
    }

    /** util.GetTemplateGeneration: the {@code deprecated.daemonset.template.generation} annotation the API server keeps. */
    static Optional<Long> templateGeneration(DaemonSet ds) {
        Map<String, String> annotations = ds.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get("deprecated.daemonset.template.generation");
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String strategyType(DaemonSet ds) {
        return ds.getSpec().getUpdateStrategy() == null ? "RollingUpdate" : ds.getSpec().getUpdateStrategy().getType();
    }

    /** util.AllowsSurge. */
    private static boolean allowsSurge(DaemonSet ds) {
        return surgeCount(ds, 1) > 0;
    }

    /** util.SurgeCount (DaemonSetUpdateSurge is GA and on). */
    static int surgeCount(DaemonSet ds, int numberToSchedule) {
        RollingUpdateDaemonSet rolling = rolling(ds);
        return rolling == null || rolling.getMaxSurge() == null ? 0 : scaled(rolling.getMaxSurge(), numberToSchedule);
    }

    /** util.UnavailableCount. */
    static int unavailableCount(DaemonSet ds, int numberToSchedule) {
        RollingUpdateDaemonSet rolling = rolling(ds);
        return rolling == null ? 0 : scaled(rolling.getMaxUnavailable(), numberToSchedule);
    }

    private static RollingUpdateDaemonSet rolling(DaemonSet ds) {
        if (!"RollingUpdate".equals(strategyType(ds))) {
            return null;
        }
        return ds.getSpec().getUpdateStrategy().getRollingUpdate();
    }

    /** intstr.GetScaledValueFromIntOrPercent with roundUp: a percent of {@code total}, rounded up. */
    static int scaled(IntOrString value, int total) {
        if (value == null) {
            return 0;
        }
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String text = value.getStrVal();
        int percent = Integer.parseInt(text.substring(0, text.length() - 1));
        return (int) Math.ceil(percent * (double) total / 100);
    }

    private static int minReadySeconds(DaemonSet ds) {
        return ds.getSpec().getMinReadySeconds() == null ? 0 : ds.getSpec().getMinReadySeconds();
    }

    private static int intOf(Integer value) {
        return value == null ? 0 : value;
    }

    private static String key(DaemonSet ds) {
        return Pods.key(ds.getMetadata().getNamespace(), ds.getMetadata().getName());
    }

    private static Map<String, String> labels(Pod pod) {
        return pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    }
}
