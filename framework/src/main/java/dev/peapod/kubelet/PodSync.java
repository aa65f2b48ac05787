package dev.peapod.kubelet;

import dev.peapod.runtime.ContainerConfig;
import dev.peapod.runtime.ContainerExit;
import dev.peapod.runtime.HookAnswer;
import dev.peapod.runtime.Images;
import dev.peapod.runtime.Sandbox;
import dev.peapod.runtime.Signal;
import dev.peapod.runtime.SimProcess;
import dev.peapod.spi.ClusterContext;
import dev.peapod.timeline.Fact;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One pod's containers on the node and what the kubelet does to them: upstream's kuberuntime manager
 * for one pod (pkg/kubelet/kuberuntime/kuberuntime_manager.go SyncPod, doBackOff;
 * kuberuntime_container.go startContainer, killContainer, killContainersWithSyncResult;
 * kuberuntime_termination_order.go). {@link #syncPod} executes {@link PodActions} in upstream's step
 * order; {@link #killPod} is the one place that stops a whole pod, for SyncPod's step 2 and for
 * SyncTerminatingPod.
 *
 * <p>Every call into the runtime goes through {@link #startContainer}, the node's image puller
 * ({@link NodeImages}) and {@link #stopContainer}.
 */
final class PodSync {
    /** The runtime never stops a container with less than this (kuberuntime minimumGracePeriodInSeconds). */
    static final long MIN_GRACE_SECONDS = 2;

    private final PodWorker worker;
    private final Kubelet kubelet;
    private final ClusterContext context;
    final List<ContainerRecord> initContainers = new ArrayList<>();
    final List<ContainerRecord> containers = new ArrayList<>();
    private final List<ContainerRecord> all;           // built once: status generation walks it per container
    String podIp;
    Sandbox sandbox;
    /** The pod's volumes on the node's disk; set up with the sandbox. */
    PodVolumes volumes;
    /** The instant a mount retry wakes the pod worker, once asked for. */
    private Instant retryScheduled;
    /**
     * When the payload volumes are next written again, a sync period after they last were: its epoch second
     * and nano, which a steady pod's resync compares without reading another object; none before the first mount.
     */
    private long rewriteDueSecond = Long.MIN_VALUE;
    private int rewriteDueNano;
    /**
     * What the last rewrite read, when it left every volume mounted and written from the pod and API objects
     * alone ({@link PodVolumes#restsOnObjects}): the API's pod (the downward API's labels and annotations; the
     * kubelet's copy is made from it) and the store's count of ConfigMap and Secret writes. Null otherwise.
     */
    private Pod rewrittenFrom;
    private long rewrittenAtWrites;
    Instant startTime;
    /** Counts the changes of the snapshot's and the reason cache's inputs ({@link #changed}). */
    private long changes;
    /** The last actions computed, and what they were computed from ({@link #actions}). */
    private PodActions lastActions;
    private Pod actionsPod;
    private RuntimeSnapshot actionsRuntime;
    private long actionsResults;
    /** Some container's run is {@link ContainerRecord#unpublished}: set with it, cleared by {@link #published}. */
    private boolean unpublished;
    /** The pod whose container specs the records hold ({@link #refreshSpecs}). */
    private Pod specsOf;
    /** The last snapshot built, and the count it was built at. */
    private RuntimeSnapshot snapshot;
    private long snapshotAt;
    /**
     * The restart back-off of this pod's containers, by container definition (kubelet.go backOff; the key is
     * {@link #stableKey}), so that a container whose image changed starts again from 10 s.
     */
    private final Backoff crashLoop = Backoff.crashLoop();
    /** The image pull back-off of this pod, by image (image_manager.go, key podUID_image). */
    private final Backoff imagePull = Backoff.imagePull();
    /** The last pull error per image, which the ImagePullBackOff message carries (image_manager.go prevPullErrMsg). */
    private final Map<String, String> pullErrors = new HashMap<>();
    /** The containers this SyncPod has tried to start, null until it tries one; a continuation after a wait keeps them. */
    private Set<String> attempted;
    /** This SyncPod waits (a postStart hook): it returns, and goes on when the pod worker is unblocked. */
    private boolean suspended;
    /** The pod the waiting SyncPod began with: its continuation acts on it, whatever updates came meanwhile. */
    private Pod suspendedPod;
    /** The kubelet's own annotations on its copy of the pod, first seen when its worker was made. */
    private final KubeletAnnotations kubeletAnnotations;

    PodSync(PodWorker worker, Kubelet kubelet, Pod pod) {
        this.worker = worker;
        this.kubelet = kubelet;
        this.context = kubelet.context;
        this.kubeletAnnotations = new KubeletAnnotations(pod, context.clock().now());
        for (Container c : nullToEmpty(pod.getSpec().getInitContainers())) {
            ContainerRecord.Kind kind = PodActions.isSidecar(c) ? ContainerRecord.Kind.SIDECAR : ContainerRecord.Kind.INIT;
            initContainers.add(new ContainerRecord(c, kind));
        }
        for (Container c : pod.getSpec().getContainers()) {
            containers.add(new ContainerRecord(c, ContainerRecord.Kind.APP));
        }
        List<ContainerRecord> both = new ArrayList<>(initContainers);
        both.addAll(containers);
        this.all = List.copyOf(both);
    }

    /** Init containers, then containers, in spec order; fixed once the pod worker exists. */
    List<ContainerRecord> all() {
        return all;
    }

    /**
     * What the runtime holds now: kubecontainer.PodStatus. Built again only after a {@link #changed}: a
     * steady pod's syncs and resyncs share one (it is immutable).
     */
    RuntimeSnapshot snapshot() {
        if (snapshot == null || snapshotAt != changes) {
            snapshot = buildSnapshot();
            snapshotAt = changes;
        }
        // with assertions on (the test suite), a change that forgot to call changed() fails here, not in a stale status
        assert snapshot.equals(buildSnapshot()) : "the runtime of " + worker.key() + " changed without changed()";
        return snapshot;
    }

    private RuntimeSnapshot buildSnapshot() {
        List<RuntimeSnapshot.Container> runs = new ArrayList<>();
        for (ContainerRecord c : all()) {
            if (c.everStarted()) {
                runs.add(c.snapshot());
            }
        }
        return new RuntimeSnapshot(podIp, runs);
    }

    /**
     * Something {@link #snapshot} or the reason cache ({@link #waiting}) reads changed: the pod IP, a
     * container's run, its state, exits, restart count, image, user or waiting reason. Every write of
     * those fields is followed by a call, in this class (the only writer).
     */
    void changed() {
        changes++;
    }

    /** How many times {@link #changed} was called: an equal count, the same snapshot and reason cache. */
    long changes() {
        return changes;
    }

    /** The reason cache of one container: why it waits; null when it does not. */
    PodStatusGenerator.Waiting waiting(String container) {
        ContainerRecord c = record(container);
        return c.waitingReason == null ? null : new PodStatusGenerator.Waiting(c.waitingReason, c.waitingMessage);
    }

    /** A status is published: every run started so far is in it ({@link ContainerRecord#unpublished}). */
    void published() {
        if (!unpublished) {
            return; // none to clear: a steady pod's syncs read no container record here
        }
        for (ContainerRecord c : all) {
            c.unpublished = false;
        }
        unpublished = false;
    }

    /** True when no container of the pod runs any more. */
    boolean allStopped() {
        return all().stream().noneMatch(ContainerRecord::running);
    }

    // ---------------------------------------------------------------- SyncPod

    /**
     * What a SyncPod did: whether it changed what the status shows, whether a container was left in
     * back-off (the pod worker then requeues after 10 s), and whether the pod is done: killed with
     * nothing left running.
     */
    record Result(boolean changed, boolean inBackOff, boolean podDone, boolean suspended) {
        Result(boolean changed, boolean inBackOff, boolean podDone) {
            this(changed, inBackOff, podDone, false);
        }
    }

    /** The sandbox: an IP from the node's CIDR and the probe workers, before any container starts. */
    void createSandbox() {
        Pod pod = worker.pod;
        // a host-network pod has the node's address and takes none from the pod range (kubelet_pods.go generateAPIPodStatus)
        podIp = Boolean.TRUE.equals(pod.getSpec().getHostNetwork()) ? kubelet.hostIp() : kubelet.allocateIp();
        changed();
        if (volumes == null) {
            volumes = new PodVolumes(kubelet.runtime.disk(), kubelet.runtime.storage(), pod); // a pod deleted before its volumes were mounted
        }
        String domain = PodHostsFile.CLUSTER_DOMAIN;
        String hostname = PodHostsFile.etcHostname(pod, kubelet.nodeName(), domain);
        PodDns.Config dns = PodDns.podDns(pod, PodDns.Node.kind());
        for (String warning : dns.warnings()) {
            worker.event(null, "Warning", PodDns.DNS_CONFIG_FORMING, warning);
        }
        volumes.writeNetworkFiles(PodHostsFile.content(pod, List.of(podIp), domain,
                PodHostsFile.kindNodeEtcHosts(kubelet.nodeName(), kubelet.hostIp())), hostname, PodDns.resolvConf(pod, PodDns.Node.kind()));
        sandbox = kubelet.runtime.runPodSandbox(worker.uid, worker.namespace, worker.name, podIp, hostname.strip(), pidMode(pod));
        if (startTime == null) {
            startTime = context.clock().now(); // a pod deleted before its first sync; else its first sync set it
        }
        // prober_manager AddPod creates workers in the order startup, readiness, liveness
        for (ContainerRecord c : all()) {
            if (c.kind == ContainerRecord.Kind.INIT) {
                continue; // regular init containers have no probes
            }
            for (ProbeType type : ProbeType.values()) {
                Probe probe = type.of(c.spec);
                if (probe != null) {
                    ProbeWorker probeWorker = new ProbeWorker(worker, c, type, context.loop());
                    c.workers.put(type, probeWorker);
                    probeWorker.start();
                }
            }
        }
    }

    /**
     * The volume manager's part of a sync (kubelet.go SyncPod: WaitForAttachAndMount, before the
     * sandbox): sets up the volumes not mounted yet and writes the payload volumes whose objects
     * changed. A volume that cannot be set up (a missing ConfigMap or Secret that is not optional)
     * is a Warning FailedMount event at each try, tried again after the reconciler's back-off; the
     * pod waits in ContainerCreating meanwhile. True when every volume is mounted.
     */
    boolean mountVolumes(Pod pod) {
        if (volumes == null) {
            volumes = new PodVolumes(kubelet.runtime.disk(), kubelet.runtime.storage(), pod);
        }
        Instant now = context.clock().now();
        // payload volumes are written again at most once per kubelet sync period (60 s): an update reaches
        // them "within the kubelet sync period", and a pod's every probe-driven sync need not recompute them
        boolean rewrite = rewriteDue(now);
        long configDataWrites = context.store().configDataWrites();
        if (pod == rewrittenFrom && configDataWrites == rewrittenAtWrites) {
            // nothing the last rewrite read has changed: this one would write nothing, and counts as done. A steady
            // pod's resync, a sync period after the one before, stops here, with no lookup of a volume or an object
            if (rewrite) {
                rewritten(now);
            }
            return true;
        }
        if (!rewrite && volumes.settled(pod)) {
            return true; // every volume mounted and the rewrite not due: most other syncs stop here
        }
        if (rewrite) {
            rewritten(now);
        }
        // the writer's directories are named at each write (atomic_writer.go newTimestampDir); the token's iat is the
        // first mount's: the kubelet refreshes a token at 80% of its life, not at each sync
        VolumePayloads.Context payloads = new VolumePayloads.Context(kubelet.volumeObjects(), kubelet.allocatableCopy(),
                kubelet.nodeName(), now, volumes.firstMount(now));
        for (PodVolumes.Failure failure : volumes.mount(kubeletAnnotations.kubeletsCopy(pod), payloads, now, rewrite)) {
            worker.event(null, "Warning", VolumePayloads.FAILED_MOUNT, VolumePayloads.failedMountMessage(failure.volume(), failure.error()));
        }
        // a rewrite that left nothing to mount or try again is what the next one would find, as long as the pod and
        // every ConfigMap and Secret are the same
        rewrittenFrom = rewrite && volumes.restsOnObjects(pod) ? pod : null;
        rewrittenAtWrites = configDataWrites;
        Instant retry = volumes.nextRetry();
        if (retry != null && !retry.equals(retryScheduled)) {
            retryScheduled = retry; // one wake-up per retry instant, however many syncs come before it
            context.loop().schedule(retry, "mount volumes of " + worker.namespace + "/" + worker.name, worker::requestSync);
        }
        return volumes.allMounted(pod);
    }

    /** The kubelet's sync period, after which the payload volumes are written again. */
    private static final long SYNC_PERIOD_SECONDS = 60;

    /** Whether the periodic rewrite of payload volumes is due: always before the first mount. */
    private boolean rewriteDue(Instant now) {
        long second = now.getEpochSecond();
        return second > rewriteDueSecond || second == rewriteDueSecond && now.getNano() >= rewriteDueNano;
    }

    /** The payload volumes are written again now: the next time is a sync period later. */
    private void rewritten(Instant now) {
        rewriteDueSecond = now.getEpochSecond() + SYNC_PERIOD_SECONDS;
        rewriteDueNano = now.getNano();
    }

    /**
     * SyncPod (kuberuntime_manager.go): 1. compute the actions; 2. kill the pod if needed; 3. kill the
     * containers not to keep; 4. the sandbox exists already (the pod worker creates it first); 6. start
     * init containers; 8. start containers, each after doBackOff. A killed container that is also to
     * start is started when its stop completes ({@link #exited}), as upstream's blocking kill returns
     * before its start. Starting takes no time here, so the PLEG event after an init container starts,
     * which upstream follows with another sync, is folded into this one: the actions are computed again
     * and the new starts done, once per container.
     */
    Result syncPod(Pod pod) {
        return syncPod(pod, false);
    }

    /**
     * SyncPod, or the rest of one that waited ({@code continuing}): upstream's SyncPod blocks in a
     * postStart hook (startContainer runs it synchronously) and then goes on with the containers it
     * has not tried yet. Here the SyncPod returns {@link Result#suspended} and the pod worker, blocked,
     * runs it again when the wait ends; the actions are computed anew, and the containers this SyncPod
     * already tried are not tried twice.
     */
    Result syncPod(Pod pod, boolean continuing) {
        if (!continuing) {
            attempted = null; // dropped, not cleared: a steady pod's SyncPod, which tries none, reads no set
        } else if (suspendedPod != null) {
            pod = suspendedPod; // SyncPod runs on context.WithoutCancel with the pod it was given (kubelet.go)
        }
        suspended = false;
        suspendedPod = null;
        refreshSpecs(pod);
        // the continuation of a SyncPod whose step 3 killed containers starts them first: steps 6 and 8 of the same
        // SyncPod work from the actions computed before the kills, so a new kill waits for the next SyncPod
        boolean restarted = continuing && restartKilled(pod);
        if (suspended) {
            suspendedPod = pod;
            return new Result(restarted, false, false, true);
        }
        PodActions actions = actions(pod);
        if (actions.killPod() && !actions.createSandbox()) {
            boolean probeKill = !actions.containersToKill().isEmpty();
            if (killPod(podGrace(pod))) {
                return new Result(false, false, true);
            }
            return new Result(probeKill, false, false);
        }
        if (!actions.containersToKill().isEmpty()) {
            // step 3: each kill blocks SyncPod until its run has stopped (preStop, SIGTERM, SIGKILL), one after the
            // other; the starts of steps 6 and 8 come in the continuation, the killed containers first
            for (PodActions.ContainerToKill kill : actions.containersToKill()) {
                record(kill.name()).restartWhenStopped = actions.initContainersToStart().contains(kill.name())
                        || actions.containersToStart().contains(kill.name());
            }
            suspended = true;
            suspendedPod = pod;
            worker.block();
            killInTurn(pod, actions.containersToKill(), 0);
            return new Result(true, false, false, true);
        }
        boolean changed = restarted;
        boolean inBackOff = false;
        while (true) {
            StartResult starts = startContainers(pod, actions);
            changed |= starts.started;
            inBackOff |= starts.inBackOff;
            if (suspended) {
                suspendedPod = pod;
                return new Result(changed, inBackOff, false, true);
            }
            if (!starts.initStarted) {
                return new Result(changed, inBackOff, false);
            }
            actions = actions(pod);
            if (actions.killPod()) {
                return new Result(changed, inBackOff, false);
            }
        }
    }

    /** SyncPod's step 3: kill the containers one by one, each when the one before has stopped; then SyncPod goes on. */
    private void killInTurn(Pod pod, List<PodActions.ContainerToKill> kills, int next) {
        if (next == kills.size()) {
            worker.unblock();
            return;
        }
        PodActions.ContainerToKill kill = kills.get(next);
        ContainerRecord c = record(kill.name());
        killContainer(pod, c, probeGrace(pod, c, kill.reason()), kill.message(), false, () -> killInTurn(pod, kills, next + 1));
    }

    /**
     * The starts of the containers this SyncPod killed to restart (ContainersToStart): their doBackOff
     * reads the pod status the SyncPod began with, whose latest exited run is the one before the killed
     * one; if that says back off, the next sync backs off against the killed run. True when one started.
     */
    private boolean restartKilled(Pod pod) {
        boolean started = false;
        for (ContainerRecord c : all()) {
            if (!c.restartWhenStopped || c.running()) {
                continue;
            }
            c.restartWhenStopped = false;
            attempted().add(c.name());
            if (!backOffBeforeRestart(pod, c, c.previousExit)) {
                started |= startContainer(pod, c); // a failed pull leaves its reason; the next sync tries again
            }
            if (suspended) {
                return started;
            }
        }
        return started;
    }

    /** A pod update may change a container's image (the only container field it may change): later starts use it. */
    private void refreshSpecs(Pod pod) {
        if (pod == specsOf) {
            return; // the records hold this pod's containers already: a stored pod never changes
        }
        specsOf = pod;
        for (Container spec : nullToEmpty(pod.getSpec().getInitContainers())) {
            record(spec.getName()).spec = spec;
        }
        for (Container spec : pod.getSpec().getContainers()) {
            record(spec.getName()).spec = spec;
        }
    }

    /** The containers this SyncPod has tried to start, made at its first try. */
    private Set<String> attempted() {
        if (attempted == null) {
            attempted = new HashSet<>();
        }
        return attempted;
    }

    private record StartResult(boolean started, boolean inBackOff, boolean initStarted) {
    }

    /** Steps 6 and 8: init containers, then containers; each is tried at most once per SyncPod. */
    private StartResult startContainers(Pod pod, PodActions actions) {
        boolean started = false;
        boolean inBackOff = false;
        boolean initStarted = false;
        for (String name : actions.initContainersToStart()) {
            if (actions.kills(name) || !attempted().add(name)) {
                continue;
            }
            ContainerRecord c = record(name);
            boolean ok = startWithBackOff(pod, c);
            started |= ok;
            initStarted |= ok;
            inBackOff |= !ok;
            if (suspended) {
                return new StartResult(started, inBackOff, initStarted);
            }
            if (!ok && c.kind == ContainerRecord.Kind.INIT) {
                return new StartResult(started, inBackOff, false); // initialization cannot go on
            }
        }
        for (String name : actions.containersToStart()) {
            if (actions.kills(name) || !attempted().add(name)) {
                continue;
            }
            boolean ok = startWithBackOff(pod, record(name));
            started |= ok;
            inBackOff |= !ok;
            if (suspended) {
                break;
            }
        }
        return new StartResult(started, inBackOff, initStarted);
    }

    /**
     * {@link PodActions#compute}, which is pure: the pod, the runtime's snapshot and the probe results decide.
     * A steady pod's resync asks again with the same three (the pod and the snapshot the same objects, the
     * results caches at the same versions) and gets the actions computed before.
     */
    private PodActions actions(Pod pod) {
        RuntimeSnapshot runtime = snapshot();
        long results = worker.resultsVersion();
        if (lastActions == null || actionsPod != pod || actionsRuntime != runtime || actionsResults != results) {
            lastActions = PodActions.compute(pod, runtime, this::cachedResult);
            actionsPod = pod;
            actionsRuntime = runtime;
            actionsResults = results;
        }
        return lastActions;
    }

    private ProbeResult cachedResult(ProbeType type, String containerId) {
        return worker.results.get(type).get(containerId);
    }

    private ContainerRecord record(String name) {
        for (ContainerRecord c : all()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new IllegalStateException("no container " + name);
    }

    /** doBackOff, then startContainer. True when the container was started. */
    private boolean startWithBackOff(Pod pod, ContainerRecord c) {
        if (pull != null && pull.container == c && pull.outcome != null) {
            return startContainer(pod, c); // the SyncPod a pull blocked passed doBackOff before it
        }
        if (backOffBeforeRestart(pod, c, c.exit)) {
            return false;
        }
        return startContainer(pod, c);
    }

    /**
     * doBackOff against the given exited run: true when the container must wait, with CrashLoopBackOff
     * in the reason cache and a BackOff event. With no exited run there is nothing to back off from
     * and, as upstream returns before Backoff.Next, the back-off does not grow.
     */
    private boolean backOffBeforeRestart(Pod pod, ContainerRecord c, ContainerExit exited) {
        if (exited == null) {
            return false;
        }
        Instant now = context.clock().now();
        String key = stableKey(c);
        if (crashLoop.isInBackOffSince(key, exited.at(), now)) {
            String subject = worker.name + "_" + worker.namespace + "(" + worker.uid + ")";
            c.waitingReason = "CrashLoopBackOff";
            c.waitingMessage = "back-off " + GoDuration.format(crashLoop.get(key)) + " restarting failed container="
                    + c.name() + " pod=" + subject;
            changed();
            worker.event(c, "Warning", "BackOff", "Back-off restarting failed container " + c.name() + " in pod " + subject);
            return true;
        }
        crashLoop.next(key, exited.at(), now);
        return false;
    }

    /**
     * GetStableKey (kuberuntime/helpers.go): the back-off key of a container, which "should include the
     * content of the container, so that any change to the container generates a new key". Upstream joins
     * the pod's name, namespace and uid, the container's name and HashContainer, which since v1.31 hashes
     * the name and the image only (pkg/kubelet/container/helpers.go pickFieldsToHash: "this list must be
     * updated if ever kubelet wants to allow mutations to other fields"). The back-off here is the pod's
     * own, so the name and the spec's image, as written, identify the definition. An entry of the old
     * image stays: changing the image back within 600 s resumes its back-off, as upstream's would.
     */
    private static String stableKey(ContainerRecord c) {
        return c.name() + "_" + c.spec.getImage();
    }

    // ---------------------------------------------------------------- containers

    /**
     * startContainer: image, create, start; a restart keeps the last exit as lastState. False when the
     * image could not be had: the container keeps its state, with the pull error as waiting reason.
     */
    private boolean startContainer(Pod pod, ContainerRecord c) {
        if (ensureImage(c) != ImageOutcome.READY) {
            return false;
        }
        ContainerConfig config = containerConfig(pod, c);
        if (config == null) {
            return false;
        }
        if (c.process != null) {
            resumeProbeTicks(c); // already done at the run's stop or exit; kept so no path can start a run unseen
            c.previousExit = c.exit;
            c.previousId = c.process.id();
            c.previousStartedAt = c.process.startedAt();
            c.restartCount++;
        }
        worker.event(c, "Normal", "Created", "Created container: " + c.name());
        c.process = kubelet.runtime.container(kubelet.runtime.createContainer(sandbox, config, c.restartCount + 1));
        c.image = c.spec.getImage();
        c.user = RuntimeSnapshot.User.of(pod, c.image);
        c.exit = null;
        c.killing = false;
        c.waitingReason = null;
        c.waitingMessage = null;
        changed();
        worker.event(c, "Normal", "Started", "Started container " + c.name());
        worker.timeline(new Fact.ContainerStarted(c.name(), c.restartCount, c.process.id(),
                c.kind.name().toLowerCase(java.util.Locale.ROOT)));
        c.unpublished = true; // until a status with this run is published (at once, unless this SyncPod now waits)
        unpublished = true;
        kubelet.runtime.startContainer(c.process.id()); // the runtime reports an exit the program plans
        changed(); // the run's startedAt
        LifecycleHandler postStart = LifecycleHooks.handler(c.spec, HookAnswer.Hook.POST_START);
        if (postStart != null) {
            runPostStart(pod, c, postStart);
        }
        return true;
    }

    /**
     * startContainer's step 4 (kuberuntime_container.go): the postStart hook runs after Started, and
     * SyncPod waits for it, so the pod worker is blocked and the status does not show the run as
     * Running until the hook ends. A failure is a Warning FailedPostStartHook event "PostStartHook failed"
     * (the hook's message stays out of the event), a kill with the message FailedPostStartHook (its
     * preStop runs), and, once the run has ended, the waiting reason PostStartHookError with the
     * hook's message; the restart policy and the crash back-off then apply as to any exit.
     */
    private void runPostStart(Pod pod, ContainerRecord c, LifecycleHandler handler) {
        SimProcess process = c.process;
        worker.timeline(new Fact.HookRan(c.name(), HookAnswer.Hook.POST_START.label(), Fact.HookStage.STARTED, ""));
        LifecycleHooks.Outcome[] atOnce = new LifecycleHooks.Outcome[1];
        boolean[] returned = new boolean[1];
        c.postStart = LifecycleHooks.run(HookAnswer.Hook.POST_START, handler, target(pod, c, handler, HookAnswer.Hook.POST_START), outcome -> {
            fallbackEvent(outcome);
            if (returned[0]) {
                postStartEnded(pod, c, process, outcome);
            } else {
                atOnce[0] = outcome; // handled once this SyncPod has stopped starting containers
            }
        });
        returned[0] = true;
        suspended = true;
        worker.block();
        if (atOnce[0] != null) {
            postStartEnded(pod, c, process, atOnce[0]);
        }
    }

    /** {@code pod} is the one the blocked SyncPod began with: its kill reads the grace period from it, not from a later update. */
    private void postStartEnded(Pod pod, ContainerRecord c, SimProcess process, LifecycleHooks.Outcome outcome) {
        if (c.process != process || worker.isTerminal()) {
            return; // a run the kubelet no longer waits for
        }
        String hook = HookAnswer.Hook.POST_START.label();
        if (!outcome.failed()) {
            worker.timeline(new Fact.HookRan(c.name(), hook, Fact.HookStage.SUCCEEDED, ""));
            worker.unblock();
            return;
        }
        worker.timeline(new Fact.HookRan(c.name(), hook, Fact.HookStage.FAILED, outcome.message()));
        worker.event(c, "Warning", "FailedPostStartHook", "PostStartHook failed");
        // killContainer with reasonFailedPostStartHook: the deletion's grace period, else the pod's
        killContainer(pod, c, killGrace(pod), "FailedPostStartHook", false, () -> {
            c.waitingReason = "PostStartHookError"; // ErrPostStartHook, in the reason cache once SyncPod returns
            c.waitingMessage = outcome.message();
            changed();
            worker.unblock();
        });
    }

    /** What a hook runs against; a host the hook names other than the pod's own is said not to be simulated. */
    private LifecycleHooks.Target target(Pod pod, ContainerRecord c, LifecycleHandler handler, HookAnswer.Hook hook) {
        if (handler.getHttpGet() != null && handler.getHttpGet().getHost() != null && !handler.getHttpGet().getHost().isEmpty()
                && !handler.getHttpGet().getHost().equals(podIp)) {
            worker.timeline(new Fact.NotSimulated(c.name(), "not simulated: the " + hook.label() + " hook's httpGet.host \""
                    + handler.getHttpGet().getHost() + "\": Peapod sends the request to the container's own port"));
        }
        return new LifecycleHooks.Target(pod, c.spec, c.process, podIp, context.loop());
    }

    /** The hook's end as events: a Warning LifecycleHTTPFallback on the pod when an HTTPS hook was retried with HTTP. */
    private void fallbackEvent(LifecycleHooks.Outcome outcome) {
        if (outcome.fallback() != null) {
            worker.event(null, "Warning", "LifecycleHTTPFallback", outcome.fallback());
        }
    }


    /** The pod's PID namespace (kuberuntime_sandbox.go: hostPID is the node's, shareProcessNamespace the pod's). */
    private static Sandbox.PidMode pidMode(Pod pod) {
        if (Boolean.TRUE.equals(pod.getSpec().getHostPID())) {
            return Sandbox.PidMode.NODE;
        }
        return Boolean.TRUE.equals(pod.getSpec().getShareProcessNamespace()) ? Sandbox.PidMode.POD : Sandbox.PidMode.CONTAINER;
    }

    /** What the runtime is asked to create (kuberuntime_container.go generateContainerConfig): command, args, env and mounts. */
    private ContainerConfig containerConfig(Pod pod, ContainerRecord c) {
        ContainerEnv.ConfigResult result = ContainerEnv.config(kubeletAnnotations.kubeletsCopy(pod), c.spec, kubelet.lookup(),
                ContainerEnv.NodeFacts.of(kubelet.hostIp(), podIp, kubelet.allocatable()));
        if (result instanceof ContainerEnv.ConfigError error) {
            // kuberuntime_container.go startContainer: a Warning "Failed" event "Error: <message>", and the
            // waiting reason CreateContainerConfigError with the message; the pod worker tries again later
            worker.event(c, "Warning", ContainerEnv.ConfigError.EVENT_REASON, error.eventMessage());
            c.waitingReason = ContainerEnv.ConfigError.REASON;
            c.waitingMessage = error.message();
            changed();
            return null;
        }
        ContainerEnv.ContainerConfig made = (ContainerEnv.ContainerConfig) result;
        List<dev.peapod.runtime.Mount> mounts = new ArrayList<>(volumes.mounts(c.spec, made.subPaths(),
                PodHostsFile.managesEtcHosts(c.spec, List.of(podIp))));
        int startNumber = c.process == null ? 1 : c.restartCount + 2; // called before startContainer counts the restart
        dev.peapod.runtime.Mount message = TerminationMessages.mount(kubelet.runtime.disk(), volumes.podDirectory(), c.spec, startNumber);
        if (message != null) {
            mounts.add(message); // after the volumes' mounts, as kuberuntime_container.go makeMounts adds it
        }
        return new ContainerConfig(c.spec, made.command(), made.args(), made.env().asMap(), mounts, c.spec.getWorkingDir());
    }

    /**
     * The runtime: StopContainer with a timeout, never below 2 s; the runtime reports the exit.
     */
    private void stopContainer(ContainerRecord c, long graceSeconds) {
        Duration grace = Duration.ofSeconds(Math.max(graceSeconds, MIN_GRACE_SECONDS));
        resumeProbeTicks(c); // before the stop: its exit, and the restart with it, are scheduled after the next tick
        kubelet.runtime.stopContainer(c.process.id(), grace);
        c.stopping = true;
    }

    /** The runtime delivered a signal to the container's current run: a fact on the timeline. */
    void containerSignalled(String containerId, Signal signal) {
        for (ContainerRecord c : all()) {
            if (containerId.equals(c.containerId())) {
                worker.timeline(new Fact.Signalled(c.name(), signal.name()));
                return;
            }
        }
    }

    /** The runtime reports a container's exit; an id no longer current (an older run) changes nothing. */
    void containerExited(String containerId, ContainerExit exit) {
        for (ContainerRecord c : all()) {
            if (containerId.equals(c.containerId())) {
                exited(c, exit);
                return;
            }
        }
    }

    /** What EnsureImageExists came to: start the container, fail its start, or wait for the pull. */
    private enum ImageOutcome { READY, FAILED, PULLING }

    /**
     * A pull this pod's SyncPod waits for: EnsureImageExists blocks on the puller's answer, and so
     * does the pod worker (image_manager.go, {@code imagePullResult := <-pullChan}).
     */
    private static final class PendingPull {
        final ContainerRecord container;
        final String image;
        final Instant asked;
        ImageOutcome outcome; // null until the pull ends
        boolean blocking;     // the SyncPod returned suspended for it

        PendingPull(ContainerRecord container, String image, Instant asked) {
            this.container = container;
            this.image = image;
            this.asked = asked;
        }
    }

    private PendingPull pull;

    /**
     * EnsureImageExists (pkg/kubelet/images/image_manager.go, v1.33): an image on the node with a
     * policy other than Always is "already present"; Never without the image is ErrImageNeverPull;
     * else, unless the image's pull back-off lasts, the image is pulled through the node's serial
     * puller, and the SyncPod waits for it ({@link ImageOutcome#PULLING}): it returns suspended with
     * the pod worker blocked ({@link PodWorker#block}), and goes on when the pull ends. A failed pull
     * leaves ErrImagePull in the reason cache; while its back-off lasts the reason is ImagePullBackOff.
     * A node that lists no images has every image a registry would give ({@link NodeImages#present}).
     */
    private ImageOutcome ensureImage(ContainerRecord c) {
        String image = c.spec.getImage();
        if (pull != null && pull.container == c && pull.image.equals(image) && pull.outcome != null) {
            ImageOutcome outcome = pull.outcome; // the SyncPod the pull blocked goes on from here
            pull = null;
            return outcome;
        }
        String policy = c.spec.getImagePullPolicy();
        boolean present = kubelet.images.present(image);
        if ("Never".equals(policy) && !present) {
            failStart(c, "ErrImageNeverPull", "Container image \"" + image + "\" is not present with pull policy of Never", true);
            return ImageOutcome.FAILED;
        }
        if (present && !"Always".equals(policy)) {
            worker.event(c, "Normal", "Pulled", "Container image \"" + image + "\" already present on machine");
            return ImageOutcome.READY;
        }
        Instant now = context.clock().now();
        String key = Images.normalized(image);
        if (imagePull.isInBackOffSinceUpdate(key, now)) {
            String message = "Back-off pulling image \"" + image + "\"";
            worker.event(c, "Normal", "BackOff", message);
            // Since v1.32 the waiting message also carries the last pull error (image_manager.go, PR #127918)
            String lastError = pullErrors.get(key);
            String waiting = lastError == null ? message : message + ": " + lastError;
            failStart(c, "ImagePullBackOff", waiting, false);
            return ImageOutcome.FAILED;
        }
        worker.event(c, "Normal", "Pulling", "Pulling image \"" + image + "\"");
        PendingPull asked = new PendingPull(c, image, now);
        pull = asked;
        kubelet.images.pull(image, result -> pullEnded(asked, result));
        if (asked.outcome != null) {
            pull = null; // the puller was idle and the pull took no time
            return asked.outcome;
        }
        // the SyncPod waits for the pull: it returns suspended, and the pod worker continues it when the
        // pull ends; this container is tried again then, and finds the pull's outcome
        attempted().remove(c.name());
        asked.blocking = true;
        suspended = true;
        worker.block();
        return ImageOutcome.PULLING;
    }

    /**
     * The pull's answer reaches EnsureImageExists: {@code Pulled} with the pull's own time and the
     * time since the kubelet asked, queue included, both truncated to the millisecond, and the
     * image's size; or the failure, which starts the image's pull back-off.
     */
    private void pullEnded(PendingPull asked, dev.peapod.runtime.PullResult result) {
        ContainerRecord c = asked.container;
        String image = asked.image;
        Instant now = context.clock().now();
        if (result.pulled()) {
            Duration waited = Duration.between(asked.asked, now).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            worker.event(c, "Normal", "Pulled", "Successfully pulled image \"" + image + "\" in "
                    + GoDuration.format(result.took().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)) + " ("
                    + GoDuration.format(waited) + " including waiting). Image size: " + result.sizeBytes() + " bytes.");
            asked.outcome = ImageOutcome.READY;
        } else {
            String key = Images.normalized(image);
            worker.event(c, "Warning", "Failed", "Failed to pull image \"" + image + "\": " + result.error());
            imagePull.next(key, now, now);
            pullErrors.put(key, "ErrImagePull: " + result.error());
            failStart(c, "ErrImagePull", result.error(), false);
            asked.outcome = ImageOutcome.FAILED;
        }
        if (pull == asked && asked.blocking) {
            worker.unblock(asked.outcome == ImageOutcome.READY); // a failed pull changes no container: no PLEG event
        }
    }

    /** startContainer's failure: the reason goes to the reason cache and a Warning "Error: <reason>" event. */
    private boolean failStart(ContainerRecord c, String reason, String message, boolean eventOfItsOwn) {
        if (eventOfItsOwn) {
            worker.event(c, "Warning", reason, message);
        }
        c.waitingReason = reason;
        c.waitingMessage = message;
        changed();
        worker.event(c, "Warning", "Failed", "Error: " + reason);
        return false;
    }

    /**
     * killContainer (kuberuntime_container.go, v1.33): the Killing event; the preStop hook, if the
     * container has one and the grace period is positive, waited for at most the grace period, whose
     * elapsed whole seconds come off the grace period (executePreStopHook); then, with termination
     * ordering, a sidecar's wait for its turn; then StopContainer with what is left, never under 2 s.
     * The hook runs on if the kubelet stops waiting; its failure is a Warning FailedPreStopHook
     * event "PreStopHook failed" whenever it comes. {@code onStopped} runs once the run has ended.
     */
    private void killContainer(Pod pod, ContainerRecord c, long graceSeconds, String message, boolean ordered, Runnable onStopped) {
        c.killing = true;
        changed();
        c.onStopped = onStopped;
        worker.event(c, "Normal", "Killing", message);
        // killContainer never checks the run's state: a run that already ended (its postStart hook failed because it
        // died) still has its preStop hook run, then a StopContainer that has nothing to stop
        LifecycleHandler preStop = LifecycleHooks.handler(c.spec, HookAnswer.Hook.PRE_STOP);
        if (preStop != null && graceSeconds > 0) {
            runPreStop(pod, c, preStop, graceSeconds, ordered);
        } else {
            afterPreStop(c, c.process, graceSeconds, ordered);
        }
    }

    private void runPreStop(Pod pod, ContainerRecord c, LifecycleHandler handler, long graceSeconds, boolean ordered) {
        SimProcess process = c.process;
        Instant start = context.clock().now();
        String hook = HookAnswer.Hook.PRE_STOP.label();
        boolean[] waited = new boolean[1];
        Runnable goOn = () -> {
            waited[0] = true;
            if (c.preStopDeadline != null) {
                c.preStopDeadline.cancel();
                c.preStopDeadline = null;
            }
            long elapsed = Duration.between(start, context.clock().now()).getSeconds(); // truncated, as int64(Seconds())
            afterPreStop(c, process, graceSeconds - elapsed, ordered);
        };
        worker.timeline(new Fact.HookRan(c.name(), hook, Fact.HookStage.STARTED, ""));
        c.preStop = LifecycleHooks.run(HookAnswer.Hook.PRE_STOP, handler, target(pod, c, handler, HookAnswer.Hook.PRE_STOP), outcome -> {
            fallbackEvent(outcome);
            if (outcome.failed()) {
                worker.timeline(new Fact.HookRan(c.name(), hook, Fact.HookStage.FAILED, outcome.message()));
                worker.event(c, "Warning", "FailedPreStopHook", "PreStopHook failed");
            } else {
                worker.timeline(new Fact.HookRan(c.name(), hook, Fact.HookStage.SUCCEEDED, ""));
            }
            if (!waited[0]) {
                goOn.run();
            }
        });
        if (!waited[0]) {
            c.preStopDeadline = context.loop().schedule(start.plusSeconds(graceSeconds), "preStop " + worker.key() + "/" + c.name(), () -> {
                c.preStopDeadline = null;
                worker.timeline(new Fact.HookRan(c.name(), hook, Fact.HookStage.OVERRAN,
                        "the grace period of " + GoDuration.format(Duration.ofSeconds(graceSeconds))));
                goOn.run();
            });
        }
    }

    /** After the preStop hook: the sidecar's turn, or the stop at once. */
    private void afterPreStop(ContainerRecord c, SimProcess process, long graceSeconds, boolean ordered) {
        if (c.process != process) {
            return;
        }
        if (!c.running()) {
            // it ended before the kill or while its hook ran: nothing to stop; a caller still waiting goes on
            c.killing = false;
            changed();
            Runnable onStopped = c.onStopped;
            c.onStopped = null;
            if (onStopped != null) {
                onStopped.run();
            }
            return;
        }
        if (ordered && c.kind == ContainerRecord.Kind.SIDECAR && graceSeconds > 0) {
            waitForTurn(c, graceSeconds);
        } else {
            stopContainer(c, graceSeconds);
        }
    }

    /** The grace period of a kill that is not a probe's: the deletion's, else the pod's (setTerminationGracePeriod). */
    private static long killGrace(Pod pod) {
        Long deletion = pod.getMetadata().getDeletionGracePeriodSeconds();
        return deletion != null ? deletion : podGrace(pod);
    }

    // ---------------------------------------------------------------- killPod and termination ordering

    /**
     * killPod / killContainersWithSyncResult (kuberuntime_container.go, v1.33): every running container
     * gets its Killing event ("Stopping container <name>") and its stop with the grace period. Upstream
     * kills them in parallel; here the order is fixed: regular containers in spec order, then init
     * containers in reverse spec order. With sidecars, termination is ordered
     * (kuberuntime_termination_order.go): a sidecar gets its stop signal only once every regular
     * container and every later sidecar has exited, or when the grace period runs out while it waits;
     * its stop then gets the grace period less the whole seconds it waited, at least 2 s.
     * A container already being killed is left to its kill. True when nothing runs any more.
     */
    boolean killPod(long graceSeconds) {
        List<ContainerRecord> order = new ArrayList<>(containers);
        for (int i = initContainers.size() - 1; i >= 0; i--) {
            order.add(initContainers.get(i));
        }
        boolean ordered = initContainers.stream().anyMatch(c -> c.kind == ContainerRecord.Kind.SIDECAR);
        boolean allStopped = true;
        for (ContainerRecord c : order) {
            if (!c.running()) {
                continue;
            }
            allStopped = false;
            if (c.killing) {
                continue;
            }
            killContainer(worker.pod, c, graceSeconds, "Stopping container " + c.name(), ordered, null);
        }
        return allStopped;
    }

    /** terminationOrdering.waitForTurn: stop at once if the sidecar's turn has come, else when it comes or the grace runs out. */
    private void waitForTurn(ContainerRecord c, long graceSeconds) {
        if (c.stopping || isTurnOf(c)) {
            stopContainer(c, graceSeconds); // already signalled, or nothing to wait for
            return;
        }
        Instant now = context.clock().now();
        c.turnSince = now;
        c.turnGrace = graceSeconds;
        if (c.turnTimer != null) {
            c.turnTimer.cancel();
        }
        c.turnTimer = context.loop().schedule(now.plusSeconds(graceSeconds), "turn " + worker.key() + "/" + c.name(),
                () -> stopAfterTurn(c));
    }

    /** A sidecar's turn: every regular container and every later sidecar has exited. */
    private boolean isTurnOf(ContainerRecord sidecar) {
        if (containers.stream().anyMatch(ContainerRecord::running)) {
            return false;
        }
        for (int i = initContainers.indexOf(sidecar) + 1; i < initContainers.size(); i++) {
            ContainerRecord later = initContainers.get(i);
            if (later.kind == ContainerRecord.Kind.SIDECAR && later.running()) {
                return false;
            }
        }
        return true;
    }

    /** The sidecar's wait ends: its stop gets what is left of the grace period, in whole seconds. */
    private void stopAfterTurn(ContainerRecord c) {
        if (c.turnSince == null || !c.running()) {
            return;
        }
        long waited = Duration.between(c.turnSince, context.clock().now()).getSeconds(); // truncated downward
        long grace = c.turnGrace - waited;
        clearTurn(c);
        stopContainer(c, grace);
    }

    private static void clearTurn(ContainerRecord c) {
        c.turnSince = null;
        if (c.turnTimer != null) {
            c.turnTimer.cancel();
            c.turnTimer = null;
        }
    }

    /** A container exited: the waiting sidecars whose turn it brings, last first, get their stop. */
    private void releaseTurns() {
        for (int i = initContainers.size() - 1; i >= 0; i--) {
            ContainerRecord c = initContainers.get(i);
            if (c.turnSince != null && isTurnOf(c)) {
                stopAfterTurn(c);
            }
        }
    }

    /** The PLEG sees the container die: record it and sync the pod at once. */
    private void exited(ContainerRecord c, ContainerExit exit) {
        if (c.exit != null) {
            return;
        }
        resumeProbeTicks(c);
        // the status shows the termination message read at the exit (convertToKubeContainerStatus)
        c.exit = TerminationMessages.read(exit, c.spec, c.process.mounts(), kubelet.runtime.disk(), kubelet.runtime.logs(c.process.id()));
        c.killing = false;
        c.stopping = false;
        changed();
        clearTurn(c);
        if (c.preStopDeadline != null) {
            c.preStopDeadline.cancel(); // the run ended while the kubelet waited for its preStop hook
            c.preStopDeadline = null;
        }
        worker.timeline(new Fact.ContainerExited(c.name(), exit.exitCode(), exit.reason()));
        Runnable onStopped = c.onStopped; // the kill this exit ends; a kill the hooks' ends start keeps its own
        c.onStopped = null;
        if (c.preStop != null) {
            c.preStop.containerDied(); // an exec or HTTP hook dies with its container
        }
        if (c.postStart != null) {
            c.postStart.containerDied();
        }
        if (onStopped != null) {
            onStopped.run();
        }
        releaseTurns();
        worker.requestSync();
    }

    /** The pod is gone: its sandbox goes, and its processes end unreported. */
    void forget() {
        for (ContainerRecord c : all()) {
            clearTurn(c);
        }
        if (sandbox != null) {
            kubelet.runtime.removePodSandbox(sandbox.id());
        }
        if (volumes != null) {
            volumes.tearDown(); // the kubelet's cleanupOrphanedPodDirs: the pod's volumes go once it is gone
        }
    }

    /** The container's run is ending: a worker that paused its ticks (a decided startup probe) ticks again. */
    private static void resumeProbeTicks(ContainerRecord c) {
        for (ProbeWorker w : c.workers.values()) {
            w.runEnding();
        }
    }

    void stopProbeWorkers() {
        for (ContainerRecord c : all()) {
            c.workers.values().forEach(ProbeWorker::stop);
        }
    }

    // ---------------------------------------------------------------- grace periods

    /** The grace period of a probe kill: the probe's own, else the pod's (setTerminationGracePeriod). */
    private static long probeGrace(Pod pod, ContainerRecord c, ProbeType type) {
        if (type == null) {
            return podGrace(pod); // a definition change: killContainer with the pod's grace period
        }
        Probe probe = type.of(c.spec);
        if (probe != null && probe.getTerminationGracePeriodSeconds() != null) {
            return probe.getTerminationGracePeriodSeconds();
        }
        return podGrace(pod);
    }

    static long podGrace(Pod pod) {
        Long grace = pod.getSpec().getTerminationGracePeriodSeconds();
        return grace == null ? 30 : grace;
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
