package dev.peapod.kubelet;

import dev.peapod.runtime.ContainerExit;
import dev.peapod.runtime.SimProcess;
import io.fabric8.kubernetes.api.model.Container;

import java.util.EnumMap;
import java.util.Map;

/** What the kubelet knows about one container of a pod across its restarts. */
final class ContainerRecord {
    /** Where the container is declared, which decides how it runs. */
    enum Kind { APP, INIT, SIDECAR }

    final Container spec;
    final Kind kind;
    final String fieldPath;            // spec.containers{app}: the events' involvedObject.fieldPath
    SimProcess process;                // the current (or last) run; null before the first start
    ContainerExit exit;                // how the current run ended; null while it runs
    ContainerExit previousExit;        // the run before: lastState.terminated
    String previousId;                 // the container id of the run before
    java.time.Instant previousStartedAt;
    int restartCount;
    String waitingReason;              // the reason cache: CrashLoopBackOff, ...
    String waitingMessage;
    final CrashLoopBackOff backoff = new CrashLoopBackOff();
    boolean killing;                   // a stop is under way
    boolean restartWhenStopped;        // a probe kill that SyncPod follows with a start (ContainersToStart)
    /** The results cache: the last result written per probe type, for the current container id. */
    final Map<ProbeType, ProbeResult> results = new EnumMap<>(ProbeType.class);
    final Map<ProbeType, ProbeWorker> workers = new EnumMap<>(ProbeType.class);

    ContainerRecord(Container spec, Kind kind) {
        this.spec = spec;
        this.kind = kind;
        this.fieldPath = (kind == Kind.APP ? "spec.containers{" : "spec.initContainers{") + spec.getName() + "}";
    }

    String name() {
        return spec.getName();
    }

    java.time.Instant previousStartedAt() {
        return previousStartedAt;
    }

    boolean everStarted() {
        return process != null;
    }

    boolean running() {
        return process != null && exit == null;
    }

    String containerId() {
        return process == null ? null : process.id();
    }

    /** Started: the startup probe succeeded, or there is none and the container runs (prober_manager UpdatePodStatus). */
    boolean started() {
        if (!running()) {
            return false;
        }
        return workers.containsKey(ProbeType.STARTUP) ? results.get(ProbeType.STARTUP) == ProbeResult.SUCCESS : true;
    }

    /**
     * Ready: started, running, and readiness succeeded or there is no readiness probe. A regular init
     * container is ready only once it completed (status/generate.go, reference §2.5).
     */
    boolean ready() {
        if (kind == Kind.INIT) {
            return completed();
        }
        if (!started()) {
            return false;
        }
        return workers.containsKey(ProbeType.READINESS) ? results.get(ProbeType.READINESS) == ProbeResult.SUCCESS : true;
    }

    /** A regular init container that exited 0 is done for good. */
    boolean completed() {
        return exit != null && exit.exitCode() == 0;
    }
}
