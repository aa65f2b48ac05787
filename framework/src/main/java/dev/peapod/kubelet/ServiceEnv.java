package dev.peapod.kubelet;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Docker-link style variables the kubelet gives every container for the Services it can see
 * (pkg/kubelet/envvars/envvars.go {@code FromServices}; the set of Services is
 * pkg/kubelet/kubelet_pods.go {@code getServiceEnvVarMap}).
 *
 * <p>Upstream walks a Go map of Services, so the order of the variables is not defined there; Peapod
 * walks the Services by name and keeps, per Service, FromServices' own order, so that {@code env}
 * prints the same lines on every run.
 */
final class ServiceEnv {
    /** metav1.NamespaceDefault, where the master Service lives. */
    static final String MASTER_NAMESPACE = "default";
    /** kubelet_pods.go {@code masterServices}. */
    static final String MASTER_SERVICE = "kubernetes";

    private ServiceEnv() {
    }

    /**
     * The service variables of a pod in {@code namespace}: the {@code kubernetes} Service of
     * {@code default} always, the namespace's own Services only with {@code enableServiceLinks}. A
     * Service without a ClusterIP (headless, ExternalName) gives none. A namespace Service named
     * {@code kubernetes} wins over the master one: upstream's map keeps the master entry only while
     * the name is free, and a namespace entry always overwrites.
     */
    static Map<String, String> of(String namespace, boolean enableServiceLinks, List<Service> namespaceServices,
                                  Optional<Service> masterService) {
        Map<String, Service> byName = new TreeMap<>();
        masterService.filter(ServiceEnv::hasClusterIp).ifPresent(master -> byName.put(MASTER_SERVICE, master));
        if (enableServiceLinks) {
            namespaceServices.stream()
                    .filter(ServiceEnv::hasClusterIp)
                    .sorted(Comparator.comparing(s -> s.getMetadata().getName()))
                    .forEach(s -> byName.put(s.getMetadata().getName(), s));
        }
        Map<String, String> env = new LinkedHashMap<>();
        byName.values().forEach(service -> fromService(service).forEach(env::put));
        return env;
    }

    /** v1helper.IsServiceIPSet: a ClusterIP that is neither empty nor {@code None}. */
    static boolean hasClusterIp(Service service) {
        String ip = service.getSpec() == null ? null : service.getSpec().getClusterIP();
        return ip != null && !ip.isEmpty() && !ip.equals("None");
    }

    /** FromServices for one Service, in its order: host, first port, named ports, then the link variables. */
    static Map<String, String> fromService(Service service) {
        Map<String, String> env = new LinkedHashMap<>();
        List<ServicePort> ports = service.getSpec().getPorts() == null ? List.of() : service.getSpec().getPorts();
        if (!hasClusterIp(service) || ports.isEmpty()) {
            // validation gives every ClusterIP Service a port; upstream would index ports[0] regardless
            return env;
        }
        String prefix = variableName(service.getMetadata().getName());
        String clusterIp = service.getSpec().getClusterIP();
        env.put(prefix + "_SERVICE_HOST", clusterIp);
        String portName = prefix + "_SERVICE_PORT";
        env.put(portName, String.valueOf(ports.get(0).getPort()));
        for (ServicePort port : ports) {
            if (port.getName() != null && !port.getName().isEmpty()) {
                env.put(portName + "_" + variableName(port.getName()), String.valueOf(port.getPort()));
            }
        }
        env.putAll(linkVariables(prefix, clusterIp, ports));
        return env;
    }

    /** makeEnvVariableName: upper case, {@code -} to {@code _} (Service and port names are DNS labels). */
    static String variableName(String name) {
        return name.replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** makeLinkVariables: Docker's {@code _PORT} for the first port, then four variables per port. */
    private static Map<String, String> linkVariables(String prefix, String clusterIp, List<ServicePort> ports) {
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < ports.size(); i++) {
            ServicePort port = ports.get(i);
            String protocol = port.getProtocol() == null || port.getProtocol().isEmpty() ? "TCP" : port.getProtocol();
            String lower = protocol.toLowerCase(Locale.ROOT);
            // net.JoinHostPort: an IPv6 ClusterIP is bracketed
            String hostPort = (clusterIp.contains(":") ? "[" + clusterIp + "]" : clusterIp) + ":" + port.getPort();
            if (i == 0) {
                env.put(prefix + "_PORT", lower + "://" + hostPort);
            }
            String portPrefix = prefix + "_PORT_" + port.getPort() + "_" + protocol.toUpperCase(Locale.ROOT);
            env.put(portPrefix, lower + "://" + hostPort);
            env.put(portPrefix + "_PROTO", lower);
            env.put(portPrefix + "_PORT", String.valueOf(port.getPort()));
            env.put(portPrefix + "_ADDR", clusterIp);
        }
        return env;
    }
}
