package dev.peapod.kubelet;

import dev.peapod.events.EventRecorder;
import dev.peapod.spi.ClusterContext;
import dev.peapod.store.ApiException;
import dev.peapod.time.Timer;
import dev.peapod.timeline.Fact;
import dev.peapod.timeline.Timeline;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The lifecycle of one pod on its node, as upstream's pod worker keeps it (pkg/kubelet/pod_workers.go
 * {@code podSyncStatus}): syncing, then terminating once deletion is requested, then terminated.
 * While syncing, each sync publishes the status and runs SyncPod ({@link PodSync#syncPod}); while
 * terminating, SyncTerminatingPod kills the pod with a grace period that can only shrink; a terminated
 * pod publishes its final status once and, if deleted, is removed from the API.
 *
 * <p>A sync publishes the pod status first and acts second, as upstream's SyncPod does, so the
 * sync that sees an exit publishes {@code terminated}, and the next one the {@code CrashLoopBackOff}
 * waiting reason (errata A-7). A sync that leaves a container in back-off is retried after 10 s,
 * upstream's pod-worker back-off period without jitter; other syncs come from pod updates,
 * container exits, probe results and the 60 s resync (DESIGN §5, reference §18).
 */
final class PodWorker {
    static final Duration BACKOFF_REQUEUE = Duration.ofSeconds(10);
    static final Duration RESYNC = Duration.ofSeconds(60);

    /** Where the pod is in its life (podSyncStatus: IsTerminationRequested, IsTerminated). */
    enum Stage { SYNCING, TERMINATING, TERMINATED }

    final Kubelet kubelet;
    final ClusterContext context;
    final String namespace;
    final String name;
    final String uid;
    /** namespace/name, and the labels of this pod's events on the loop: built once, syncs and triggers are the hot path. */
    private final String key;
    private final String syncLabel;
    private final String resyncLabel;
    private final String triggerLabel;
    Pod pod;
    /** {@code pod} has a deletionTimestamp: set with every assignment of {@code pod} (a stored pod never changes). */
    private boolean deleting;
    private Stage stage = Stage.SYNCING;
    /** The pod is gone from the API: the worker ends once nothing runs. */
    private boolean gone;
    /** When termination was requested (podSyncStatus.terminatingAt); null while syncing. */
    private Instant terminatingAt;
    /** The grace period of the termination; only ever shortened (podSyncStatus.gracePeriod). */
    private long gracePeriod;
    private boolean syncQueued;
    /** SyncPod is waiting (a postStart hook, or the kill that follows its failure): no other sync runs meanwhile. */
    private boolean blocked;
    /** A sync was asked for while blocked: it runs once the blocked SyncPod has ended. */
    private boolean syncDeferred;
    private Timer next;
    PodStatus written;
    /** The status manager holds a status the API has not got (written while cut off from the API). */
    private boolean unsynced;
    /** The pod finished while cut off from the API and is still to be deleted from it. */
    private boolean pendingDelete;
    /** The results caches, one per probe type, keyed by container id (prober_manager.go: liveness, readiness, startup managers). */
    final Map<ProbeType, ProbeResults> results = new EnumMap<>(ProbeType.class);
    private final ProbeResults.Changes resultsChanges = new ProbeResults.Changes();
    final PodSync runtime;
    /** This pod's part of the timeline, found once: probe results and every other fact about the pod go there. */
    final Timeline.Pen pen;
    /** spec.activeDeadlineSeconds: the pod sync handler that fails the pod at its deadline. */
    final ActiveDeadline deadline = new ActiveDeadline(this);
    /** What the status generator reads of the kubelet's caches: the probe results and the reason cache. */
    private final PodStatusGenerator.Caches caches = new PodStatusGenerator.Caches() {
        @Override
        public ProbeResult result(ProbeType type, String containerId) {
            return results.get(type).get(containerId);
        }

        @Override
        public PodStatusGenerator.Waiting waiting(String container) {
            return runtime.waiting(container);
        }
    };

    PodWorker(Kubelet kubelet, Pod pod) {
        this.kubelet = kubelet;
        this.context = kubelet.context;
        this.pod = pod;
        this.deleting = pod.getMetadata().getDeletionTimestamp() != null;
        this.namespace = pod.getMetadata().getNamespace();
        this.name = pod.getMetadata().getName();
        this.uid = pod.getMetadata().getUid();
        this.key = namespace + "/" + name;
        this.syncLabel = "sync " + key;
        this.resyncLabel = "resync " + key;
        this.triggerLabel = "readiness trigger " + key;
        this.pen = context.timeline().pen(namespace, name);
        this.written = pod.getStatus();
        for (ProbeType type : ProbeType.values()) {
            results.put(type, new ProbeResults(type, this::probeUpdated, resultsChanges));
        }
        this.runtime = new PodSync(this, kubelet, pod);
        if (pod.getStatus() != null && pod.getStatus().getStartTime() != null) {
            // a pod the API already started (a new kubelet process after a reboot): status_manager.go
            // updateStatusInternal keeps oldStatus.StartTime, oldStatus being the API's status when nothing
            // is cached, so spec.activeDeadlineSeconds still counts from the first start
            this.runtime.startTime = dev.peapod.store.Timestamps.parse(pod.getStatus().getStartTime());
        }
    }

    String key() {
        return key;
    }

    String podIp() {
        return runtime.podIp;
    }

    String restartPolicy() {
        return PodActions.restartPolicy(pod);
    }

    /** The pod is gone from the API (a force delete, or the kubelet's own final delete). */
    boolean isGone() {
        return gone;
    }

    boolean isTerminal() {
        return stage == Stage.TERMINATED;
    }

    boolean isDeleting() {
        return deleting; // every probe tick asks: the pod's metadata is not read again
    }

    /** podSyncStatus.IsTerminationRequested: deleted, gone, failed by a sync handler, or terminated. */
    boolean isTerminationRequested() {
        return stage != Stage.SYNCING;
    }

    // ---------------------------------------------------------------- inputs

    /**
     * A new version of the pod from the API. Only a change of spec or metadata syncs the pod: a change
     * of status alone (most often the kubelet's own write) is reconciled, not synced
     * (pkg/kubelet/config/config.go checkAndUpdatePod). A deletion requests termination.
     */
    void update(Pod latest) {
        Pod before = this.pod;
        this.pod = latest;
        this.deleting = latest.getMetadata().getDeletionTimestamp() != null;
        if (latest.getMetadata().getDeletionTimestamp() != null) {
            requestTermination(effectiveGracePeriod(latest));
        }
        if (before == latest || specOrMetadataChanged(before, latest) || runtime.podIp == null
                || PodStatusGenerator.needToReconcilePodReadiness(latest)) {
            requestSync(); // HandlePodReconcile syncs at once when a readiness gate changed Ready
        }
    }

    /**
     * UpdatePod with a kill (pod_workers.go): the first request starts terminating; a later one with
     * a shorter grace period shortens it (calculateEffectiveGracePeriod). The kill already under way is
     * not redone: upstream cancels the worker's context, but SyncTerminatingPod runs its kill on
     * {@code context.Background()} (its comment points at kubernetes issue #113606, "connect this with the incoming context parameter",
     * pkg/kubelet/kubelet.go), so StopContainer runs out its first timeout, and once it returns the pod
     * is terminated and the pending kill never runs. The shorter period counts for containers the
     * running kill has not reached yet.
     */
    private void requestTermination(long grace) {
        if (stage == Stage.SYNCING) {
            stage = Stage.TERMINATING;
            terminatingAt = context.clock().now();
            gracePeriod = grace;
            deadline.cancel();
            deadline.shouldEvict(pod, runtime.startTime); // SyncTerminatingPod's first generateAPIPodStatus
        } else if (stage == Stage.TERMINATING && grace < gracePeriod) {
            gracePeriod = grace;
        }
    }

    /**
     * calculateEffectiveGracePeriod (pod_workers.go, v1.33): the grace period so far, shortened by the
     * deletion's; the pod's own terminationGracePeriodSeconds only when nothing overrode it; never under
     * 1 s. A force delete's {@code deletionGracePeriodSeconds: 0} is an override, so its containers get 1 s
     * (and the runtime's 2 s floor): PR #124063, v1.31, "force deleted pods ... now get a termination grace
     * period of 1 second".
     */
    private long effectiveGracePeriod(Pod pod) {
        long grace = stage == Stage.SYNCING ? 0 : gracePeriod; // podSyncStatus.gracePeriod
        boolean overridden = false;
        Long override = pod.getMetadata().getDeletionGracePeriodSeconds();
        if (override != null && (grace == 0 || override < grace)) {
            grace = override;
            overridden = true;
        }
        if (!overridden && grace == 0 && pod.getSpec().getTerminationGracePeriodSeconds() != null) {
            grace = pod.getSpec().getTerminationGracePeriodSeconds();
        }
        return Math.max(1, grace);
    }

    private static boolean specOrMetadataChanged(Pod before, Pod after) {
        var a = before.getMetadata();
        var b = after.getMetadata();
        return !Objects.equals(before.getSpec(), after.getSpec())
                || !Objects.equals(a.getDeletionTimestamp(), b.getDeletionTimestamp())
                || !Objects.equals(a.getLabels(), b.getLabels())
                || !Objects.equals(a.getAnnotations(), b.getAnnotations());
    }

    /**
     * The pod is gone from the API (a force delete, or the kubelet's own final delete). Its containers
     * are still killed: HandlePodRemoves → deletePod → UpdatePod(SyncPodKill) (kubelet.go), with the
     * grace period {@link #effectiveGracePeriod} gives: a force delete's 0 becomes 1 s.
     * A kill already under way runs on. The worker leaves the kubelet once the pod is terminated.
     */
    void removed(Pod last) {
        gone = true;
        this.pod = last;
        this.deleting = last.getMetadata().getDeletionTimestamp() != null;
        if (stage == Stage.TERMINATED) {
            forgetPod();
            return;
        }
        requestTermination(effectiveGracePeriod(last));
        requestSync();
    }

    /** Gone from the API and terminated: the sandbox goes, and the kubelet forgets the worker. */
    private void forgetPod() {
        runtime.stopProbeWorkers();
        runtime.forget();
        deadline.cancel();
        if (next != null) {
            next.cancel();
        }
        kubelet.forgetWorker(uid);
    }

    void requestSync() {
        if (syncQueued || stage == Stage.TERMINATED) {
            return;
        }
        syncQueued = true;
        context.loop().post(syncLabel, this::sync);
    }

    /**
     * A results cache changed, as the kubelet's sync loop receives it (pkg/kubelet/kubelet.go
     * syncLoopIteration, v1.33): a liveness update syncs the pod only when it is a Failure, so a new
     * container's initial liveness Success syncs nothing; a readiness or startup update sets the
     * container's readiness or startup in the status manager (SetContainerReadiness,
     * SetContainerStartup) and syncs the pod (handleProbeSync). Here the sync regenerates and publishes
     * the status, which is what the status manager's update amounts to.
     */
    void probeUpdated(ProbeType type, String containerId, ProbeResult result) {
        if (type == ProbeType.LIVENESS && result != ProbeResult.FAILURE) {
            return;
        }
        if (blocked && type != ProbeType.LIVENESS && stage == Stage.SYNCING
                && runtime.all().stream().noneMatch(c -> c.unpublished)) {
            // SetContainerReadiness / SetContainerStartup update the status manager's copy at once, whatever the pod
            // worker is doing (kubelet.go syncLoopIteration): a blocked SyncPod (a kill's preStop) does not hold them
            // back. (A run a blocked SyncPod started is not in that copy yet; Peapod then waits for the SyncPod.)
            writeStatus(false);
        }
        requestSync();
    }

    /**
     * Whether the status the kubelet last published says this run of the container has started: the
     * probe workers read it from the status manager, not from the startup results cache
     * (pkg/kubelet/prober/worker.go doProbe, {@code c.Started}). A startup success reaches that status
     * with the sync it triggers, so liveness and readiness see it on their next tick (DESIGN §5 item 4);
     * the readiness trigger that the publish fires sees it at once.
     */
    boolean publishedStarted(ContainerRecord c) {
        if (written == null || c.containerId() == null) {
            return false;
        }
        ContainerStatus s = statusOf(written, c);
        return s != null && Boolean.TRUE.equals(s.getStarted()) && c.containerId().equals(s.getContainerID());
    }

    /**
     * Events and timeline entries for one probe run (pkg/kubelet/prober/prober.go); {@code line} is the
     * probe worker's pen, which folds a steady probe's results without a fact per run.
     */
    void probeRan(ContainerRecord container, ProbeType type, ProbeOutcome outcome, int run, int threshold, Timeline.ProbePen line) {
        Fact.Outcome result;
        if (outcome.errored()) {
            result = Fact.Outcome.ERROR;
            event(container, "Warning", "Unhealthy", type.label + " probe errored and resulted in "
                    + ProbeResult.UNKNOWN.lower() + " state: " + outcome.output());
        } else if (outcome.result() == ProbeResult.FAILURE) {
            result = Fact.Outcome.FAILURE;
            record(container, "Warning", "Unhealthy", type.label + " probe failed: " + outcome.output());
        } else {
            result = Fact.Outcome.SUCCESS;
        }
        // a success's output is dropped, as prober.go drops it: only failures and errors say theirs (and a
        // readiness probe catting a growing log would otherwise keep every copy)
        line.ran(result, result == Fact.Outcome.SUCCESS ? "" : outcome.output(), run, threshold);
    }

    // ---------------------------------------------------------------- the sync

    /**
     * One turn of the pod worker (podWorkerLoop): SyncPod while syncing, SyncTerminatingPod while
     * terminating. The sandbox is set up before either, so the first published status has the pod IP.
     */
    private void sync() {
        syncQueued = false;
        if (stage == Stage.TERMINATED) {
            return;
        }
        if (!kubelet.isRunning()) {
            return; // the kubelet process is stopped: its start syncs every pod again
        }
        if (blocked) {
            // the pod worker is busy in SyncPod: an update, a deletion too, waits for it. Upstream's SyncPod runs
            // on context.WithoutCancel (kubelet.go, kubernetes issue #113606), so a deletion does not cut a
            // postStart hook short: SyncTerminatingPod kills once the hook has returned
            syncDeferred = true;
            return;
        }
        if (stage == Stage.SYNCING && failedByDeadline()) {
            return;
        }
        if (runtime.podIp == null) {
            if (gone) {
                stage = Stage.TERMINATED; // never synced: nothing ran, nothing to kill
                forgetPod();
                return;
            }
            if (stage != Stage.TERMINATING && !runtime.mountVolumes(pod)) {
                writeStatus(false); // ContainerCreating until the volumes are mounted; a retry asks for the next sync
                return;
            }
            runtime.createSandbox();
        } else if (stage != Stage.TERMINATING) {
            runtime.mountVolumes(pod); // the periodic sync writes changed ConfigMaps and Secrets into their volumes
        }
        if (stage == Stage.TERMINATING) {
            syncTerminatingPod();
            return;
        }
        writeStatus(false);
        runSyncPod(false);
    }

    /** SyncPod, or the rest of one that waited, and what follows it: the status, the next sync. */
    private void runSyncPod(boolean continuing) {
        PodSync.Result result = runtime.syncPod(pod, continuing);
        if (result.suspended()) {
            return; // blocked until unblock() continues it
        }
        if (result.podDone()) {
            finish();
            return;
        }
        if (result.changed()) {
            writeStatus(false);
        }
        scheduleNext(result.inBackOff() ? BACKOFF_REQUEUE : RESYNC);
    }

    /** SyncPod waits (PodSync calls this): other syncs wait until {@link #unblock}. */
    void block() {
        blocked = true;
    }

    /**
     * What SyncPod waited for has ended: the same SyncPod goes on, without publishing a status first
     * (upstream's blocked SyncPod generated its status before it started the container); a sync asked
     * for meanwhile runs after it.
     */
    void unblock() {
        unblock(true);
    }

    /**
     * As {@link #unblock()}; {@code freshSync} false when what the SyncPod waited for changed no
     * container, so no PLEG event follows it: a failed image pull (the worker's back-off requeue
     * brings the next sync, as after any failed start).
     */
    void unblock(boolean freshSync) {
        if (!blocked) {
            return;
        }
        blocked = false;
        context.loop().post("sync " + key() + " (continued)", () -> {
            if (blocked || stage == Stage.TERMINATED) {
                return;
            }
            runSyncPod(true); // even when terminating: upstream's SyncPod goes on with the pod it began with
            // the runs the blocked SyncPod started, and its hook's end, reach the PLEG: a fresh sync publishes them
            boolean fresh = syncDeferred || freshSync;
            syncDeferred = false;
            if (fresh) {
                if (blocked) {
                    syncDeferred = true; // the SyncPod waits again: the fresh sync follows its end
                } else {
                    requestSync();
                }
            }
        });
    }

    /**
     * The pod last found without spec.activeDeadlineSeconds, the handler's timer then cancelled: until a new
     * version comes, ShouldEvict says no and arming changes nothing, so a steady pod's syncs skip both.
     */
    private Pod withoutDeadline;

    /**
     * The start of SyncPod (kubelet.go): its generateAPIPodStatus asks the active deadline handler
     * (ShouldEvict). Past the deadline the status is Failed, SyncPod returns isTerminal, and
     * completeSync sends the pod to SyncTerminatingPod at once with no grace override: the pod's own
     * (pod_workers.go). Otherwise the deadline's timer is (re)armed, standing in for ShouldSync.
     */
    private boolean failedByDeadline() {
        if (runtime.startTime == null) {
            // the status manager gives the pod its startTime at the first SetPodStatus, which SyncPod calls
            // before it waits for the volumes (status_manager.go updateStatusInternal)
            runtime.startTime = context.clock().now();
        }
        if (pod == withoutDeadline) {
            return false; // asked already: no deadline, no timer
        }
        if (!deadline.shouldEvict(pod, runtime.startTime)) {
            deadline.arm(pod, runtime.startTime);
            withoutDeadline = pod.getSpec().getActiveDeadlineSeconds() == null ? pod : null;
            return false;
        }
        writeStatus(false);
        requestTermination(effectiveGracePeriod(pod));
        syncTerminatingPod();
        return true;
    }

    /**
     * SyncTerminatingPod (kubelet.go): kill the pod with the grace period; once nothing runs, the pod
     * is terminated.
     */
    private void syncTerminatingPod() {
        if (runtime.killPod(gracePeriod)) {
            finish();
            return;
        }
        writeStatus(false);
    }

    /** The pod is terminal: workers stop, the final phase is published, a deleted pod is removed. */
    private void finish() {
        stage = Stage.TERMINATED;
        runtime.stopProbeWorkers();
        if (next != null) {
            next.cancel();
        }
        deadline.cancel();
        // SyncTerminatingPod's status after the kill and SyncTerminatedPod's ask ShouldEvict again
        deadline.shouldEvict(pod, runtime.startTime);
        deadline.shouldEvict(pod, runtime.startTime);
        writeStatus(true);
        Pod stored = context.store().peek(Pod.class, namespace, name);
        // status_manager.go deletes with Preconditions{UID}: a pod of the same name made since (a
        // StatefulSet's replacement) is another pod and stays
        if (!kubelet.reachesApi()) {
            pendingDelete = isDeleting(); // the status manager deletes it once the API is reachable again
        } else if (isDeleting() && stored != null && uid.equals(stored.getMetadata().getUid())) {
            try {
                context.store().shared().delete(Pod.class, namespace, name, 0L);
            } catch (ApiException removed) {
                // already removed by a force delete
            }
        }
        if (gone) {
            forgetPod();
        }
    }

    /** The requeue timer: the back-off period after a sync left a container waiting, else the resync interval. */
    private void scheduleNext(Duration delay) {
        if (next != null) {
            next.cancel();
        }
        next = context.loop().scheduleAfter(delay, resyncLabel, this::requestSync);
    }

    // ---------------------------------------------------------------- the kubelet cut off and back

    /**
     * The API is reachable again (a healed partition, a started kubelet): the status manager's syncBatch
     * writes the status it kept, and deletes a pod that finished meanwhile. (Upstream's syncBatch runs
     * every 10 s; Peapod writes at once.)
     */
    void reconnected() {
        Pod current = context.store().peek(Pod.class, namespace, name);
        if (current == null || !uid.equals(current.getMetadata().getUid())) {
            return;
        }
        if ((unsynced || !java.util.Objects.equals(current.getStatus(), written)) && written != null) {
            unsynced = false;
            // status_manager.go syncPod writes mergePodStatus(pod.Status, status): the conditions the kubelet
            // does not own (DisruptionTarget, readiness gates) stay as the API has them; they were added
            // while the kubelet could not see them (no watch event reaches a partitioned or stopped kubelet).
            // The kubelet's own conditions are its cached ones, as upstream's: a pod the node lifecycle
            // controller marked not ready is Ready again if its containers are (also when it is being
            // deleted: readiness is not tied to deletion in prober_manager.go UpdatePodStatus)
            PodStatus merged = mergePodStatus(current.getStatus(), written);
            written = merged;
            if (!merged.equals(current.getStatus())) {
                Pod update = new Pod();
                update.setMetadata(current.getMetadata());
                update.setStatus(merged);
                context.store().shared().updateStatus(update);
            }
        }
        if (pendingDelete) {
            pendingDelete = false;
            context.store().shared().delete(Pod.class, namespace, name, 0L);
        }
    }

    /**
     * status_manager.go mergePodStatus: the API's conditions the kubelet does not own
     * (kubetypes.PodConditionByKubelet is false: DisruptionTarget, readiness gates, ...) first, then the
     * kubelet's own; the kubelet's DisruptionTarget (a shared condition) only when its status moves the
     * pod to a terminal phase. (Upstream's copying of terminal container statuses is not needed: Peapod's
     * cached status is never older than the API's for the kubelet's fields.)
     */
    static PodStatus mergePodStatus(PodStatus api, PodStatus mine) {
        List<PodCondition> merged = new java.util.ArrayList<>();
        if (api != null && api.getConditions() != null) {
            for (PodCondition c : api.getConditions()) {
                if (!Kubelet.KUBELET_CONDITIONS.contains(c.getType())) {
                    merged.add(c);
                }
            }
        }
        boolean toTerminal = !terminalPhase(api == null ? null : api.getPhase()) && terminalPhase(mine.getPhase());
        for (PodCondition c : nullToEmpty(mine.getConditions())) {
            if (Kubelet.KUBELET_CONDITIONS.contains(c.getType())) {
                merged.add(c);
            } else if ("DisruptionTarget".equals(c.getType()) && toTerminal) {
                merged.removeIf(m -> "DisruptionTarget".equals(m.getType())); // ReplaceOrAppendPodCondition
                merged.add(c);
            }
        }
        return new io.fabric8.kubernetes.api.model.PodStatusBuilder(mine).withConditions(merged).build();
    }

    private static boolean terminalPhase(String phase) {
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /**
     * The machine powered off: every container died with it and the kubelet's memory is gone. The
     * worker ends without a word to the API (nothing could reach it); the sandbox and its processes
     * vanish from the runtime.
     */
    void powerOff() {
        stage = Stage.TERMINATED;
        forgetPod();
    }

    // ---------------------------------------------------------------- status, events, timeline

    /** Generates and writes the API status when it changed; then pokes readiness as UpdatePodStatus does. */
    private void writeStatus(boolean podIsTerminal) {
        runtime.published(); // a status is published (never while a SyncPod is blocked): probes may see every run
        Instant now = context.clock().now();
        PodStatusGenerator.Eviction evict = pod != withoutDeadline && ActiveDeadline.past(pod, runtime.startTime, now)
                ? new PodStatusGenerator.Eviction(ActiveDeadline.REASON, ActiveDeadline.MESSAGE) : null;
        PodStatus status = evict == null && !podIsTerminal ? generateOrReuse(now)
                : PodStatusGenerator.generate(pod, runtime.snapshot(), caches, written, now,
                kubelet.hostIp(), runtime.startTime, podIsTerminal, evict);
        if (evict != null && !podIsTerminal) {
            status = ActiveDeadline.delayTerminal(status, written); // Failed only once no container can run
        }
        if (podIsTerminal) {
            status = PodStatusGenerator.terminatePod(pod, status, written); // SyncTerminatedPod's TerminatePod
        }
        boolean same = status == written || status.equals(written); // a steady pod's status is the published one itself
        if (!same && !kubelet.reachesApi()) {
            // cut off from the API: the status manager keeps the status and writes it once it can
            String before = written == null ? null : written.getPhase();
            PodStatus previous = written;
            written = status;
            unsynced = true;
            if (before != null && !before.equals(status.getPhase())) {
                timeline(new Fact.PhaseChanged(status.getPhase()));
            }
            recordReadyFlip(previous, status);
        } else if (!same) {
            Pod current = context.store().peek(Pod.class, namespace, name);
            if (current == null || !uid.equals(current.getMetadata().getUid())) {
                return;
            }
            String before = written == null ? null : written.getPhase();
            PodStatus previous = written;
            written = status;
            Pod update = new Pod();
            update.setMetadata(current.getMetadata());
            update.setStatus(status);
            context.store().shared().updateStatus(update);
            if (before != null && !before.equals(status.getPhase())) {
                timeline(new Fact.PhaseChanged(status.getPhase()));
            }
            recordReadyFlip(previous, status);
        }
        if (!podIsTerminal && (status != scannedStatus || scannedUnready)) {
            // prober_manager.go UpdatePodStatus: a started container that is not ready gets its readiness probed at once.
            // A steady pod publishes the same status object again and again: once it was found all ready (or
            // unprobed), it is not scanned again (its probe workers are fixed with the sandbox, before any status
            // that shows a container started)
            boolean unready = false;
            for (ContainerRecord c : runtime.all()) {
                ProbeWorker readiness = c.workers.get(ProbeType.READINESS);
                ContainerStatus s = readiness == null ? null : statusOf(status, c);
                if (s != null && Boolean.TRUE.equals(s.getStarted()) && !Boolean.TRUE.equals(s.getReady())) {
                    context.loop().post(triggerLabel, readiness::trigger);
                    unready = true;
                }
            }
            scannedStatus = status;
            scannedUnready = unready;
        }
    }

    /** The status the readiness trigger scan last read, and whether it found a container to trigger. */
    private PodStatus scannedStatus;
    private boolean scannedUnready;

    // ---------------------------------------------------------------- a steady pod's status

    /** What the last status {@link #generateOrReuse} generated was made of; {@code generated} null: nothing to reuse. */
    private PodStatus generated;
    private Pod generatedPod;
    private long generatedChanges;
    private long generatedResults;
    private String[] generatedWaiting = new String[0];
    private PodStatus generatedOld;
    private Instant generatedStartTime;

    /**
     * The status of a pod that is neither terminal nor past its active deadline: the last generated one
     * when nothing {@link PodStatusGenerator#generate} reads has changed since (most syncs of a steady pod:
     * the resync, a probe's unchanged result), else a new one. Its inputs are the pod (a new version from
     * the API is a new object), the runtime's snapshot and the reason cache (both counted by
     * {@link PodSync#changes}), the probe results caches (their versions), the status published before
     * (by identity) and the start time (the node's IP is fixed with the kubelet's node config); the clock
     * only where a condition flips (its
     * lastTransitionTime is now), and such a status is never reused. So a steady pod's check reads
     * counters and identities, and builds nothing.
     *
     * <p>A new status equal to the published one is replaced by the published one itself, so the
     * caller's comparison with it, and the next syncs', is an identity.
     */
    private PodStatus generateOrReuse(Instant now) {
        long resultsVersion = resultsVersion();
        long changes = runtime.changes();
        if (generated != null && generatedPod == pod && generatedOld == written && resultsVersion == generatedResults
                && changes == generatedChanges && Objects.equals(runtime.startTime, generatedStartTime)) {
            // with assertions on (the test suite), a reason cache change that forgot PodSync.changed() fails here
            assert sameWaiting() : "the reason cache of " + key + " changed without PodSync.changed()";
            return generated;
        }
        PodStatus status = PodStatusGenerator.generate(pod, runtime.snapshot(), caches, written, now, kubelet.hostIp(),
                runtime.startTime, false, null);
        if (written != null && status.equals(written)) {
            status = written; // the same content: the caller's and the next syncs' comparisons are identities
        }
        boolean reusable = !PodStatusGenerator.transitionsAt(pod, status);
        generated = reusable ? status : null;
        generatedPod = pod;
        generatedChanges = changes;
        generatedResults = resultsVersion;
        generatedOld = written;
        generatedStartTime = runtime.startTime;
        rememberWaiting();
        return status;
    }

    /** How many times the probe results caches changed: equal counts, the same results. */
    long resultsVersion() {
        return resultsChanges.count();
    }

    /** The reason cache as the last generate read it: reason and message of every container, in order. */
    private boolean sameWaiting() {
        List<ContainerRecord> all = runtime.all();
        if (generatedWaiting.length != 2 * all.size()) {
            return false;
        }
        for (int i = 0; i < all.size(); i++) {
            ContainerRecord c = all.get(i);
            if (!Objects.equals(c.waitingReason, generatedWaiting[2 * i])
                    || !Objects.equals(c.waitingMessage, generatedWaiting[2 * i + 1])) {
                return false;
            }
        }
        return true;
    }

    private void rememberWaiting() {
        List<ContainerRecord> all = runtime.all();
        if (generatedWaiting.length != 2 * all.size()) {
            generatedWaiting = new String[2 * all.size()];
        }
        for (int i = 0; i < all.size(); i++) {
            generatedWaiting[2 * i] = all.get(i).waitingReason;
            generatedWaiting[2 * i + 1] = all.get(i).waitingMessage;
        }
    }

    /** The container's entry in a generated status. */
    private static ContainerStatus statusOf(PodStatus status, ContainerRecord c) {
        List<ContainerStatus> statuses = c.kind == ContainerRecord.Kind.APP
                ? status.getContainerStatuses() : status.getInitContainerStatuses();
        for (ContainerStatus s : nullToEmpty(statuses)) {
            if (s.getName().equals(c.name())) {
                return s;
            }
        }
        return null;
    }

    /** The Ready condition's flips go on the timeline; the pod starting out not ready does not. */
    private void recordReadyFlip(PodStatus before, PodStatus after) {
        var now = ready(after);
        var then = ready(before);
        if (now == null || (then == null && !"True".equals(now.getStatus()))) {
            return;
        }
        if (then == null || !then.getStatus().equals(now.getStatus())) {
            timeline(new Fact.ReadyChanged("True".equals(now.getStatus()), now.getReason(), now.getMessage()));
        }
    }

    private static PodCondition ready(PodStatus status) {
        if (status == null || status.getConditions() == null) {
            return null;
        }
        return status.getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
    }

    void event(ContainerRecord c, String type, String reason, String message) {
        record(c, type, reason, message);
        timeline(new Fact.EventRecorded(c == null ? "" : c.name(), type, reason, message));
    }

    private void record(ContainerRecord c, String type, String reason, String message) {
        if (!kubelet.reachesApi()) {
            return; // the recorder's sink cannot reach the API: the event is lost (its retries are not modelled)
        }
        Pod current = context.store().peek(Pod.class, namespace, name);
        Pod subject = current != null ? current : pod;
        context.events().recordShared(subject, c == null ? null : c.fieldPath, null, type, reason, message,
                EventRecorder.Source.kubelet(kubelet.nodeName()));
    }

    void timeline(Fact fact) {
        pen.record(fact);
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
