package dev.peapod.kubelet;

import dev.peapod.runtime.ContainerExit;
import dev.peapod.runtime.NodeRuntime;
import dev.peapod.runtime.Signal;
import dev.peapod.spi.ClusterContext;
import dev.peapod.spi.Component;
import dev.peapod.store.WatchEvent;
import io.fabric8.kubernetes.api.model.Pod;
import org.apiguardian.api.API;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The agent of one node: registers the Node, takes the pods bound to it from its pod sources (the
 * API server's watch) and runs each with a pod worker on the cluster's event loop and simulated
 * runtime. A {@link Component}: the cluster starts the kubelets after the scheduler, in node order.
 */
@API(status = INTERNAL, since = "0.1")
public final class Kubelet implements Component {
    ClusterContext context; // set by start: the component gets the cluster's parts when the cluster starts it
    final NodeRuntime runtime;
    /** The node's images: what is present, the serial puller, the Node's status.images. */
    final NodeImages images;
    private final NodeConfig node;
    private final List<PodSource> sources;
    private final Map<String, PodWorker> workers = new LinkedHashMap<>();
    private final String cidrPrefix;
    private int nextHost = 2; // host-local IPAM hands out addresses in turn from .2 (.1 is the gateway)
    /** The lease and node status loops. */
    private final NodeHeartbeat heartbeat;
    /** Cut off from the control plane: nothing it writes or watches gets through. */
    private boolean partitioned;
    /** The kubelet process is stopped (stopKubelet, or the machine is off). */
    private boolean stopped;
    /** The machine is powered off (fail): its containers died with it. */
    private boolean poweredOff;

    /** A kubelet that takes its pods from the API server. */
    public Kubelet(NodeRuntime runtime, NodeConfig node) {
        this(runtime, node, List.of(new ApiPodSource()));
    }

    /** @param sources where the pods come from, started in this order */
    Kubelet(NodeRuntime runtime, NodeConfig node, List<PodSource> sources) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.node = Objects.requireNonNull(node, "node");
        this.sources = List.copyOf(sources);
        this.images = new NodeImages(runtime, node.images());
        String cidr = node.podCidr();
        this.cidrPrefix = cidr.substring(0, cidr.lastIndexOf('.', cidr.indexOf('/')) + 1);
        this.heartbeat = new NodeHeartbeat(this, node.name());
        this.images.reachesApi = this::reachesApi;
        runtime.onContainerExit(this::containerExited);
        runtime.onSignal(this::containerSignalled);
    }

    /** The runtime signalled a container: its pod's timeline records it. */
    private void containerSignalled(String podUid, String containerId, Signal signal) {
        PodWorker worker = workers.get(podUid);
        if (worker != null) {
            worker.runtime.containerSignalled(containerId, signal);
        }
    }

    /** The runtime saw a container exit (the PLEG's ContainerDied): its pod worker records it. The sandbox id is the pod's UID. */
    private void containerExited(String podUid, String containerId, ContainerExit exit) {
        PodWorker worker = workers.get(podUid);
        if (worker != null) {
            worker.runtime.containerExited(containerId, exit);
        }
    }

    public String nodeName() {
        return node.name();
    }

    /** The node's InternalIP, the pods' hostIP. */
    public String hostIp() {
        return node.internalIp();
    }

    NodeConfig node() {
        return node;
    }

    /**
     * The node's allocatable as an immutable map, made once per node config: every sync that writes the
     * payload volumes passes it on (VolumePayloads.Context keeps a Map.copyOf, which copies nothing of an
     * immutable map).
     */
    Map<String, String> allocatableCopy() {
        Map<String, String> source = node().allocatable();
        if (allocatableSource != source) {
            allocatableCopy = Map.copyOf(source);
            allocatableSource = source;
        }
        return allocatableCopy;
    }

    private Map<String, String> allocatableSource;
    private Map<String, String> allocatableCopy;

    /** The ConfigMaps and Secrets volumes read: the store, with the root CA every namespace publishes. */
    VolumeObjects volumeObjects() {
        ContainerEnv.Lookup lookup = lookup();
        return new VolumeObjects() {
            @Override
            public java.util.Optional<io.fabric8.kubernetes.api.model.ConfigMap> configMap(String namespace, String name) {
                return lookup.configMap(namespace, name);
            }

            @Override
            public java.util.Optional<io.fabric8.kubernetes.api.model.Secret> secret(String namespace, String name) {
                return lookup.secret(namespace, name);
            }

            @Override
            public String configMapVersion(String namespace, String name) {
                return version(context.store().peek(io.fabric8.kubernetes.api.model.ConfigMap.class, namespace, name));
            }

            @Override
            public String secretVersion(String namespace, String name) {
                return version(context.store().peek(io.fabric8.kubernetes.api.model.Secret.class, namespace, name));
            }

            /** The stored object's resourceVersion, read without the copy a get makes: the fingerprint needs nothing else. */
            private String version(io.fabric8.kubernetes.api.model.HasMetadata stored) {
                if (stored == null) {
                    return null;
                }
                String version = stored.getMetadata().getResourceVersion();
                return version == null ? "" : version;
            }

            @Override
            public java.util.Optional<io.fabric8.kubernetes.api.model.PersistentVolumeClaim> claim(String namespace, String name) {
                return java.util.Optional.ofNullable(context.store().peek(io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class,
                        namespace, name));
            }

            @Override
            public java.util.Optional<io.fabric8.kubernetes.api.model.PersistentVolume> volume(String name) {
                return java.util.Optional.ofNullable(context.store().peek(io.fabric8.kubernetes.api.model.PersistentVolume.class,
                        null, name));
            }
        }.withPublishedRootCa();
    }

    /**
     * The {@code kubernetes} Service of {@code default} as a kind cluster's API server keeps it
     * (first address of the 10.96.0.0/12 service range, https on 443), for a store that does not hold it
     * (a kubelet run on a bare store; a cluster stores it from its start, and puts it back 10 s at most
     * after a delete): every container's environment names it (KUBERNETES_SERVICE_HOST, ...).
     */
    private static final io.fabric8.kubernetes.api.model.Service MASTER_SERVICE = new io.fabric8.kubernetes.api.model.ServiceBuilder()
            .withNewMetadata().withNamespace("default").withName("kubernetes").endMetadata()
            .withNewSpec().withType("ClusterIP").withClusterIP("10.96.0.1").withClusterIPs("10.96.0.1")
                .addNewPort().withName("https").withPort(443).withProtocol("TCP")
                    .withTargetPort(new io.fabric8.kubernetes.api.model.IntOrString(6443)).endPort()
            .endSpec().build();

    /** The node's allocatable resources: the limit the downward API gives a container without one. */
    java.util.Map<String, io.fabric8.kubernetes.api.model.Quantity> allocatable() {
        java.util.Map<String, io.fabric8.kubernetes.api.model.Quantity> quantities = new java.util.TreeMap<>();
        node.allocatable().forEach((k, v) -> quantities.put(k, new io.fabric8.kubernetes.api.model.Quantity(v)));
        return quantities;
    }

    /** What the kubelet reads from the API server for a container's environment and volumes: the store, now. */
    ContainerEnv.Lookup lookup() {
        return new ContainerEnv.Lookup() {
            @Override
            public java.util.Optional<io.fabric8.kubernetes.api.model.ConfigMap> configMap(String namespace, String name) {
                return context.store().get(io.fabric8.kubernetes.api.model.ConfigMap.class, namespace, name);
            }

            @Override
            public java.util.Optional<io.fabric8.kubernetes.api.model.Secret> secret(String namespace, String name) {
                return context.store().get(io.fabric8.kubernetes.api.model.Secret.class, namespace, name);
            }

            @Override
            public List<io.fabric8.kubernetes.api.model.Service> services(String namespace) {
                return context.store().list(io.fabric8.kubernetes.api.model.Service.class,
                        dev.peapod.store.ListOptions.inNamespace(namespace));
            }

            @Override
            public java.util.Optional<io.fabric8.kubernetes.api.model.Service> masterService() {
                return context.store().get(io.fabric8.kubernetes.api.model.Service.class, "default", "kubernetes")
                        .or(() -> java.util.Optional.of(MASTER_SERVICE));
            }
        };
    }

    /** {@code kubelet <node>}. */
    @Override
    public String name() {
        return "kubelet " + node.name();
    }

    /** Registers the Node object, then starts its pod sources in order. */
    @Override
    public void start(ClusterContext context) {
        if (this.context != null) {
            throw new IllegalStateException("the kubelet of node " + node.name() + " is already started");
        }
        this.context = Objects.requireNonNull(context, "context");
        images.start(context, node.name());
        context.store().create(NodeObjects.node(node, context.clock().now(), images.status()));
        heartbeat.start(context);
        for (PodSource source : sources) {
            source.start(context, node.name(), this::fromSource);
        }
    }

    /**
     * tryRegisterWithAPIServer (kubelet_node_status.go) for a new kubelet process: the Node is created
     * again (a new uid and creationTimestamp) when it was deleted meanwhile; an existing Node is kept
     * (its reconciliation of labels and resources changes nothing in Peapod). Whether it created one.
     */
    boolean registerAgain() {
        if (context.store().peek(io.fabric8.kubernetes.api.model.Node.class, null, node.name()) != null) {
            return false;
        }
        context.store().create(NodeObjects.node(node, context.clock().now(), images.status()));
        return true;
    }

    /** Whether the kubelet process runs (not stopped, the machine on). */
    boolean isRunning() {
        return !stopped;
    }

    /** Whether what the kubelet writes reaches the API server: it runs and is not partitioned from it. */
    boolean reachesApi() {
        return !stopped && !partitioned;
    }

    /** A pod source's update; the API server's watch does not reach a kubelet cut off from it (its relist catches up). */
    private void fromSource(WatchEvent<Pod> event) {
        if (reachesApi()) {
            onPod(event);
        }
    }

    // ---------------------------------------------------------------- failure modes (NodeEditor's verbs)

    /** The node is cut off from the control plane: containers, probes and restarts go on; no write or watch gets through. */
    public void partition() {
        partitioned = true;
    }

    /** The partition heals: the kubelet relists its pods and writes the statuses it kept; the heartbeats get through again. */
    public void heal() {
        if (!partitioned) {
            return;
        }
        partitioned = false;
        if (reachesApi()) {
            reconnect();
        }
    }

    /** The kubelet process stops: no probes, restarts or writes; the containers run on in the runtime. */
    public void stopKubelet() {
        stopped = true;
        heartbeat.stop();
    }

    /**
     * The kubelet process starts again: its lease and node status loops run at once, it relists its
     * pods and syncs each (the PLEG's relist sees what happened meanwhile). A powered-off machine stays
     * off: {@link #recover()} starts it.
     */
    public void startKubelet() {
        if (!stopped || poweredOff) {
            return;
        }
        stopped = false;
        heartbeat.restart();
        if (reachesApi()) {
            reconnect(); // a partitioned kubelet can neither list nor write: heal() relists
        }
        for (PodWorker worker : List.copyOf(workers.values())) {
            worker.requestSync();
        }
    }

    /**
     * The machine powers off: the kubelet stops and every container dies with it; nothing is reported.
     * The kubelet forgets its pods (a new process after the reboot knows none).
     */
    public void fail() {
        if (poweredOff) {
            return;
        }
        stopKubelet();
        poweredOff = true;
        for (PodWorker worker : List.copyOf(workers.values())) {
            worker.timeline(new dev.peapod.timeline.Fact.NodeAction(
                    "node " + node.name() + " powered off: the pod's containers died with it"));
            worker.powerOff();
        }
        workers.clear();
    }

    /**
     * The machine is back: the kubelet starts and lists the pods bound to the node. A pod already
     * deleted from the API is gone; a pod being deleted is finished and removed; a pod still bound
     * gets a new sandbox (a new IP) and its containers start again, as after a reboot.
     */
    public void recover() {
        if (!poweredOff) {
            return;
        }
        poweredOff = false;
        stopped = false;
        heartbeat.restart();
        if (reachesApi()) {
            reconnect(); // a partitioned kubelet can neither list nor write: heal() relists
        }
    }

    /** Whether the machine is powered off. */
    public boolean isPoweredOff() {
        return poweredOff;
    }

    /** Whether the node is cut off from the API server. */
    public boolean isPartitioned() {
        return partitioned;
    }

    /** Whether the kubelet process is stopped. */
    public boolean isStopped() {
        return stopped;
    }

    /**
     * The reflector's relist once the API is reachable: pods gone from the API are removed, the others
     * are (re)delivered; then the status manager writes what it kept.
     */
    private void reconnect() {
        List<Pod> bound = context.store().list(Pod.class,
                dev.peapod.store.ListOptions.all().withFields("spec.nodeName=" + node.name()));
        java.util.Set<String> uids = new java.util.HashSet<>();
        for (Pod pod : bound) {
            uids.add(pod.getMetadata().getUid());
        }
        for (PodWorker worker : List.copyOf(workers.values())) {
            if (!uids.contains(worker.uid) && !worker.isGone()) {
                worker.removed(worker.pod);
            }
        }
        for (Pod pod : bound) {
            PodWorker known = workers.get(pod.getMetadata().getUid());
            boolean recreated = known == null && !isTerminalPhase(pod) && pod.getStatus() != null
                    && pod.getStatus().getPodIP() != null;
            onPod(new WatchEvent<>(known == null ? WatchEvent.Type.ADDED : WatchEvent.Type.MODIFIED, pod, 0));
            PodWorker worker = workers.get(pod.getMetadata().getUid());
            if (recreated && worker != null) {
                worker.timeline(new dev.peapod.timeline.Fact.NodeAction("node " + node.name()
                        + " came back: the kubelet syncs the pod again, in a new sandbox"));
            }
        }
        for (PodWorker worker : List.copyOf(workers.values())) {
            worker.reconnected();
        }
    }

    private void onPod(WatchEvent<Pod> event) {
        Pod pod = event.object();
        String uid = pod.getMetadata().getUid();
        if (event.type() == WatchEvent.Type.DELETED) {
            PodWorker worker = workers.get(uid);
            if (worker != null) {
                worker.removed(pod);
            }
            return;
        }
        PodWorker worker = workers.get(uid);
        if (worker == null) {
            if (isTerminalPhase(pod)) {
                return; // nothing to run
            }
            if (!admit(pod)) {
                return; // rejected: Failed, and a terminal pod gets no worker
            }
            worker = new PodWorker(this, pod);
            workers.put(uid, worker);
        }
        worker.update(pod);
    }

    /**
     * HandlePodAdditions (kubelet.go, v1.33): a new pod is admitted against the pods the kubelet runs
     * ({@link KubeletAdmission}); a rejected one is failed by rejectPod and never gets a pod worker.
     */
    private boolean admit(Pod pod) {
        // the stored Node itself, not a copy: admission only reads it, and every new pod comes here
        io.fabric8.kubernetes.api.model.Node current = context.store().peek(io.fabric8.kubernetes.api.model.Node.class, null, node.name());
        if (current == null) {
            current = NodeObjects.node(node, context.clock().now(), images.status());
        }
        List<Pod> active = new java.util.ArrayList<>();
        for (PodWorker w : workers.values()) {
            // GetActivePods reads the pod manager, which no longer holds a force-deleted pod still being killed
            if (!w.isTerminal() && !w.isGone()) {
                active.add(w.pod);
            }
        }
        KubeletAdmission.Rejection rejection = KubeletAdmission.admit(pod, current, active);
        if (rejection == null) {
            context.timeline().record(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                    new dev.peapod.timeline.Fact.Admitted(node.name()));
            return true;
        }
        rejectPod(pod, rejection);
        return false;
    }

    /**
     * rejectPod (kubelet.go): a Warning event with the admission's reason and raw message (errata B
     * omission 8), and a status of phase Failed, the reason, {@code Pod was rejected: <message>} and
     * the QoS class; the status manager adds the start time (updateStatusInternal) and keeps the
     * conditions the kubelet does not own (mergePodStatus). No sandbox, no IP, no container.
     */
    private void rejectPod(Pod pod, KubeletAdmission.Rejection rejection) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        context.events().record(pod, null, "Warning", rejection.reason(), rejection.message(),
                dev.peapod.events.EventRecorder.Source.kubelet(node.name()));
        context.timeline().record(ns, name,
                new dev.peapod.timeline.Fact.EventRecorded("", "Warning", rejection.reason(), rejection.message()));
        io.fabric8.kubernetes.api.model.PodStatus old = pod.getStatus() == null
                ? new io.fabric8.kubernetes.api.model.PodStatus() : pod.getStatus();
        List<io.fabric8.kubernetes.api.model.PodCondition> kept = new java.util.ArrayList<>();
        for (var c : old.getConditions() == null ? List.<io.fabric8.kubernetes.api.model.PodCondition>of() : old.getConditions()) {
            if (!KUBELET_CONDITIONS.contains(c.getType())) {
                kept.add(c);
            }
        }
        io.fabric8.kubernetes.api.model.PodStatus status = new io.fabric8.kubernetes.api.model.PodStatusBuilder()
                .withPhase("Failed")
                .withReason(rejection.reason())
                .withMessage(KubeletAdmission.REJECTED + rejection.message())
                .withQosClass(old.getQosClass())
                .withStartTime(dev.peapod.store.Timestamps.format(context.clock().now()))
                .withConditions(kept)
                .build();
        Pod current = context.store().peek(Pod.class, ns, name);
        Pod update = new Pod();
        update.setMetadata((current != null ? current : pod).getMetadata());
        update.setStatus(status);
        context.store().shared().updateStatus(update);
        context.timeline().record(ns, name, new dev.peapod.timeline.Fact.PhaseChanged("Failed"));
    }

    /** pkg/kubelet/types PodConditionsByKubelet (with PodReadyToStartContainers, on in v1.33). */
    static final java.util.Set<String> KUBELET_CONDITIONS = java.util.Set.of(
            "PodScheduled", "Ready", "Initialized", "ContainersReady", "PodReadyToStartContainers",
            "PodResizePending", "PodResizeInProgress");

    private static boolean isTerminalPhase(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /** A pod gone from the API has terminated on the node: its worker is done. */
    void forgetWorker(String uid) {
        workers.remove(uid);
    }

    /** The next pod IP in the node's /24, in turn, as host-local IPAM gives them. */
    String allocateIp() {
        String ip = cidrPrefix + nextHost;
        nextHost = nextHost >= 254 ? 2 : nextHost + 1;
        return ip;
    }
}
