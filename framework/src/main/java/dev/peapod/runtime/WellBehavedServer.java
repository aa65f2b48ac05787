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
    /** The ports this server answers on. It answers on them even when another container of the pod holds one. */
    private Set<Integer> served = Set.of();

    @Override
    public void onStart(ProcessContext process) {
        served = servedPorts(process.spec());
        served.forEach(process::listen);
    }

    @Override
    public Response onRequest(ProcessContext process, Endpoint request) {
        return served.contains(request.port()) ? Response.ok() : Response.refusing();
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
