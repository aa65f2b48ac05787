package dev.peapod.cucumber;

import dev.peapod.ClusterSpec;
import dev.peapod.FakeCluster;
import dev.peapod.NodeSpec;
import dev.peapod.assertions.PeapodAssertions;
import dev.peapod.assertions.PodAssert;
import dev.peapod.manifest.Applied;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import org.apiguardian.api.API;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * One scenario's cluster, shared by Peapod's steps and yours: declare it as a constructor parameter of
 * your own step class (Cucumber's PicoContainer injects the same instance into every step class of a
 * scenario). The cluster starts on first use, with the nodes the scenario declared so far.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class PeapodWorld implements AutoCloseable {
    private ClusterSpec spec = ClusterSpec.empty();
    private FakeCluster cluster;
    /** The namespace the scenario chose before its cluster started; null: the cluster's own ({@code default}). */
    private String namespace;
    /** One assertion object per pod: it remembers who the pod was when first applied (same node checks). */
    private final Map<String, PodAssert> pods = new LinkedHashMap<>();
    /** Where the steps write lines for the scenario's log (the API server's warnings, kubectl drain's): nothing until set. */
    private java.util.function.Consumer<String> log = line -> { };

    /** The scenario's log, set by {@link Hooks} before each scenario. */
    void logTo(java.util.function.Consumer<String> log) {
        this.log = java.util.Objects.requireNonNull(log, "log");
    }

    /** A line in the scenario's log (in the report, beside the step that wrote it). */
    void log(String line) {
        log.accept(line);
    }

    /** Adds a node; before the cluster starts it joins the spec, afterwards it joins the running cluster. */
    public void addNode(NodeSpec node) {
        if (cluster == null) {
            spec = spec.node(node);
        } else {
            cluster.addNode(node);
        }
    }

    /**
     * The images a node declared earlier in the scenario holds at start ({@link NodeSpec#images}); an
     * empty list: none. The cluster must not have started: a node's images are what it starts with.
     */
    public void nodeImages(String node, List<String> images) {
        if (cluster != null) {
            throw new dev.peapod.core.PeapodException("the images of node \"" + node + "\" come too late: the scenario's "
                    + "cluster has started; give them before the first step that applies, advances or checks anything");
        }
        List<NodeSpec> nodes = new java.util.ArrayList<>(spec.nodes());
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).name().equals(node)) {
                NodeSpec declared = nodes.get(i);
                nodes.set(i, images.isEmpty() ? declared.noImages() : declared.images(images.toArray(String[]::new)));
                spec = new ClusterSpec(nodes, spec.startAt(), spec.seed(), spec.components(), spec.imageProfiles());
                return;
            }
        }
        throw new dev.peapod.core.PeapodException("there is no node \"" + node + "\" to give images to; the scenario declares "
                + spec.nodes().stream().map(NodeSpec::name).toList() + "; declare the node first (\"Given a cluster with nodes:\")");
    }

    /**
     * Adds the image profiles of a YAML file (a classpath resource or a file path) to the scenario's
     * cluster, which must not have started: profiles decide what containers run from the start.
     */
    public void useImageProfiles(String resourceOrFile) {
        if (cluster != null) {
            throw new dev.peapod.core.PeapodException("image profiles \"" + resourceOrFile + "\" come too late: the scenario's "
                    + "cluster has started; give the profiles before the first step that applies, advances or checks anything");
        }
        spec = spec.imageProfiles(resourceOrFile);
    }

    /** The scenario's cluster, started now if it has not been. */
    public FakeCluster cluster() {
        if (cluster == null) {
            cluster = FakeCluster.start(spec);
            if (namespace != null) {
                cluster.useNamespace(namespace);
            }
        }
        return cluster;
    }

    /**
     * Makes {@code namespace} the scenario's ({@link FakeCluster#useNamespace}): where namespace-less
     * manifests go and what a pod named without a namespace means. Before the cluster starts it waits
     * for the start, so nodes declared later still join the spec.
     */
    public void useNamespace(String namespace) {
        dev.peapod.core.Checks.notNull(namespace, "namespace");
        if (cluster == null) {
            this.namespace = namespace;
        } else {
            cluster.useNamespace(namespace);
        }
    }

    /** The pod's namespace: its own, else the scenario's. */
    public String namespaceOf(PodName pod) {
        return pod.namespace() != null ? pod.namespace() : cluster().namespace();
    }

    /**
     * The first pod, in name order, of a workload that is not being deleted: what {@code pod
     * "deployment/api"} names in a step.
     */
    PodName firstPodOf(String namespace, String kind, String name, String written) {
        String ns = namespace != null ? namespace : cluster().namespace();
        List<io.fabric8.kubernetes.api.model.Pod> pods = switch (kind) {
            case "deployment" -> cluster().deployment(ns, name).pods();
            case "replicaset" -> cluster().replicaSet(ns, name).pods();
            case "statefulset" -> cluster().statefulSet(ns, name).pods();
            case "daemonset" -> cluster().daemonSet(ns, name).pods();
            default -> cluster().job(ns, name).pods();
        };
        return pods.stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .map(p -> p.getMetadata().getName())
                .sorted()
                .findFirst()
                .map(pod -> new PodName(namespace, pod))
                .orElseThrow(() -> new dev.peapod.core.PeapodException("pod \"" + written + "\": " + kind + " " + ns + "/" + name
                        + " has no pod that is not being deleted now" + (pods.isEmpty() ? "" : "; its pods: "
                        + pods.stream().map(p -> p.getMetadata().getName()).sorted().toList())));
    }

    /** The workload's namespace: its own ({@code deployment e2e/web}), else the scenario's. */
    public String namespaceOf(Workload workload) {
        return workload.namespace() != null ? workload.namespace() : cluster().namespace();
    }

    public boolean started() {
        return cluster != null;
    }

    /**
     * Applies a manifest named by a classpath path (e.g. {@code manifests/web.yaml}) or, when no such
     * resource exists, a file path relative to the working directory.
     */
    public List<Applied> applyManifest(String location) {
        Path file = Path.of(location);
        boolean onClasspath = Thread.currentThread().getContextClassLoader().getResource(location) != null;
        List<Applied> applied = onClasspath || !Files.exists(file)
                ? cluster().applyResource(location) : cluster().apply(file);
        remember(applied);
        return applied;
    }

    public List<Applied> applyYaml(String yaml) {
        List<Applied> applied = cluster().applyYaml(yaml);
        remember(applied);
        return applied;
    }

    /**
     * Checks on a pod ({@code web} in the scenario's namespace, or {@code e2e/web}), with its identity as of when it
     * was applied.
     */
    public PodAssert pod(String name) {
        return pod(PodName.parse(name));
    }

    public PodAssert pod(PodName pod) {
        String namespace = namespaceOf(pod);
        return pods.computeIfAbsent(namespace + "/" + pod.name(), k -> PeapodAssertions.assertThat(cluster()).pod(namespace, pod.name()));
    }

    /** The pod as stored now. */
    public Pod currentPod(String name) {
        return currentPod(PodName.parse(name));
    }

    public Pod currentPod(PodName pod) {
        return cluster().pod(namespaceOf(pod), pod.name());
    }

    /** The script of a container of the pod, in the pod's namespace. */
    public dev.peapod.behaviour.ContainerBehaviour container(PodName pod, String container) {
        return cluster().container(namespaceOf(pod), pod.name(), container);
    }

    private void remember(List<Applied> applied) {
        for (HasMetadata object : applied.stream().map(Applied::object).toList()) {
            if (object instanceof Pod) {
                pod(new PodName(object.getMetadata().getNamespace(), object.getMetadata().getName()));
            }
        }
    }

    @Override
    public void close() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
