package dev.peapod.cucumber;

import org.apiguardian.api.API;

import dev.peapod.NodeSpec;
import dev.peapod.manifest.Applied;
import io.cucumber.datatable.DataTable;
import dev.peapod.core.PeapodException;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Nodes, manifests and time. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ClusterSteps {
    private final PeapodWorld world;

    public ClusterSteps(PeapodWorld world) {
        this.world = world;
    }

    /**
     * A table with a {@code name} column and optional {@code labels} ({@code k=v,k2=v2}), {@code taints}
     * ({@code key=value:Effect,...}), {@code cpu}, {@code memory}, {@code pods}, {@code internalIP}, {@code unschedulable}
     * and {@code images} (the images the node holds at start, {@code nginx:1.25,busybox:1.36}, or {@code none};
     * left empty: every image).
     */
    @Given("a cluster with nodes:")
    public void aClusterWithNodes(DataTable table) {
        for (Map<String, String> row : table.asMaps()) {
            world.addNode(node(row));
        }
    }

    /** N nodes named {@code node-1} ... {@code node-N}, with the default capacity. */
    @Given("a cluster with {int} node(s)")
    public void aClusterWithNodes(int count) {
        for (int i = 1; i <= count; i++) {
            world.addNode(NodeSpec.named("node-" + i));
        }
    }

    /** Image profiles from a YAML file beside the manifests (before the cluster starts). */
    @Given("the image profiles in {string}")
    public void theImageProfilesIn(String resourceOrFile) {
        world.useImageProfiles(resourceOrFile);
    }

    /** A node with these labels ({@code k=v,k2=v2}) registers; Given or When alike. */
    @Given("a node {string} labelled {string} joins the cluster")
    public void aNodeJoins(String name, String labels) {
        world.addNode(withLabels(NodeSpec.named(name), labels));
        world.cluster().settle();
    }

    /** {@code kubectl cordon}: no new pod is placed on the node; running pods stay. */
    @When("node {string} is cordoned")
    public void nodeIsCordoned(String node) {
        world.cluster().editNode(node).cordon();
    }

    /**
     * {@code kubectl get nodes}' cells after NAME, as many as given: {@code "Ready,SchedulingDisabled"},
     * {@code "Ready control-plane"} (STATUS ROLES AGE VERSION).
     */
    @Then("kubectl shows node {string} as {string}")
    public void kubectlShowsNode(String node, String cells) {
        io.fabric8.kubernetes.api.model.Node found = world.cluster().nodes().stream()
                .filter(n -> n.getMetadata().getName().equals(node)).findFirst()
                .orElseThrow(() -> new AssertionError("Expecting a node " + node + ", but the nodes are "
                        + world.cluster().nodes().stream().map(n -> n.getMetadata().getName()).toList()));
        dev.peapod.printers.NodeRow row = dev.peapod.printers.NodePrinter.row(found, world.cluster().now());
        java.util.List<String> shown = java.util.List.of(row.status(), row.roles(), row.age(), row.version());
        java.util.List<String> expected = java.util.List.of(cells.strip().split("\\s+"));
        if (cells.isBlank() || expected.size() > shown.size() || !shown.subList(0, expected.size()).equals(expected)) {
            throw new AssertionError("Expecting kubectl get node " + node + " to show \"" + String.join(" ", expected)
                    + "\" after NAME, but it shows \"" + String.join(" ", shown) + "\" (STATUS ROLES AGE VERSION)");
        }
    }

    /**
     * The node has this taint now, written as kubectl taint writes it: {@code
     * "node.kubernetes.io/unschedulable:NoSchedule"}.
     */
    @Then("node {string} has taint {string}")
    public void nodeHasTaint(String node, String taint) {
        dev.peapod.assertions.PeapodAssertions.assertThat(world.cluster()).node(node).hasTaint(taint);
    }

    /** The node has no taint with this key now. */
    @Then("node {string} has no taint {string}")
    public void nodeHasNoTaint(String node, String key) {
        dev.peapod.assertions.PeapodAssertions.assertThat(world.cluster()).node(node).hasNoTaint(key);
    }

    /** The node's condition of that type has that status now: {@code node "node-1" has condition "Ready" "True"}. */
    @Then("node {string} has condition {string} {string}")
    public void nodeHasCondition(String node, String type, String status) {
        dev.peapod.assertions.PeapodAssertions.assertThat(world.cluster()).node(node).hasCondition(type, status);
    }

    /** {@code kubectl uncordon}: the node takes new pods again. */
    @When("node {string} is uncordoned")
    public void nodeIsUncordoned(String node) {
        world.cluster().editNode(node).uncordon();
    }

    /** {@code kubectl label node --overwrite}, with labels as {@code k=v,k2=v2}. */
    @When("node {string} is labelled {string}")
    public void nodeIsLabelled(String node, String labels) {
        labels(labels).forEach((key, value) -> world.cluster().editNode(node).label(key, value));
    }

    /** {@code kubectl label node <node> key-}. Example: {@code When label "disktype" is removed from node "node-2"}. */
    @When("label {string} is removed from node {string}")
    public void labelIsRemoved(String key, String node) {
        world.cluster().editNode(node).unlabel(key);
    }

    /**
     * {@code kubectl taint node}, with the taint as {@code key=value:Effect} or {@code key:Effect}. Example: {@code
     * When node "node-1" is tainted "dedicated=gpu:NoSchedule"}.
     */
    @When("node {string} is tainted {string}")
    public void nodeIsTainted(String node, String taint) {
        world.cluster().editNode(node).taint(taint);
    }

    /**
     * {@code kubectl taint node <node> key-}: every taint with this key goes. Example: {@code When taint "dedicated"
     * is removed from node "node-1"}.
     */
    @When("taint {string} is removed from node {string}")
    public void taintIsRemoved(String key, String node) {
        world.cluster().editNode(node).untaint(key);
    }

    /** {@code kubectl apply -f}: the file is read from the class path first, then as a file path. */
    @Given("the manifest {string} is applied")
    /** The same as {@code the manifest {string} is applied}. */
    @When("I apply the manifest {string}")
    public void theManifestIsApplied(String location) {
        printWarnings(world.applyManifest(location), world::log);
    }

    /** {@code kubectl apply -f -}: the YAML in the doc string. */
    @Given("the following manifest is applied:")
    /**
     * The same as {@code the following manifest is applied:}. Example: {@code When I apply the following manifest:}.
     */
    @When("I apply the following manifest:")
    public void theFollowingManifestIsApplied(String yaml) {
        printWarnings(world.applyYaml(yaml), world::log);
    }

    /** The API server's warnings of an apply, as kubectl prints them: {@code Warning: <text>}. */
    static void printWarnings(List<Applied> applied, Consumer<String> log) {
        applied.forEach(result -> result.apiWarnings().forEach(warning -> log.accept("Warning: " + warning)));
    }

    /**
     * The manifest is refused with exactly this message (file, document, line and the API server's
     * words), and nothing of it was applied: the store is as it was before.
     */
    @Then("applying the manifest {string} is refused with:")
    public void applyingTheManifestIsRefusedWith(String location, String message) {
        refused(() -> world.applyManifest(location), message, true);
    }

    /** As above, for a manifest in the scenario: the refusal's message contains the given line. */
    @Then("applying the following manifest is refused with a message containing {string}:")
    public void applyingTheFollowingManifestIsRefusedWith(String line, String yaml) {
        refused(() -> world.applyYaml(yaml), line, false);
    }

    private void refused(Runnable apply, String message, boolean whole) {
        long before = world.cluster().context().store().resourceVersion();
        try {
            apply.run();
        } catch (PeapodException refusal) {
            boolean matches = whole ? refusal.getMessage().equals(message.strip()) : refusal.getMessage().contains(message);
            if (!matches) {
                throw new AssertionError("expected the refusal" + (whole ? "" : " to contain") + ":\n" + message.strip()
                        + "\nbut it was:\n" + refusal.getMessage());
            }
            long after = world.cluster().context().store().resourceVersion();
            if (after != before) {
                throw new AssertionError("the refusal changed the store (resourceVersion " + before + " -> " + after + ")");
            }
            return;
        }
        throw new AssertionError("expected the refusal:\n" + message.strip() + "\nbut the manifest was applied");
    }

    /** Lets virtual time pass: {@code 30 seconds}, {@code 2 minutes}, {@code 1 hour}, {@code 90s}. */
    @When("{duration} pass(es)")
    /** The same as {@code {duration} pass(es)}. Example: {@code When I wait 30 seconds}. */
    @When("I wait {duration}")
    public void timePasses(Duration duration) {
        world.cluster().advance(duration);
    }

    /**
     * {@code kubectl delete pod}: gracefully when it runs on a node. (The former {@code pod "web" is
     * deleted} could never run: it also matched {@code pod {pod} is {word}}.)
     */
    @When("I delete pod {pod}")
    public void iDeletePod(PodName pod) {
        world.cluster().deletePod(world.namespaceOf(pod), pod.name());
    }

    /**
     * {@code kubectl delete pod --grace-period=N}: as {@code FakeCluster.delete(kind, ns, name, grace)}, except
     * that 0 is 1, as kubectl turns {@code --grace-period=0} without {@code --force} into 1 (kubectl delete.go).
     */
    @When("I delete pod {pod} with a grace period of {duration}")
    public void iDeletePodWithGrace(PodName pod, Duration grace) {
        world.cluster().delete(io.fabric8.kubernetes.api.model.Pod.class, world.namespaceOf(pod), pod.name(),
                kubectlGrace(grace));
    }

    /** kubectl delete.go: "--grace-period=0" without "--force" becomes 1, to prevent accidental data loss. */
    static Duration kubectlGrace(Duration grace) {
        return grace != null && grace.isZero() ? Duration.ofSeconds(1) : grace;
    }

    /**
     * {@code kubectl delete pod --force --grace-period=0}: the object goes at once; the kubelet still kills
     * the containers, with a grace period of 1 s and the runtime's 2 s floor.
     * Example: {@code When I force delete pod "web"}.
     */
    @When("I force delete pod {pod}")
    public void iForceDeletePod(PodName pod) {
        world.cluster().delete(io.fabric8.kubernetes.api.model.Pod.class, world.namespaceOf(pod), pod.name(), Duration.ZERO);
    }

    /** {@code kubectl delete pods -l app=web}, in the scenario's namespace. */
    @When("I delete the pods matching {string}")
    public void iDeleteThePodsMatching(String labelSelector) {
        world.cluster().deleteAll(io.fabric8.kubernetes.api.model.Pod.class, labelSelector);
    }

    /** What a controller serving a readiness gate does: sets the condition through the status subresource. */
    @When("condition {string} of pod {pod} is set to {string}")
    public void conditionIsSet(String type, PodName pod, String status) {
        world.cluster().editPod(world.namespaceOf(pod), pod.name()).setCondition(type, status);
    }

    /**
     * {@code kubectl set image pod/<pod> <container>=<image>}: as {@code FakeCluster.editPod(ns,
     * pod).setImage(container, image)}.
     */
    @When("the image of container {string} of pod {pod} is set to {string}")
    public void imageIsSet(String container, PodName pod, String image) {
        world.cluster().editPod(world.namespaceOf(pod), pod.name()).setImage(container, image);
    }

    /**
     * Namespace-less manifests go to {@code namespace}, and a pod named without one is looked up there; created if
     * missing.
     */
    @Given("the namespace {string} is used")
    public void theNamespaceIsUsed(String namespace) {
        world.useNamespace(namespace);
    }

    static NodeSpec node(Map<String, String> row) {
        NodeSpec node = NodeSpec.named(required(row, "name"));
        node = withLabels(node, row.get("labels"));
        if (present(row.get("taints"))) {
            for (String taint : row.get("taints").split(",")) {
                node = node.taint(taint.trim());
            }
        }
        if (present(row.get("cpu"))) {
            node = node.cpu(row.get("cpu").trim());
        }
        if (present(row.get("memory"))) {
            node = node.memory(row.get("memory").trim());
        }
        if (present(row.get("pods"))) {
            node = node.pods(Integer.parseInt(row.get("pods").trim()));
        }
        if (present(row.get("internalIP"))) {
            node = node.internalIp(row.get("internalIP").trim());
        }
        if ("true".equalsIgnoreCase(row.getOrDefault("unschedulable", "").trim())) {
            node = node.cordoned();
        }
        if (present(row.get("images"))) {
            String images = row.get("images").trim();
            node = images.equals("none") ? node.noImages() : node.images(ImageSteps.images(images).toArray(String[]::new));
        }
        return node;
    }

    private static NodeSpec withLabels(NodeSpec node, String labels) {
        return present(labels) ? node.labels(labels(labels)) : node;
    }

    /** {@code k=v,k2=v2}, in the order written. */
    static Map<String, String> labels(String labels) {
        Map<String, String> parsed = new java.util.LinkedHashMap<>();
        for (String label : labels.split(",")) {
            String[] kv = label.trim().split("=", 2);
            if (kv.length != 2) {
                throw new dev.peapod.core.PeapodException("label \"" + label.trim() + "\" must look like key=value");
            }
            parsed.put(kv[0].trim(), kv[1].trim());
        }
        return parsed;
    }

    private static String required(Map<String, String> row, String column) {
        String value = row.get(column);
        if (!present(value)) {
            throw new dev.peapod.core.PeapodException("the nodes table needs a \"" + column + "\" column with a value in every row: " + row);
        }
        return value.trim();
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
