package dev.peapod;

import dev.peapod.core.Checks;
import dev.peapod.core.PeapodException;
import dev.peapod.spi.ClusterContext;
import dev.peapod.store.ListOptions;
import dev.peapod.time.EngineLock;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * kubectl's node verbs on a running cluster, from {@link FakeCluster#editNode(String)}:
 * <pre>{@code
 * cluster.editNode("worker0").label("disktype", "ssd").taint("dedicated=gpu:NoSchedule");
 * cluster.editNode("worker1").cordon();
 * NodeDrain drain = cluster.editNode("worker2").drain();
 * }</pre>
 * Each verb is one update of the Node through the API store, so watchers see it as they see
 * {@code kubectl label}, {@code kubectl taint} and {@code kubectl cordon}: the scheduler retries the
 * pods a change may help. Each returns this editor, and the cluster settles after each.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class NodeEditor {
    private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    private final ClusterContext context;
    private final String name;
    /** The cluster's check that it is open and on its thread, run before every verb with the verb's name. */
    private final EngineLock.Guard guard;

    /** The node's kubelet; null for a Node stored without one. */
    private final dev.peapod.kubelet.Kubelet kubelet;

    NodeEditor(ClusterContext context, String name, EngineLock.Guard guard, dev.peapod.kubelet.Kubelet kubelet) {
        this.context = context;
        this.name = name;
        this.guard = guard;
        this.kubelet = kubelet;
        if (kubelet == null) {
            context.store().require(Node.class, null, name); // NotFound now, not at the first verb
        }
        // a node with a kubelet keeps its failure verbs when its Node object was deleted: a kubelet that
        // starts again (startKubelet, recover) registers it again (kubelet_node_status.go registerWithAPIServer);
        // the kubectl verbs still answer NotFound
    }

    /** {@code kubectl label node <name> key=value --overwrite}: sets the label, replacing a value it had. */
    public NodeEditor label(String key, String value) {
        try (EngineLock.Held held = guard.enter("NodeEditor.label")) {
            NodeSpec.checkLabel(name, "label", key, value);
            return edit(node -> {
                Map<String, String> labels = new LinkedHashMap<>(labels(node));
                labels.put(key, value);
                node.getMetadata().setLabels(labels);
            });
        }
    }

    /** {@code kubectl label node <name> key-}: removes the label; a label the node lacks is no change. */
    public NodeEditor unlabel(String key) {
        try (EngineLock.Held held = guard.enter("NodeEditor.unlabel")) {
            Checks.notNull(key, "key");
            return edit(node -> {
                Map<String, String> labels = new LinkedHashMap<>(labels(node));
                labels.remove(key);
                node.getMetadata().setLabels(labels);
            });
        }
    }

    /**
     * {@code kubectl taint node <name> key=value:Effect --overwrite} ({@code key:Effect} for no value):
     * adds the taint, replacing one with the same key and effect. Effect is NoSchedule,
     * PreferNoSchedule or NoExecute. A NoExecute taint evicts the node's pods as upstream's
     * taint-eviction controller does: a pod that does not tolerate it is deleted at once, one that
     * tolerates it with {@code tolerationSeconds} that many seconds later, one that tolerates it
     * without seconds never; {@link #untaint} before then cancels the pending eviction.
     */
    public NodeEditor taint(String taint) {
        try (EngineLock.Held held = guard.enter("NodeEditor.taint")) {
            Taint parsed = NodeSpec.parseTaint(taint);
            if (parsed.getKey().isEmpty() || !EFFECTS.contains(parsed.getEffect())) {
                throw new PeapodException("taint \"" + taint + "\" must look like key=value:Effect or key:Effect, with Effect "
                        + "NoSchedule, PreferNoSchedule or NoExecute");
            }
            NodeSpec.checkTaint(name, "taint", 0, parsed);
            return edit(node -> {
                List<Taint> taints = new ArrayList<>(taints(node));
                taints.removeIf(t -> t.getKey().equals(parsed.getKey()) && t.getEffect().equals(parsed.getEffect()));
                taints.add(parsed);
                node.getSpec().setTaints(taints);
            });
        }
    }

    /** {@code kubectl taint node <name> key-}: removes every taint with this key, whatever its effect. */
    public NodeEditor untaint(String key) {
        try (EngineLock.Held held = guard.enter("NodeEditor.untaint")) {
            Checks.notNull(key, "key");
            return edit(node -> {
                List<Taint> taints = new ArrayList<>(taints(node));
                taints.removeIf(t -> t.getKey().equals(key));
                node.getSpec().setTaints(taints);
            });
        }
    }

    /**
     * {@code kubectl cordon}: sets {@code spec.unschedulable}, so the scheduler places no new pod there
     * unless it tolerates {@code node.kubernetes.io/unschedulable:NoSchedule}; running pods stay.
     * Upstream's node lifecycle controller then adds that taint to the node (TaintNodesByCondition) and
     * the kubelet records a NodeNotSchedulable event; Peapod has neither yet, so only the field changes.
     */
    public NodeEditor cordon() {
        try (EngineLock.Held held = guard.enter("NodeEditor.cordon")) {
            return edit(node -> node.getSpec().setUnschedulable(true));
        }
    }

    /** {@code kubectl uncordon}: clears {@code spec.unschedulable}; pods waiting for a node are tried again. */
    public NodeEditor uncordon() {
        try (EngineLock.Held held = guard.enter("NodeEditor.uncordon")) {
            return edit(node -> node.getSpec().setUnschedulable(null));
        }
    }

    /**
     * {@code kubectl drain <name> --ignore-daemonsets --delete-emptydir-data --force --disable-eviction}
     * (staging/src/k8s.io/kubectl/pkg/drain/drain.go and filters.go, pkg/cmd/drain/drain.go, v1.33):
     * cordons the node, then deletes its pods, in the API's listing order ({@code namespace/name}),
     * each with its own grace period. The filters run in kubectl's order and the last one's verdict
     * counts: a DaemonSet's running pod is left ("ignoring DaemonSet-managed Pods"), a pod whose
     * DaemonSet is gone is deleted (its NotFound warning replaced by the next filter's verdict), a mirror pod
     * ({@code kubernetes.io/config.mirror}) is skipped silently, a running pod with no controller is
     * deleted with "deleting Pods that declare no controller"; emptyDir pods are deleted (their warning is
     * dropped by the next filter, as kubectl's own to-do comment says). A finished pod is deleted whatever it is.
     *
     * <p>Not simulated: kubectl drains through the Eviction API by default, which respects
     * PodDisruptionBudgets; this is kubectl's {@code --disable-eviction} path
     * (plain DELETEs). kubectl then waits, polling every second, until the pods are gone, and prints
     * {@code pod/<name> deleted} for each and {@code node/<name> drained}; this call returns once the
     * cluster settled after the deletes: advance the clock to let the pods finish terminating.
     *
     * @return what it did: the pods deleted and skipped, and kubectl's warning line
     */
    public NodeDrain drain() {
        try (EngineLock.Held held = guard.enter("NodeEditor.drain")) {
            Node node = context.store().require(Node.class, null, name);
            boolean cordoned = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
            if (!cordoned) {
                edit(n -> n.getSpec().setUnschedulable(true));
            }
            List<String> deleted = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            // PodDeleteList.Warnings groups the pods by message (in Go map order; here in first-seen order)
            Map<String, List<String>> warnings = new LinkedHashMap<>();
            List<Pod> pods = context.store().list(Pod.class, ListOptions.all()).stream()
                    .filter(pod -> name.equals(pod.getSpec().getNodeName())).toList();
            List<Pod> toDelete = new ArrayList<>();
            for (Pod pod : pods) {
                String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
                Verdict verdict = filter(pod);
                if (verdict.warning() != null) {
                    warnings.computeIfAbsent(verdict.warning(), m -> new ArrayList<>()).add(key);
                }
                if (verdict.delete()) {
                    toDelete.add(pod);
                    deleted.add(key);
                } else {
                    skipped.add(key);
                }
            }
            for (Pod pod : toDelete) {
                if (context.store().peek(Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName()) != null) {
                    context.store().shared().delete(Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName());
                }
            }
            context.loop().settle();
            String warning = warnings.entrySet().stream().map(e -> e.getKey() + ": " + String.join(", ", e.getValue()))
                    .collect(java.util.stream.Collectors.joining("; "));
            return new NodeDrain(name, cordoned, List.copyOf(deleted), List.copyOf(skipped), warning);
        }
    }

    /** A pod's PodDeleteStatus: delete it or not, with the warning kubectl groups pods under (or null). */
    private record Verdict(boolean delete, String warning) {
    }

    /** kubectl's filters (makeFilters) with the three flags on. */
    private Verdict filter(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        boolean finished = "Succeeded".equals(phase) || "Failed".equals(phase);
        OwnerReference controller = pod.getMetadata().getOwnerReferences() == null ? null : pod.getMetadata().getOwnerReferences()
                .stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst().orElse(null);
        // daemonSetFilter
        // (a pod whose DaemonSet is gone passes with the NotFound error as its warning, which the next
        // filter's verdict replaces, as every later warning but unreplicatedFilter's)
        if (controller != null && "DaemonSet".equals(controller.getKind()) && !finished
                && context.store().peek(DaemonSet.class, pod.getMetadata().getNamespace(), controller.getName()) != null) {
            return new Verdict(false, "ignoring DaemonSet-managed Pods");
        }
        // mirrorPodFilter
        if (pod.getMetadata().getAnnotations() != null && pod.getMetadata().getAnnotations().containsKey("kubernetes.io/config.mirror")) {
            return new Verdict(false, null);
        }
        // localStorageFilter's warning is replaced by unreplicatedFilter's verdict, which always follows it
        // unreplicatedFilter
        if (finished || controller != null) {
            return new Verdict(true, null);
        }
        return new Verdict(true, "deleting Pods that declare no controller");
    }

    // ---------------------------------------------------------------- failures

    /**
     * The machine powers off ("node worker-1 fails"): its kubelet stops and every container on it dies
     * with it; nothing is reported to the API. After node-monitor-grace-period (50 s in v1.33) without a
     * lease renewal the node lifecycle controller marks the node {@code Unknown}, its pods not ready, and
     * taints it {@code node.kubernetes.io/unreachable:NoExecute}.
     */
    public NodeEditor fail() {
        try (EngineLock.Held held = guard.enter("NodeEditor.fail")) {
            refuseIf(k -> k.isPoweredOff(), "has already failed: recover() it first");
            return act("node " + name + " failed: the machine powered off, its containers died with it", k -> k.fail());
        }
    }

    /**
     * The machine is back ("node worker-1 comes back"): the kubelet starts, renews its lease and posts
     * the node status, and lists its pods: a pod deleted from the API meanwhile is gone; a pod being
     * deleted is finished and removed by the kubelet; a pod still bound starts again in a new sandbox
     * (a new pod IP, as after a reboot). It keeps its {@code status.startTime}, so
     * {@code activeDeadlineSeconds} still counts from the first start (status_manager.go
     * updateStatusInternal). Simulated: its restart count starts again from 0 in Peapod; upstream gives
     * the API's count + 1 (kuberuntime_container.go calcRestartCountByLogDir: /var/log/pods survives the
     * reboot), with the dead container as its last state.
     */
    public NodeEditor recover() {
        try (EngineLock.Held held = guard.enter("NodeEditor.recover")) {
            refuseIf(k -> !k.isPoweredOff(), "has not failed, its machine runs: fail() it first"
                    + " (a stopped kubelet starts with startKubelet(), a partition ends with heal())");
            return act("node " + name + " came back: its kubelet started again", k -> k.recover());
        }
    }

    /**
     * The node is cut off from the control plane: its kubelet keeps running its containers (probes,
     * restarts) but none of its writes (lease, node and pod status, events) nor the API's watch gets
     * through. Events it records meanwhile are lost.
     */
    public NodeEditor partition() {
        try (EngineLock.Held held = guard.enter("NodeEditor.partition")) {
            refuseIf(k -> k.isPartitioned(), "is already cut off from the control plane: heal() it first");
            return act("node " + name + " partitioned from the control plane", k -> k.partition());
        }
    }

    /** The partition heals: the kubelet relists its pods, writes the pod statuses it kept, and its heartbeats get through. */
    public NodeEditor heal() {
        try (EngineLock.Held held = guard.enter("NodeEditor.heal")) {
            refuseIf(k -> !k.isPartitioned(), "is not cut off from the control plane: partition() it first");
            return act("node " + name + " reaches the control plane again", k -> k.heal());
        }
    }

    /** The kubelet process stops: no probes, restarts or writes; the containers keep running in the runtime. */
    public NodeEditor stopKubelet() {
        try (EngineLock.Held held = guard.enter("NodeEditor.stopKubelet")) {
            refuseIf(k -> k.isPoweredOff(), "has failed: its kubelet is not running");
            refuseIf(k -> k.isStopped(), "already has its kubelet stopped: startKubelet() it first");
            return act("kubelet on node " + name + " stopped", k -> k.stopKubelet());
        }
    }

    /**
     * The kubelet process starts again: it takes up the running containers, renews its lease and posts
     * the node status at once. A new process registers its Node again if it was deleted
     * (kubelet_node_status.go registerWithAPIServer). Behind a partition it lists and writes nothing
     * until {@link #heal()}. Simulated: the kubelet keeps its probe results across the restart, so a
     * readiness-probed pod stays Ready; upstream's new process starts with empty prober caches (its pods
     * are briefly not ready until the first probe passes, prober_manager.go UpdatePodStatus), and records
     * the {@code Starting} "Starting kubelet." and {@code NodeAllocatableEnforced} node events (and, after a
     * reboot, {@code Rebooted}), which Peapod leaves out as it does at cluster creation.
     */
    public NodeEditor startKubelet() {
        try (EngineLock.Held held = guard.enter("NodeEditor.startKubelet")) {
            refuseIf(k -> k.isPoweredOff(), "has failed: recover() starts its machine and its kubelet");
            refuseIf(k -> !k.isStopped(), "already runs its kubelet: stopKubelet() it first");
            return act("kubelet on node " + name + " started", k -> k.startKubelet());
        }
    }

    /** A verb that would change nothing is refused, so that a spec never passes on a failure that did not happen. */
    private void refuseIf(java.util.function.Predicate<dev.peapod.kubelet.Kubelet> state, String why) {
        if (kubelet != null && state.test(kubelet)) {
            throw new PeapodException("node " + name + " " + why);
        }
    }

    private NodeEditor act(String what, Consumer<dev.peapod.kubelet.Kubelet> action) {
        if (kubelet == null) {
            throw new PeapodException("node " + name + " has no kubelet in this cluster (it was stored as an object): "
                    + "add it with ClusterSpec.node(...) to fail, partition or stop it");
        }
        Node node = context.store().peek(Node.class, null, name);
        String subject = node != null ? dev.peapod.timeline.Timeline.subject(node) : "node/" + name;
        context.timeline().record(null, subject, new dev.peapod.timeline.Fact.NodeAction(what));
        action.accept(kubelet);
        context.loop().settle();
        return this;
    }

    /** The Node as stored now. */
    public Node node() {
        try (EngineLock.Held held = guard.enter("NodeEditor.node")) {
            return context.store().require(Node.class, null, name);
        }
    }

    private NodeEditor edit(Consumer<Node> change) {
        context.store().require(Node.class, null, name); // kubectl's NotFound for a deleted Node
        context.store().shared().edit(Node.class, null, name, node -> {
            if (node.getSpec() == null) {
                node.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
            }
            change.accept(node);
        });
        context.loop().settle();
        return this;
    }

    private static Map<String, String> labels(Node node) {
        return node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    }

    private static List<Taint> taints(Node node) {
        return node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
    }
}
