package dev.peapod.cucumber;

import org.apiguardian.api.API;

import dev.peapod.FakeCluster;
import dev.peapod.NodeDrain;
import dev.peapod.core.PeapodException;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where a workload's pods landed, and draining a node of its pods. A workload's pods count when they
 * are bound to a node, not finished and not being deleted; a node without the label counts under
 * {@code <none>}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class PlacementSteps {
    static final String ZONE = "topology.kubernetes.io/zone";
    static final String HOSTNAME = "kubernetes.io/hostname";

    private final PeapodWorld world;

    public PlacementSteps(PeapodWorld world) {
        this.world = world;
    }

    /**
     * {@code kubectl drain --ignore-daemonsets --delete-emptydir-data --force}: cordons the node and
     * deletes its pods (plain deletes: no PodDisruptionBudgets yet); DaemonSet pods stay. kubectl's
     * warning line, if any, goes to the scenario's log.
     */
    @When("node {string} is drained of its pods")
    public void nodeIsDrained(String node) {
        NodeDrain drain = world.cluster().editNode(node).drain();
        if (!drain.warning().isEmpty()) {
            world.log("Warning: " + drain.warning()); // kubectl drain: fmt.Fprintf(o.ErrOut, "Warning: %s\n", warnings)
        }
    }

    /** The workload's pods per zone, exactly: {@code the deployment web has pods per zone "a=1, b=1, c=1"}. */
    @Then("(the ){workload} has pods per zone {string}")
    public void hasPodsPerZone(Workload workload, String expected) {
        hasPodsPer(workload, ZONE, expected);
    }

    /**
     * The workload's pods per node, exactly: {@code has pods per node "node-1=1, node-2=2"}; nodes with none left
     * out.
     */
    @Then("(the ){workload} has pods per node {string}")
    public void hasPodsPerNode(Workload workload, String expected) {
        hasPodsPer(workload, HOSTNAME, expected);
    }

    /**
     * Every zone of the cluster's nodes holds as many of the workload's pods as any other, give or
     * take one (a skew of at most 1, zones without a pod included).
     */
    @Then("(the ){workload} is spread across zones")
    public void isSpreadAcrossZones(Workload workload) {
        SortedMap<String, Integer> perZone = new TreeMap<>();
        for (Node node : world.cluster().nodes()) {
            perZone.put(label(node, ZONE), 0);
        }
        if (perZone.keySet().equals(java.util.Set.of("<none>"))) {
            throw new AssertionError("Expecting " + workload + " to be spread across zones, but no node has the label " + ZONE
                    + ": give the nodes zones (the nodes table's labels column, or NodeSpec.label)");
        }
        perZone.putAll(podsPer(workload, ZONE));
        int max = perZone.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        int min = perZone.values().stream().mapToInt(Integer::intValue).min().orElse(0);
        if (max - min > 1) {
            throw new AssertionError("Expecting " + workload + " to be spread across zones (at most one pod more in any zone), "
                    + "but its pods per zone are " + perZone + "; at " + clock());
        }
    }

    private void hasPodsPer(Workload workload, String key, String expected) {
        SortedMap<String, Integer> wanted = parse(expected);
        SortedMap<String, Integer> actual = podsPer(workload, key);
        if (!actual.equals(wanted)) {
            throw new AssertionError("Expecting " + workload + " to have its pods per " + key + " " + wanted
                    + ", but they are " + actual + "; at " + clock());
        }
    }

    /** {@code "a=1, b=1, c=1"} as a map. */
    private static SortedMap<String, Integer> parse(String expected) {
        SortedMap<String, Integer> counts = new TreeMap<>();
        for (String entry : expected.split(",")) {
            String[] kv = entry.strip().split("=", 2);
            if (kv.length != 2 || kv[0].isBlank()) {
                throw new PeapodException("pods per value \"" + expected + "\" must look like \"a=1, b=2\"");
            }
            try {
                counts.put(kv[0].strip(), Integer.parseInt(kv[1].strip()));
            } catch (NumberFormatException e) {
                throw new PeapodException("pods per value \"" + expected + "\": \"" + kv[1].strip() + "\" is not a count");
            }
        }
        return counts;
    }

    private SortedMap<String, Integer> podsPer(Workload workload, String key) {
        FakeCluster cluster = world.cluster();
        String namespace = world.namespaceOf(workload);
        String name = workload.name();
        if (workload.kind().equals("deployment")) {
            return cluster.deployment(namespace, name).podsPer(key);
        }
        List<Pod> pods = switch (workload.kind()) {
            case "replicaset" -> cluster.replicaSet(namespace, name).pods();
            case "statefulset" -> cluster.statefulSet(namespace, name).pods();
            case "daemonset" -> cluster.daemonSet(namespace, name).pods();
            case "job" -> cluster.job(namespace, name).pods();
            default -> throw new PeapodException("\"pods per\" counts the pods a workload owns; " + workload
                    + " owns none: name a deployment, replicaset, statefulset, daemonset or job");
        };
        Map<String, Node> nodes = new TreeMap<>();
        cluster.nodes().forEach(n -> nodes.put(n.getMetadata().getName(), n));
        SortedMap<String, Integer> per = new TreeMap<>();
        for (Pod pod : pods) {
            String nodeName = pod.getSpec().getNodeName();
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if (nodeName == null || nodeName.isEmpty() || pod.getMetadata().getDeletionTimestamp() != null
                    || "Succeeded".equals(phase) || "Failed".equals(phase)) {
                continue;
            }
            Node node = nodes.get(nodeName);
            per.merge(node == null ? "<none>" : label(node, key), 1, Integer::sum);
        }
        return per;
    }

    /** The cluster's time since it started, as the timeline prints it: {@code 00:05:40}. */
    private String clock() {
        return dev.peapod.timeline.TimelineEntry.clock(world.cluster().elapsed());
    }

    private static String label(Node node, String key) {
        Map<String, String> labels = node.getMetadata().getLabels();
        return labels == null || !labels.containsKey(key) ? "<none>" : labels.get(key);
    }
}
