package dev.peapod.kubelet;

import dev.peapod.runtime.PodNetwork;
import dev.peapod.runtime.ServiceRoute;
import dev.peapod.spi.ClusterContext;
import dev.peapod.spi.Component;
import dev.peapod.store.ListOptions;
import dev.peapod.store.WatchEvent;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * kube-proxy, once for the cluster's one flat network (pkg/proxy: the ServiceChangeTracker and
 * EndpointsChangeTracker over Services and EndpointSlices, then the iptables rules): for every
 * Service it programs the {@link PodNetwork} with the cluster IP and, per TCP service port, the
 * endpoints of the Service's EndpointSlices (label {@code kubernetes.io/service-name}) whose port
 * has the service port's name, with their conditions. It reacts at the instant a Service or slice
 * changes (DESIGN §5: zero time), where a real kube-proxy syncs within about a second.
 *
 * <p>Not done: node ports, external IPs and load balancers, session affinity, the Local traffic
 * policies, UDP and SCTP.
 */
@API(status = INTERNAL, since = "0.1")
public final class ServiceProxy implements Component {
    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    private final PodNetwork network;
    private ClusterContext context;

    public ServiceProxy(PodNetwork network) {
        this.network = Objects.requireNonNull(network, "network");
    }

    @Override
    public String name() {
        return "kube-proxy";
    }

    @Override
    public void start(ClusterContext context) {
        this.context = Objects.requireNonNull(context, "context");
        context.store().watch(Service.class, ListOptions.all(), null, this::onService);
        context.store().watch(EndpointSlice.class, ListOptions.all(), null, this::onSlice);
    }

    private void onService(WatchEvent<Service> event) {
        sync(event.object().getMetadata().getNamespace(), event.object().getMetadata().getName());
    }

    private void onSlice(WatchEvent<EndpointSlice> event) {
        Map<String, String> labels = event.object().getMetadata().getLabels();
        String service = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
        if (service != null) {
            sync(event.object().getMetadata().getNamespace(), service);
        }
    }

    private void sync(String namespace, String name) {
        Service service = context.store().peek(Service.class, namespace, name);
        network.program(namespace, name, Optional.ofNullable(service).flatMap(this::route));
    }

    /** The Service as the proxy sees it; none for an ExternalName Service (DNS only, which Peapod does not serve). */
    private Optional<ServiceRoute> route(Service service) {
        if (service.getSpec() == null || "ExternalName".equals(service.getSpec().getType())) {
            return Optional.empty();
        }
        String clusterIp = service.getSpec().getClusterIP() == null ? "" : service.getSpec().getClusterIP();
        List<EndpointSlice> slices = slices(service);
        List<ServiceRoute.Port> ports = new ArrayList<>();
        List<ServicePort> servicePorts = service.getSpec().getPorts() == null ? List.of() : service.getSpec().getPorts();
        for (ServicePort servicePort : servicePorts) {
            String protocol = servicePort.getProtocol() == null ? "TCP" : servicePort.getProtocol();
            if (!protocol.equals("TCP") || servicePort.getPort() == null) {
                continue;
            }
            String portName = servicePort.getName() == null ? "" : servicePort.getName();
            ports.add(new ServiceRoute.Port(servicePort.getPort(), backends(slices, portName)));
        }
        if (servicePorts.isEmpty()) {
            ports.add(new ServiceRoute.Port(0, backends(slices, null))); // a headless Service without ports: DNS only
        }
        return Optional.of(new ServiceRoute(service.getMetadata().getNamespace(), service.getMetadata().getName(), clusterIp, ports));
    }

    private List<EndpointSlice> slices(Service service) {
        List<EndpointSlice> slices = new ArrayList<>();
        for (EndpointSlice slice : context.store().list(EndpointSlice.class, ListOptions.inNamespace(service.getMetadata().getNamespace()))) {
            Map<String, String> labels = slice.getMetadata().getLabels();
            if (labels != null && service.getMetadata().getName().equals(labels.get(SERVICE_NAME_LABEL))
                    && "IPv4".equals(slice.getAddressType())) {
                slices.add(slice);
            }
        }
        return slices;
    }

    /**
     * The endpoints for a service port name, slice by slice in name order: a slice port of that name
     * gives the target port; {@code portName} null takes every endpoint with port 0 (headless, no ports).
     */
    private static List<ServiceRoute.Backend> backends(List<EndpointSlice> slices, String portName) {
        List<ServiceRoute.Backend> backends = new ArrayList<>();
        for (EndpointSlice slice : slices) {
            Integer target = portName == null ? Integer.valueOf(0) : null;
            for (EndpointPort port : slice.getPorts() == null ? List.<EndpointPort>of() : slice.getPorts()) {
                String name = port.getName() == null ? "" : port.getName();
                String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
                if (name.equals(portName) && protocol.equals("TCP") && port.getPort() != null) {
                    target = port.getPort();
                }
            }
            if (target == null) {
                continue;
            }
            for (Endpoint endpoint : slice.getEndpoints() == null ? List.<Endpoint>of() : slice.getEndpoints()) {
                if (endpoint.getAddresses() == null || endpoint.getAddresses().isEmpty()) {
                    continue;
                }
                var conditions = endpoint.getConditions();
                // discovery/v1: a nil ready or serving means true (unknown state treated as ready), nil terminating false
                boolean ready = conditions == null || conditions.getReady() == null || conditions.getReady();
                boolean serving = conditions == null || conditions.getServing() == null || conditions.getServing();
                boolean terminating = conditions != null && Boolean.TRUE.equals(conditions.getTerminating());
                backends.add(new ServiceRoute.Backend(endpoint.getAddresses().get(0), target, ready, serving, terminating,
                        endpoint.getHostname()));
            }
        }
        return backends;
    }
}
