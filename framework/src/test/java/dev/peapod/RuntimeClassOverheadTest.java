package dev.peapod;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A RuntimeClass's overhead, set on the pod at admission (plugin/pkg/admission/runtimeclass), counts
 * with the pod's requests in the scheduler's NodeResourcesFit and in the kubelet's admission
 * (component-helpers resource.PodRequests adds spec.overhead).
 */
class RuntimeClassOverheadTest {
    static final String KATA = """
            apiVersion: node.k8s.io/v1
            kind: RuntimeClass
            metadata: {name: kata}
            handler: kata
            overhead: {podFixed: {cpu: 250m}}
            """;

    static String pod(String name, String extra) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s}
                spec:
                %s
                  containers:
                  - name: app
                    image: nginx:1.25
                    resources: {requests: {cpu: 900m}}
                """.formatted(name, extra.indent(2).stripTrailing());
    }

    private static FakeCluster oneCpu() {
        return ClusterSpec.empty().node(NodeSpec.named("worker-1").allocatable("cpu", "1")).start();
    }

    @Test
    void theOverheadMakesAPodThatWouldFitNotFit() {
        try (FakeCluster cluster = oneCpu()) {
            cluster.applyYaml(KATA);
            // when
            cluster.applyYaml(pod("web", "runtimeClassName: kata"));
            cluster.settle();
            // then
            Pod web = cluster.pod("web");
            assertThat(web.getSpec().getNodeName()).isNull();
            List<Event> events = cluster.eventsFor(web);
            assertThat(events).extracting(Event::getMessage).containsExactly("0/1 nodes are available: 1 Insufficient cpu. "
                    + "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");
        }
    }

    @Test
    void withoutTheClassTheSamePodFits() {
        try (FakeCluster cluster = oneCpu()) {
            cluster.applyYaml(pod("web", ""));
            cluster.settle();
            assertThat(cluster.pod("web").getSpec().getNodeName()).isEqualTo("worker-1");
        }
    }

    @Test
    void theKubeletCountsTheOverheadOfAPodBoundByName() {
        try (FakeCluster cluster = oneCpu()) {
            cluster.applyYaml(KATA);
            // when
            cluster.applyYaml(pod("web", "runtimeClassName: kata\nnodeName: worker-1"));
            cluster.settle();
            // then
            Pod web = cluster.pod("web");
            assertThat(web.getStatus().getReason()).isEqualTo("OutOfcpu");
            assertThat(web.getStatus().getMessage())
                    .isEqualTo("Pod was rejected: Node didn't have enough resource: cpu, requested: 1150, used: 0, capacity: 1000");
        }
    }
}
