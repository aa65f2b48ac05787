package dev.peapod.controllers;

import dev.peapod.spi.ClusterContext;
import dev.peapod.spi.Component;
import dev.peapod.store.ListOptions;
import dev.peapod.store.Timestamps;
import dev.peapod.store.WatchEvent;
import dev.peapod.time.WorkQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The node lifecycle controller (pkg/controller/nodelifecycle/node_lifecycle_controller.go, v1.33).
 * <ul>
 *   <li>Its NoSchedule tainting pass (doNoScheduleTaintingPass, TaintNodesByCondition): a cordoned
 *   node ({@code spec.unschedulable}) gets {@code node.kubernetes.io/unschedulable:NoSchedule}, and a
 *   node condition its taint ({@code Ready} False/Unknown: {@code not-ready}/{@code unreachable};
 *   {@code MemoryPressure}, {@code DiskPressure}, {@code PIDPressure}, {@code NetworkUnavailable} True),
 *   each with {@code timeAdded} (controller_utils.go SwapNodeControllerTaint); uncordoned, or the
 *   condition gone, the taint goes. Only these controller-owned NoSchedule taints are compared; a
 *   user's taints stay.</li>
 *   <li>Its health monitoring ({@link NodeHealthMonitor}): every node-monitor-period a node whose
 *   kubelet posted neither status nor lease for the grace period goes {@code Unknown}, its pods'
 *   Ready goes False, and the NoExecute {@code unreachable}/{@code not-ready} taints are added through
 *   each zone's rate-limited queue.</li>
 * </ul>
 */
@API(status = INTERNAL, since = "0.1")
public final class NodeLifecycleController implements Component {
    static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
    /** nodeConditionToTaintKeyStatusMap. */
    private static final Map<String, Map<String, String>> CONDITION_TAINTS = Map.of(
            "Ready", Map.of("False", "node.kubernetes.io/not-ready", "Unknown", "node.kubernetes.io/unreachable"),
            "MemoryPressure", Map.of("True", "node.kubernetes.io/memory-pressure"),
            "DiskPressure", Map.of("True", "node.kubernetes.io/disk-pressure"),
            "NetworkUnavailable", Map.of("True", "node.kubernetes.io/network-unavailable"),
            "PIDPressure", Map.of("True", "node.kubernetes.io/pid-pressure"));

    private ClusterContext context;
    private WorkQueue<String> queue;
    private NodeHealthMonitor health;

    @Override
    public String name() {
        return "node-lifecycle-controller";
    }

    @Override
    public void start(ClusterContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.queue = new WorkQueue<>(context.loop(), name(), this::doNoScheduleTaintingPass);
        context.store().watch(Node.class, ListOptions.all(), null, this::onNode);
        this.health = new NodeHealthMonitor(context, NodeHealthMonitor.Settings.defaults());
        health.start();
    }

    /** The node informer's add and update handlers queue the node for the tainting pass. */
    private void onNode(WatchEvent<Node> event) {
        if (event.type() != WatchEvent.Type.DELETED) {
            queue.add(event.object().getMetadata().getName());
        }
    }

    private void doNoScheduleTaintingPass(String name) {
        Node node = context.store().peek(Node.class, null, name);
        if (node == null) {
            return;
        }
        List<String> wanted = new ArrayList<>();
        List<NodeCondition> conditions = node.getStatus() == null || node.getStatus().getConditions() == null
                ? List.of() : node.getStatus().getConditions();
        for (NodeCondition condition : conditions) {
            String key = CONDITION_TAINTS.getOrDefault(condition.getType(), Map.of()).get(condition.getStatus());
            if (key != null) {
                wanted.add(key);
            }
        }
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            wanted.add(UNSCHEDULABLE);
        }
        List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
        List<String> present = taints.stream().filter(NodeLifecycleController::ownNoSchedule).map(Taint::getKey).toList();
        List<String> toAdd = wanted.stream().filter(key -> !present.contains(key)).toList();
        List<String> toRemove = present.stream().filter(key -> !wanted.contains(key)).toList();
        if (toAdd.isEmpty() && toRemove.isEmpty()) {
            return; // "If nothing to add or delete, return true directly."
        }
        String now = Timestamps.format(context.clock().now());
        // SwapNodeControllerTaint: AddOrUpdateTaintOnNode first, then RemoveTaintOffNode, two writes
        if (!toAdd.isEmpty()) {
            context.store().shared().edit(Node.class, null, name, n -> {
                List<Taint> added = new ArrayList<>(currentTaints(n));
                toAdd.forEach(key -> added.add(new TaintBuilder().withKey(key).withEffect("NoSchedule").withTimeAdded(now).build()));
                n.getSpec().setTaints(added);
            });
        }
        if (!toRemove.isEmpty()) {
            context.store().shared().edit(Node.class, null, name, n -> {
                List<Taint> kept = currentTaints(n).stream().filter(t -> !ownNoSchedule(t) || !toRemove.contains(t.getKey())).toList();
                n.getSpec().setTaints(kept.isEmpty() ? null : new ArrayList<>(kept));
            });
        }
    }

    /** The node's taints; a node stored without a spec gets an empty one to hold them. */
    private static List<Taint> currentTaints(Node node) {
        if (node.getSpec() == null) {
            node.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
        }
        return node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
    }

    /** The NoSchedule taints this pass owns: the unschedulable taint and the node-condition taints. */
    private static boolean ownNoSchedule(Taint taint) {
        if (!"NoSchedule".equals(taint.getEffect())) {
            return false;
        }
        return UNSCHEDULABLE.equals(taint.getKey())
                || CONDITION_TAINTS.values().stream().anyMatch(m -> m.containsValue(taint.getKey()));
    }
}
