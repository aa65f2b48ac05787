package dev.peapod.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Probe;
import org.apiguardian.api.API;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The cluster's simulated container runtime. Nothing a manifest says is executed on the host: a
 * container is a {@link SimProcess} whose answers come from its {@link ContainerBehaviour} script.
 * Scripts are kept by namespace, pod and container name, so they can be written before the pod
 * exists and they outlive restarts.
 */
@API(status = INTERNAL, since = "0.1")
public final class ContainerRuntime {
    private final Instant clusterStart;
    private final Random random;
    private final Map<String, ContainerBehaviour> scripts = new LinkedHashMap<>();
    /** Images no registry will give, by normalized reference, with the error the pull fails with. */
    private final Map<String, String> unpullable = new LinkedHashMap<>();

    public ContainerRuntime(Instant clusterStart, Random random) {
        this.clusterStart = clusterStart;
        this.random = random;
    }

    /** The script of one container, created empty (the default server) on first use. */
    public ContainerBehaviour behaviour(String namespace, String pod, String container) {
        return scripts.computeIfAbsent(namespace + "/" + pod + "/" + container, k -> new ContainerBehaviour());
    }

    /**
     * Every image pulls at once unless declared here: a pull of this image fails with {@code error}
     * (null: containerd's NotFound answer). Images are compared as containerd names them, so
     * {@code nginx} and {@code docker.io/library/nginx:latest} are one image.
     */
    public void imageCannotBePulled(String image, String error) {
        unpullable.put(Images.normalized(image), error == null ? Images.notFound(image) : error);
    }

    /** The error a pull of this image fails with; null when it pulls. */
    public String pullError(String image) {
        return unpullable.get(Images.normalized(image));
    }

    /** Every pod with a script, as namespace/name, in the order first scripted. */
    public java.util.List<String> scriptedPods() {
        return scripts.keySet().stream().map(k -> k.substring(0, k.lastIndexOf('/'))).distinct().toList();
    }

    /** The container names scripted for a pod, in the order they were first scripted. */
    public java.util.List<String> scriptedContainers(String namespace, String pod) {
        String prefix = namespace + "/" + pod + "/";
        return scripts.keySet().stream().filter(k -> k.startsWith(prefix)).map(k -> k.substring(prefix.length())).toList();
    }

    /** Creates and starts a container process. */
    public SimProcess start(String namespace, String pod, Container container, int startNumber, Instant now) {
        return new SimProcess(newContainerId(), now, startNumber, clusterStart,
                behaviour(namespace, pod, container.getName()), servedPorts(container));
    }

    /** A well-behaved server listens on its declared ports and on the ports its probes use. */
    private static Set<Integer> servedPorts(Container container) {
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
                ports.add(ContainerBehaviour.port(probe.getHttpGet().getPort(), container));
            } else if (probe.getTcpSocket() != null) {
                ports.add(ContainerBehaviour.port(probe.getTcpSocket().getPort(), container));
            } else if (probe.getGrpc() != null && probe.getGrpc().getPort() != null) {
                ports.add(probe.getGrpc().getPort());
            }
        }
        ports.remove(-1); // a named port the container does not declare opens nothing
        return ports;
    }

    private String newContainerId() {
        StringBuilder hex = new StringBuilder("containerd://");
        for (int i = 0; i < 4; i++) {
            hex.append(String.format("%016x", random.nextLong()));
        }
        return hex.toString();
    }
}
