package dev.peapod.scheduler;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The effective request of a pod (component-helpers/resource PodRequests; the examples are those
 * of noderesources/fit.go computePodResourceRequest and KEP-753).
 */
class PodResourcesTest {

    @Test
    void initContainersCountByTheirLargestAndAppContainersBySum() {
        // given
        Pod pod = pod(new Container[]{container("ic1", "2", "1G"), container("ic2", "2", "3G")},
                container("c1", "2", "1G"), container("c2", "1", "1G"));
        // when
        Resource requests = PodInfo.of(pod).requests();
        // then
        assertThat(requests.milliCpu()).isEqualTo(3000);
        assertThat(requests.memory()).isEqualTo(3_000_000_000L);
    }

    @Test
    void sidecarsAddToAppContainersAndToLaterInitContainers() {
        // given
        Container sidecar = new ContainerBuilder(container("sidecar", "50m", null)).withRestartPolicy("Always").build();
        Pod pod = pod(new Container[]{container("init", "150m", null), sidecar, container("late-init", "400m", null)},
                container("a", "100m", null), container("b", "200m", null));
        // when
        Resource requests = PodInfo.of(pod).requests();
        // then max(350m for a + b + sidecar, 450m for late-init + sidecar)
        assertThat(requests.milliCpu()).isEqualTo(450);
    }

    @Test
    void limitsStandInForMissingRequests() {
        // given
        Pod pod = pod(new Container[0], new ContainerBuilder().withName("app").withNewResources()
                .withLimits(Map.of("cpu", new Quantity("1"), "memory", new Quantity("128Mi")))
                .withRequests(Map.of("cpu", new Quantity("250m"))).endResources().build());
        // when
        Resource requests = PodInfo.of(pod).requests();
        // then
        assertThat(requests.milliCpu()).isEqualTo(250);
        assertThat(requests.memory()).isEqualTo(128L * 1024 * 1024);
    }

    @Test
    void overheadIsAdded() {
        // given
        Pod pod = new PodBuilder(pod(new Container[0], container("app", "100m", "64Mi")))
                .editSpec().withOverhead(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("120Mi"))).endSpec().build();
        // when
        Resource requests = PodInfo.of(pod).requests();
        // then
        assertThat(requests.milliCpu()).isEqualTo(350);
        assertThat(requests.memory()).isEqualTo(184L * 1024 * 1024);
    }

    @Test
    void scoringCountsContainersWithoutRequestsAsOneHundredMillicoresAndTwoHundredMebibytes() {
        // given
        Pod pod = pod(new Container[0], container("a", null, null), container("b", "300m", null));
        // when
        PodInfo info = PodInfo.of(pod);
        // then
        assertThat(info.requests().milliCpu()).isEqualTo(300);
        assertThat(info.nonZeroMilliCpu()).isEqualTo(400);
        assertThat(info.nonZeroMemory()).isEqualTo(400L * 1024 * 1024);
    }

    @Test
    void fractionsAreSummedExactlyAndRoundedUpOnce() {
        // given
        Pod pod = pod(new Container[0], container("a", "0.0005", null), container("b", "0.0005", null));
        // when
        Resource requests = PodInfo.of(pod).requests();
        // then
        assertThat(requests.milliCpu()).isEqualTo(1);
    }

    private static Pod pod(Container[] init, Container... containers) {
        return new PodBuilder().withNewMetadata().withName("p").withNamespace("default").endMetadata()
                .withNewSpec().withInitContainers(init).withContainers(containers).endSpec().build();
    }

    private static Container container(String name, String cpu, String memory) {
        ContainerBuilder builder = new ContainerBuilder().withName(name).withImage("busybox");
        if (cpu != null || memory != null) {
            var resources = builder.withNewResources();
            if (cpu != null) {
                resources.addToRequests("cpu", new Quantity(cpu));
            }
            if (memory != null) {
                resources.addToRequests("memory", new Quantity(memory));
            }
            resources.endResources();
        }
        return builder.build();
    }
}
