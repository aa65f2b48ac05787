package dev.peapod.controllers;

import dev.peapod.store.LabelSelector;
import dev.peapod.store.Timestamps;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What the endpoints controllers share (staging/src/k8s.io/endpointslice/util/controller_utils.go,
 * utils.go, pkg/controller/util/endpoint/trigger_time_tracker.go): the pods a Service selects, which
 * of them have endpoints, the port a service port reaches on a pod, and the
 * {@code endpoints.kubernetes.io/last-change-trigger-time} annotation's value.
 */
final class ServicePods {
    static final String TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time";
    static final String HEADLESS = "service.kubernetes.io/headless";

    private ServicePods() {
    }

    /**
     * The pods of the Service's namespace its selector matches (the cache's own objects: read only), by name (upstream lists them from an
     * informer cache in map order; Peapod's order is the store's). None without a selector: such a
     * Service gets no endpoints from the controllers, and neither does an ExternalName one.
     */
    static List<Pod> selected(PodCache cache, Service service) {
        if (!managed(service)) {
            return List.of();
        }
        LabelSelector selector = LabelSelector.ofLabels(service.getSpec().getSelector());
        List<Pod> pods = cache.inNamespace(service.getMetadata().getNamespace()); // the namespace index, as the pod lister's
        pods.removeIf(pod -> !selector.matches(pod.getMetadata().getLabels()));
        pods.sort(Comparator.comparing(p -> p.getMetadata().getName()));
        return pods;
    }

    /**
     * Whether the controllers manage the Service's endpoints: a selector, and not an ExternalName.
     * An empty selector is none: the API server stores Services as protobuf, where an empty map
     * reads back as nil, the "no selector" the controllers skip (and Fabric8 gives every model an
     * empty map where JSON had none).
     */
    static boolean managed(Service service) {
        return service.getSpec() != null && service.getSpec().getSelector() != null
                && !service.getSpec().getSelector().isEmpty()
                && !"ExternalName".equals(service.getSpec().getType());
    }

    static boolean selects(Service service, Map<String, String> podLabels) {
        return managed(service) && LabelSelector.ofLabels(service.getSpec().getSelector()).matches(podLabels);
    }

    static Map<String, String> labels(Pod pod) {
        return pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    }

    /** ShouldPodBeInEndpoints: not terminal, with an IP, and not terminating unless {@code includeTerminating}. */
    static boolean shouldBeInEndpoints(Pod pod, boolean includeTerminating) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return false;
        }
        if (ips(pod).isEmpty()) {
            return false;
        }
        return includeTerminating || pod.getMetadata().getDeletionTimestamp() == null;
    }

    /** The pod's IPv4 addresses (status.podIPs, then status.podIP). */
    static List<String> ips(Pod pod) {
        if (pod.getStatus() == null) {
            return List.of();
        }
        List<String> ips = new ArrayList<>();
        if (pod.getStatus().getPodIPs() != null) {
            for (PodIP ip : pod.getStatus().getPodIPs()) {
                if (ip.getIp() != null && !ip.getIp().isEmpty() && !ip.getIp().contains(":")) {
                    ips.add(ip.getIp());
                }
            }
        }
        if (ips.isEmpty() && pod.getStatus().getPodIP() != null && !pod.getStatus().getPodIP().isEmpty()
                && !pod.getStatus().getPodIP().contains(":")) {
            ips.add(pod.getStatus().getPodIP());
        }
        return ips;
    }

    /**
     * FindPort: a numeric targetPort as it is; a named one is the container port of that name and
     * the service port's protocol, in the containers, then in the sidecars (restartable init
     * containers). Empty when no container declares it: the pod gets no endpoint port for it.
     */
    static OptionalInt findPort(Pod pod, ServicePort servicePort) {
        IntOrString target = servicePort.getTargetPort();
        if (target == null) {
            return servicePort.getPort() == null ? OptionalInt.empty() : OptionalInt.of(servicePort.getPort());
        }
        if (target.getIntVal() != null) {
            return OptionalInt.of(target.getIntVal());
        }
        String name = target.getStrVal();
        String protocol = servicePort.getProtocol() == null ? "TCP" : servicePort.getProtocol();
        List<io.fabric8.kubernetes.api.model.Container> containers = new ArrayList<>();
        if (pod.getSpec() != null && pod.getSpec().getContainers() != null) {
            containers.addAll(pod.getSpec().getContainers());
        }
        if (pod.getSpec() != null && pod.getSpec().getInitContainers() != null) {
            pod.getSpec().getInitContainers().stream().filter(c -> "Always".equals(c.getRestartPolicy())).forEach(containers::add);
        }
        for (var container : containers) {
            for (ContainerPort port : container.getPorts() == null ? List.<ContainerPort>of() : container.getPorts()) {
                String portProtocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
                if (Objects.equals(name, port.getName()) && portProtocol.equals(protocol)) {
                    return OptionalInt.of(port.getContainerPort());
                }
            }
        }
        return OptionalInt.empty();
    }

    /** v1helper.IsServiceIPSet. */
    static boolean hasClusterIp(Service service) {
        String ip = service.getSpec() == null ? null : service.getSpec().getClusterIP();
        return ip != null && !ip.isEmpty() && !ip.equals("None");
    }

    /**
     * TriggerTimeTracker (pkg/controller/util/endpoint/trigger_time_tracker.go) for one controller:
     * per Service, the Ready condition's lastTransitionTime of each pod and the Service's
     * creationTimestamp seen at the last sync. A Service seen for the first time gives its
     * creationTimestamp; later, the earliest of the trigger times that moved since, or none.
     */
    static final class TriggerTimes {
        private record State(Map<String, Instant> pods, Instant service) {
        }

        private final Map<String, State> states = new HashMap<>(); // looked up by key, never iterated

        Instant compute(Service service, List<Pod> pods) {
            String key = service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
            State state = states.get(key);
            Map<String, Instant> podTimes = new HashMap<>();
            Instant min = null;
            for (Pod pod : pods) {
                Instant at = Pods.readyCondition(pod).map(c -> c.getLastTransitionTime())
                        .filter(t -> t != null && !t.isEmpty()).map(Timestamps::parse).orElse(null);
                if (at == null) {
                    continue;
                }
                podTimes.put(pod.getMetadata().getName(), at);
                Instant last = state == null ? null : state.pods().get(pod.getMetadata().getName());
                if (last == null || at.isAfter(last)) {
                    min = min == null || at.isBefore(min) ? at : min;
                }
            }
            Instant serviceTime = Timestamps.parse(service.getMetadata().getCreationTimestamp());
            if (state == null || serviceTime.isAfter(state.service())) {
                min = min == null || serviceTime.isBefore(min) ? serviceTime : min;
            }
            states.put(key, new State(podTimes, serviceTime));
            return state == null ? serviceTime : min;
        }

        void forget(String key) {
            states.remove(key);
        }
    }
}
