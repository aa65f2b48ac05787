package dev.peapod.printers;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The READY, STATUS and RESTARTS tally that printPod keeps while it walks the container statuses
 * (kubernetes: pkg/printers/internalversion/printers.go, printPod). One walk per row; not reusable.
 */
final class StatusWalk {
    private static final String POD_INITIALIZING = "PodInitializing";

    String reason;             // the STATUS cell so far
    int ready;                 // READY numerator
    int restarts;              // RESTARTS count
    Instant lastRestart;       // latest lastState.terminated.finishedAt among the counted containers; null = none
    private int sidecarRestarts;          // kept apart: they stay counted once the pod is initialized
    private Instant lastSidecarRestart;

    StatusWalk(String reason) {
        this.reason = reason;
    }

    /**
     * Walks init container statuses in list order (spec order; the kubelet does not sort them).
     * Stops at the first one still initializing and sets the reason; false if none is.
     */
    boolean walkInitContainers(List<ContainerStatus> statuses, Map<String, Container> specs, int specCount) {
        for (int i = 0; i < statuses.size(); i++) {
            ContainerStatus status = statuses.get(i);
            boolean sidecar = isSidecar(specs.get(status.getName()));
            countRestarts(status, sidecar);
            if (succeeded(status)) {
                continue;
            }
            if (sidecar && Boolean.TRUE.equals(status.getStarted())) {
                if (Boolean.TRUE.equals(status.getReady())) {
                    ready++;
                }
                continue;
            }
            reason = initReason(status, i, specCount);
            return true;
        }
        return false;
    }

    /**
     * Walks app container statuses from last to first, so the first in the list has the last word.
     * The list order is the kubelet's (sorted by name, errata B-1); it is not re-sorted here.
     * Regular init container restarts stop counting: only sidecar and app restarts remain.
     */
    void walkAppContainers(List<ContainerStatus> statuses, boolean podReady) {
        restarts = sidecarRestarts;
        lastRestart = lastSidecarRestart;
        boolean hasRunning = false;
        for (int i = statuses.size() - 1; i >= 0; i--) {
            ContainerStatus status = statuses.get(i);
            countRestarts(status);
            String containerReason = appReason(status);
            if (containerReason != null) {
                reason = containerReason;
            } else if (Boolean.TRUE.equals(status.getReady()) && running(status)) {
                // Only ready and running sets hasRunning; running but unready leaves "Completed" (errata B-7).
                hasRunning = true;
                ready++;
            }
        }
        if ("Completed".equals(reason) && hasRunning) {
            reason = podReady ? "Running" : "NotReady";
        }
    }

    private static String initReason(ContainerStatus status, int index, int specCount) {
        ContainerStateTerminated terminated = state(status).getTerminated();
        ContainerStateWaiting waiting = state(status).getWaiting();
        if (terminated != null) {
            return "Init:" + terminatedReason(terminated);
        } else if (waiting != null && present(waiting.getReason()) && !POD_INITIALIZING.equals(waiting.getReason())) {
            return "Init:" + waiting.getReason();
        }
        return "Init:" + index + "/" + specCount;
    }

    /** The reason an app container imposes on the row, or null when it is running or has no state. */
    private static String appReason(ContainerStatus status) {
        ContainerStateWaiting waiting = state(status).getWaiting();
        ContainerStateTerminated terminated = state(status).getTerminated();
        if (waiting != null && present(waiting.getReason())) {
            return waiting.getReason();
        } else if (terminated != null) {
            return terminatedReason(terminated);
        }
        return null;
    }

    /** The kubelet's reason, else {@code Signal:N}, else {@code ExitCode:N}. */
    private static String terminatedReason(ContainerStateTerminated terminated) {
        if (present(terminated.getReason())) {
            return terminated.getReason();
        }
        int signal = orZero(terminated.getSignal());
        return signal != 0 ? "Signal:" + signal : "ExitCode:" + orZero(terminated.getExitCode());
    }

    private void countRestarts(ContainerStatus status, boolean sidecar) {
        countRestarts(status);
        if (sidecar) {
            sidecarRestarts += orZero(status.getRestartCount());
            lastSidecarRestart = later(lastSidecarRestart, lastFinishedAt(status));
        }
    }

    private void countRestarts(ContainerStatus status) {
        restarts += orZero(status.getRestartCount());
        lastRestart = later(lastRestart, lastFinishedAt(status));
    }

    private static Instant lastFinishedAt(ContainerStatus status) {
        ContainerState last = status.getLastState();
        ContainerStateTerminated terminated = last == null ? null : last.getTerminated();
        return terminated == null
                ? null
                : ApiTime.parse("lastState.terminated.finishedAt", terminated.getFinishedAt());
    }

    private static Instant later(Instant current, Instant candidate) {
        return candidate != null && (current == null || current.isBefore(candidate)) ? candidate : current;
    }

    /** podutil.IsRestartableInitContainer: a status with no matching spec is no sidecar. */
    private static boolean isSidecar(Container spec) {
        return spec != null && "Always".equals(spec.getRestartPolicy());
    }

    private static boolean succeeded(ContainerStatus status) {
        ContainerStateTerminated terminated = state(status).getTerminated();
        return terminated != null && orZero(terminated.getExitCode()) == 0;
    }

    private static boolean running(ContainerStatus status) {
        return state(status).getRunning() != null;
    }

    /** Go's State is a value, never nil: an absent one has no waiting, running or terminated. */
    private static ContainerState state(ContainerStatus status) {
        return status.getState() == null ? new ContainerState() : status.getState();
    }

    private static boolean present(String text) {
        return text != null && !text.isEmpty();
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
