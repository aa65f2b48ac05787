package dev.peapod.runtime;

import dev.peapod.runtime.shell.Network;
import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The cluster's pod network, flat as Kubernetes requires: every pod reaches every pod by its IP, and
 * a pod reaches its own containers on {@code localhost}. Nodes' runtimes attach their sandboxes
 * here; a request goes to the container listening on the port, in virtual time, never to the
 * host's network.
 *
 * <p>Services, as kube-proxy and the cluster DNS make them: the service proxy programs a
 * {@link ServiceRoute} per Service; a Service's name ({@code web}, {@code web.<ns>},
 * {@code web.<ns>.svc}, {@code web.<ns>.svc.cluster.local}, through the pod's DNS search path)
 * resolves to its cluster IP, or, headless, to its first ready endpoint's pod IP; a connection to a
 * cluster IP and service port goes to one of the port's ready endpoints, in turn (round-robin per
 * cluster IP and port, so the same requests reach the same pods on every run, where iptables picks
 * at random), or, with none ready, to the serving terminating ones (kube-proxy's terminating
 * fallback), or is refused, as kube-proxy's REJECT rule for a Service without endpoints refuses it.
 */
@API(status = INTERNAL, since = "0.1")
public final class PodNetwork {
    /** The cluster domain of kind's and kubeadm's clusters (the kubelet's clusterDomain). */
    static final String CLUSTER_DOMAIN = "svc.cluster.local";

    private final Map<String, Sandbox> byIp = new HashMap<>();
    /** namespace/name → route; looked up, never iterated for an observable order. */
    private final Map<String, ServiceRoute> services = new HashMap<>();
    private final Map<String, ServiceRoute> byClusterIp = new HashMap<>();
    /** clusterIP:port → connections made so far, for the round-robin. */
    private final Map<String, Integer> turns = new HashMap<>();

    void attach(Sandbox sandbox) {
        byIp.put(sandbox.ip(), sandbox);
    }

    void detach(Sandbox sandbox) {
        byIp.remove(sandbox.ip(), sandbox);
    }

    /** The proxy's view of one Service, replacing the last one; empty removes it (the Service is gone). */
    public void program(String namespace, String name, Optional<ServiceRoute> route) {
        String key = namespace + "/" + name;
        ServiceRoute old = services.remove(key);
        if (old != null && !old.headless()) {
            byClusterIp.remove(old.clusterIp(), old);
        }
        route.ifPresent(r -> {
            services.put(key, r);
            if (!r.headless()) {
                byClusterIp.put(r.clusterIp(), r);
            }
        });
    }

    /**
     * The network as one pod's containers see it: {@code localhost} and its hostname are the pod
     * itself, other pods are reached by IP, Services by name or cluster IP; no other name resolves
     * (busybox's "bad address", not a silent refusal).
     */
    Network from(Sandbox sandbox) {
        return new Network() {
            @Override
            public Optional<Reply> get(String host, int port, String path) {
                if (self(host)) {
                    return sandbox.request(port, path);
                }
                Optional<String> ip = isIp(host) ? Optional.of(host) : resolve(sandbox.namespace(), host);
                return ip.flatMap(address -> connect(address, port, path));
            }

            @Override
            public boolean resolves(String host) {
                return self(host) || isIp(host) || resolve(sandbox.namespace(), host).isPresent();
            }

            private boolean self(String host) {
                return host.equals("localhost") || host.equals("127.0.0.1") || host.equals(sandbox.hostname())
                        || host.equals(sandbox.name());
            }
        };
    }

    private static boolean isIp(String host) {
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    /** A pod IP, or a cluster IP through its Service's endpoints. */
    private Optional<Network.Reply> connect(String ip, int port, String path) {
        ServiceRoute service = byClusterIp.get(ip);
        if (service == null) {
            Sandbox target = byIp.get(ip);
            return target == null ? Optional.empty() : target.request(port, path);
        }
        return pick(service, port).flatMap(backend -> {
            Sandbox target = byIp.get(backend.ip());
            return target == null ? Optional.empty() : target.request(backend.port(), path);
        });
    }

    /**
     * The endpoint a new connection to the Service's port goes to: the ready ones in turn, else the
     * serving terminating ones; none for a port the Service does not have (iptables has no rule for
     * it; Peapod refuses where a real connection would time out).
     */
    private Optional<ServiceRoute.Backend> pick(ServiceRoute service, int port) {
        for (ServiceRoute.Port servicePort : service.ports()) {
            if (servicePort.port() != port) {
                continue;
            }
            List<ServiceRoute.Backend> usable = new ArrayList<>();
            servicePort.endpoints().stream().filter(ServiceRoute.Backend::ready).forEach(usable::add);
            if (usable.isEmpty()) {
                servicePort.endpoints().stream().filter(b -> b.serving() && b.terminating()).forEach(usable::add);
            }
            if (usable.isEmpty()) {
                return Optional.empty();
            }
            String key = service.clusterIp() + ":" + port;
            int turn = turns.merge(key, 1, Integer::sum) - 1;
            return Optional.of(usable.get(turn % usable.size()));
        }
        return Optional.empty();
    }

    /**
     * The cluster DNS through the pod's search path ({@code <ns>.svc.cluster.local svc.cluster.local
     * cluster.local}): a Service name gives its cluster IP, or a headless Service's first ready
     * endpoint; empty when no Service has the name.
     */
    Optional<String> resolve(String podNamespace, String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.endsWith("." + CLUSTER_DOMAIN)) {
            name = name.substring(0, name.length() - CLUSTER_DOMAIN.length() - 1);
        } else if (name.endsWith(".svc")) {
            name = name.substring(0, name.length() - 4);
        }
        String[] parts = name.split("\\.", -1);
        // <hostname>.<service>[.<ns>]: a pod of a headless Service with hostname and subdomain (a
        // StatefulSet's web-1.web), which the search path tries before <service>.<ns> (CoreDNS)
        if (parts.length == 2 || parts.length == 3) {
            ServiceRoute governing = services.get((parts.length == 3 ? parts[2] : podNamespace) + "/" + parts[1]);
            if (governing != null && governing.headless()) {
                Optional<String> pod = governing.ports().stream().flatMap(p -> p.endpoints().stream())
                        .filter(b -> b.ready() && parts[0].equals(b.hostname())).map(ServiceRoute.Backend::ip).findFirst();
                if (pod.isPresent()) {
                    return pod;
                }
            }
        }
        ServiceRoute service = switch (parts.length) {
            case 1 -> services.get(podNamespace + "/" + parts[0]);
            case 2 -> services.get(parts[1] + "/" + parts[0]);
            default -> null;
        };
        if (service == null) {
            return Optional.empty();
        }
        if (!service.headless()) {
            return Optional.of(service.clusterIp());
        }
        // a headless Service's A records are its ready endpoints' addresses (CoreDNS kubernetes plugin)
        return service.ports().stream().flatMap(p -> p.endpoints().stream()).filter(ServiceRoute.Backend::ready)
                .map(ServiceRoute.Backend::ip).findFirst();
    }
}
