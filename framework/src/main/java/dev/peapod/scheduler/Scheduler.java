package dev.peapod.scheduler;

import dev.peapod.events.EventRecorder;
import dev.peapod.spi.ClusterContext;
import dev.peapod.spi.Component;
import dev.peapod.store.ApiException;
import dev.peapod.store.ListOptions;
import dev.peapod.store.WatchEvent;
import dev.peapod.time.WorkQueue;
import dev.peapod.timeline.Fact;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Toleration;
import org.apiguardian.api.API;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The default-scheduler of a fake cluster: it binds each pending pod to a node as kube-scheduler
 * v1.33 would, and says why when it cannot, in the same words (FailedScheduling events and the
 * PodScheduled condition). It reacts to the store like any reconciler on the event loop: watch
 * callbacks only queue pods; every scheduling attempt runs as its own event on the loop.
 *
 * <p>Pods that name a node in {@code spec.nodeName}, or another {@code schedulerName}, are left
 * alone, but the first still count against their node's resources and ports.
 *
 * <p>A {@link Component}: the cluster starts it first, before the kubelets.
 */
@API(status = INTERNAL, since = "0.1")
public final class Scheduler implements Component {
    /** The profile name pods select with spec.schedulerName. */
    static final String NAME = "default-scheduler";
    /** validation.NoteLengthLimit: longer FailedScheduling messages are cut, with " ..." (truncateMessage). */
    static final int NOTE_LENGTH_LIMIT = 1024;
    /** How often the queue looks for pods left over in the unschedulable pool (scheduling_queue.go Run). */
    static final Duration FLUSH_PERIOD = Duration.ofSeconds(30);
    /** The only key of the cycle queue. */
    private static final String CYCLE = "cycle";

    private final SchedulerCache cache = new SchedulerCache();
    private final SchedulingQueue queue = new SchedulingQueue();
    /**
     * The nominator (backend/queue/nominator.go): pod key to the node an earlier preemption nominated
     * it to, in the order of nomination; a pod's nomination counts on its node in other pods' filters.
     */
    private final Map<String, String> nominations = new LinkedHashMap<>();
    // Set by start: the component gets the cluster's parts when the cluster starts it.
    private ClusterContext context;
    private SchedulingAlgorithm algorithm;
    private SchedulerListers listers;
    /** One key: a scheduling cycle is posted at most once at a time, and each cycle tries one pod. */
    private WorkQueue<String> cycles;
    /**
     * Wake-ups keyed by their instant, so that one timer serves every pod due then. Upstream polls
     * instead (wait.Until every 30 s and every 1 s in scheduling_queue.go Run); Peapod wakes only at
     * the instants a poll would find something, which gives the same results with fewer events.
     */
    private WorkQueue<Instant> flushes;
    private WorkQueue<Instant> backoffs;
    private Instant startedAt;
    /**
     * The cluster events received while a pod is in its scheduling cycle (activeQ.inFlightEvents),
     * null between cycles. The store delivers watch events inside the write, so a write the cycle
     * itself makes (a victim deleted at once) arrives while the pod is still in flight; upstream
     * replays such events when the pod fails (determineSchedulingHintForInFlightPod).
     */
    private List<ClusterEvent> inFlightEvents;

    @Override
    public String name() {
        return NAME;
    }

    /** Starts watching nodes and pods; pods already pending are queued at once. */
    @Override
    public void start(ClusterContext context) {
        if (startedAt != null) {
            throw new IllegalStateException("the scheduler is already started");
        }
        this.context = Objects.requireNonNull(context, "context");
        this.listers = SchedulerListers.of(context.store());
        this.algorithm = new SchedulingAlgorithm(context.random(), listers);
        this.cycles = new WorkQueue<>(context.loop(), "scheduler: schedule a pod", cycle -> scheduleOne());
        this.flushes = new WorkQueue<>(context.loop(), "scheduler: flush unschedulable pods", at -> flush());
        this.backoffs = new WorkQueue<>(context.loop(), "scheduler: backoff completed", at -> postCycle());
        startedAt = now();
        context.store().watch(Node.class, ListOptions.all(), null, this::onNode);
        // As kube-scheduler's pod informer, which leaves out terminal pods: a pod turning terminal looks deleted.
        context.store().watch(Pod.class, ListOptions.all().withFields("status.phase!=Succeeded,status.phase!=Failed"),
                null, this::onPod);
    }

