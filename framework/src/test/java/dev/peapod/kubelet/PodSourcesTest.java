package dev.peapod.kubelet;

import dev.peapod.events.EventRecorder;
import dev.peapod.runtime.ImageRegistry;
import dev.peapod.runtime.NodeRuntime;
import dev.peapod.runtime.Overrides;
import dev.peapod.spi.ClusterContext;
import dev.peapod.store.Admission;
import dev.peapod.store.ObjectStore;
import dev.peapod.store.WatchEvent;
import dev.peapod.time.EventLoop;
import dev.peapod.time.VirtualClock;
import dev.peapod.timeline.Timeline;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** A kubelet takes its pods from a list of sources (pkg/kubelet/config); the API watch is the first. */
class PodSourcesTest {
    private final VirtualClock clock = new VirtualClock(VirtualClock.DEFAULT_START);
    private final Random random = new Random(42);
    private final ObjectStore store = new ObjectStore(clock, random, Admission.NONE);
    private final ClusterContext context = new ClusterContext(clock, new EventLoop(clock), store,
            new EventRecorder(store, clock), new Timeline(clock), random);
    private final NodeConfig node = new NodeConfig("node-1", Map.of("disktype", "ssd"), List.of(), Map.of("cpu", "2"),
            "10.244.7.0/24", "172.18.0.9", false);

    @Test
    void theApiSourceDeliversOnlyThePodsBoundToItsNode() {
        // given
        store.create(pod("here", "node-1"));
        store.create(pod("elsewhere", "node-2"));
        List<String> seen = new ArrayList<>();
        // when
        new ApiPodSource().start(context, "node-1", e -> seen.add(e.type() + " " + e.object().getMetadata().getName()));
        store.create(pod("later", "node-1"));
        store.create(pod("unbound", null));
        store.delete(Pod.class, "default", "here", 0L);
        // then
        // a bound pod is marked for deletion first (MODIFIED), then removed
        assertThat(seen).containsExactly("ADDED here", "ADDED later", "MODIFIED here", "DELETED here");
        assertThat(new ApiPodSource().name()).isEqualTo("api");
    }

    @Test
    void sourcesStartInOrderOnceTheNodeIsRegistered() {
        // given
        List<String> started = new ArrayList<>();
        Kubelet kubelet = new Kubelet(new NodeRuntime("node-1", context.loop(), random, new ImageRegistry(), Overrides.NONE), node,
                List.of(recording("first", started), recording("second", started)));
        // when
        kubelet.start(context);
        // then
        assertThat(started).containsExactly("first for node-1, node registered: true", "second for node-1, node registered: true");
        Node registered = store.get(Node.class, null, "node-1").orElseThrow();
        assertThat(registered.getSpec().getPodCIDR()).isEqualTo("10.244.7.0/24");
        assertThat(registered.getStatus().getAddresses().get(0).getAddress()).isEqualTo("172.18.0.9");
        assertThat(registered.getMetadata().getLabels()).containsEntry("disktype", "ssd");
        assertThat(kubelet.hostIp()).isEqualTo("172.18.0.9");
        assertThat(kubelet.name()).isEqualTo("kubelet node-1");
    }

    @Test
    void defaultAddressesAreKinds() {
        assertThat(NodeConfig.defaultPodCidr(3)).isEqualTo("10.244.3.0/24");
        assertThat(NodeConfig.defaultInternalIp(1)).isEqualTo("172.18.0.3");
        assertThat(NodeConfig.defaultInternalIp(254)).isEqualTo("172.18.1.0");
    }

    private PodSource recording(String name, List<String> started) {
        return new PodSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start(ClusterContext ctx, String nodeName, Consumer<WatchEvent<Pod>> updates) {
                started.add(name + " for " + nodeName + ", node registered: " + ctx.store().get(Node.class, null, nodeName).isPresent());
            }
        };
    }

    private static Pod pod(String name, String nodeName) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withNodeName(nodeName).addNewContainer().withName("app").withImage("nginx").endContainer()
                .endSpec().build();
    }
}
