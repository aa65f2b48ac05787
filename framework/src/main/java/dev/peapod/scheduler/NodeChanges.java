package dev.peapod.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scheduling-relevant changes of a node update (kubernetes: pkg/scheduler/framework/events.go,
 * NodeSchedulingPropertiesChange). A heartbeat that only moves condition times is no change, so it
 * requeues nothing.
 */
final class NodeChanges {
    private NodeChanges() {
    }

    /** The event types of the update, in upstream's extractor order. */
    static List<ClusterEvent.Type> between(Node old, Node updated) {
        List<ClusterEvent.Type> changes = new ArrayList<>();
        if (NodeUnschedulablePlugin.unschedulable(old) && !NodeUnschedulablePlugin.unschedulable(updated)) {
            changes.add(ClusterEvent.Type.NODE_UPDATE_TAINT); // NodeSpecUnschedulableChange, only towards schedulable
        }
        if (!amounts(allocatable(old)).equals(amounts(allocatable(updated)))) {
            changes.add(ClusterEvent.Type.NODE_UPDATE_ALLOCATABLE);
        }
        if (!map(old.getMetadata().getLabels()).equals(map(updated.getMetadata().getLabels()))) {
            changes.add(ClusterEvent.Type.NODE_UPDATE_LABEL);
        }
        if (!taints(old).equals(taints(updated))) {
            changes.add(ClusterEvent.Type.NODE_UPDATE_TAINT);
        }
        if (!conditions(old).equals(conditions(updated))) {
            changes.add(ClusterEvent.Type.NODE_UPDATE_CONDITION);
        }
        if (!map(old.getMetadata().getAnnotations()).equals(map(updated.getMetadata().getAnnotations()))) {
            changes.add(ClusterEvent.Type.NODE_UPDATE_ANNOTATION);
        }
        return changes;
    }

    private static Map<String, Quantity> allocatable(Node node) {
        return node.getStatus() == null ? null : node.getStatus().getAllocatable();
    }

    /** Semantic equality of quantities: by amount, not by spelling ("1" equals "1000m"). */
    private static Map<String, BigDecimal> amounts(Map<String, Quantity> list) {
        Map<String, BigDecimal> amounts = new TreeMap<>();
        if (list != null) {
            list.forEach((name, quantity) -> amounts.put(name, amount(quantity)));
        }
        return amounts;
    }

    private static BigDecimal amount(Quantity quantity) {
        try {
            return quantity.getNumericalAmount().stripTrailingZeros();
        } catch (RuntimeException e) {
            return BigDecimal.valueOf(Long.MIN_VALUE);
        }
    }

    private static List<Taint> taints(Node node) {
        return node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
    }

    /** Condition type to status: what extractNodeConditionsChange compares. */
    private static Map<String, String> conditions(Node node) {
        Map<String, String> statuses = new TreeMap<>();
        if (node.getStatus() != null && node.getStatus().getConditions() != null) {
            for (NodeCondition condition : node.getStatus().getConditions()) {
                statuses.put(condition.getType(), condition.getStatus());
            }
        }
        return statuses;
    }

    private static Map<String, String> map(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}
