package dev.peapod.kubelet;

import dev.peapod.time.EventLoop;
import dev.peapod.time.Ticker;
import dev.peapod.timeline.Timeline;
import dev.peapod.runtime.SimProcess;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Probe;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Probes one container for one probe type, shaped like upstream's worker (pkg/kubelet/prober/worker.go).
 * Ticks run at {@code anchor + k * periodSeconds}; the anchor is the pod's first sync on the node and
 * is never moved by a container restart. A manual trigger (readiness only) probes at once and
 * re-anchors the ticker there, as upstream's {@code probeTicker.Reset} does (errata A-4).
 */
final class ProbeWorker {
    private final PodWorker pod;
    private final ContainerRecord container;
    private final ProbeType type;
    private final Probe probe;
    private final EventLoop loop;
    private final Duration period;
    private final ProbeResults results; // this probe type's cache, keyed by container id
    private String containerId;        // a new id resets the cached result and lifts the hold
    private ProbeResult lastResult = ProbeResult.UNKNOWN;
    private int resultRun;             // the same result this many times in a row
    private boolean onHold;            // liveness failed (or startup decided): wait for a new container
    private boolean inFlight;          // a probe that takes time has not answered yet
    private boolean tickWhileInFlight; // Go's ticker channel keeps one tick for a busy worker
    private boolean stopped;
    private Ticker ticker;             // anchor + k * period; reset by a manual trigger
    private final String label;        // names the worker's timers; built once, ticks are the hot path
    private final Timeline.ProbePen line; // where its results go on the timeline
    private final int initialDelaySeconds; // the probe's fields with their defaults, read once: the spec never changes them
    private final int failureThreshold;
    private final int successThreshold;
    private Instant lastProbedAt;      // the instant of the last probe run
    private String lastOutput = "";    // the last run's output: an equal one shares it (timelines keep every run)
    // What a tick would otherwise resolve again: the ticks are the hot path, and at 10,000 pods each object read is a
    // cache miss. Each is kept with what it was made from, compared by identity.
    private SimProcess process;          // the run whose id containerId is
    private Prober.Handler handler;      // the probe's handler resolved against container.spec (handler.spec)
    private PodStatus startedIn;         // the published status seesStarted last read, and for which run
    private SimProcess startedFor;
    private boolean started;
    private String podIp;
    /** The container has a startup probe, whose worker gates this one's (or this is it): a spec's probes never change. */
    private final boolean startupGated;

    ProbeWorker(PodWorker pod, ContainerRecord container, ProbeType type, EventLoop loop) {
        this.pod = pod;
        this.container = container;
        this.type = type;
        this.probe = type.of(container.spec);
        this.loop = loop;
        this.period = Duration.ofSeconds(probe.getPeriodSeconds() == null ? 10 : probe.getPeriodSeconds());
        this.results = pod.results.get(type);
        this.label = "probe " + type.label + " " + pod.key() + "/" + container.name();
        this.line = pod.pen.probe(container.name(), type.fact);
        this.initialDelaySeconds = probe.getInitialDelaySeconds() == null ? 0 : probe.getInitialDelaySeconds();
        this.failureThreshold = probe.getFailureThreshold() == null ? 3 : probe.getFailureThreshold();
        this.successThreshold = probe.getSuccessThreshold() == null ? 1 : probe.getSuccessThreshold();
        this.startupGated = ProbeType.STARTUP.of(container.spec) != null; // the sandbox makes a worker for it
    }

    /**
     * Starts ticking. Upstream also probes once right away, but that first run always finds no
     * container yet (workers start before the sandbox and containers), so it is left out.
     */
    void start() {
        ticker = Ticker.start(loop, label, loop.now(), period, this::tick);
    }

    /**
     * Probes now and re-anchors the ticker, as a manual trigger does. A trigger at an instant the
     * worker already probed is dropped: on the virtual clock a resync can coincide with a tick, which
     * on a real node (with jitter) practically never happens.
     */
    void trigger() {
        if (stopped || loop.now().equals(lastProbedAt)) {
            return;
        }
        ticker.reset(loop.now()); // probeTicker.Reset (worker.go)
        tick();
    }

    /** It is safe to stop a worker more than once. */
    void stop() {
        stopped = true;
        if (ticker != null) {
            ticker.stop();
        }
    }

    private void tick() {
        if (inFlight) {
            tickWhileInFlight = true;
            return;
        }
        if (!doProbe()) {
            stop();
        }
    }

