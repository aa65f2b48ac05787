package dev.peapod.scheduler;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * A change in the cluster that may make an unschedulable pod schedulable, with the object before
 * (null for an add) and after (null for a delete) (kubernetes: pkg/scheduler/framework/events.go).
 */
record ClusterEvent(Type type, HasMetadata oldObject, HasMetadata newObject) {
    /** The action types the default plugins register for. */
    enum Type {
        NODE_ADD,
        /** A node was deleted (only PodTopologySpread registers it). */
        NODE_DELETE,
        /** Also what a node's spec.unschedulable turning false counts as (NodeSpecUnschedulableChange). */
        NODE_UPDATE_TAINT,
        NODE_UPDATE_LABEL,
        NODE_UPDATE_ALLOCATABLE,
        NODE_UPDATE_CONDITION,
        NODE_UPDATE_ANNOTATION,
        /** A pod got bound, or was created bound (the assigned-pod informer's Add). */
        ASSIGNED_POD_ADD,
        /** A bound pod's labels changed (UpdatePodLabel). */
        ASSIGNED_POD_UPDATE,
        /** A bound pod was deleted, or became terminal and left the scheduler's informer. */
        ASSIGNED_POD_DELETE,
        /** The unschedulable pod itself got tolerations. */
        POD_UPDATE_TOLERATION
    }
}