    // ---------------------------------------------------------------- watch callbacks: queue, never schedule

    private void onNode(WatchEvent<Node> event) {
        Node node = event.object();
        if (event.type() == WatchEvent.Type.DELETED) {
            cache.removeNode(node.getMetadata().getName());
            // deleteNodeFromCache: MoveAllToActiveOrBackoffQueue(EventNodeDelete); of the default
            // plugins only PodTopologySpread registers Node/Delete (v1.33 podtopologyspread/plugin.go)
            requeue(new ClusterEvent(ClusterEvent.Type.NODE_DELETE, node, null));
            return;
        }
        Node old = cache.putNode(node);
        if (old == null) {
            requeue(new ClusterEvent(ClusterEvent.Type.NODE_ADD, null, node));
        } else {
            for (ClusterEvent.Type type : NodeChanges.between(old, node)) {
                requeue(new ClusterEvent(type, old, node));
            }
        }
    }

    private void onPod(WatchEvent<Pod> event) {
        Pod pod = event.object();
        if (pod.getSpec() == null) {
            return; // validation rejects such a pod; without admission it is nothing to schedule
        }
        String key = PodInfo.key(pod);
        if (event.type() == WatchEvent.Type.DELETED) {
            cache.removePod(pod);
            queue.remove(key);
            nominations.remove(key);
            if (SchedulerCache.isBound(pod)) {
                requeue(new ClusterEvent(ClusterEvent.Type.ASSIGNED_POD_DELETE, pod, null));
            } else if (responsibleFor(pod) && !DefaultPreemption.nominatedNodeName(pod).isEmpty()) {
                nominationGone(pod);
            }
            return;
        }
        Pod old = cache.putPod(pod);
        if (SchedulerCache.isBound(pod)) {
            assignedPodChanged(old, pod);
            if (old != null && !SchedulerCache.isBound(old) && responsibleFor(old)
                    && !DefaultPreemption.nominatedNodeName(old).isEmpty()) {
                // the unscheduled-pod handler is a FilteringResourceEventHandler: a pod leaving its filter
                // by being bound reaches deletePodFromSchedulingQueue as OnDelete(oldObj), which in v1.33
                // (no inBinding skip yet) moves the pods of lower or equal priority as for a deleted nomination
                nominationGone(old);
            }
        }
        if (SchedulerCache.isBound(pod) || !responsibleFor(pod)) {
            queue.remove(key);
            nominations.remove(key);
            return;
        }
        updateNominatedPod(old, pod);
        if (!queue.contains(key)) {
            queue.add(key, PodInfo.priority(pod), gated(pod), now());
            postCycle();
        } else if (old != null) {
            unscheduledPodUpdated(old, pod);
        }
        if (old != null && !SchedulerCache.isBound(old) && hasNominatedNodeNameChanged(old, pod)) {
            nominationGone(old);
        }
    }

    /** hasNominatedNodeNameChanged (eventhandlers.go): the old version named a node, the new one another or none. */
    private static boolean hasNominatedNodeNameChanged(Pod old, Pod pod) {
        String before = DefaultPreemption.nominatedNodeName(old);
        return !before.isEmpty() && !before.equals(DefaultPreemption.nominatedNodeName(pod));
    }

    /**
     * A nominated pod was deleted, or its nomination changed (v1.33 eventhandlers.go
     * deletePodFromSchedulingQueue and updatePodInSchedulingQueue, PR #129058): the pods of lower or
     * equal priority counted it on its node as if assigned, so it goes as an AssignedPodDelete of the
     * old pod, for them only (getLEPriorityPreCheck).
     */
    private void nominationGone(Pod old) {
        int priority = PodInfo.priority(old);
        requeue(new ClusterEvent(ClusterEvent.Type.ASSIGNED_POD_DELETE, old, null), queued -> queued.priority <= priority);
    }

