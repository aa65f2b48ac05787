package dev.peapod.scheduler;

import io.fabric8.kubernetes.api.model.Node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order the scheduler examines nodes in (kubernetes: pkg/scheduler/backend/cache/node_tree.go):
 * nodes grouped by zone, zones in the order they first appeared and nodes in the order they were
 * added, listed round-robin across zones so that consecutive nodes are in different zones. With
 * numFeasibleNodesToFind this order decides which nodes a large cluster's scheduling cycle looks at.
 */
final class NodeTree {
    /** Zone key → node names, in the order added; zones in the order they appeared. */
    private final LinkedHashMap<String, List<String>> zones = new LinkedHashMap<>();
    /** Node name → its zone key. Looked up, never iterated. */
    private final Map<String, String> zoneOf = new HashMap<>();
    private int size;

    /**
     * addNode, or updateNode: a node whose zone changed moves to the end of its new zone. True when
     * the list changed (a new node, or a zone change).
     */
    boolean put(Node node) {
        String name = node.getMetadata().getName();
        String zone = zoneKey(node);
        String old = zoneOf.get(name);
        if (zone.equals(old)) {
            return false; // "If the zone ID of the node has not changed, we don't need to do anything."
        }
        if (old != null) {
            remove(name);
        }
        zones.computeIfAbsent(zone, z -> new ArrayList<>()).add(name);
        zoneOf.put(name, zone);
        size++;
        return true;
    }

    void remove(String name) {
        String zone = zoneOf.remove(name);
        if (zone == null) {
            return;
        }
        List<String> names = zones.get(zone);
        names.remove(name);
        if (names.isEmpty()) {
            zones.remove(zone);
        }
        size--;
    }

    /** list(): the first node of each zone, then the second of each, and so on. */
    List<String> list() {
        List<String> list = new ArrayList<>(size);
        for (int index = 0; list.size() < size; index++) {
            for (List<String> names : zones.values()) {
                if (index < names.size()) {
                    list.add(names.get(index));
                }
            }
        }
        return list;
    }

    /**
     * utilnode.GetZoneKey: region + ":\0:" + zone from topology.kubernetes.io/region and /zone (the
     * failure-domain.beta labels when those are absent); "" when a node has neither.
     */
    static String zoneKey(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels();
        if (labels == null) {
            return "";
        }
        String zone = labels.containsKey("topology.kubernetes.io/zone") ? labels.get("topology.kubernetes.io/zone")
                : labels.getOrDefault("failure-domain.beta.kubernetes.io/zone", "");
        String region = labels.containsKey("topology.kubernetes.io/region") ? labels.get("topology.kubernetes.io/region")
                : labels.getOrDefault("failure-domain.beta.kubernetes.io/region", "");
        return region.isEmpty() && zone.isEmpty() ? "" : region + ":\0:" + zone;
    }
}