    /** One step: upstream's doProbe. False: stop the worker. */
    boolean doProbe() {
        if (pod.isTerminal()) {
            return false; // the pod is Failed or Succeeded: workers exit
        }
        if (!pod.kubelet.isRunning()) {
            return true; // the kubelet process is stopped: no probe runs until it starts again
        }
        SimProcess current = container.process;
        if (current == null) {
            return true; // not created yet
        }
        if (container.unpublished) {
            // the status manager has not seen this run yet (SyncPod is blocked in its postStart hook, or in the kill
            // after its failure), and worker.go doProbe waits for a container id in the published status
            return true;
        }
        if (current != process) {
            process = current; // a run's id never changes: the ids are compared once per run
            if (!current.id().equals(containerId)) {
                results.remove(containerId); // worker.go: the old container's result goes with it
                containerId = current.id();
                results.set(containerId, type.initial);
                onHold = false; // lastResult and resultRun carry over (errata A-2)
            }
        }
        if (onHold) {
            return true; // wait for the restarted container
        }
        if (!container.running()) {
            results.set(containerId, ProbeResult.FAILURE);
            return !(container.exit != null && "Never".equals(pod.restartPolicy()) && container.kind != ContainerRecord.Kind.SIDECAR);
        }
        if (pod.isDeleting() && type != ProbeType.READINESS) {
            results.set(containerId, ProbeResult.SUCCESS);
            return false; // no liveness or startup probing during graceful termination
        }
        if (initialDelaySeconds > 0 && secondsSince(current.startedAt(), loop.now()) < initialDelaySeconds) {
            return true;
        }
        boolean started = seesStarted();
        if (type == ProbeType.STARTUP && started) {
            return true; // the startup probe never runs again for a started container
        }
        if (type != ProbeType.STARTUP && !started) {
            return true; // the startup probe gates liveness and readiness
        }
        lastProbedAt = loop.now();
        Prober.Handler resolved = handler;
        if (resolved == null || resolved.spec != container.spec) {
            resolved = Prober.handler(probe, container.spec); // once per container spec, not per run
            handler = resolved;
        }
        if (podIp == null) {
            podIp = pod.podIp(); // the sandbox's, set once before any container runs
        }
        ProbeOutcome outcome = Prober.run(type, resolved, pod.kubelet.runtime, current, podIp);
        if (outcome.took().isZero()) {
            record(outcome);
        } else {
            inFlight = true;
            String id = containerId;
            loop.scheduleAfter(outcome.took(), label, () -> {
                inFlight = false;
                if (!stopped && id.equals(container.containerId())) {
                    record(outcome);
                }
                if (tickWhileInFlight && !stopped) {
                    tickWhileInFlight = false;
                    tick();
                }
            });
        }
        return true;
    }

    /**
     * Whether this worker sees the container started. With a startup probe that is the published
     * status, as upstream's workers read the status manager ({@link PodWorker#publishedStarted}), so a
     * startup success counts from the next tick; without one a running container has started.
     */
    private boolean seesStarted() {
        if (!startupGated) {
            return container.running();
        }
        PodStatus written = pod.written;
        SimProcess current = container.process;
        if (written != startedIn || current != startedFor) { // what publishedStarted reads: the status and the run's id
            started = pod.publishedStarted(container);
            startedIn = written;
            startedFor = current;
        }
        return started;
    }

    /** {@code Duration.between(from, to).getSeconds()}, without the Duration: whole seconds, rounded down. */
    static long secondsSince(Instant from, Instant to) {
        long seconds = to.getEpochSecond() - from.getEpochSecond();
        return to.getNano() < from.getNano() ? seconds - 1 : seconds;
    }

    /** Counts a result against the thresholds; the cache changes only at a threshold (worker.go). */
    private void record(ProbeOutcome outcome) {
        if (outcome.output() != lastOutput && Objects.equals(outcome.output(), lastOutput)) {
            // the same text again (an exec probe that cats a file): the timeline keeps one copy, not one per run
            outcome = new ProbeOutcome(outcome.result(), outcome.warning(), outcome.errored(), lastOutput, outcome.took());
        } else {
            lastOutput = outcome.output();
        }
        if (outcome.errored()) {
            pod.probeRan(container, type, outcome, 0, 0, line);
            return; // a prober error is thrown away, not counted
        }
        ProbeResult result = outcome.result();
        if (lastResult == result) {
            resultRun++;
        } else {
            lastResult = result;
            resultRun = 1;
        }
        pod.probeRan(container, type, outcome, resultRun,
                result == ProbeResult.FAILURE ? failureThreshold : successThreshold, line);
        if ((result == ProbeResult.FAILURE && resultRun < failureThreshold)
                || (result == ProbeResult.SUCCESS && resultRun < successThreshold)) {
            return;
        }
        results.set(containerId, result);
        if ((type == ProbeType.LIVENESS && result == ProbeResult.FAILURE) || type == ProbeType.STARTUP) {
            // Upstream (1.33) holds liveness after a failure and startup after any decision until a new container.
            onHold = true;
            resultRun = 0;
        }
        if (type == ProbeType.STARTUP && !stopped && container.running() && !container.stopping && !container.killing) {
            // A decided startup probe ticks for nothing until the container restarts (worker.go doProbe returns early
            // for a started container): no events meanwhile; the run's end (runEnding) brings the ticks back on their grid.
            // A run already ending keeps its ticks: its stop or exit has been announced (runEnding) already
            ticker.pause();
        }
    }

    /**
     * The container's current run is ending (a stop was asked for) or has ended: a new run, which the
     * worker must see at the tick it would have seen it at, may follow, so a paused ticker ticks again
     * on its grid. The ticks left out did nothing: on hold, the worker waits for a new container id, and
     * a new run starts only after this (a stop's exit, or the sync after an exit, comes later).
     */
    void runEnding() {
        if (ticker != null) {
            ticker.resume();
        }
    }
}
