package dev.peapod.store;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The per-kind rules of the API server's registry strategies that the store applies. */
final class ObjectStrategies {
    private ObjectStrategies() {
    }

    /** PrepareForCreate: a new pod's status is phase Pending with its QoS class, whatever was sent. */
    static void resetStatusOnCreate(HasMetadata object) {
        if (object instanceof Pod pod) {
            PodStatus status = new PodStatus();
            status.setPhase("Pending");
            status.setQosClass(qosClass(pod));
            pod.setStatus(status);
        }
    }

    /**
     * The grace period a DELETE gets (pkg/registry/core/pod/strategy.go CheckGracefulDelete): pods
     * that are unbound or already terminal go at once; others use the request's period or
     * terminationGracePeriodSeconds. Other kinds go at once. Null means immediate.
     */
    static Long gracePeriod(HasMetadata object, Long requested) {
        if (!(object instanceof Pod pod)) {
            return requested == null ? null : Math.max(0, requested);
        }
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if (node == null || node.isEmpty() || "Succeeded".equals(phase) || "Failed".equals(phase)) {
            return 0L;
        }
        if (requested != null) {
            return Math.max(0, requested);
        }
        Long spec = pod.getSpec().getTerminationGracePeriodSeconds();
        return spec == null ? 30L : spec;
    }

    /** A bound pod with a grace period left is removed by its kubelet, not by dropping finalizers. */
    static boolean waitsForKubelet(HasMetadata object) {
        if (object instanceof Pod pod) {
            Long grace = pod.getMetadata().getDeletionGracePeriodSeconds();
            String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
            return grace != null && grace > 0 && node != null && !node.isEmpty();
        }
        return false;
    }

    /** pkg/apis/core/v1/helper/qos GetPodQOS, for cpu and memory. */
    static String qosClass(Pod pod) {
        if (pod.getSpec() == null) {
            return "BestEffort";
        }
        List<Container> containers = new ArrayList<>();
        if (pod.getSpec().getContainers() != null) {
            containers.addAll(pod.getSpec().getContainers());
        }
        if (pod.getSpec().getInitContainers() != null) {
            containers.addAll(pod.getSpec().getInitContainers());
        }
        boolean any = false;
        boolean guaranteed = true;
        for (Container container : containers) {
            ResourceRequirements resources = container.getResources();
            Map<String, Quantity> requests = resources == null || resources.getRequests() == null ? Map.of() : resources.getRequests();
            Map<String, Quantity> limits = resources == null || resources.getLimits() == null ? Map.of() : resources.getLimits();
            for (String resource : List.of("cpu", "memory")) {
                Quantity request = requests.containsKey(resource) ? requests.get(resource) : limits.get(resource);
                Quantity limit = limits.get(resource);
                if (request != null && request.getNumericalAmount().signum() != 0) {
                    any = true;
                }
                if (limit != null && limit.getNumericalAmount().signum() != 0) {
                    any = true;
                }
                if (limit == null || request == null || request.getNumericalAmount().compareTo(limit.getNumericalAmount()) != 0) {
                    guaranteed = false;
                }
            }
        }
        if (!any) {
            return "BestEffort";
        }
        return guaranteed ? "Guaranteed" : "Burstable";
    }
}
