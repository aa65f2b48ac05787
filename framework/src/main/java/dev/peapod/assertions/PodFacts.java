package dev.peapod.assertions;

import dev.peapod.core.PeapodException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads the facts the checks compare, from the fields the kubelet and scheduler write, and words
 * them for failure messages. The phrases end without a full stop; the messages add it.
 */
final class PodFacts {
    static final String CRASH_LOOP_BACK_OFF = "CrashLoopBackOff"; // kubecontainer.ErrCrashLoopBackOff

    private PodFacts() {
    }

    // ---------------------------------------------------------------- pod

    static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "" : pod.getStatus().getPhase();
    }

    static String node(Pod pod) {
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return node == null || node.isEmpty() ? null : node;
    }

    static String podIp(Pod pod) {
        String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        return ip == null || ip.isEmpty() ? null : ip;
    }

    static List<PodCondition> conditions(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getConditions() == null
                ? List.of() : pod.getStatus().getConditions();
    }

    /** The first condition of a type, as the API's helpers read it (podutil.GetPodCondition). */
    static Optional<PodCondition> condition(Pod pod, String type) {
        return conditions(pod).stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    static boolean isReady(Pod pod) {
        return condition(pod, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    /** {@code phase Pending}, with the pod's own reason and message when it has them. */
    static String describePhase(Pod pod) {
        String phase = phase(pod).isEmpty() ? "<none>" : phase(pod);
        String reason = pod.getStatus() == null ? null : pod.getStatus().getReason();
        String message = pod.getStatus() == null ? null : pod.getStatus().getMessage();
        return "phase " + phase + reasonAndMessage(reason, message);
    }

    /** {@code Ready=False since 00:00:50 (ContainersNotReady: containers with unready status: [app])}. */
    static String describeCondition(PodCondition condition, VirtualTime time) {
        String since = condition.getLastTransitionTime() == null ? "" : " since " + time.at(condition.getLastTransitionTime());
        return condition.getType() + "=" + condition.getStatus() + since
                + reasonAndMessage(condition.getReason(), condition.getMessage());
    }

    /**
     * {@code it has Ready=False since 00:00:50 (...)}, or {@code it has no Ready condition (its conditions: ...)}:
     * what a pod has instead of the condition a check wanted.
     */
    static String describeCondition(Pod pod, String type, Optional<PodCondition> condition, VirtualTime time) {
        if (condition.isPresent()) {
            return "it has " + describeCondition(condition.get(), time);
        }
        String others = listConditions(pod);
        return "it has no " + type + " condition (" + (others.isEmpty() ? "it has no conditions" : "its conditions: " + others) + ")";
    }

    /** {@code PodReadyToStartContainers=True, Initialized=True, ...}: what a pod has, when the wanted one is missing. */
    static String listConditions(Pod pod) {
        return conditions(pod).stream().map(c -> c.getType() + "=" + c.getStatus()).collect(Collectors.joining(", "));
    }

    // ---------------------------------------------------------------- containers

    /** Init containers, then app containers, in spec order: the names a check may scope to. */
    static List<String> containerNames(Pod pod) {
        List<String> names = new ArrayList<>();
        if (pod.getSpec() != null) {
            list(pod.getSpec().getInitContainers()).forEach(c -> names.add(c.getName()));
            list(pod.getSpec().getContainers()).forEach(c -> names.add(c.getName()));
        }
        return names;
    }

    /**
     * The container a single-container check means: the scoped one, else the pod's only app
     * container. Several app containers and no scope cannot be guessed, so that is an error.
     */
    static String oneContainer(Pod pod, String scoped, String check) {
        if (scoped != null) {
            return scoped;
        }
        List<String> apps = pod.getSpec() == null ? List.of()
                : list(pod.getSpec().getContainers()).stream().map(Container::getName).toList();
        if (apps.size() == 1) {
            return apps.get(0);
        }
        throw new PeapodException(check + " is about one container, but pod " + pod.getMetadata().getNamespace() + "/"
                + pod.getMetadata().getName() + " has " + apps.size() + " containers " + apps
                + ": name one, e.g. assertThat(cluster).pod(\"" + pod.getMetadata().getName() + "\").container(\""
                + (apps.isEmpty() ? "app" : apps.get(0)) + "\")");
    }

    /** Init container statuses, then app container statuses. */
    static List<ContainerStatus> statuses(Pod pod) {
        List<ContainerStatus> statuses = new ArrayList<>();
        if (pod.getStatus() != null) {
            statuses.addAll(list(pod.getStatus().getInitContainerStatuses()));
            statuses.addAll(list(pod.getStatus().getContainerStatuses()));
        }
        return statuses;
    }

    static Optional<ContainerStatus> status(Pod pod, String container) {
        return statuses(pod).stream().filter(s -> container.equals(s.getName())).findFirst();
    }

    /** restartCount, 0 before the container has a status. */
    static int restartCount(Pod pod, String container) {
        return status(pod, container).map(s -> s.getRestartCount() == null ? 0 : s.getRestartCount()).orElse(0);
    }

    static boolean isReady(Pod pod, String container) {
        return status(pod, container).map(s -> Boolean.TRUE.equals(s.getReady())).orElse(false);
    }

    /** The container's {@code started}: running and past its startup probe, if it has one. */
    static boolean isStarted(Pod pod, String container) {
        return status(pod, container).map(s -> Boolean.TRUE.equals(s.getStarted())).orElse(false);
    }

    static boolean isRunning(Pod pod, String container) {
        return status(pod, container).map(s -> s.getState() != null && s.getState().getRunning() != null).orElse(false);
    }

    static boolean isWaiting(ContainerStatus status, String reason) {
        return status.getState() != null && status.getState().getWaiting() != null
                && reason.equals(status.getState().getWaiting().getReason());
    }

    static boolean isCrashLooping(Pod pod, String container) {
        return status(pod, container).map(s -> isWaiting(s, CRASH_LOOP_BACK_OFF)).orElse(false);
    }

    /** Any container, init containers included: {@code Init:CrashLoopBackOff} is crash-looping too. */
    static boolean anyCrashLooping(Pod pod) {
        return statuses(pod).stream().anyMatch(s -> isWaiting(s, CRASH_LOOP_BACK_OFF));
    }

    static boolean terminatedWith(ContainerStateTerminated terminated, int exitCode, String reason) {
        return terminated != null && terminated.getExitCode() != null && terminated.getExitCode() == exitCode
                && reason.equals(terminated.getReason());
    }

    static ContainerStateTerminated lastTermination(ContainerStatus status) {
        return status.getLastState() == null ? null : status.getLastState().getTerminated();
    }

    // ---------------------------------------------------------------- phrases

    /** {@code running since 00:00:50}, {@code waiting (CrashLoopBackOff)}, {@code terminated with exit code 1 (Error)}. */
    static String describeState(Pod pod, String container, VirtualTime time) {
        Optional<ContainerStatus> status = status(pod, container);
        if (status.isEmpty() || status.get().getState() == null) {
            return "without a status yet";
        }
        ContainerState state = status.get().getState();
        if (state.getRunning() != null) {
            return "running since " + time.at(state.getRunning().getStartedAt());
        }
        if (state.getWaiting() != null) {
            return "waiting (" + state.getWaiting().getReason() + ")";
        }
        if (state.getTerminated() != null) {
            return "terminated with " + describeTermination(state.getTerminated());
        }
        return "in no state";
    }

    /** As {@link #describeState}, with the waiting message: {@code waiting (CrashLoopBackOff: back-off 20s ...)}. */
    static String describeStateWithMessage(Pod pod, String container, VirtualTime time) {
        Optional<ContainerStatus> status = status(pod, container);
        if (status.isPresent() && status.get().getState() != null && status.get().getState().getWaiting() != null) {
            var waiting = status.get().getState().getWaiting();
            return "waiting" + reasonAndMessage(waiting.getReason(), waiting.getMessage());
        }
        return describeState(pod, container, time);
    }

    /** {@code exit code 1 (Error)}. */
    static String describeTermination(ContainerStateTerminated terminated) {
        return "exit code " + terminated.getExitCode() + " (" + terminated.getReason() + ")";
    }

    /** {@code app is running since 00:00:50; log is waiting (ContainerCreating)}. */
    static String describeAllStates(Pod pod, VirtualTime time) {
        List<String> names = containerNames(pod);
        if (names.isEmpty()) {
            return "the pod has no containers";
        }
        return names.stream().map(name -> name + " is " + describeState(pod, name, time)).collect(Collectors.joining("; "));
    }

    private static String reasonAndMessage(String reason, String message) {
        boolean hasReason = reason != null && !reason.isEmpty();
        boolean hasMessage = message != null && !message.isEmpty();
        if (hasReason && hasMessage) {
            return " (" + reason + ": " + message + ")";
        }
        return hasReason ? " (" + reason + ")" : hasMessage ? " (" + message + ")" : "";
    }

    private static <T> List<T> list(List<T> items) {
        return items == null ? List.of() : items;
    }
}
