package dev.peapod.kubelet;

import dev.peapod.NodeSpec;
import dev.peapod.runtime.ContainerExit;
import dev.peapod.runtime.NodeRuntime;
import dev.peapod.spi.ClusterContext;
import dev.peapod.store.ListOptions;
import dev.peapod.store.WatchEvent;
import io.fabric8.kubernetes.api.model.Pod;
import org.apiguardian.api.API;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The agent of one node: registers the Node, watches the pods bound to it and runs each with a pod
 * worker on the cluster's event loop and simulated runtime.
 */
@API(status = INTERNAL, since = "0.1")
public final class Kubelet {
    final ClusterContext context;
    final NodeRuntime runtime;
    private final NodeSpec spec;
    private final int index;
    private final Map<String, PodWorker> workers = new LinkedHashMap<>();
    private final String cidrPrefix;
    private int nextHost = 2; // host-local IPAM hands out addresses in turn from .2 (.1 is the gateway)

    public Kubelet(ClusterContext context, NodeRuntime runtime, NodeSpec spec, int index) {
        this.context = Objects.requireNonNull(context, "context");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.index = index;
        String cidr = NodeObjects.podCidr(spec, index);
        this.cidrPrefix = cidr.substring(0, cidr.lastIndexOf('.', cidr.indexOf('/')) + 1);
        runtime.onContainerExit(this::containerExited);
    }

    /** The runtime saw a container exit (the PLEG's ContainerDied): its pod worker records it. The sandbox id is the pod's UID. */
    private void containerExited(String podUid, String containerId, ContainerExit exit) {
        PodWorker worker = workers.get(podUid);
        if (worker != null) {
            worker.containerExited(containerId, exit);
        }
    }

    public String nodeName() {
        return spec.name();
    }

    /** The node's InternalIP, the pods' hostIP. */
    public String hostIp() {
        return NodeObjects.internalIp(index);
    }

    /** Registers the Node object and starts watching the pods bound to it. */
    public void start() {
        context.store().create(NodeObjects.node(spec, index, context.clock().now()));
        context.store().watch(Pod.class, ListOptions.all().withFields("spec.nodeName=" + spec.name()), null,
                this::onPod);
    }

    private void onPod(WatchEvent<Pod> event) {
        Pod pod = event.object();
        String uid = pod.getMetadata().getUid();
        if (event.type() == WatchEvent.Type.DELETED) {
            PodWorker worker = workers.remove(uid);
            if (worker != null) {
                worker.removed();
            }
            return;
        }
        PodWorker worker = workers.get(uid);
        if (worker == null) {
            if (isTerminalPhase(pod)) {
                return; // nothing to run
            }
            worker = new PodWorker(this, pod);
            workers.put(uid, worker);
        }
        worker.update(pod);
    }

    private static boolean isTerminalPhase(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /** The next pod IP in the node's /24, in turn, as host-local IPAM gives them. */
    String allocateIp() {
        String ip = cidrPrefix + nextHost;
        nextHost = nextHost >= 254 ? 2 : nextHost + 1;
        return ip;
    }
}