    /**
     * nominator.UpdateNominatedPod: the pod's status.nominatedNodeName, except that a nomination the
     * scheduler holds survives an update where neither version names a node (the write that sets it
     * may not have arrived yet).
     */
    private void updateNominatedPod(Pod old, Pod pod) {
        String key = PodInfo.key(pod);
        String node = DefaultPreemption.nominatedNodeName(pod);
        if (node.isEmpty() && (old == null || DefaultPreemption.nominatedNodeName(old).isEmpty())
                && nominations.containsKey(key)) {
            return;
        }
        nominations.remove(key);
        if (!node.isEmpty()) {
            nominations.put(key, node);
        }
    }

    /** NominatedPodsForNode for every node. */
    private Map<String, List<PodInfo>> nominatedByNode() {
        Map<String, List<PodInfo>> byNode = new LinkedHashMap<>();
        nominations.forEach((key, node) -> {
            Pod pod = cache.pod(key);
            if (pod != null && !SchedulerCache.isBound(pod)) {
                byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(PodInfo.of(pod));
            }
        });
        return byNode;
    }

    /**
     * AssignedPodAdded / AssignedPodUpdated (labels): only the pods a bound pod may help are worth
     * asking, those PodTopologySpread rejected in its namespace and those with a required affinity
     * term it matches (getUnschedulablePodsWithCrossTopologyTerm); then their plugins' QueueingHints decide.
     */
    private void assignedPodChanged(Pod old, Pod pod) {
        ClusterEvent event;
        if (old == null || !SchedulerCache.isBound(old)) {
            event = new ClusterEvent(ClusterEvent.Type.ASSIGNED_POD_ADD, null, pod);
        } else if (!java.util.Objects.equals(PodTopologySpreadPlugin.labels(old), PodTopologySpreadPlugin.labels(pod))) {
            event = new ClusterEvent(ClusterEvent.Type.ASSIGNED_POD_UPDATE, old, pod);
        } else {
            return;
        }
        recordInFlight(event); // movePodsToActiveOrBackoffQueue: addEventIfAnyInFlight, before the pre-filter
        var namespaceLabels = listers.namespaceLabels(pod.getMetadata().getNamespace());
        int moved = queue.moveUnschedulable(queued -> {
            Pod waiting = cache.pod(queued.key);
            return waiting != null
                    && InterPodAffinityPlugin.crossTopology(waiting, queued.unschedulablePlugins, pod, namespaceLabels)
                    && worthRequeuing(queued, event);
        }, now());
        if (moved > 0) {
            postCycle();
        }
    }

    /** SchedulingQueue.Update for a pod waiting in the queue: gates removed, tolerations added. */
    private void unscheduledPodUpdated(Pod old, Pod pod) {
        if (!gated(pod) && queue.ungate(PodInfo.key(pod))) {
            postCycle();
        }
        List<Toleration> before = old.getSpec().getTolerations();
        if (!Objects.equals(before == null ? List.of() : before,
                pod.getSpec().getTolerations() == null ? List.of() : pod.getSpec().getTolerations())) {
            requeue(new ClusterEvent(ClusterEvent.Type.POD_UPDATE_TOLERATION, old, pod));
        }
    }

    /** Moves the unschedulable pods for which a rejecting plugin's QueueingHint says the event may help. */
    private void requeue(ClusterEvent event) {
        requeue(event, queued -> true);
    }

    /** MoveAllToActiveOrBackoffQueue with a PreEnqueueCheck, which the in-flight record skips as upstream's does. */
    private void requeue(ClusterEvent event, java.util.function.Predicate<SchedulingQueue.QueuedPod> preCheck) {
        recordInFlight(event);
        int moved = queue.moveUnschedulable(queued -> preCheck.test(queued) && worthRequeuing(queued, event), now());
        if (moved > 0) {
            postCycle();
        }
    }

    /** activeQ.addEventIfAnyInFlight. */
    private void recordInFlight(ClusterEvent event) {
        if (inFlightEvents != null) {
            inFlightEvents.add(event);
        }
    }

