package dev.peapod.scheduler;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.Set;

/**
 * A Filter plugin with its PreFilter and its QueueingHints (kubernetes: pkg/scheduler/framework/interface.go,
 * PreFilterPlugin, FilterPlugin, EnqueueExtensions).
 */
interface FilterPlugin {
    /** The result of PreFilter: a status, and the only nodes worth filtering (null: all nodes). */
    record PreFilterResult(Status status, Set<String> nodeNames) {
        static final PreFilterResult ALL_NODES = new PreFilterResult(Status.SUCCESS, null);
        static final PreFilterResult SKIP = new PreFilterResult(Status.SKIP, null);
    }

    String name();

    default PreFilterResult preFilter(PodInfo pod) {
        return PreFilterResult.ALL_NODES;
    }

    /** PreFilter with the cycle's snapshot, for the plugins that count bound pods (PodTopologySpread, InterPodAffinity). */
    default PreFilterResult preFilter(PodInfo pod, Snapshot snapshot) {
        return preFilter(pod);
    }

    Status filter(PodInfo pod, NodeInfo node);

    /**
     * {@link #filter(PodInfo, NodeInfo)} of the node at position {@code i} of the snapshot's nodes:
     * a plugin whose answer for most nodes shows in the snapshot's per-node columns answers from
     * them without reading the node's objects, and asks {@code filter} for the others (same status).
     */
    default Status filter(PodInfo pod, Snapshot snapshot, int i) {
        return filter(pod, snapshot.nodes().get(i));
    }

    /**
     * The plugin's QueueingHint: true (Queue) when the event may make {@code pod}, which this
     * plugin rejected, schedulable; false (QueueSkip) otherwise, or when the plugin does not
     * register for the event.
     */
    boolean isSchedulableAfter(ClusterEvent event, Pod pod);
}
