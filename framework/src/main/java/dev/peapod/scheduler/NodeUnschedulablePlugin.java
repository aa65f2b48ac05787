package dev.peapod.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Rejects cordoned nodes unless the pod tolerates node.kubernetes.io/unschedulable:NoSchedule
 * (kubernetes: pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable.go).
 */
final class NodeUnschedulablePlugin implements FilterPlugin {
    static final String NAME = "NodeUnschedulable";
    static final String REASON = "node(s) were unschedulable";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(PodInfo pod, NodeInfo node) {
        if (!node.unschedulable() || Tolerations.tolerated(pod.pod().getSpec().getTolerations(), Tolerations.UNSCHEDULABLE)) {
            return Status.SUCCESS;
        }
        return Status.unresolvable(REASON);
    }

    @Override
    public Status filter(PodInfo pod, Snapshot snapshot, int i) {
        return (snapshot.traits(i) & NodeColumns.UNSCHEDULABLE) == 0 ? Status.SUCCESS : filter(pod, snapshot.nodes().get(i));
    }

    /** Node Add | UpdateNodeTaint: a schedulable node was added, or a node stopped being unschedulable; Pod UpdatePodToleration. */
    @Override
    public boolean isSchedulableAfter(ClusterEvent event, Pod pod) {
        return switch (event.type()) {
            case NODE_ADD, NODE_UPDATE_TAINT -> {
                Node old = (Node) event.oldObject();
                boolean now = unschedulable((Node) event.newObject());
                yield !now && (old == null || unschedulable(old));
            }
            case POD_UPDATE_TOLERATION -> sameUid(pod, event.newObject())
                    && Tolerations.tolerated(((Pod) event.newObject()).getSpec().getTolerations(), Tolerations.UNSCHEDULABLE);
            default -> false;
        };
    }

    static boolean unschedulable(Node node) {
        return node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    }

    static boolean sameUid(Pod pod, Object other) {
        return other instanceof Pod p && p.getMetadata().getUid() != null
                && p.getMetadata().getUid().equals(pod.getMetadata().getUid());
    }
}
