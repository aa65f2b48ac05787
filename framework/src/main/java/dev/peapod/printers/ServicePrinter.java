package dev.peapod.printers;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import org.apiguardian.api.API;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * {@code kubectl get services} as the API server's table printer computes it (kubernetes:
 * pkg/printers/internalversion/printers.go, printService, getServiceExternalIP, makePortString,
 * loadBalancerStatusStringer). Time comes in as {@code now}; nothing here reads a clock.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ServicePrinter {
    private static final List<String> HEADERS = List.of("NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE");
    private static final String NONE = "<none>";
    /** printers.go loadBalancerWidth: the EXTERNAL-IP of a load balancer is clipped to this without -o wide. */
    private static final int LOAD_BALANCER_WIDTH = 16;

    private ServicePrinter() {
    }

    /** Every column of one Service, as printService fills the cells at {@code now}. */
    public static ServiceRow row(Service service, Instant now) {
        if (service == null || now == null) {
            throw new IllegalArgumentException((service == null ? "service" : "now") + " must not be null");
        }
        ServiceSpec spec = service.getSpec() == null ? new ServiceSpec() : service.getSpec();
        String clusterIp = spec.getClusterIPs() == null || spec.getClusterIPs().isEmpty() ? NONE : spec.getClusterIPs().get(0);
        String ports = ports(spec.getPorts());
        return new ServiceRow(service.getMetadata().getName(), spec.getType() == null ? "" : spec.getType(), clusterIp,
                externalIp(service, false), ports.isEmpty() ? NONE : ports,
                ApiTime.since(ApiTime.parse("metadata.creationTimestamp", service.getMetadata().getCreationTimestamp()), now),
                selector(spec.getSelector()));
    }

    /**
     * The row as the API server serves it in a Table: the server always prints wide, so a load
     * balancer's EXTERNAL-IP is never clipped there (pkg/printers/storage: GenerateOptions{Wide: true}).
     */
    @API(status = INTERNAL, since = "0.1")
    public static ServiceRow servedRow(Service service, Instant now) {
        ServiceRow row = row(service, now);
        return new ServiceRow(row.name(), row.type(), row.clusterIp(), externalIp(service, true), row.ports(), row.age(),
                row.selector());
    }

    /** {@code kubectl get services [-o wide]}: a header, then a line per Service, aligned; empty for none. */
    public static String table(List<Service> services, Instant now, boolean wide) {
        if (services.isEmpty()) {
            return "";
        }
        List<List<String>> lines = new ArrayList<>();
        List<String> headers = new ArrayList<>(HEADERS);
        if (wide) {
            headers.add("SELECTOR");
        }
        lines.add(headers);
        for (Service service : services) {
            lines.add(row(service, now).cells(wide));
        }
        return TabWriter.align(lines);
    }

    /** getServiceExternalIP. */
    static String externalIp(Service service, boolean wide) {
        ServiceSpec spec = service.getSpec() == null ? new ServiceSpec() : service.getSpec();
        List<String> external = spec.getExternalIPs() == null ? List.of() : spec.getExternalIPs();
        String type = spec.getType() == null ? "" : spec.getType();
        switch (type) {
            case "ClusterIP", "NodePort" -> {
                return external.isEmpty() ? NONE : String.join(",", external);
            }
            case "LoadBalancer" -> {
                String lbIps = loadBalancerIps(service, wide);
                if (!external.isEmpty()) {
                    List<String> results = new ArrayList<>();
                    if (!lbIps.isEmpty()) {
                        results.addAll(List.of(lbIps.split(",")));
                    }
                    results.addAll(external);
                    return String.join(",", results);
                }
                return lbIps.isEmpty() ? "<pending>" : lbIps;
            }
            case "ExternalName" -> {
                return spec.getExternalName() == null ? "" : spec.getExternalName();
            }
            default -> {
                return "<unknown>";
            }
        }
    }

    /** loadBalancerStatusStringer: the ingress IPs or host names, sorted and unique, clipped to 16 bytes without -o wide. */
    private static String loadBalancerIps(Service service, boolean wide) {
        TreeSet<String> result = new TreeSet<>();
        if (service.getStatus() != null && service.getStatus().getLoadBalancer() != null
                && service.getStatus().getLoadBalancer().getIngress() != null) {
            for (LoadBalancerIngress ingress : service.getStatus().getLoadBalancer().getIngress()) {
                if (ingress.getIp() != null && !ingress.getIp().isEmpty()) {
                    result.add(ingress.getIp());
                } else if (ingress.getHostname() != null && !ingress.getHostname().isEmpty()) {
                    result.add(ingress.getHostname());
                }
            }
        }
        String r = String.join(",", result);
        return !wide && r.length() > LOAD_BALANCER_WIDTH ? r.substring(0, LOAD_BALANCER_WIDTH - 3) + "..." : r;
    }

    /** makePortString: {@code port/protocol}, or {@code port:nodePort/protocol}, joined by commas. */
    static String ports(List<ServicePort> ports) {
        if (ports == null) {
            return "";
        }
        return ports.stream().map(p -> {
            String protocol = p.getProtocol() == null ? "" : p.getProtocol();
            int port = p.getPort() == null ? 0 : p.getPort();
            return p.getNodePort() != null && p.getNodePort() > 0 ? port + ":" + p.getNodePort() + "/" + protocol
                    : port + "/" + protocol;
        }).collect(Collectors.joining(","));
    }

    /** labels.FormatLabels: {@code k=v} sorted by key, or {@code <none>}. */
    private static String selector(Map<String, String> selector) {
        if (selector == null || selector.isEmpty()) {
            return NONE;
        }
        return new TreeMap<>(selector).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
