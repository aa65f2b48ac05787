package dev.peapod.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the scheduler's informers hold: the nodes, and every pod that is not terminal, with the
 * bound ones grouped by node in the order they were bound (kubernetes: pkg/scheduler/backend/cache).
 * A node's NodeInfo is rebuilt only after the node or its pods changed, as the cache's
 * generation-based UpdateSnapshot does. Objects are the store's shared copies, never modified.
 */
final class SchedulerCache {
    /** Looked up by name; iterated in {@link #order}'s order. */
    private final Map<String, Node> nodes = new HashMap<>();
    private final NodeTree order = new NodeTree();
    /** Looked up by key, never iterated. */
    private final Map<String, Pod> pods = new HashMap<>();
    private final Map<String, LinkedHashMap<String, PodInfo>> bound = new HashMap<>();
    /** Looked up by node name, never iterated. */
    private final Map<String, NodeInfo> infos = new HashMap<>();

    /** Stores the node; returns the version it replaces, if any. */
    Node putNode(Node node) {
        String name = node.getMetadata().getName();
        infos.remove(name);
        order.put(node);
        return nodes.put(name, node);
    }

    void removeNode(String name) {
        infos.remove(name);
        order.remove(name);
        nodes.remove(name);
    }

    Pod pod(String key) {
        return pods.get(key);
    }

    /** Stores the pod; returns the version it replaces, if any. */
    Pod putPod(Pod pod) {
        String key = PodInfo.key(pod);
        Pod old = pods.put(key, pod);
        if (old != null && isBound(old) && !nodeName(old).equals(nodeName(pod))) {
            unbind(old);
        }
        if (isBound(pod)) {
            bound.computeIfAbsent(nodeName(pod), n -> new LinkedHashMap<>()).put(key, PodInfo.of(pod));
            infos.remove(nodeName(pod));
        }
        return old;
    }

    void removePod(Pod pod) {
        Pod old = pods.remove(PodInfo.key(pod));
        if (old != null && isBound(old)) {
            unbind(old);
        }
    }

    /** Every node with its bound pods, in the node tree's order (NodeInfo snapshot, updateNodeInfoSnapshotList). */
    Snapshot snapshot() {
        List<NodeInfo> snapshot = new ArrayList<>(nodes.size());
        for (String name : order.list()) {
            snapshot.add(infos.computeIfAbsent(name, n ->
                    NodeInfo.of(nodes.get(n), new ArrayList<>(bound.getOrDefault(n, new LinkedHashMap<>()).values()))));
        }
        return new Snapshot(snapshot);
    }

    static boolean isBound(Pod pod) {
        return !nodeName(pod).isEmpty();
    }

    static String nodeName(Pod pod) {
        String name = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return name == null ? "" : name;
    }

    private void unbind(Pod pod) {
        String node = nodeName(pod);
        infos.remove(node);
        LinkedHashMap<String, PodInfo> onNode = bound.get(node);
        if (onNode != null) {
            onNode.remove(PodInfo.key(pod));
            if (onNode.isEmpty()) {
                bound.remove(node);
            }
        }
    }
}
