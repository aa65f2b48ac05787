package dev.peapod.apiserver;

import dev.peapod.ClusterSpec;
import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API server's {@code kubernetes} Service in {@code default}, its Endpoints and its EndpointSlice, as
 * pkg/controlplane/controller/kubernetesservice/controller.go and pkg/controlplane/reconcilers/endpointsadapter.go
 * (v1.33) write them, and their repair every DefaultEndpointReconcilerInterval (10 s).
 */
class KubernetesServiceTest {
    private FakeCluster cluster;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        cluster = FakeCluster.withNodes("node-1");
        client = cluster.client();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private Service service() {
        return client.services().inNamespace("default").withName("kubernetes").get();
    }

    private Endpoints endpoints() {
        return client.endpoints().inNamespace("default").withName("kubernetes").get();
    }

    private EndpointSlice slice() {
        return client.discovery().v1().endpointSlices().inNamespace("default").withName("kubernetes").get();
    }

    @Test
    void theServiceIsStoredAtStartWithUpstreamsFields() {
        Service service = service();
        assertThat(service.getMetadata().getLabels()).isEqualTo(Map.of("component", "apiserver", "provider", "kubernetes"));
        assertThat(service.getMetadata().getCreationTimestamp()).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(service.getSpec().getSelector()).isNullOrEmpty();
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getClusterIP()).isEqualTo("10.96.0.1");
        assertThat(service.getSpec().getClusterIPs()).containsExactly("10.96.0.1");
        assertThat(service.getSpec().getIpFamilyPolicy()).isEqualTo("SingleStack");
        assertThat(service.getSpec().getIpFamilies()).containsExactly("IPv4");
        assertThat(service.getSpec().getSessionAffinity()).isEqualTo("None");
        assertThat(service.getSpec().getInternalTrafficPolicy()).isEqualTo("Cluster");
        assertThat(service.getSpec().getPorts()).containsExactly(new ServicePortBuilder()
                .withName("https").withPort(443).withProtocol("TCP").withTargetPort(new IntOrString(6443)).build());
    }

    @Test
    void itsEndpointsAndSliceNameTheApiServersAddress() {
        Endpoints endpoints = endpoints();
        assertThat(endpoints.getMetadata().getLabels()).isEqualTo(Map.of("endpointslice.kubernetes.io/skip-mirror", "true"));
        assertThat(endpoints.getSubsets()).containsExactly(new EndpointSubsetBuilder()
                .withAddresses(new EndpointAddressBuilder().withIp("172.18.0.2").build())
                .withPorts(new EndpointPortBuilder().withName("https").withPort(6443).withProtocol("TCP").build()).build());
        EndpointSlice slice = slice();
        assertThat(slice.getMetadata().getLabels()).isEqualTo(Map.of("kubernetes.io/service-name", "kubernetes"));
        assertThat(slice.getMetadata().getOwnerReferences()).isNullOrEmpty();
        assertThat(slice.getAddressType()).isEqualTo("IPv4");
        assertThat(slice.getEndpoints()).containsExactly(new EndpointBuilder().withAddresses("172.18.0.2")
                .withNewConditions().withReady(true).endConditions().build());
        assertThat(slice.getPorts()).containsExactly(new io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder()
                .withName("https").withPort(6443).withProtocol("TCP").build());
    }

    @Test
    void peapodsEndpointsControllersLeaveThemAloneAndAnIdleClusterWritesThemNoMore() {
        String serviceVersion = service().getMetadata().getResourceVersion();
        String endpointsVersion = endpoints().getMetadata().getResourceVersion();
        String sliceVersion = slice().getMetadata().getResourceVersion();
        cluster.advance(Duration.ofHours(1));
        assertThat(service().getMetadata().getResourceVersion()).isEqualTo(serviceVersion);
        assertThat(endpoints().getMetadata().getResourceVersion()).isEqualTo(endpointsVersion);
        assertThat(slice().getMetadata().getResourceVersion()).isEqualTo(sliceVersion);
        assertThat(client.discovery().v1().endpointSlices().inNamespace("default").list().getItems())
                .extracting(s -> s.getMetadata().getName()).containsExactly("kubernetes");
    }

    @Test
    void theirUidsDoNotComeFromTheClustersRandom() {
        // name-based (version 3): the same whatever the seed, so no later generated name or uid moves
        try (FakeCluster other = FakeCluster.start(ClusterSpec.empty().seed(42))) {
            Service there = other.client().services().inNamespace("default").withName("kubernetes").get();
            assertThat(there.getMetadata().getUid()).isEqualTo(service().getMetadata().getUid());
        }
        assertThat(UUID.fromString(service().getMetadata().getUid()).version()).isEqualTo(3);
        assertThat(UUID.fromString(endpoints().getMetadata().getUid()).version()).isEqualTo(3);
        assertThat(UUID.fromString(slice().getMetadata().getUid()).version()).isEqualTo(3);
    }

    @Test
    void aDeletedServiceComesBackAtTheReconcilersNextTick() {
        // Run (controller.go): wait.NonSlidingUntil every DefaultEndpointReconcilerInterval, 10 s from the start
        String uid = service().getMetadata().getUid();
        cluster.advance(Duration.ofSeconds(3));
        assertThat(client.services().inNamespace("default").withName("kubernetes").delete()).hasSize(1);
        cluster.advance(Duration.ofMillis(6_999));
        assertThat(service()).isNull();
        cluster.advance(Duration.ofMillis(1));
        Service back = service();
        assertThat(back.getMetadata().getCreationTimestamp()).isEqualTo("2025-01-01T00:00:10Z");
        assertThat(back.getMetadata().getUid()).isNotEqualTo(uid);
        assertThat(back.getSpec().getClusterIP()).isEqualTo("10.96.0.1");
    }

    @Test
    void changedEndpointsAndADeletedSliceAreResetAtTheNextTick() {
        cluster.advance(Duration.ofSeconds(12));
        Endpoints changed = endpoints();
        changed.getSubsets().get(0).getAddresses().get(0).setIp("172.18.0.9");
        client.resource(changed).update();
        client.discovery().v1().endpointSlices().inNamespace("default").withName("kubernetes").delete();
        cluster.advance(Duration.ofMillis(7_999));
        assertThat(endpoints().getSubsets().get(0).getAddresses().get(0).getIp()).isEqualTo("172.18.0.9");
        assertThat(slice()).isNull();
        cluster.advance(Duration.ofMillis(1));
        assertThat(endpoints().getSubsets().get(0).getAddresses().get(0).getIp()).isEqualTo("172.18.0.2");
        assertThat(slice().getEndpoints().get(0).getAddresses()).containsExactly("172.18.0.2");
        assertThat(slice().getMetadata().getCreationTimestamp()).isEqualTo("2025-01-01T00:00:20Z");
    }

    @Test
    void kubectlGetServicesShowsIt() {
        HttpResponse<String> answer = Http.send(HttpRequest.newBuilder(URI.create(new Http(cluster).url()
                + "/api/v1/namespaces/default/services")).header("Accept", TablesOverHttpTest.KUBECTL).GET().build());
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode table = Json.MAPPER.readTree(answer.body());
        List<String> cells = new ArrayList<>();
        table.get("rows").get(0).get("cells").forEach(cell -> cells.add(cell.asString()));
        // NAME, TYPE, CLUSTER-IP, EXTERNAL-IP, PORT(S), AGE (kind v1.33: kubernetes ClusterIP 10.96.0.1 <none> 443/TCP)
        assertThat(cells).containsExactly("kubernetes", "ClusterIP", "10.96.0.1", "<none>", "443/TCP", "0s", "<none>");
        assertThat(table.get("rows")).hasSize(1);
    }
}
