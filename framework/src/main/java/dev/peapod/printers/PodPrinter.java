package dev.peapod.printers;

import dev.peapod.core.PeapodException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import org.apiguardian.api.API;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * {@code kubectl get pods} as the API server's table printer computes it
 * (kubernetes: pkg/printers/internalversion/printers.go, printPod and the pod column definitions)
 * and as kubectl lays it out (staging/src/k8s.io/cli-runtime/pkg/printers/tableprinter.go, printTable).
 * Time comes in as {@code now}; nothing here reads a clock.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class PodPrinter {
    private static final List<String> HEADERS = List.of("NAME", "READY", "STATUS", "RESTARTS", "AGE");
    private static final List<String> WIDE_HEADERS = List.of("IP", "NODE", "NOMINATED NODE", "READINESS GATES");
    private static final String NONE = "<none>";

    private PodPrinter() {
    }

    /** Every column of one pod, wide ones included, exactly as printPod fills the cells at {@code now}. */
    public static PodRow row(Pod pod, Instant now) {
        requireArgument(pod, "pod");
        requireArgument(now, "now");
        ObjectMeta meta = pod.getMetadata() == null ? new ObjectMeta() : pod.getMetadata();
        PodSpec spec = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
        PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        StatusWalk walk = walk(spec, status);
        String restarts = walk.restarts != 0 && walk.lastRestart != null
                ? walk.restarts + " (" + ApiTime.since(walk.lastRestart, now) + " ago)"
                : String.valueOf(walk.restarts);
        return new PodRow(orEmpty(meta.getName()), walk.ready + "/" + totalContainers(spec),
                deletionReason(meta, status, walk.reason), restarts,
                ApiTime.since(ApiTime.parse("metadata.creationTimestamp", meta.getCreationTimestamp()), now),
                orNone(podIp(status)), orNone(spec.getNodeName()), orNone(status.getNominatedNodeName()),
                readinessGates(spec, status));
    }

    /**
     * The text {@code kubectl get pods [-o wide]} prints for these pods, in list order: a header line of
     * upper-case column names, then one line per pod, aligned by kubectl's tabwriter. Each line ends in a
     * newline. No pods gives an empty string: kubectl prints no header then (its "No resources found"
     * goes to stderr).
     */
    public static String table(List<Pod> pods, Instant now, boolean wide) {
        requireArgument(pods, "pods");
        if (pods.isEmpty()) {
            return "";
        }
        List<List<String>> lines = new ArrayList<>();
        lines.add(headers(wide));
        for (Pod pod : pods) {
            lines.add(row(pod, now).cells(wide));
        }
        return TabWriter.align(lines);
    }

    private static List<String> headers(boolean wide) {
        List<String> headers = new ArrayList<>(HEADERS);
        if (wide) {
            headers.addAll(WIDE_HEADERS);
        }
        return headers;
    }

    private static StatusWalk walk(PodSpec spec, PodStatus status) {
        StatusWalk walk = new StatusWalk(initialReason(status));
        int initCount = list(spec.getInitContainers()).size();
        boolean initializing = walk.walkInitContainers(
                list(status.getInitContainerStatuses()), initContainersByName(spec), initCount);
        if (!initializing || isInitialized(status)) {
            walk.walkAppContainers(list(status.getContainerStatuses()), isReady(status));
        }
        return walk;
    }

    /** status.phase, overridden by status.reason, overridden by a SchedulingGated PodScheduled condition. */
    private static String initialReason(PodStatus status) {
        String reason = present(status.getReason()) ? status.getReason() : orEmpty(status.getPhase());
        for (PodCondition condition : list(status.getConditions())) {
            if ("PodScheduled".equals(condition.getType()) && "SchedulingGated".equals(condition.getReason())) {
                reason = "SchedulingGated";
            }
        }
        return reason;
    }

    /** Deletion has the last word: Unknown when the node is lost, Terminating unless already terminal. */
    private static String deletionReason(ObjectMeta meta, PodStatus status, String reason) {
        if (!present(meta.getDeletionTimestamp())) {
            return reason;
        } else if ("NodeLost".equals(status.getReason())) {  // node.NodeUnreachablePodReason
            return "Unknown";
        }
        String phase = status.getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase) ? reason : "Terminating";
    }

    /** App containers plus sidecars (init containers with restartPolicy Always). */
    private static int totalContainers(PodSpec spec) {
        int sidecars = (int) list(spec.getInitContainers()).stream()
                .filter(c -> "Always".equals(c.getRestartPolicy())).count();
        return list(spec.getContainers()).size() + sidecars;
    }

    /** Like upstream's map, a later init container of the same name replaces an earlier one. */
    private static Map<String, Container> initContainersByName(PodSpec spec) {
        Map<String, Container> byName = new LinkedHashMap<>();
        for (Container container : list(spec.getInitContainers())) {
            byName.put(container.getName(), container);
        }
        return byName;
    }

    /** isPodInitializedConditionTrue: the first Initialized condition decides. */
    private static boolean isInitialized(PodStatus status) {
        for (PodCondition condition : list(status.getConditions())) {
            if ("Initialized".equals(condition.getType())) {
                return "True".equals(condition.getStatus());
            }
        }
        return false;
    }

    /** hasPodReadyCondition: any Ready condition that is True. */
    private static boolean isReady(PodStatus status) {
        return list(status.getConditions()).stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /**
     * The printer reads the internal PodIPs[0]; converting from v1 makes status.podIP authoritative when set
     * (kubernetes: pkg/apis/core/v1/conversion.go, Convert_v1_PodStatus_To_core_PodStatus).
     */
    private static String podIp(PodStatus status) {
        if (present(status.getPodIP())) {
            return status.getPodIP();
        }
        List<PodIP> ips = list(status.getPodIPs());
        return ips.isEmpty() ? null : ips.get(0).getIp();
    }

    /** {@code <true>/<total>}: a gate counts when the first condition of its type is True. */
    private static String readinessGates(PodSpec spec, PodStatus status) {
        List<PodReadinessGate> gates = list(spec.getReadinessGates());
        if (gates.isEmpty()) {
            return NONE;
        }
        int trueConditions = 0;
        for (PodReadinessGate gate : gates) {
            for (PodCondition condition : list(status.getConditions())) {
                if (condition.getType() != null && condition.getType().equals(gate.getConditionType())) {
                    trueConditions += "True".equals(condition.getStatus()) ? 1 : 0;
                    break;
                }
            }
        }
        return trueConditions + "/" + gates.size();
    }

    private static <T> List<T> list(List<T> items) {
        return items == null ? List.of() : items;
    }

    private static boolean present(String text) {
        return text != null && !text.isEmpty();
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    private static String orNone(String text) {
        return present(text) ? text : NONE;
    }

    private static void requireArgument(Object value, String name) {
        if (value == null) {
            throw new PeapodException("PodPrinter: " + name + " must not be null");
        }
    }
}
