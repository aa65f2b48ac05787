package dev.peapod.scheduler;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Host ports in use on a node, by host IP (kubernetes: pkg/scheduler/framework/types.go,
 * HostPortInfo): an empty IP means 0.0.0.0 and an empty protocol means TCP; 0.0.0.0 conflicts with
 * every IP.
 */
final class HostPorts {
    static final String ALL_IPS = "0.0.0.0";

    /** One wanted or used host port. */
    record HostPort(String ip, String protocol, int port) {
        HostPort {
            ip = ip == null || ip.isEmpty() ? ALL_IPS : ip;
            protocol = protocol == null || protocol.isEmpty() ? "TCP" : protocol;
        }

        String protocolPort() {
            return protocol + "/" + port;
        }
    }

    private final Map<String, Set<String>> byIp = new TreeMap<>();

    /**
     * The host ports of a pod's sidecars (init containers with restartPolicy Always, which run as
     * long as the pod) and regular containers, as the NodePorts plugin, NodeInfo.updateUsedPorts
     * and the kubelet's admission count them (pkg/scheduler/util/utils.go GetHostPorts). v1.33.0
     * counted spec.containers only; PR #132040 added the sidecars and was cherry-picked to
     * release-1.33 (#133390), so the later v1.33 patches count them, as Peapod does. Regular init
     * containers do not count: they are gone by the time the pod runs.
     */
    static List<HostPort> of(Pod pod) {
        List<HostPort> ports = new ArrayList<>();
        if (pod.getSpec().getInitContainers() != null) {
            for (Container container : pod.getSpec().getInitContainers()) {
                if ("Always".equals(container.getRestartPolicy())) {
                    add(container, ports);
                }
            }
        }
        if (pod.getSpec().getContainers() != null) {
            for (Container container : pod.getSpec().getContainers()) {
                add(container, ports);
            }
        }
        return ports;
    }

    private static void add(Container container, List<HostPort> ports) {
        if (container.getPorts() == null) {
            return;
        }
        for (ContainerPort port : container.getPorts()) {
            if (port.getHostPort() != null && port.getHostPort() > 0) {
                ports.add(new HostPort(port.getHostIP(), port.getProtocol(), port.getHostPort()));
            }
        }
    }

    void add(HostPort port) {
        byIp.computeIfAbsent(port.ip(), ip -> new TreeSet<>()).add(port.protocolPort());
    }

    boolean isEmpty() {
        return byIp.isEmpty();
    }

    /** HostPortInfo.CheckConflict. */
    boolean conflicts(HostPort port) {
        String wanted = port.protocolPort();
        if (port.ip().equals(ALL_IPS)) {
            return byIp.values().stream().anyMatch(used -> used.contains(wanted));
        }
        for (String ip : List.of(ALL_IPS, port.ip())) {
            Set<String> used = byIp.get(ip);
            if (used != null && used.contains(wanted)) {
                return true;
            }
        }
        return false;
    }

    /** nodeports.fitsPorts: none of the wanted ports conflicts. */
    boolean fits(List<HostPort> wanted) {
        return wanted.stream().noneMatch(this::conflicts);
    }
}
