package dev.peapod.runtime;

import org.apiguardian.api.API;

import java.util.List;
import java.util.Objects;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * What the cluster's service proxy programs into the {@link PodNetwork} for one Service: its name,
 * its cluster IP ({@code None} for a headless one) and, per service port, the endpoints traffic
 * may go to. The network never reads the store; kube-proxy's view arrives here.
 *
 * @param namespace the Service's namespace
 * @param name      the Service's name, as DNS resolves it
 * @param clusterIp its cluster IP, or {@code None} when headless
 * @param ports     its TCP ports with their endpoints
 */
@API(status = INTERNAL, since = "0.1")
public record ServiceRoute(String namespace, String name, String clusterIp, List<Port> ports) {
    public ServiceRoute {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(clusterIp, "clusterIp");
        ports = List.copyOf(ports);
    }

    /**
     * One service port and the endpoints it reaches, in the proxy's order.
     *
     * @param port      the Service's port number
     * @param endpoints every endpoint with an address for this port
     */
    @API(status = INTERNAL, since = "0.1")
    public record Port(int port, List<Backend> endpoints) {
        public Port {
            endpoints = List.copyOf(endpoints);
        }
    }

    /**
     * An endpoint of a service port: the pod's IP and the port it listens on, with the slice's
     * ready, serving and terminating conditions.
     */
    @API(status = INTERNAL, since = "0.1")
    public record Backend(String ip, int port, boolean ready, boolean serving, boolean terminating, String hostname) {
        /** Without a hostname: the endpoint of a pod that has no {@code hostname}/{@code subdomain} of this Service. */
        public Backend(String ip, int port, boolean ready, boolean serving, boolean terminating) {
            this(ip, port, ready, serving, terminating, null);
        }
    }

    /** v1helper.IsServiceIPSet: a cluster IP that is neither empty nor None. */
    public boolean headless() {
        return clusterIp.isEmpty() || clusterIp.equals("None");
    }
}
