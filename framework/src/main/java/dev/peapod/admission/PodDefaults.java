package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The API server's defaulting of pods and pod templates: SetObjectDefaults_Pod and the pod-spec
 * part shared by every template (pkg/apis/core/v1/defaults.go, zz_generated.defaults.go, v1.33).
 * Only what upstream defaults is defaulted; {@link VolumeDefaults} covers volumes.
 */
final class PodDefaults {
    static final long DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
    static final String TERMINATION_MESSAGE_PATH = "/dev/termination-log";

    private PodDefaults() {
    }

    /** SetObjectDefaults_Pod: the pod-only defaults of SetDefaults_Pod, then the shared spec defaults. */
    static void pod(Pod pod) {
        PodSpec spec = spec(pod);
        // SetDefaults_Pod: only on a Pod, never a template, so that templates do not change on upgrade
        requestsFromLimits(spec.getContainers());
        requestsFromLimits(spec.getInitContainers());
        if (spec.getEnableServiceLinks() == null) {
            spec.setEnableServiceLinks(true);
        }
        if (Boolean.TRUE.equals(spec.getHostNetwork())) {
            hostNetworkPorts(spec.getContainers());
            hostNetworkPorts(spec.getInitContainers());
        }
        template(spec);
    }

    /** The defaults every PodSpec gets, in a Pod or in a template (SetDefaults_PodSpec and nested types). */
    static void template(PodSpec spec) {
        podSpec(spec);
        VolumeDefaults.volumes(spec.getVolumes());
        containers(spec.getInitContainers());
        containers(spec.getContainers());
    }

    static PodSpec spec(Pod pod) {
        if (pod.getSpec() == null) {
            pod.setSpec(new PodSpec());
        }
        return pod.getSpec();
    }

    private static void podSpec(PodSpec spec) {
        if (empty(spec.getDnsPolicy())) {
            spec.setDnsPolicy("ClusterFirst");
        }
        if (empty(spec.getRestartPolicy())) {
            spec.setRestartPolicy("Always");
        }
        if (spec.getSecurityContext() == null) {
            spec.setSecurityContext(new PodSecurityContext());
        }
        if (spec.getTerminationGracePeriodSeconds() == null) {
            spec.setTerminationGracePeriodSeconds(DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS);
        }
        if (empty(spec.getSchedulerName())) {
            spec.setSchedulerName("default-scheduler");
        }
    }

    /** If limits are specified but requests are not, requests default to limits, per resource. */
    private static void requestsFromLimits(List<Container> containers) {
        for (Container container : nonNull(containers)) {
            ResourceRequirements resources = container.getResources();
            if (resources == null || resources.getLimits() == null) {
                continue;
            }
            Map<String, Quantity> requests = resources.getRequests() == null ? new LinkedHashMap<>()
                    : new LinkedHashMap<>(resources.getRequests());
            resources.getLimits().forEach((name, limit) ->
                    requests.putIfAbsent(name, new Quantity(limit.getAmount(), limit.getFormat())));
            resources.setRequests(requests);
        }
    }

    /** defaultHostNetworkPorts: with host networking every container port is also a host port. */
    private static void hostNetworkPorts(List<Container> containers) {
        for (Container container : nonNull(containers)) {
            for (ContainerPort port : nonNull(container.getPorts())) {
                if (zero(port.getHostPort())) {
                    port.setHostPort(port.getContainerPort());
                }
            }
        }
    }

    private static void containers(List<Container> containers) {
        for (Container container : nonNull(containers)) {
            container(container);
            nonNull(container.getPorts()).forEach(PodDefaults::port);
            nonNull(container.getEnv()).forEach(PodDefaults::envFieldRef);
            resources(container.getResources());
            probe(container.getLivenessProbe());
            probe(container.getReadinessProbe());
            probe(container.getStartupProbe());
            lifecycle(container.getLifecycle());
        }
    }

    /** SetDefaults_Container: pull policy from the image tag, and the termination message. */
    private static void container(Container container) {
        if (empty(container.getImagePullPolicy())) {
            boolean latest = ImageReference.tag(container.getImage()).filter("latest"::equals).isPresent();
            container.setImagePullPolicy(latest ? "Always" : "IfNotPresent");
        }
        if (empty(container.getTerminationMessagePath())) {
            container.setTerminationMessagePath(TERMINATION_MESSAGE_PATH);
        }
        if (empty(container.getTerminationMessagePolicy())) {
            container.setTerminationMessagePolicy("File");
        }
    }

    private static void port(ContainerPort port) {
        if (empty(port.getProtocol())) {
            port.setProtocol("TCP"); // +default="TCP" on ContainerPort.Protocol
        }
    }

    private static void envFieldRef(EnvVar env) {
        if (env.getValueFrom() != null) {
            fieldRef(env.getValueFrom().getFieldRef());
        }
    }

    static void fieldRef(ObjectFieldSelector selector) {
        if (selector != null && empty(selector.getApiVersion())) {
            selector.setApiVersion("v1"); // SetDefaults_ObjectFieldSelector
        }
    }

    /** SetDefaults_ResourceList: values are rounded up to milli-units and stored in canonical form. */
    private static void resources(ResourceRequirements resources) {
        if (resources == null) {
            return;
        }
        resources.setLimits(canonical(resources.getLimits()));
        resources.setRequests(canonical(resources.getRequests()));
    }

    private static Map<String, Quantity> canonical(Map<String, Quantity> list) {
        if (list == null) {
            return null;
        }
        Map<String, Quantity> result = new LinkedHashMap<>();
        new TreeMap<>(list).forEach((name, quantity) ->
                result.put(name, quantity == null ? null : new Quantity(Quantities.canonical(quantity))));
        return result; // sorted by name, as the API server's JSON prints a map
    }

    /** SetDefaults_Probe: zero or unset means the default, as Go cannot tell them apart. */
    private static void probe(Probe probe) {
        if (probe == null) {
            return;
        }
        if (zero(probe.getTimeoutSeconds())) {
            probe.setTimeoutSeconds(1);
        }
        if (zero(probe.getPeriodSeconds())) {
            probe.setPeriodSeconds(10);
        }
        if (zero(probe.getSuccessThreshold())) {
            probe.setSuccessThreshold(1);
        }
        if (zero(probe.getFailureThreshold())) {
            probe.setFailureThreshold(3);
        }
        httpGet(probe.getHttpGet());
        if (probe.getGrpc() != null && probe.getGrpc().getService() == null) {
            probe.getGrpc().setService(""); // +default="" on GRPCAction.Service
        }
    }

    private static void lifecycle(Lifecycle lifecycle) {
        if (lifecycle == null) {
            return;
        }
        handler(lifecycle.getPostStart());
        handler(lifecycle.getPreStop());
    }

    private static void handler(LifecycleHandler handler) {
        if (handler != null) {
            httpGet(handler.getHttpGet());
        }
    }

    /** SetDefaults_HTTPGetAction: path "/" and scheme HTTP. */
    private static void httpGet(HTTPGetAction action) {
        if (action == null) {
            return;
        }
        if (empty(action.getPath())) {
            action.setPath("/");
        }
        if (empty(action.getScheme())) {
            action.setScheme("HTTP");
        }
    }

    static boolean empty(String value) {
        return value == null || value.isEmpty();
    }

    static boolean zero(Integer value) {
        return value == null || value == 0;
    }

    static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
