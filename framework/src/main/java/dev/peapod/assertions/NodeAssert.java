package dev.peapod.assertions;

import dev.peapod.FakeCluster;
import dev.peapod.printers.NodePrinter;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

import java.util.List;
import java.util.Optional;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Checks on a node, read from the cluster at every check:
 * {@code assertThat(cluster).node("worker-1").hasTaint("node.kubernetes.io/unschedulable:NoSchedule")}.
 * Taints are written as kubectl taint writes them: {@code key[=value]:Effect}.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class NodeAssert extends AbstractAssert<NodeAssert, FakeCluster> {
    private final String name;

    NodeAssert(FakeCluster cluster, String name) {
        super(cluster, NodeAssert.class);
        this.name = name;
    }

    /** The node has this taint now ({@code key[=value]:Effect}). */
    public NodeAssert hasTaint(String taint) {
        Arguments.requireText(taint, "taint");
        List<String> taints = taints();
        if (!taints.contains(taint)) {
            failWithMessage("%s", "Expecting node " + name + " to have the taint " + taint + ", but its taints are "
                    + describe(taints) + ".");
        }
        return myself;
    }

    /** The node has no taint with this key now, whatever its value and effect. */
    public NodeAssert hasNoTaint(String key) {
        Arguments.requireText(key, "key");
        List<Taint> taints = rawTaints();
        if (taints.stream().anyMatch(t -> key.equals(t.getKey()))) {
            failWithMessage("%s", "Expecting node " + name + " to have no taint " + key + ", but its taints are "
                    + describe(taints.stream().map(NodeAssert::text).toList()) + ".");
        }
        return myself;
    }

    /** The node's condition of that type has that status now: {@code hasCondition("Ready", "True")}. */
    public NodeAssert hasCondition(String type, String status) {
        Arguments.requireText(type, "type");
        Arguments.requireText(status, "status");
        Optional<NodeCondition> condition = conditions().stream().filter(c -> type.equals(c.getType())).findFirst();
        if (condition.isEmpty() || !status.equals(condition.get().getStatus())) {
            failWithMessage("%s", "Expecting node " + name + " to have condition " + type + "=" + status + ", but it has "
                    + conditions().stream().map(c -> c.getType() + "=" + c.getStatus() + " (" + c.getReason() + ")").toList() + ".");
        }
        return myself;
    }

    /** {@code kubectl get nodes}' STATUS now: {@code Ready}, {@code NotReady}, {@code Ready,SchedulingDisabled}. */
    public NodeAssert hasStatus(String status) {
        Arguments.requireText(status, "status");
        String shown = NodePrinter.row(node(), actual.now()).status();
        if (!status.equals(shown)) {
            failWithMessage("%s", "Expecting kubectl get node " + name + " to show STATUS " + status + ", but it shows " + shown + ".");
        }
        return myself;
    }

    private Node node() {
        isNotNull();
        return actual.nodes().stream().filter(n -> n.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("Expecting a node " + name + ", but the nodes are "
                        + actual.nodes().stream().map(n -> n.getMetadata().getName()).toList()));
    }

    private List<String> taints() {
        return rawTaints().stream().map(NodeAssert::text).toList();
    }

    private List<Taint> rawTaints() {
        Node node = node();
        return node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
    }

    private List<NodeCondition> conditions() {
        Node node = node();
        return node.getStatus() == null || node.getStatus().getConditions() == null ? List.of() : node.getStatus().getConditions();
    }

    /** kubectl's {@code key=value:Effect}, {@code key:Effect} without a value. */
    static String text(Taint taint) {
        String value = taint.getValue() == null || taint.getValue().isEmpty() ? "" : "=" + taint.getValue();
        return taint.getKey() + value + ":" + taint.getEffect();
    }

    private static String describe(List<String> taints) {
        return taints.isEmpty() ? "none" : String.join(", ", taints);
    }
}
