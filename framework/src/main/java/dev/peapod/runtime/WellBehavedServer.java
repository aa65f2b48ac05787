package dev.peapod.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Probe;

import java.util.Set;
import java.util.TreeSet;

/**
 * The program a container runs when nothing else says what it does (DESIGN §6, last in the order):
 * it listens on its declared ports and on the ports its probes use, answers every request on them
 * with 200 / SERVING, succeeds exec commands and exits 0 at once on SIGTERM (the defaults of
 * {@link Program}).
 */
final class WellBehavedServer implements Program {
    /**
     * The ports this server answers on, even when another container of the pod holds one; ascending and
     * unboxed: every probe asks, and a boxed port over 127 is an allocation.
     */
    private int[] ports = new int[0];

    @Override
    public void onStart(ProcessContext process) {
        Set<Integer> served = servedPorts(process.spec());
        ports = served.stream().mapToInt(Integer::intValue).toArray();
        served.forEach(process::listen);
    }

    @Override
    public Response onRequest(ProcessContext process, Endpoint request) {
        return java.util.Arrays.binarySearch(ports, request.port()) >= 0 ? Response.ok() : Response.refusing();
    }

    /** Declared ports and probe ports; a named port the container does not declare opens nothing. */
    static Set<Integer> servedPorts(Container container) {
        Set<Integer> ports = new TreeSet<>();
        if (container.getPorts() != null) {
            for (ContainerPort port : container.getPorts()) {
                ports.add(port.getContainerPort());
            }
        }
        for (Probe probe : new Probe[] {container.getLivenessProbe(), container.getReadinessProbe(), container.getStartupProbe()}) {
            if (probe == null) {
                continue;
            }
            if (probe.getHttpGet() != null) {
                ports.add(Endpoint.port(probe.getHttpGet().getPort(), container));
            } else if (probe.getTcpSocket() != null) {
                ports.add(Endpoint.port(probe.getTcpSocket().getPort(), container));
            } else if (probe.getGrpc() != null && probe.getGrpc().getPort() != null) {
                ports.add(probe.getGrpc().getPort());
            }
        }
        ports.remove(-1);
        return ports;
    }
}
