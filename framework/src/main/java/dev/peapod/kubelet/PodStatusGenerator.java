package dev.peapod.kubelet;

import dev.peapod.store.Timestamps;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateRunningBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateWaitingBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HostIPBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import dev.peapod.runtime.ContainerExit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The API status of a pod from what its worker knows: generateAPIPodStatus, getPhase and
 * convertToAPIContainerStatuses (pkg/kubelet/kubelet_pods.go) and the conditions of
 * pkg/kubelet/status/generate.go, with lastTransitionTime kept while a condition does not flip.
 */
final class PodStatusGenerator {
    private static final Set<String> KUBELET_CONDITIONS = Set.of(
            "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled");

    private PodStatusGenerator() {
    }

    static PodStatus generate(PodWorker w, boolean podIsTerminal) {
        boolean hasInit = !w.initContainers.isEmpty();
        List<ContainerStatus> init = new ArrayList<>();
        for (ContainerRecord c : w.initContainers) {
            init.add(containerStatus(w, c, hasInit));
        }
        List<ContainerStatus> apps = new ArrayList<>();
        for (ContainerRecord c : w.containers) {
            apps.add(containerStatus(w, c, hasInit));
        }
        apps.sort(Comparator.comparing(ContainerStatus::getName)); // SortedContainerStatuses: by name (errata A-8)
        String phase = phase(w, init, apps, podIsTerminal);
        String old = w.written == null ? null : w.written.getPhase();
        if ("Succeeded".equals(old) || "Failed".equals(old)) {
            phase = old; // a terminal phase never changes (generateAPIPodStatus)
        }
        List<PodCondition> conditions = conditions(w, init, apps, phase, podIsTerminal);
        String hostIp = w.kubelet.hostIp();
        PodStatusBuilder status = new PodStatusBuilder()
                .withPhase(phase)
                .withConditions(conditions)
                .withHostIP(hostIp)
                .withHostIPs(new HostIPBuilder().withIp(hostIp).build())
                .withPodIP(w.podIp)
                .withPodIPs(new PodIPBuilder().withIp(w.podIp).build())
                .withStartTime(Timestamps.format(w.startTime))
                .withContainerStatuses(apps)
                .withQosClass(w.written == null ? null : w.written.getQosClass());
        if (!init.isEmpty()) {
            status.withInitContainerStatuses(init);
        }
        return status.build();
    }

    // ---------------------------------------------------------------- container statuses

    private static ContainerStatus containerStatus(PodWorker w, ContainerRecord c, boolean podHasInit) {
        ContainerStatus status = new ContainerStatus();
        status.setName(c.name());
        status.setImage(normalizedImage(c.spec.getImage()));
        status.setRestartCount(c.restartCount);
        status.setReady(c.ready());
        status.setStarted(c.started());
        if (!c.everStarted()) {
            String reason = c.waitingReason != null ? c.waitingReason : podHasInit ? "PodInitializing" : "ContainerCreating";
            status.setState(waiting(reason, c.waitingMessage));
            status.setImageID("");
            status.setLastState(new ContainerState());
            return status;
        }
        status.setImageID(imageId(c.spec.getImage()));
        status.setContainerID(c.containerId());
        if (c.running()) {
            status.setState(new ContainerState(new ContainerStateRunningBuilder()
                    .withStartedAt(Timestamps.format(c.process.startedAt())).build(), null, null));
            status.setLastState(lastState(c));
        } else if (c.waitingReason != null && w.shouldRestart(c)) {
            // A cached waiting reason shows the exit as lastState (convertToAPIContainerStatuses)
            status.setState(waiting(c.waitingReason, c.waitingMessage));
            status.setLastState(new ContainerState(null, terminated(c.exit, c.containerId(), c.process.startedAt()), null));
        } else {
            status.setState(new ContainerState(null, terminated(c.exit, c.containerId(), c.process.startedAt()), null));
            status.setLastState(lastState(c));
        }
        return status;
    }

    /** lastState holds only the most recent previous termination (reference §3.2). */
    private static ContainerState lastState(ContainerRecord c) {
        if (c.previousExit == null) {
            return new ContainerState();
        }
        return new ContainerState(null, terminated(c.previousExit, c.previousId, c.previousStartedAt()), null);
    }

