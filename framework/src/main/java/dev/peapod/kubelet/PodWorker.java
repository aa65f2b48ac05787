package dev.peapod.kubelet;

import dev.peapod.events.EventRecorder;
import dev.peapod.runtime.ContainerExit;
import dev.peapod.runtime.Sandbox;
import dev.peapod.spi.ClusterContext;
import dev.peapod.store.ApiException;
import dev.peapod.time.Timer;
import dev.peapod.timeline.Fact;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Probe;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one pod on its node: the kubelet's pod worker, SyncPod and computePodActions rolled into
 * one reconciler on the event loop (pkg/kubelet/kubelet.go, kuberuntime/kuberuntime_manager.go).
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
    /** The runtime never stops a container with less than this (kuberuntime minimumGracePeriodInSeconds). */
    static final long MIN_GRACE_SECONDS = 2;

    final Kubelet kubelet;
    final ClusterContext context;
    final String namespace;
    final String name;
    final String uid;
    Pod pod;
    final List<ContainerRecord> initContainers = new ArrayList<>();
    final List<ContainerRecord> containers = new ArrayList<>();
    String podIp;
    Sandbox sandbox;
    Instant startTime;
    private boolean terminal;
    private boolean syncQueued;
    /** Image pull back-off per image of this pod (image_manager.go key podUID_image). */
    private final java.util.Map<String, ImagePullBackOff> imageBackoffs = new java.util.HashMap<>();
    private Timer next;
    PodStatus written;

    PodWorker(Kubelet kubelet, Pod pod) {
        this.kubelet = kubelet;
        this.context = kubelet.context;
        this.pod = pod;
        this.namespace = pod.getMetadata().getNamespace();
        this.name = pod.getMetadata().getName();
        this.uid = pod.getMetadata().getUid();
        this.written = pod.getStatus();
        for (Container c : nullToEmpty(pod.getSpec().getInitContainers())) {
            boolean sidecar = "Always".equals(c.getRestartPolicy());
            initContainers.add(new ContainerRecord(c, sidecar ? ContainerRecord.Kind.SIDECAR : ContainerRecord.Kind.INIT));
        }
        for (Container c : pod.getSpec().getContainers()) {
            containers.add(new ContainerRecord(c, ContainerRecord.Kind.APP));
        }
    }

    String key() {
        return namespace + "/" + name;
    }

    String podIp() {
        return podIp;
    }

    String restartPolicy() {
        String policy = pod.getSpec().getRestartPolicy();
        return policy == null ? "Always" : policy;
    }

    boolean isTerminal() {
        return terminal;
    }

    boolean isDeleting() {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    List<ContainerRecord> all() {
        List<ContainerRecord> all = new ArrayList<>(initContainers);
        all.addAll(containers);
        return all;
    }

    // ---------------------------------------------------------------- inputs

    /**
     * A new version of the pod from the API. Only a change of spec or metadata syncs the pod: a change
     * of status alone (most often the kubelet's own write) is reconciled, not synced
     * (pkg/kubelet/config/config.go checkAndUpdatePod).
     */
    void update(Pod latest) {
        Pod before = this.pod;
        this.pod = latest;
        if (before == latest || specOrMetadataChanged(before, latest) || podIp == null
                || PodStatusGenerator.needToReconcilePodReadiness(latest)) {
            requestSync(); // HandlePodReconcile syncs at once when a readiness gate changed Ready
        }
    }

    private static boolean specOrMetadataChanged(Pod before, Pod after) {
        var a = before.getMetadata();
        var b = after.getMetadata();
        return !java.util.Objects.equals(before.getSpec(), after.getSpec())
                || !java.util.Objects.equals(a.getDeletionTimestamp(), b.getDeletionTimestamp())
                || !java.util.Objects.equals(a.getLabels(), b.getLabels())
                || !java.util.Objects.equals(a.getAnnotations(), b.getAnnotations());
    }

    /** The pod is gone from the API (deleted with grace 0): stop everything at once. */
    void removed() {
        stopWorkers();
        if (sandbox != null) {
            kubelet.runtime.removePodSandbox(sandbox.id()); // its processes end unreported
        }
        terminal = true;
        if (next != null) {
            next.cancel();
        }
    }

    void requestSync() {
        if (syncQueued || terminal) {
            return;
        }
        syncQueued = true;
        context.loop().post("sync " + key(), this::sync);
    }

    /** A probe worker wrote a result into the cache; changes sync the pod (kubelet syncLoop handleProbeSync). */
    void setResult(ContainerRecord container, ProbeType type, ProbeResult result) {
        ProbeResult old = container.results.put(type, result);
        if (old != result) {
            requestSync();
        }
    }

    /** Events and timeline entries for one probe run (pkg/kubelet/prober/prober.go). */
    void probeRan(ContainerRecord container, ProbeType type, ProbeOutcome outcome, int run, int threshold) {
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
        timeline(new Fact.ProbeRan(container.name(), type.fact, result, outcome.output(), run, threshold));
    }

    // ---------------------------------------------------------------- the sync

    private void sync() {
        syncQueued = false;
        if (terminal) {
            return;
        }
        if (podIp == null) {
            setUpSandbox();
        }
        if (isDeleting()) {
            terminate();
            return;
        }
        writeStatus(false);
        boolean changed = killUnhealthy();
        SyncResult init = syncInitContainers();
        changed |= init.changed;
        boolean inBackOff = init.inBackOff;
        if (init.initialized) {
            SyncResult apps = syncAppContainers();
            changed |= apps.changed;
            inBackOff |= apps.inBackOff;
        }
        if (podIsDone(init)) {
            if (stopRemaining("Stopping container")) {
                finish();
                return;
            }
        }
        if (changed) {
            writeStatus(false);
        }
        scheduleNext(inBackOff ? BACKOFF_REQUEUE : RESYNC);
    }

    private record SyncResult(boolean changed, boolean inBackOff, boolean initialized, boolean initFailed) {
    }

    /** The sandbox: an IP from the node's CIDR and the probe workers, before any container starts. */
    private void setUpSandbox() {
        podIp = kubelet.allocateIp();
        sandbox = kubelet.runtime.runPodSandbox(uid, namespace, name, podIp);
        startTime = context.clock().now();
        // prober_manager AddPod creates workers in the order startup, readiness, liveness
        for (ContainerRecord c : all()) {
            if (c.kind == ContainerRecord.Kind.INIT) {
                continue; // regular init containers have no probes
            }
            for (ProbeType type : ProbeType.values()) {
                Probe probe = type.of(c.spec);
                if (probe != null) {
                    ProbeWorker worker = new ProbeWorker(this, c, type, context.loop());
                    c.workers.put(type, worker);
                    worker.start();
                }
            }
        }
    }

    /**
     * computePodActions: a running container whose liveness or startup result is Failure is killed and,
     * unless restartPolicy is Never, started again in the same SyncPod (ContainersToKill and
     * ContainersToStart). SyncPod's kill returns only once the container has stopped, so the start, and
     * its doBackOff, come when the stop completes ({@link #exited}). A sidecar is always restarted and
     * its message names it an init container (computeInitContainerActions). With nothing left to keep
     * and nothing to start, the whole pod is killed instead (KillPod): every container gets the
     * ordinary "Stopping container" with the pod's grace period (errata A omission 7).
     */
    private boolean killUnhealthy() {
        boolean restart = !"Never".equals(restartPolicy());
        List<ContainerRecord> failing = new ArrayList<>();
        int keepCount = 0;
        for (ContainerRecord c : all()) {
            if (!c.running() || c.killing) {
                continue;
            }
            if (failedProbe(c) != null) {
                failing.add(c);
            } else if (c.kind == ContainerRecord.Kind.APP) {
                keepCount++;
            }
        }
        if (failing.isEmpty()) {
            return false;
        }
        boolean appFailing = failing.stream().anyMatch(c -> c.kind == ContainerRecord.Kind.APP);
        if (!restart && keepCount == 0 && appFailing) {
            stopRemaining("Stopping container", podGrace());
            return true;
        }
        for (ContainerRecord c : failing) {
            ProbeType failed = failedProbe(c);
            String probe = failed.label.toLowerCase(java.util.Locale.ROOT);
            if (c.kind == ContainerRecord.Kind.SIDECAR) {
                kill(c, probeGrace(c, failed), "Init container " + c.name() + " failed " + probe + " probe");
                c.restartWhenStopped = true;
            } else {
                kill(c, probeGrace(c, failed), "Container " + c.name() + " failed " + probe + " probe"
                        + (restart ? ", will be restarted" : ""));
                c.restartWhenStopped = restart;
            }
        }
        return true;
    }

    /** The probe whose cached result is Failure for this running container: liveness first, then startup. */
    private static ProbeType failedProbe(ContainerRecord c) {
        if (c.results.get(ProbeType.LIVENESS) == ProbeResult.FAILURE) {
            return ProbeType.LIVENESS;
        }
        return c.results.get(ProbeType.STARTUP) == ProbeResult.FAILURE ? ProbeType.STARTUP : null;
    }

    /** Init containers run one at a time in spec order; sidecars only need to have started (reference §6). */
    private SyncResult syncInitContainers() {
        boolean changed = false;
        boolean inBackOff = false;
        boolean appsStarted = containers.stream().anyMatch(ContainerRecord::everStarted);
        for (ContainerRecord c : initContainers) {
            if (c.kind == ContainerRecord.Kind.SIDECAR) {
                if (!c.everStarted()) {
                    boolean started = start(c);
                    changed |= started;
                    inBackOff |= !started;
                } else if (!c.running() && !c.killing) {
                    boolean started = restartWithBackOff(c);
                    changed |= started;
                    inBackOff |= !started;
                }
                if (!appsStarted && !c.started()) {
                    return new SyncResult(changed, inBackOff, false, false);
                }
                continue;
            }
            if (c.completed()) {
                continue;
            }
            if (!c.everStarted()) {
                boolean started = start(c);
                return new SyncResult(changed || started, inBackOff || !started, false, false);
            }
            if (c.running() || c.killing) {
                return new SyncResult(changed, inBackOff, false, false);
            }
            if ("Never".equals(restartPolicy())) {
                return new SyncResult(changed, inBackOff, false, true);
            }
            boolean started = restartWithBackOff(c); // init containers always behave as OnFailure
            return new SyncResult(changed || started, inBackOff || !started, false, false);
        }
        return new SyncResult(changed, inBackOff, true, false);
    }

    private SyncResult syncAppContainers() {
        boolean changed = false;
        boolean inBackOff = false;
        for (ContainerRecord c : containers) {
            if (!c.everStarted()) {
                boolean started = start(c);
                changed |= started;
                inBackOff |= !started;
            } else if (!c.running() && !c.killing && shouldRestart(c)) {
                boolean started = restartWithBackOff(c);
                changed |= started;
                inBackOff |= !started;
            }
        }
        return new SyncResult(changed, inBackOff, true, false);
    }

    /** With restartPolicy Never or OnFailure the pod is done when no regular container will run again. */
    private boolean podIsDone(SyncResult init) {
        if (init.initFailed) {
            return true;
        }
        if ("Always".equals(restartPolicy()) || !init.initialized) {
            return false;
        }
        for (ContainerRecord c : containers) {
            if (!c.everStarted() || c.running() || c.killing || shouldRestart(c)) {
                return false;
            }
        }
        return true;
    }

    /** ShouldContainerBeRestarted (pkg/kubelet/container/helpers.go). */
    boolean shouldRestart(ContainerRecord c) {
        if (isDeleting() || terminal) {
            return false;
        }
        if (c.kind == ContainerRecord.Kind.SIDECAR) {
            return true;
        }
        if (c.exit == null) {
            return true;
        }
        String policy = c.kind == ContainerRecord.Kind.INIT && !"Never".equals(restartPolicy()) ? "OnFailure" : restartPolicy();
        return switch (policy) {
            case "Never" -> false;
            case "OnFailure" -> c.exit.exitCode() != 0;
            default -> true;
        };
    }

    /**
     * doBackOff (kuberuntime_manager.go): restart now, or record CrashLoopBackOff in the reason cache
     * and emit BackOff. True when the container was started.
     */
    private boolean restartWithBackOff(ContainerRecord c) {
        if (backOffBeforeRestart(c, c.exit)) {
            return false;
        }
        return start(c);
    }

    /**
     * doBackOff against the given exited run: true when the container must wait, with CrashLoopBackOff
     * in the reason cache and a BackOff event. With no exited run there is nothing to back off from
     * and, as upstream returns before Backoff.Next, the back-off does not grow.
     */
    private boolean backOffBeforeRestart(ContainerRecord c, ContainerExit exited) {
        if (exited == null) {
            return false;
        }
        Instant now = context.clock().now();
        if (c.backoff.isInBackOffSince(exited.at(), now)) {
            String pod = name + "_" + namespace + "(" + uid + ")";
            c.waitingReason = "CrashLoopBackOff";
            c.waitingMessage = "back-off " + GoDuration.format(c.backoff.current()) + " restarting failed container="
                    + c.name() + " pod=" + pod;
            event(c, "Warning", "BackOff", "Back-off restarting failed container " + c.name() + " in pod " + pod);
            return true;
        }
        c.backoff.next(exited.at(), now);
        return false;
    }

    // ---------------------------------------------------------------- containers

    /**
     * startContainer: image, create, start; a restart keeps the last exit as lastState. False when the
     * image could not be had: the container keeps its state, with the pull error as waiting reason.
     */
    private boolean start(ContainerRecord c) {
        if (!ensureImage(c)) {
            return false;
        }
        if (c.process != null) {
            c.previousExit = c.exit;
            c.previousId = c.process.id();
            c.previousStartedAt = c.process.startedAt();
            c.restartCount++;
        }
        event(c, "Normal", "Created", "Created container: " + c.name());
        c.process = kubelet.runtime.container(kubelet.runtime.createContainer(sandbox, c.spec, c.restartCount + 1));
        c.exit = null;
        c.killing = false;
        c.waitingReason = null;
        c.waitingMessage = null;
        c.results.clear(); // the results cache is keyed by container id: a new container has none
        event(c, "Normal", "Started", "Started container " + c.name());
        timeline(new Fact.ContainerStarted(c.name(), c.restartCount, c.process.id()));
        kubelet.runtime.startContainer(c.process.id()); // an exit the container plans is reported by the runtime
        return true;
    }

    /**
     * EnsureImageExists (pkg/kubelet/images/image_manager.go) with every image present on the node
     * except those declared unpullable, and pulls taking no time (reference §9). A failed pull leaves
     * ErrImagePull in the reason cache; while its back-off lasts the reason is ImagePullBackOff.
     */
    private boolean ensureImage(ContainerRecord c) {
        String image = c.spec.getImage();
        String policy = c.spec.getImagePullPolicy();
        String error = kubelet.runtime.pullError(image);
        boolean present = error == null; // the node has every image a registry would give
        if ("Never".equals(policy) && !present) {
            return failStart(c, "ErrImageNeverPull", "Container image \"" + image + "\" is not present with pull policy of Never", true);
        }
        if (present && !"Always".equals(policy)) {
            event(c, "Normal", "Pulled", "Container image \"" + image + "\" already present on machine");
            return true;
        }
        Instant now = context.clock().now();
        ImagePullBackOff backoff = imageBackoffs.computeIfAbsent(dev.peapod.runtime.Images.normalized(image),
                k -> new ImagePullBackOff());
        if (backoff.isInBackOff(now)) {
            String message = "Back-off pulling image \"" + image + "\"";
            event(c, "Normal", "BackOff", message);
            // Since v1.32 the waiting message also carries the last pull error (image_manager.go, PR #127918)
            String waiting = backoff.lastError() == null ? message : message + ": " + backoff.lastError();
            return failStart(c, "ImagePullBackOff", waiting, false);
        }
        event(c, "Normal", "Pulling", "Pulling image \"" + image + "\"");
        if (present) {
            event(c, "Normal", "Pulled", "Successfully pulled image \"" + image + "\" in 0s (0s including waiting). Image size: 0 bytes.");
            return true;
        }
        event(c, "Warning", "Failed", "Failed to pull image \"" + image + "\": " + error);
        backoff.failed(now, "ErrImagePull: " + error);
        return failStart(c, "ErrImagePull", error, false);
    }

    /** startContainer's failure: the reason goes to the reason cache and a Warning "Error: <reason>" event. */
    private boolean failStart(ContainerRecord c, String reason, String message, boolean eventOfItsOwn) {
        if (eventOfItsOwn) {
            event(c, "Warning", reason, message);
        }
        c.waitingReason = reason;
        c.waitingMessage = message;
        event(c, "Warning", "Failed", "Error: " + reason);
        return false;
    }

    /** killContainer: Killing event, SIGTERM, SIGKILL after the grace period (never below 2 s). */
    void kill(ContainerRecord c, long graceSeconds, String message) {
        c.killing = true;
        event(c, "Normal", "Killing", message);
        Duration grace = Duration.ofSeconds(Math.max(graceSeconds, MIN_GRACE_SECONDS));
        kubelet.runtime.stopContainer(c.process.id(), grace); // the runtime reports the exit
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

    /** The PLEG sees the container die: record it and sync the pod at once. */
    private void exited(ContainerRecord c, ContainerExit exit) {
        if (c.exit != null) {
            return;
        }
        c.exit = exit;
        c.killing = false;
        timeline(new Fact.ContainerExited(c.name(), exit.exitCode(), exit.reason()));
        if (c.restartWhenStopped && !isDeleting() && !terminal) {
            // The SyncPod of a probe kill: now that the kill has returned, it starts the container. Its
            // doBackOff reads the pod status taken before the kill, whose latest exited instance is the run
            // before the killed one. If that says back off, the next sync backs off against the killed run.
            c.restartWhenStopped = false;
            if (!backOffBeforeRestart(c, c.previousExit)) {
                start(c); // a failed pull leaves its reason; the next sync tries again
            }
        }
        c.restartWhenStopped = false;
        requestSync();
    }

    /** The grace period of a probe kill: the probe's own, else the pod's (setTerminationGracePeriod). */
    private long probeGrace(ContainerRecord c, ProbeType type) {
        Probe probe = type.of(c.spec);
        if (probe != null && probe.getTerminationGracePeriodSeconds() != null) {
            return probe.getTerminationGracePeriodSeconds();
        }
        return podGrace();
    }

    private long podGrace() {
        Long grace = pod.getSpec().getTerminationGracePeriodSeconds();
        return grace == null ? 30 : grace;
    }

    // ---------------------------------------------------------------- termination

    /** Graceful deletion: stop every container, then publish the terminal status and remove the pod. */
    private void terminate() {
        Long grace = pod.getMetadata().getDeletionGracePeriodSeconds();
        if (stopRemaining("Stopping container", grace == null ? podGrace() : grace)) {
            finish();
            return;
        }
        writeStatus(false);
    }

    private boolean stopRemaining(String verb) {
        return stopRemaining(verb, podGrace());
    }

    /** Kills every running container; true when none is running any more. */
    private boolean stopRemaining(String verb, long grace) {
        boolean allStopped = true;
        for (ContainerRecord c : all()) {
            if (c.running()) {
                allStopped = false;
                if (!c.killing) {
                    kill(c, grace, verb + " " + c.name());
                }
            }
        }
        return allStopped;
    }

    /** The pod is terminal: workers stop, the final phase is published, a deleted pod is removed. */
    private void finish() {
        terminal = true;
        stopWorkers();
        if (next != null) {
            next.cancel();
        }
        writeStatus(true);
        if (isDeleting()) {
            try {
                context.store().delete(Pod.class, namespace, name, 0L);
            } catch (ApiException gone) {
                // already removed by a force delete
            }
        }
    }

    private void stopWorkers() {
        for (ContainerRecord c : all()) {
            c.workers.values().forEach(ProbeWorker::stop);
        }
    }

    private void scheduleNext(Duration delay) {
        if (next != null) {
            next.cancel();
        }
        next = context.loop().scheduleAfter(delay, "resync " + key(), this::requestSync);
    }

    // ---------------------------------------------------------------- status, events, timeline

    /** Generates and writes the API status when it changed; then pokes readiness as UpdatePodStatus does. */
    private void writeStatus(boolean podIsTerminal) {
        PodStatus status = PodStatusGenerator.generate(this, podIsTerminal);
        if (!status.equals(written)) {
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
            context.store().updateStatus(update);
            if (before != null && !before.equals(status.getPhase())) {
                timeline(new Fact.PhaseChanged(status.getPhase()));
            }
            recordReadyFlip(previous, status);
        }
        if (!podIsTerminal) {
            for (ContainerRecord c : all()) {
                ProbeWorker readiness = c.workers.get(ProbeType.READINESS);
                if (readiness != null && c.started() && !c.ready()) {
                    context.loop().post("readiness trigger " + key(), readiness::trigger);
                }
            }
        }
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

    private static io.fabric8.kubernetes.api.model.PodCondition ready(PodStatus status) {
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
        Pod current = context.store().peek(Pod.class, namespace, name);
        Pod subject = current != null ? current : pod;
        context.events().record(subject, c == null ? null : c.fieldPath, type, reason, message,
                EventRecorder.Source.kubelet(kubelet.nodeName()));
    }

    private void timeline(Fact fact) {
        context.timeline().record(namespace, name, fact);
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
