package dev.peapod.scheduler;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.List;

/**
 * Rejects nodes where a wanted host port is already in use
 * (kubernetes: pkg/scheduler/framework/plugins/nodeports/node_ports.go).
 */
final class NodePortsPlugin implements FilterPlugin {
    static final String NAME = "NodePorts";
    static final String REASON = "node(s) didn't have free ports for the requested pod ports";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PreFilterResult preFilter(PodInfo pod) {
        return pod.ports().isEmpty() ? PreFilterResult.SKIP : PreFilterResult.ALL_NODES;
    }

    @Override
    public Status filter(PodInfo pod, NodeInfo node) {
        return node.usedPorts().fits(pod.ports()) ? Status.SUCCESS : Status.unschedulable(REASON);
    }

    /**
     * Node Add (no hint: always Queue); AssignedPod Delete when the deleted pod was bound or
     * nominated and held a port the pod wants.
     */
    @Override
    public boolean isSchedulableAfter(ClusterEvent event, Pod pod) {
        return switch (event.type()) {
            case NODE_ADD -> true;
            case ASSIGNED_POD_DELETE -> {
                Pod deleted = (Pod) event.oldObject();
                if (!NodeResourcesFitPlugin.boundOrNominated(deleted)) {
                    yield false;
                }
                HostPorts freed = new HostPorts();
                HostPorts.of(deleted).forEach(freed::add);
                List<HostPorts.HostPort> wanted = HostPorts.of(pod);
                yield !freed.isEmpty() && !freed.fits(wanted);
            }
            default -> false;
        };
    }
}
