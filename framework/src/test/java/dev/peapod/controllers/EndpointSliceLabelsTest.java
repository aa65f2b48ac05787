package dev.peapod.controllers;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * staging/src/k8s.io/endpointslice/reconciler.go reconcileByPortMapping: a Service whose labels
 * change has its slices updated in place with the new labels (setEndpointSliceLabels'
 * labelsChanged), the same slice, the same endpoints.
 */
class EndpointSliceLabelsTest {
    @Test
    void aServiceLabelChangeUpdatesTheSlicesLabelsInPlace() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(EndpointSliceControllerTest.SERVICE + "---\n" + EndpointSliceControllerTest.pod("web-1"));
            cluster.settle();
            EndpointSlice before = EndpointSliceControllerTest.slice(cluster);
            // when
            cluster.context().store().edit(Service.class, "default", "web", s -> s.getMetadata().getLabels().put("tier", "back"));
            cluster.settle();
            // then
            EndpointSlice after = EndpointSliceControllerTest.slice(cluster);
            assertThat(after.getMetadata().getName()).isEqualTo(before.getMetadata().getName());
            assertThat(after.getMetadata().getUid()).isEqualTo(before.getMetadata().getUid());
            assertThat(after.getMetadata().getGeneration()).isEqualTo(before.getMetadata().getGeneration());
            assertThat(after.getEndpoints()).isEqualTo(before.getEndpoints());
            assertThat(after.getPorts()).isEqualTo(before.getPorts());
            assertThat(after.getMetadata().getLabels()).isEqualTo(Map.of("tier", "back",
                    "kubernetes.io/service-name", "web", "endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io"));
            assertThat(Long.parseLong(after.getMetadata().getResourceVersion()))
                    .isGreaterThan(Long.parseLong(before.getMetadata().getResourceVersion()));
        }
    }

    @Test
    void theEmptyPlaceholderIsUpdatedInPlaceToo() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(EndpointSliceControllerTest.SERVICE);
            cluster.settle();
            EndpointSlice before = EndpointSliceControllerTest.slice(cluster);
            // when
            cluster.context().store().edit(Service.class, "default", "web", s -> s.getMetadata().getLabels().put("tier", "back"));
            cluster.settle();
            // then placeholderSliceCompare finds the labels differ: the new placeholder's create becomes
            // an update of the old one (finalize), so the slice keeps its name and uid
            EndpointSlice after = EndpointSliceControllerTest.slice(cluster);
            assertThat(after.getMetadata().getName()).isEqualTo(before.getMetadata().getName());
            assertThat(after.getMetadata().getUid()).isEqualTo(before.getMetadata().getUid());
            assertThat(after.getEndpoints()).isEmpty();
            assertThat(after.getMetadata().getLabels()).containsEntry("tier", "back");
        }
    }
}