    private static ContainerState waiting(String reason, String message) {
        return new ContainerState(null, null, new ContainerStateWaitingBuilder().withReason(reason).withMessage(message).build());
    }

    private static ContainerStateTerminated terminated(ContainerExit exit, String id, Instant startedAt) {
        return new ContainerStateTerminatedBuilder()
                .withExitCode(exit.exitCode())
                .withReason(exit.reason())
                .withStartedAt(Timestamps.format(startedAt))
                .withFinishedAt(Timestamps.format(exit.at()))
                .withContainerID(id)
                .build();
    }

    static String normalizedImage(String image) {
        return dev.peapod.runtime.Images.normalized(image);
    }

    /** A digest derived from the image name, so that the same image always has the same id. */
    static String imageId(String image) {
        String normalized = normalizedImage(image);
        int at = normalized.indexOf('@');
        String repository = at >= 0 ? normalized.substring(0, at) : normalized.substring(0, normalized.lastIndexOf(':'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8));
            return repository + "@sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- phase

    /** getPhase (kubelet_pods.go, v1.33 with errata B-2 to B-4). */
    static String phase(PodWorker w, List<ContainerStatus> init, List<ContainerStatus> apps, boolean podIsTerminal) {
        int pendingRegularInit = 0;
        int pendingSidecars = 0;
        int failedInit = 0;
        int unknown = 0;
        int running = 0;
        int waiting = 0;
        int stopped = 0;
        int succeeded = 0;
        for (int i = 0; i < w.initContainers.size(); i++) {
            ContainerRecord record = w.initContainers.get(i);
            ContainerStatus s = init.get(i);
            ContainerState state = s.getState();
            if (record.kind == ContainerRecord.Kind.SIDECAR) {
                if (state.getRunning() != null) {
                    if (!Boolean.TRUE.equals(s.getStarted())) {
                        pendingSidecars++;
                    }
                    running++;
                } else if (state.getWaiting() != null && terminatedBefore(s) == null) {
                    pendingSidecars++;
                    waiting++;
                }
                continue; // terminated sidecars, and sidecars restarting, are ignored
            }
            if (state.getRunning() != null) {
                pendingRegularInit++;
            } else if (state.getTerminated() != null) {
                if (state.getTerminated().getExitCode() != 0) {
                    failedInit++;
                }
            } else if (state.getWaiting() != null && terminatedBefore(s) != null) {
                if (terminatedBefore(s).getExitCode() != 0) {
                    failedInit++;
                }
            } else {
                pendingRegularInit++;
            }
        }
        for (ContainerStatus s : apps) {
            ContainerState state = s.getState();
            if (state.getRunning() != null) {
                running++;
            } else if (state.getTerminated() != null) {
                stopped++;
                if (state.getTerminated().getExitCode() == 0) {
                    succeeded++;
                }
            } else if (state.getWaiting() != null && terminatedBefore(s) != null) {
                stopped++;
            } else if (state.getWaiting() != null) {
                waiting++;
            } else {
                unknown++;
            }
        }
        String policy = w.restartPolicy();
        boolean podHasInitialized = w.containers.stream().anyMatch(ContainerRecord::everStarted);
        if (failedInit > 0 && "Never".equals(policy)) {
            return "Failed";
        }
        if (pendingRegularInit > 0 || (pendingSidecars > 0 && !podHasInitialized)) {
            return "Pending";
        }
        if (waiting > 0) {
            return "Pending";
        }
        if (running > 0 && unknown == 0) {
            return "Running";
        }
        if (running == 0 && stopped > 0 && unknown == 0) {
            if (podIsTerminal) {
                return stopped == succeeded ? "Succeeded" : "Failed";
            }
            if ("Always".equals(policy)) {
                return "Running";
            }
            if (stopped == succeeded) {
                return "Succeeded";
            }
            return "Never".equals(policy) ? "Failed" : "Running";
        }
        return "Pending";
    }

    private static ContainerStateTerminated terminatedBefore(ContainerStatus s) {
        return s.getLastState() == null ? null : s.getLastState().getTerminated();
    }

    // ---------------------------------------------------------------- conditions

    /** Non-kubelet conditions first, then PodReadyToStartContainers, Initialized, Ready, ContainersReady, PodScheduled. */
    private static List<PodCondition> conditions(PodWorker w, List<ContainerStatus> init, List<ContainerStatus> apps,
                                                 String phase, boolean podIsTerminal) {
        List<PodCondition> old = w.pod.getStatus() == null || w.pod.getStatus().getConditions() == null
                ? List.of() : w.pod.getStatus().getConditions();
        List<PodCondition> result = new ArrayList<>();
        for (PodCondition c : old) {
            if (!KUBELET_CONDITIONS.contains(c.getType())) {
                result.add(c);
            }
        }
        boolean sandboxReady = !podIsTerminal && !"Succeeded".equals(phase) && !"Failed".equals(phase);
        result.add(condition(w, "PodReadyToStartContainers", sandboxReady ? "True" : "False", null, null));
        result.add(initialized(w, init, apps, phase));
        PodCondition containersReady = containersReady(w, init, apps, phase);
        result.add(condition(w, "Ready", containersReady.getStatus(), containersReady.getReason(), containersReady.getMessage()));
        result.add(containersReady);
        result.add(condition(w, "PodScheduled", "True", null, null));
        return result;
    }

    private static PodCondition initialized(PodWorker w, List<ContainerStatus> init, List<ContainerStatus> apps, String phase) {
        List<String> incomplete = new ArrayList<>();
        for (int i = 0; i < w.initContainers.size(); i++) {
            ContainerRecord record = w.initContainers.get(i);
            ContainerStatus s = init.get(i);
            if (record.kind == ContainerRecord.Kind.SIDECAR) {
                if (!Boolean.TRUE.equals(s.getStarted())) {
                    incomplete.add(record.name());
                }
            } else if (!Boolean.TRUE.equals(s.getReady()) && !record.completed()) {
                incomplete.add(record.name());
            }
        }
        if ("Succeeded".equals(phase)) {
            return condition(w, "Initialized", "True", "PodCompleted", null);
        }
        if (w.containers.stream().anyMatch(ContainerRecord::everStarted) || incomplete.isEmpty()) {
            return condition(w, "Initialized", "True", null, null);
        }
        return condition(w, "Initialized", "False", "ContainersNotInitialized",
                "containers with incomplete status: " + goList(incomplete));
    }

    private static PodCondition containersReady(PodWorker w, List<ContainerStatus> init, List<ContainerStatus> apps, String phase) {
        if ("Succeeded".equals(phase)) {
            return condition(w, "ContainersReady", "False", "PodCompleted", null);
        }
        if ("Failed".equals(phase)) {
            return condition(w, "ContainersReady", "False", "PodFailed", null);
        }
        List<String> unready = new ArrayList<>();
        for (ContainerRecord c : w.initContainers) {
            if (c.kind == ContainerRecord.Kind.SIDECAR && !c.ready()) {
                unready.add(c.name()); // sidecars are listed before app containers (errata B-5)
            }
        }
        for (ContainerRecord c : w.containers) {
            if (!c.ready()) {
                unready.add(c.name());
            }
        }
        if (!unready.isEmpty()) {
            return condition(w, "ContainersReady", "False", "ContainersNotReady",
                    "containers with unready status: " + goList(unready));
        }
        return condition(w, "ContainersReady", "True", null, null);
    }

    /** Go's %s of a []string: {@code [a b]}. */
    private static String goList(List<String> names) {
        return "[" + String.join(" ", names) + "]";
    }

    /** A condition whose lastTransitionTime moves only when its status flips (status manager). */
    private static PodCondition condition(PodWorker w, String type, String status, String reason, String message) {
        String since = Timestamps.format(w.context.clock().now());
        List<PodCondition> old = w.pod.getStatus() == null || w.pod.getStatus().getConditions() == null
                ? List.of() : w.pod.getStatus().getConditions();
        for (PodCondition c : old) {
            if (c.getType().equals(type) && c.getStatus().equals(status) && c.getLastTransitionTime() != null) {
                since = c.getLastTransitionTime();
            }
        }
        return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(since).withLastProbeTime(null).build();
    }
}
