package dev.peapod.assertions;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;

import java.util.List;

/**
 * Pods the assertion tests drive through the real engine. The scheduler is not wired yet, so a pod
 * runs only when its spec names a node; one without stays Pending with no conditions.
 */
final class Scenarios {
    static final String UNSCHEDULABLE = "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are"
            + " available: 1 No preemption victims found for incoming pod.";

    private Scenarios() {
    }

    /** Pod {@code web}: one container {@code app} (nginx) with a liveness probe on :8080/healthz. */
    static Pod web(String node) {
        return new PodBuilder()
                .withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().withNodeName(node)
                .addToContainers(new ContainerBuilder().withName("app").withImage("nginx")
                        .withLivenessProbe(http("/healthz")).build())
                .endSpec().build();
    }

    /** Pod {@code web}: one container {@code app} (nginx) with only a readiness probe, on :8080/ready. */
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
                .addToContainers(new ContainerBuilder().withName("app").withImage("nginx").build())
                .addToContainers(new ContainerBuilder().withName("log").withImage("busybox").build())
                .endSpec().build();
    }

    /** Pod {@code batch}: one container {@code job} that runs once (restartPolicy Never). */
    static Pod batch(String node) {
        return new PodBuilder()
                .withNewMetadata().withName("batch").withNamespace("default").endMetadata()
                .withNewSpec().withNodeName(node).withRestartPolicy("Never")
                .addToContainers(new ContainerBuilder().withName("job").withImage("busybox").build())
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

    /**
     * Writes what the scheduler writes for a pod it cannot place (reference §5, §11.2): the scheduler is
     * not wired yet, so the test stands in for it.
     */
    static void markUnschedulable(FakeCluster cluster, String pod, String message) {
        cluster.context().store().editStatus(Pod.class, "default", pod, p -> p.getStatus().setConditions(List.of(
                new PodConditionBuilder().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                        .withMessage(message).withLastTransitionTime("2025-01-01T00:00:00Z").build())));
    }
}