    /** isPodWorthRequeuing: pods rejected by no plugin are always worth it. */
    private boolean worthRequeuing(SchedulingQueue.QueuedPod queued, ClusterEvent event) {
        Pod pod = cache.pod(queued.key);
        if (pod == null) {
            return false;
        }
        if (queued.unschedulablePlugins.isEmpty()) {
            return true;
        }
        return queued.unschedulablePlugins.stream()
                .anyMatch(name -> algorithm.filterPlugin(name).map(p -> p.isSchedulableAfter(event, pod)).orElse(false));
    }

    // ---------------------------------------------------------------- the scheduling cycle, one pod per loop event

    private void postCycle() {
        cycles.add(CYCLE);
    }

    private void scheduleOne() {
        SchedulingQueue.QueuedPod queued = queue.pop(now());
        if (queued != null) {
            inFlightEvents = new ArrayList<>();
            try {
                attempt(queued);
            } finally {
                inFlightEvents = null; // activeQ.done
            }
        }
        if (queue.hasPoppable(now())) {
            postCycle();
        }
    }

    private void attempt(SchedulingQueue.QueuedPod queued) {
        Pod pod = cache.pod(queued.key);
        if (pod == null || SchedulerCache.isBound(pod)) {
            queue.remove(queued.key);
            return;
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            // skipPodSchedule
            context.events().warning(pod, null, "FailedScheduling", "skip schedule deleting pod: " + queued.key,
                    EventRecorder.Source.scheduler());
            queue.remove(queued.key);
            return;
        }
        if (queued.attempts == 1) {
            noteIgnoredConstraints(pod);
        }
        SchedulingAlgorithm.Decision decision = algorithm.schedule(PodInfo.of(pod),
                cache.snapshot().withNominated(nominatedByNode()), now());
        if (decision instanceof SchedulingAlgorithm.Bind bind) {
            bind(queued, pod, bind.node());
        } else {
            fail(queued, pod, (SchedulingAlgorithm.Unschedulable) decision);
        }
    }

