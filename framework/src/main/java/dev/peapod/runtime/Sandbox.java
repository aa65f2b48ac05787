package dev.peapod.runtime;

import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * A pod's sandbox: what its containers share. One IP and one port space (localhost reaches the
 * other containers), the shared volumes, and the process table. Its id is the pod's UID: containerd
 * draws a random sandbox id, but drawing one here would shift every container id the cluster's
 * seeded random gives after it.
 */
@API(status = INTERNAL, since = "0.1")
public final class Sandbox {
    /** The CRI's PodSandboxState. */
    public enum State { READY, NOTREADY }

    /** The CRI's NamespaceMode for PIDs: each container its own, the pod's (shareProcessNamespace), the node's (hostPID). */
    public enum PidMode { CONTAINER, POD, NODE }

    private final String id;
    private final String namespace;
    private final String name;
    private final String ip;
    private State state = State.READY;
    private String hostname;
    /** The pod's PID namespace when its containers share one; null when each has its own. */
    private ProcessTable pidNamespace;
    /** The sandbox's pause process in the node's PID namespace. */
    int hostPausePid;
    /** Port → id of the container listening on it; the first to listen holds it. */
    private final Map<Integer, String> ports = new TreeMap<>();
    /** The process table: this pod's containers by id, in creation order. */
    final Map<String, SimProcess> processes = new LinkedHashMap<>();

    Sandbox(String id, String namespace, String name, String ip) {
        this.id = id;
        this.namespace = namespace;
        this.name = name;
        this.ip = ip;
    }

    /** The pod's hostname, what {@code hostname} prints in its containers (the pod's name unless the kubelet says otherwise). */
    public String hostname() {
        return hostname == null ? name : hostname;
    }

    void configure(String hostname, ProcessTable processes) {
        this.hostname = hostname;
        this.pidNamespace = processes;
    }

    /** The PID namespace the pod's containers share (with shareProcessNamespace or hostPID), if they do. */
    Optional<ProcessTable> sharedProcesses() {
        return Optional.ofNullable(pidNamespace);
    }

    /** The pod's UID. */
    public String id() {
        return id;
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    public String ip() {
        return ip;
    }

    public State state() {
        return state;
    }

    /** The container listening on this port of the pod, if any. */
    public Optional<String> listener(int port) {
        return Optional.ofNullable(ports.get(port));
    }

    /** Every port some container of the pod listens on, ascending. */
    public List<Integer> ports() {
        return List.copyOf(ports.keySet());
    }

    /** The volumes the pod's containers share. None yet: volumes come with issue #9. */
    public List<String> volumes() {
        return List.of();
    }

    /** The ids of the pod's containers, running or not, in creation order. */
    public List<String> containers() {
        return new ArrayList<>(processes.keySet());
    }

    /** An HTTP GET to a port of this pod: the listening container answers; empty when none listens or it refuses. */
    Optional<dev.peapod.runtime.shell.Network.Reply> request(int port, String path) {
        String holder = ports.get(port);
        SimProcess process = holder == null ? null : processes.get(holder);
        if (process == null || process.state() != ContainerState.RUNNING) {
            return Optional.empty();
        }
        Response response = process.respond(Endpoint.http(port, path), Requester.ANYONE);
        if (response.refused() || response.hangs()) {
            return Optional.empty();
        }
        return Optional.of(new dev.peapod.runtime.shell.Network.Reply(response.httpStatus(), response.output()));
    }

    boolean listen(int port, String containerId) {
        String holder = ports.putIfAbsent(port, containerId);
        return holder == null || holder.equals(containerId);
    }

    void release(String containerId) {
        ports.values().removeIf(containerId::equals);
    }

    void stopped() {
        state = State.NOTREADY;
    }
}
