package dev.peapod;

import dev.peapod.core.Checks;
import dev.peapod.core.PeapodException;
import dev.peapod.spi.ClusterContext;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
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
    private final Consumer<String> guard;

    NodeEditor(ClusterContext context, String name, Consumer<String> guard) {
        this.context = context;
        this.name = name;
        this.guard = guard;
        context.store().require(Node.class, null, name); // NotFound now, not at the first verb
    }

    /** {@code kubectl label node <name> key=value --overwrite}: sets the label, replacing a value it had. */
    public NodeEditor label(String key, String value) {
        guard.accept("NodeEditor.label");
        NodeSpec.checkLabel(name, "label", key, value);
        return edit(node -> {
            Map<String, String> labels = new LinkedHashMap<>(labels(node));
            labels.put(key, value);
            node.getMetadata().setLabels(labels);
        });
    }

    /** {@code kubectl label node <name> key-}: removes the label; a label the node lacks is no change. */
    public NodeEditor unlabel(String key) {
        guard.accept("NodeEditor.unlabel");
        Checks.notNull(key, "key");
        return edit(node -> {
            Map<String, String> labels = new LinkedHashMap<>(labels(node));
            labels.remove(key);
            node.getMetadata().setLabels(labels);
        });
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
        guard.accept("NodeEditor.taint");
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

    /** {@code kubectl taint node <name> key-}: removes every taint with this key, whatever its effect. */
    public NodeEditor untaint(String key) {
        guard.accept("NodeEditor.untaint");
        Checks.notNull(key, "key");
        return edit(node -> {
            List<Taint> taints = new ArrayList<>(taints(node));
            taints.removeIf(t -> t.getKey().equals(key));
            node.getSpec().setTaints(taints);
        });
    }

    /**
     * {@code kubectl cordon}: sets {@code spec.unschedulable}, so the scheduler places no new pod there
     * unless it tolerates {@code node.kubernetes.io/unschedulable:NoSchedule}; running pods stay.
     * Upstream's node lifecycle controller then adds that taint to the node (TaintNodesByCondition) and
     * the kubelet records a NodeNotSchedulable event; Peapod has neither yet, so only the field changes.
     */
    public NodeEditor cordon() {
        guard.accept("NodeEditor.cordon");
        return edit(node -> node.getSpec().setUnschedulable(true));
    }

    /** {@code kubectl uncordon}: clears {@code spec.unschedulable}; pods waiting for a node are tried again. */
    public NodeEditor uncordon() {
        guard.accept("NodeEditor.uncordon");
        return edit(node -> node.getSpec().setUnschedulable(null));
    }

    /** The Node as stored now. */
    public Node node() {
        guard.accept("NodeEditor.node");
        return context.store().require(Node.class, null, name);
    }

    private NodeEditor edit(Consumer<Node> change) {
        context.store().edit(Node.class, null, name, node -> {
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
