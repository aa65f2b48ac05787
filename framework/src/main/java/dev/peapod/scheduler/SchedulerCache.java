package dev.peapod.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the scheduler's informers hold: the nodes, and every pod that is not terminal, with the
 * bound ones grouped by node in the order they were bound (kubernetes: pkg/scheduler/backend/cache).
 * A node's NodeInfo is rebuilt only after the node or its pods changed, and the snapshot is derived
 * from the last one by replacing only those nodes, as the cache's generation-based UpdateSnapshot
 * does (cache.go): a cycle costs what changed since the last one, not what the cluster holds.
 * Objects are the store's shared copies, never modified.
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
    /**
     * The nodes whose NodeInfo changed since {@link #last} (the generations above the snapshot's);
     * the order they are visited in does not matter: each replaces its own slot.
     */
    private final Set<String> changed = new LinkedHashSet<>();
    /** The last snapshot; null when the node tree changed since (updateAllLists: rebuilt in full). */
    private Snapshot last;

    /** Stores the node; returns the version it replaces, if any. */
    Node putNode(Node node) {
        String name = node.getMetadata().getName();
        changed(name);
        if (order.put(node)) {
            last = null;
        }
        return nodes.put(name, node);
    }

    void removeNode(String name) {
        infos.remove(name);
        changed.remove(name);
        order.remove(name);
        nodes.remove(name);
        last = null;
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
            LinkedHashMap<String, PodInfo> onNode = bound.computeIfAbsent(nodeName(pod), n -> new LinkedHashMap<>());
            onNode.put(key, PodInfo.of(pod, onNode.get(key)));
            changed(nodeName(pod));
        }
        return old;
    }

    void removePod(Pod pod) {
        Pod old = pods.remove(PodInfo.key(pod));
        if (old != null && isBound(old)) {
            unbind(old);
        }
    }

    /**
     * Every node with its bound pods, in the node tree's order (UpdateSnapshot): the last snapshot
     * when nothing changed, the last one with the changed nodes replaced when the node tree is the
     * same, else built anew from the tree's list (updateNodeInfoSnapshotList with updateAll).
     */
    Snapshot snapshot() {
        if (last == null) {
            List<String> names = order.list();
            NodeInfo[] list = new NodeInfo[names.size()];
            for (int i = 0; i < list.length; i++) {
                list[i] = info(names.get(i));
            }
            last = new Snapshot(list, null);
        } else if (!changed.isEmpty()) {
            last = last.updated(changed, this::info);
        }
        changed.clear();
        return last;
    }

    /** The node's NodeInfo, rebuilt if it changed. */
    private NodeInfo info(String name) {
        NodeInfo info = infos.get(name);
        if (info == null || changed.contains(name)) {
            LinkedHashMap<String, PodInfo> onNode = bound.get(name);
            info = NodeInfo.of(nodes.get(name), onNode == null ? List.of() : new ArrayList<>(onNode.values()), info);
            infos.put(name, info);
        }
        return info;
    }

    /** Marks the node's NodeInfo as out of date (a generation bump). */
    private void changed(String node) {
        changed.add(node);
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
        changed(node);
        LinkedHashMap<String, PodInfo> onNode = bound.get(node);
        if (onNode != null) {
            onNode.remove(PodInfo.key(pod));
            if (onNode.isEmpty()) {
                bound.remove(node);
            }
        }
    }
}
