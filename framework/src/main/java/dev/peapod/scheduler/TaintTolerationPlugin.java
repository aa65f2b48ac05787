package dev.peapod.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.List;
import java.util.Optional;

/**
 * Filters out nodes with an untolerated NoSchedule or NoExecute taint, and scores nodes by how few
 * untolerated PreferNoSchedule taints they have
 * (kubernetes: pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go).
 */
final class TaintTolerationPlugin implements FilterPlugin, ScorePlugin {
    static final String NAME = "TaintToleration";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int weight() {
        return 3;
    }

    @Override
    public Status filter(PodInfo pod, NodeInfo node) {
        if (node.taints().isEmpty()) {
            return Status.SUCCESS; // most nodes
        }
        Optional<Taint> taint = untolerated(node.node(), pod.pod());
        // v1.33 wording; v1.35 and late v1.34.x say "node(s) had untolerated taint(s)" (PR #134740).
        return taint.map(t -> Status.unresolvable("node(s) had untolerated taint {" + t.getKey() + ": "
                + Tolerations.emptyIfNull(t.getValue()) + "}")).orElse(Status.SUCCESS);
    }

    @Override
    public Status filter(PodInfo pod, Snapshot snapshot, int i) {
        return (snapshot.traits(i) & NodeColumns.TAINTED) == 0 ? Status.SUCCESS : filter(pod, snapshot.nodes().get(i));
    }

    /** Node Add | UpdateNodeTaint: the node went from untolerated (or absent) to tolerated; Pod UpdatePodToleration of the pod itself. */
    @Override
    public boolean isSchedulableAfter(ClusterEvent event, Pod pod) {
        return switch (event.type()) {
            case NODE_ADD, NODE_UPDATE_TAINT -> {
                boolean wasUntolerated = event.oldObject() == null || untolerated((Node) event.oldObject(), pod).isPresent();
                yield wasUntolerated && untolerated((Node) event.newObject(), pod).isEmpty();
            }
            case POD_UPDATE_TOLERATION -> NodeUnschedulablePlugin.sameUid(pod, event.newObject());
            default -> false;
        };
    }

    /** The count of untolerated PreferNoSchedule taints, counting tolerations for PreferNoSchedule or every effect. */
    @Override
    public long score(PodInfo pod, NodeInfo node, Snapshot snapshot) {
        if (node.taints().isEmpty()) {
            return 0; // most nodes: nothing to count, and no tolerations to sort through
        }
        List<Toleration> preferNoSchedule = list(pod.pod().getSpec().getTolerations()).stream()
                .filter(t -> t.getEffect() == null || t.getEffect().isEmpty() || t.getEffect().equals("PreferNoSchedule"))
                .toList();
        return list(node.node().getSpec() == null ? null : node.node().getSpec().getTaints()).stream()
                .filter(t -> "PreferNoSchedule".equals(t.getEffect()))
                .filter(t -> !Tolerations.tolerated(preferNoSchedule, t))
                .count();
    }

    @Override
    public long score(PodInfo pod, int index, NodeInfo node, Snapshot snapshot, int at) {
        return at >= 0 && (snapshot.traits(at) & NodeColumns.TAINTED) == 0 ? 0 : score(pod, node, snapshot);
    }

    @Override
    public void normalize(long[] scores) {
        ScorePlugin.defaultNormalize(scores, true);
    }

    private static Optional<Taint> untolerated(Node node, Pod pod) {
        List<Taint> taints = node.getSpec() == null ? null : node.getSpec().getTaints();
        if (taints == null || taints.isEmpty()) {
            return Optional.empty();
        }
        return Tolerations.firstUntolerated(taints, pod.getSpec().getTolerations(), Tolerations.DO_NOT_SCHEDULE);
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }
}
