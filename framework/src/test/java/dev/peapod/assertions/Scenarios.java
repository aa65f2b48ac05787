package dev.peapod.assertions;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;

import java.util.Map;

/**
 * Pods the assertion tests drive through the real engine: API admission, the scheduler and the
 * kubelet. Images carry explicit tags, so admission defaults {@code imagePullPolicy} to IfNotPresent
 * and the timelines show no pull (reference §1.1, §9). A pod that names a node skips the scheduler;
 * one that does not is scheduled for real (reference §11).
 */
final class Scenarios {
    /**
     * The FailedScheduling message for {@link #webRequestingCpu} asking more than node-1's 4 cpu
     * (NodeSpec.DEFAULT_ALLOCATABLE): NodeResourcesFit says Insufficient cpu, Unschedulable in v1.33 (errata
     * B-13), so preemption runs its dry run, and with no lower-priority pod on the node it finds no victims
     * (reference §11.2, errata B-10).
     */
    static final String UNSCHEDULABLE = "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are"
            + " available: 1 No preemption victims found for incoming pod.";
    /**
     * The FailedScheduling message for {@link #webSelectingNode} on a node without the label: NodeAffinity
     * fails UnschedulableAndUnresolvable, so preemption is not helpful there (reference §11.2, §11.3).
     */
    static final String NO_NODE_MATCHES_SELECTOR = "0/1 nodes are available: 1 node(s) didn't match Pod's node"
            + " affinity/selector. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.";

    private Scenarios() {
    }

    /** Pod {@code web}: one container {@code app} (example/web:1.25) with a liveness probe on :8080/healthz. */
    static Pod web(String node) {
        return new PodBuilder()
                .withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().withNodeName(node)
                .addToContainers(new ContainerBuilder().withName("app").withImage("example/web:1.25")
                        .withLivenessProbe(http("/healthz")).build())
                .endSpec().build();
    }

    /** Pod {@code web}: one container {@code app} (example/web:1.25) with only a readiness probe, on :8080/ready. */
    static Pod webWithReadiness(String node) {
        Pod pod = web(node);
        pod.getSpec().getContainers().get(0).setLivenessProbe(null);
        pod.getSpec().getContainers().get(0).setReadinessProbe(http("/ready"));
        return pod;
    }

    /** Pod {@code web} with two containers, {@code app} and {@code log}, and no probes. */
    static Pod webWithSidecar(String node) {
        return new PodBuilder()
                .withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().withNodeName(node)
                .addToContainers(new ContainerBuilder().withName("app").withImage("example/web:1.25").build())
                .addToContainers(new ContainerBuilder().withName("log").withImage("example/sidecar:1.36").build())
                .endSpec().build();
    }

    /** Pod {@code web}: one container {@code app} (example/web:1.25) with only a startup probe on :8080/healthz, 30 x 10 s. */
    static Pod webWithStartup(String node) {
        Pod pod = web(node);
        Probe startup = http("/healthz");
        startup.setFailureThreshold(30);
        pod.getSpec().getContainers().get(0).setLivenessProbe(null);
        pod.getSpec().getContainers().get(0).setStartupProbe(startup);
        return pod;
    }

    /** Pod {@code batch}: one container {@code job} that runs once (restartPolicy Never). */
    static Pod batch(String node) {
        return new PodBuilder()
                .withNewMetadata().withName("batch").withNamespace("default").endMetadata()
                .withNewSpec().withNodeName(node).withRestartPolicy("Never")
                .addToContainers(new ContainerBuilder().withName("job").withImage("example/sidecar:1.36").build())
                .endSpec().build();
    }

    static Probe http(String path) {
        return new ProbeBuilder().withNewHttpGet().withPath(path).withPort(new IntOrString(8080)).endHttpGet().build();
    }

    /** A cluster with node-1, running {@link #web} whose liveness fails from 30 s after each start. */
    static FakeCluster failingLiveness() {
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.container("web", "app").httpReturns(8080, "/healthz", 500).fromStart(java.time.Duration.ofSeconds(30));
        cluster.apply(web("node-1"));
        return cluster;
    }

    /** A cluster with node-1, running {@link #web} whose container exits 1 five seconds after each start. */
    static FakeCluster crashingEveryFiveSeconds() {
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.container("web", "app").exitsWith(1).after(java.time.Duration.ofSeconds(5));
        cluster.apply(web("node-1"));
        return cluster;
    }

    /** Pod {@code web} for the scheduler (no node named), its container requesting {@code cpu}. */
    static Pod webRequestingCpu(String cpu) {
        Pod pod = web(null);
        pod.getSpec().getContainers().get(0).setResources(new ResourceRequirementsBuilder()
                .withRequests(Map.of("cpu", new Quantity(cpu))).build());
        return pod;
    }

    /** Pod {@code web} for the scheduler (no node named), with a nodeSelector of one label. */
    static Pod webSelectingNode(String label, String value) {
        Pod pod = web(null);
        pod.getSpec().setNodeSelector(Map.of(label, value));
        return pod;
    }

    /** Pod {@code web} for a scheduler the cluster does not run: the default-scheduler leaves it alone. */
    static Pod webForScheduler(String schedulerName) {
        Pod pod = web(null);
        pod.getSpec().setSchedulerName(schedulerName);
        return pod;
    }
}
