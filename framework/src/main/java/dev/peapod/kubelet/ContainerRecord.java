package dev.peapod.kubelet;

import dev.peapod.runtime.ContainerExit;
import dev.peapod.runtime.SimProcess;
import dev.peapod.time.Timer;
import io.fabric8.kubernetes.api.model.Container;

import java.util.EnumMap;
import java.util.Map;

/** What the kubelet knows about one container of a pod across its restarts. */
final class ContainerRecord {
    /** Where the container is declared, which decides how it runs. */
    enum Kind { APP, INIT, SIDECAR }

    Container spec;                    // the pod's latest spec of this container (an update may change its image)
    final Kind kind;
    final String fieldPath;            // spec.containers{app}: the events' involvedObject.fieldPath
    SimProcess process;                // the current (or last) run; null before the first start
    String image;                      // the image the current run was created from
    RuntimeSnapshot.User user;         // the identity the current run's process was created with
    ContainerExit exit;                // how the current run ended; null while it runs
    ContainerExit previousExit;        // the run before: lastState.terminated
    String previousId;                 // the container id of the run before
    java.time.Instant previousStartedAt;
    int restartCount;
    String waitingReason;              // the reason cache: CrashLoopBackOff, ...
    String waitingMessage;
    boolean killing;                   // a kill is under way: Killing event sent, the run has not ended
    boolean stopping;                  // the runtime was asked to stop the current run (StopContainer)
    boolean restartWhenStopped;        // a probe kill that SyncPod follows with a start (ContainersToStart)
    java.time.Instant turnSince;       // a sidecar waiting for its turn to stop since then (termination ordering)
    long turnGrace;                    // the grace period it waits within
    Timer turnTimer;                   // when its wait ends at the latest
    LifecycleHooks.Run postStart;      // the postStart hook of the current run, while the kubelet waits for it
    boolean unpublished;               // started by a SyncPod still blocked: the status manager has not seen this run
    LifecycleHooks.Run preStop;        // the preStop hook of the current kill
    Timer preStopDeadline;             // when the kubelet stops waiting for the preStop hook: the grace period
    Runnable onStopped;                // what the kill's caller does once the run has ended (a blocked SyncPod goes on)
    final Map<ProbeType, ProbeWorker> workers = new EnumMap<>(ProbeType.class);

    ContainerRecord(Container spec, Kind kind) {
        this.spec = spec;
        this.kind = kind;
        this.fieldPath = (kind == Kind.APP ? "spec.containers{" : "spec.initContainers{") + spec.getName() + "}";
    }

    String name() {
        return spec.getName();
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

    /** The runtime's view of the current run (kubecontainer.Status); only for a container that ever started. */
    RuntimeSnapshot.Container snapshot() {
        RuntimeSnapshot.State state = exit != null ? RuntimeSnapshot.State.EXITED
                : killing ? RuntimeSnapshot.State.STOPPING : RuntimeSnapshot.State.RUNNING;
        return new RuntimeSnapshot.Container(name(), process.id(), state, process.startedAt(), exit, restartCount,
                previousExit, previousId, previousStartedAt, image, user);
    }
}