    /**
     * Binds as DefaultBinder does, then records the Scheduled event (finishBinding). Upstream's
     * binding subresource sets PodScheduled True in the same write; the store's bind does not,
     * so a status write follows at the same instant.
     */
    private void bind(SchedulingQueue.QueuedPod queued, Pod pod, String node) {
        queue.remove(queued.key);
        nominations.remove(queued.key); // assume: DeleteNominatedPodIfExists; status.nominatedNodeName stays (v1.33)
        Pod bound;
        try {
            bound = context.store().shared().bind(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), node);
        } catch (ApiException e) {
            return; // the pod went away or got bound under us; its watch event already updated the queue
        }
        // The binding itself sets PodScheduled True (ObjectStore.bind, as pods/binding does).
        context.events().recordShared(bound, null, null, "Normal", "Scheduled",
                "Successfully assigned " + queued.key + " to " + node, EventRecorder.Source.scheduler());
        context.timeline().record(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), new Fact.Scheduled(node));
    }

    /**
     * handleSchedulingFailure, after PostFilter carried out any preemption: back to the queue, the
     * nomination recorded, a FailedScheduling event on every attempt, and one status write with the
     * condition and status.nominatedNodeName when either changed (updatePod).
     */
    private void fail(SchedulingQueue.QueuedPod queued, Pod pod, SchedulingAlgorithm.Unschedulable failure) {
        String nominated = failure.nominatedNode();
        boolean queued0 = queue.failed(queued, failure.plugins(), now());
        // determineSchedulingHintForInFlightPod: an event received during the cycle that a rejecting
        // plugin's QueueingHint accepts sends the pod to backoffQ/activeQ instead of the pool
        if (queued0 && queued.where == SchedulingQueue.Where.UNSCHEDULABLE
                && inFlightEvents.stream().anyMatch(event -> worthRequeuing(queued, event))) {
            queue.moveUnschedulable(q -> q == queued, now());
        }
        inFlightEvents = null; // activeQ.done: the pod is no longer in flight
        if (nominated != null) {
            nominations.remove(queued.key); // AddNominatedPod with ModeOverride
            if (!nominated.isEmpty()) {
                nominations.put(queued.key, nominated);
            }
        }
        if (nominated != null && !nominated.isEmpty()) {
            // v1.33's prepareCandidateAsync starts a goroutine whose API writes reach the informer
            // after handleSchedulingFailure has parked the pod (AddUnschedulableIfNotPresent runs
            // in-process right after PostFilter); so here, after the pod left flight: a victim
            // deleted at once moves the preemptor by the ordinary AssignedPodDelete move.
            prepareCandidate(pod, nominated, failure.victims());
        }
        if (queued0) {
            setTimers(queued);
        }
        context.events().recordShared(pod, null, null, "Warning", "FailedScheduling", truncate(failure.message()),
                EventRecorder.Source.scheduler());
        if (writeCondition(pod, PodConditions.unschedulable(failure.message()), nominated)) {
            context.timeline().record(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                    new Fact.Unschedulable(failure.message()));
        }
        if (nominated != null && !nominated.isEmpty() && !failure.victims().isEmpty()) {
            context.timeline().record(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                    new Fact.Nominated(nominated, failure.victims().stream().map(PodInfo::key).toList()));
        }
    }

    /**
     * prepareCandidate as v1.33's prepareCandidateAsync goroutine does it (framework/preemption/
     * preemption.go; SchedulerAsyncPreemption is beta and on in v1.33): first the pods of lower
     * priority nominated to the node lose their nomination (ClearNominatedNodeName), then each victim
     * gets DisruptionTarget True, reason PreemptionByScheduler, is deleted with its own grace period,
     * and a {@code Preempted} event about it names the preemptor. A victim already terminating (an
     * earlier preemptor's) is not skipped in v1.33: it is deleted again (a no-op for its grace period)
     * and gets a second {@code Preempted} event; the skip came in v1.34/v1.35 (PRs #133167, #134927).
     * The API writes take no virtual time, so Peapod does it all at the cycle's instant.
     */
    private void prepareCandidate(Pod preemptor, String node, List<PodInfo> victims) {
        int priority = PodInfo.priority(preemptor);
        for (Map.Entry<String, String> entry : List.copyOf(nominations.entrySet())) {
            Pod nominated = cache.pod(entry.getKey());
            if (entry.getValue().equals(node) && nominated != null && PodInfo.priority(nominated) < priority) {
                nominations.remove(entry.getKey());
                clearNominatedNodeName(nominated);
            }
        }
        for (PodInfo victim : victims) {
            Pod current = cache.pod(victim.key());
            if (current == null) {
                continue; // gone from the informer: PreemptPod's delete would find it "already deleted"
            }
            if (preemptPod(preemptor, current, node)) {
                String message = "Preempted by pod " + preemptor.getMetadata().getUid() + " on node " + node;
                context.events().record(current, null, preemptor, "Normal", "Preempted", message, EventRecorder.Source.scheduler());
                context.timeline().record(current.getMetadata().getNamespace(), current.getMetadata().getName(),
                        new Fact.EventRecorded("", "Normal", "Preempted", message));
            }
        }
    }

    /** PreemptPod: the condition (when it changes), then the graceful deletion. False if the victim is already gone. */
    private boolean preemptPod(Pod preemptor, Pod victim, String node) {
        String namespace = victim.getMetadata().getNamespace();
        String name = victim.getMetadata().getName();
        PodCondition condition = new PodConditionBuilder().withType(DefaultPreemption.DISRUPTION_TARGET).withStatus("True")
                .withReason(DefaultPreemption.PREEMPTION_BY_SCHEDULER)
                .withMessage(schedulerName(preemptor) + ": preempting to accommodate a higher priority pod").build();
        Instant now = now();
        try {
            PodStatus probe = new PodStatus();
            probe.setConditions(victim.getStatus() == null ? null : victim.getStatus().getConditions());
            if (PodConditions.update(probe, condition, now)) {
                context.store().editStatus(Pod.class, namespace, name, current -> {
                    if (current.getStatus() == null) {
                        current.setStatus(new PodStatus());
                    }
                    PodConditions.update(current.getStatus(), condition, now);
                });
            }
            context.store().delete(Pod.class, namespace, name); // util.DeletePod: default DeleteOptions
            return true;
        } catch (ApiException e) {
            if (e.code() == 404) {
                return false; // "Victim Pod is already deleted"
            }
            throw e;
        }
    }

    /** clearNominatedNodeName: a status patch setting nominatedNodeName to "" for a pod that has one. */
    private void clearNominatedNodeName(Pod pod) {
        if (DefaultPreemption.nominatedNodeName(pod).isEmpty()) {
            return;
        }
        try {
            context.store().editStatus(Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                    current -> current.getStatus().setNominatedNodeName(null));
        } catch (ApiException e) {
            // deleted meanwhile: "not critical"
        }
    }

    private void noteIgnoredConstraints(Pod pod) {
        List<String> ignored = Unsupported.ignoredBy(pod);
        if (!ignored.isEmpty()) {
            context.timeline().record(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), new Fact.NotSimulated(null,
                    "scheduler ignores " + String.join(", ", ignored) + ": not simulated by Peapod yet"));
        }
    }

    /**
     * updatePod: writes the status only when the condition changed or the nomination is to change
     * (nominated: a node, "" to clear, null to leave). True if the condition changed.
     */
    private boolean writeCondition(Pod pod, PodCondition condition, String nominated) {
        Instant now = now();
        PodStatus probe = new PodStatus(); // a scratch status: the pod here is the store's shared copy
        probe.setConditions(pod.getStatus() == null ? null : pod.getStatus().getConditions());
        boolean changed = PodConditions.update(probe, condition, now);
        boolean renominate = nominated != null && !nominated.equals(DefaultPreemption.nominatedNodeName(pod));
        if (!changed && !renominate) {
            return false;
        }
        try {
            context.store().editStatus(Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), current -> {
                if (current.getStatus() == null) {
                    current.setStatus(new PodStatus());
                }
                PodConditions.update(current.getStatus(), condition, now);
                if (renominate) {
                    current.getStatus().setNominatedNodeName(nominated.isEmpty() ? null : nominated);
                }
            });
            return changed;
        } catch (ApiException e) {
            return false; // deleted meanwhile
        }
    }

    // ---------------------------------------------------------------- timers

    private void setTimers(SchedulingQueue.QueuedPod queued) {
        if (queued.where == SchedulingQueue.Where.UNSCHEDULABLE) {
            wakeAt(flushes, nextFlush(queued.timestamp));
        } else if (queued.where == SchedulingQueue.Where.ERROR_BACKOFF) {
            wakeAt(backoffs, queued.releasedAt());
        } else {
            postCycle();
        }
    }

    private void wakeAt(WorkQueue<Instant> wakeups, Instant at) {
        wakeups.addAfter(at, Duration.between(now(), at));
    }

    private void flush() {
        if (queue.flushLeftover(now()) > 0) {
            postCycle();
        }
    }

    /**
     * The first 30 s tick after the scheduler started at which the pod has been unschedulable for
     * more than 5 minutes (wait.Until(flushUnschedulablePodsLeftover, 30s) and its strict check).
     */
    private Instant nextFlush(Instant since) {
        long period = FLUSH_PERIOD.toNanos();
        long due = Duration.between(startedAt, since.plus(SchedulingQueue.MAX_IN_UNSCHEDULABLE)).toNanos();
        return startedAt.plusNanos((Math.floorDiv(due, period) + 1) * period);
    }

    // ---------------------------------------------------------------- helpers

    /** Pods this profile schedules: schedulerName default-scheduler, which API defaulting sets when empty. */
    private static boolean responsibleFor(Pod pod) {
        String name = pod.getSpec().getSchedulerName();
        return name == null || name.isEmpty() || name.equals(NAME);
    }

    private static boolean gated(Pod pod) {
        return pod.getSpec().getSchedulingGates() != null && !pod.getSpec().getSchedulingGates().isEmpty();
    }

    /** The preemptor's spec.schedulerName, which API defaulting sets to default-scheduler when empty. */
    private static String schedulerName(Pod pod) {
        String name = pod.getSpec().getSchedulerName();
        return name == null || name.isEmpty() ? NAME : name;
    }

    /** truncateMessage: at most 1024 bytes, ending in " ..." when cut. */
    static String truncate(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= NOTE_LENGTH_LIMIT) {
            return message;
        }
        return new String(bytes, 0, NOTE_LENGTH_LIMIT - 4, StandardCharsets.UTF_8) + " ...";
    }

    private Instant now() {
        return context.clock().now();
    }
}
