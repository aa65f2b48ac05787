package dev.peapod.controllers;

import dev.peapod.ClusterSpec;
import dev.peapod.FakeCluster;
import dev.peapod.NodeSpec;
import dev.peapod.store.ListOptions;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The EndpointSlice and Endpoints controllers (staging/src/k8s.io/endpointslice/reconciler.go, utils.go;
 * pkg/controller/endpoint/endpoints_controller.go): endpoints follow the selected pods' readiness.
 */
class EndpointSliceControllerTest {
    static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata: {name: web, labels: {tier: front}}
            spec:
              selector: {app: web}
              ports: [{name: http, port: 8080, targetPort: http}]
            """;

    static String pod(String name) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, labels: {app: web}}
                spec:
                  containers:
                  - name: app
                    image: nginx:1.27
                    ports: [{name: http, containerPort: 80}]
                    readinessProbe:
                      httpGet: {path: /, port: http}
                      periodSeconds: 5
                """.formatted(name);
    }

    /** The slices this controller manages in default: the API server's own {@code kubernetes} slice aside. */
    static List<EndpointSlice> slices(FakeCluster cluster) {
        return cluster.context().store().list(EndpointSlice.class, ListOptions.inNamespace("default")).stream()
                .filter(s -> !s.getMetadata().getName().equals("kubernetes")).toList();
    }

    static EndpointSlice slice(FakeCluster cluster) {
        List<EndpointSlice> slices = slices(cluster);
        assertThat(slices).hasSize(1);
        return slices.get(0);
    }

    static Endpoints endpoints(FakeCluster cluster, String name) {
        return cluster.context().store().require(Endpoints.class, "default", name);
    }

    @Test
    void aServiceGetsOneSliceWithAReadyEndpointPerSelectedPodAndItsNamedPort() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // when
            cluster.applyYaml(SERVICE + "---\n" + pod("web-1") + "---\n" + pod("web-2"));
            cluster.settle();
            // then
            EndpointSlice slice = slice(cluster);
            assertThat(slice.getMetadata().getName()).matches("web-[bcdfghjklmnpqrstvwxz2456789]{5}");
            assertThat(slice.getMetadata().getGenerateName()).isEqualTo("web-");
            assertThat(slice.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "kubernetes.io/service-name", "web",
                    "endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io",
                    "tier", "front"));
            assertThat(slice.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
                assertThat(ref.getApiVersion()).isEqualTo("v1");
                assertThat(ref.getKind()).isEqualTo("Service");
                assertThat(ref.getName()).isEqualTo("web");
                assertThat(ref.getController()).isTrue();
                assertThat(ref.getBlockOwnerDeletion()).isTrue();
            });
            assertThat(slice.getAddressType()).isEqualTo("IPv4");
            assertThat(slice.getPorts()).extracting(p -> p.getName(), p -> p.getPort(), p -> p.getProtocol())
                    .containsExactly(tuple("http", 80, "TCP"));
            assertThat(slice.getEndpoints()).extracting(e -> e.getTargetRef().getName(), Endpoint::getAddresses,
                    e -> e.getConditions().getReady(), e -> e.getConditions().getServing(),
                    e -> e.getConditions().getTerminating(), Endpoint::getNodeName, Endpoint::getZone).containsExactly(
                    tuple("web-1", List.of("10.244.1.2"), true, true, false, "worker0", null),
                    tuple("web-2", List.of("10.244.1.3"), true, true, false, "worker0", null));
            // the first sync gave the Service's creation time; the pods' Ready=True at the same second is no
            // later trigger (trigger_time_tracker.go compares with After), so the last sync cleared it
            assertThat(slice.getMetadata().getAnnotations()).doesNotContainKey("endpoints.kubernetes.io/last-change-trigger-time");
        }
    }

    @Test
    void aReadinessFailureMakesTheEndpointNotReadyInEveryMatchingService() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given: two Services select the pods
            cluster.applyYaml(SERVICE + "---\n" + SERVICE.replace("name: web,", "name: web-admin,") + "---\n"
                    + pod("web-1") + "---\n" + pod("web-2"));
            cluster.container("web-2", "app").httpReturns(80, "/", 500).from(Duration.ofSeconds(30));
            // when: probes at 30, 35, 40 s fail; the third makes the pod unready
            cluster.advance(Duration.ofSeconds(45));
            // then
            for (EndpointSlice slice : slices(cluster)) {
                assertThat(slice.getEndpoints()).extracting(e -> e.getTargetRef().getName(),
                        e -> e.getConditions().getReady(), e -> e.getConditions().getServing()).containsExactly(
                        tuple("web-1", true, true), tuple("web-2", false, false));
                assertThat(slice.getMetadata().getAnnotations())
                        .containsEntry("endpoints.kubernetes.io/last-change-trigger-time", "2025-01-01T00:00:40Z");
            }
            assertThat(slices(cluster)).extracting(s -> s.getMetadata().getLabels().get("kubernetes.io/service-name"))
                    .containsExactlyInAnyOrder("web", "web-admin");
            for (String name : List.of("web", "web-admin")) {
                Endpoints endpoints = endpoints(cluster, name);
                assertThat(endpoints.getSubsets()).singleElement().satisfies(subset -> {
                    assertThat(subset.getAddresses()).extracting(EndpointAddress::getIp).containsExactly("10.244.1.2");
                    assertThat(subset.getNotReadyAddresses()).extracting(EndpointAddress::getIp).containsExactly("10.244.1.3");
                    assertThat(subset.getPorts()).extracting(p -> p.getName(), p -> p.getPort()).containsExactly(tuple("http", 80));
                });
                assertThat(endpoints.getMetadata().getLabels()).isEqualTo(Map.of("tier", "front"));
                assertThat(endpoints.getMetadata().getAnnotations())
                        .containsEntry("endpoints.kubernetes.io/last-change-trigger-time", "2025-01-01T00:00:40Z");
            }
        }
    }

    @Test
    void aTerminatingPodStaysServingButNotReadyUntilItIsGone() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given
            cluster.applyYaml(SERVICE + "---\n" + pod("web-1") + "---\n" + pod("web-2"));
            cluster.container("web-2", "app").ignoresSigterm();
            cluster.settle();
            // when
            cluster.deletePod("web-2");
            cluster.advance(Duration.ofSeconds(1));
            // then
            assertThat(slice(cluster).getEndpoints()).extracting(e -> e.getTargetRef().getName(),
                    e -> e.getConditions().getReady(), e -> e.getConditions().getServing(),
                    e -> e.getConditions().getTerminating()).containsExactly(
                    tuple("web-1", true, true, false), tuple("web-2", false, true, true));
            assertThat(endpoints(cluster, "web").getSubsets()).singleElement().satisfies(subset -> {
                assertThat(subset.getAddresses()).extracting(EndpointAddress::getIp).containsExactly("10.244.1.2");
                assertThat(subset.getNotReadyAddresses()).isNullOrEmpty();
            });
            // when: the grace period ends and the pod is gone
            cluster.advance(Duration.ofSeconds(30));
            assertThat(slice(cluster).getEndpoints()).extracting(e -> e.getTargetRef().getName()).containsExactly("web-1");
        }
    }

    @Test
    void publishNotReadyAddressesMakesEveryEndpointReady() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(SERVICE.replace("selector:", "publishNotReadyAddresses: true\n  selector:") + "---\n" + pod("web-1"));
            cluster.container("web-1", "app").httpReturns(80, "/", 500);
            cluster.advance(Duration.ofSeconds(20));

            assertThat(slice(cluster).getEndpoints()).extracting(e -> e.getConditions().getReady(), e -> e.getConditions().getServing())
                    .containsExactly(tuple(true, false));
            assertThat(endpoints(cluster, "web").getSubsets()).singleElement()
                    .satisfies(subset -> assertThat(subset.getAddresses()).extracting(EndpointAddress::getIp).containsExactly("10.244.1.2"));
        }
    }

    @Test
    void aServiceWithoutPodsGetsAnEmptyPlaceholderSliceAndEndpointsWithoutSubsets() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(SERVICE);
            cluster.settle();

            EndpointSlice placeholder = slice(cluster);
            assertThat(placeholder.getEndpoints()).isEmpty();
            assertThat(placeholder.getPorts()).isEmpty();
            assertThat(endpoints(cluster, "web").getSubsets()).isEmpty();
        }
    }

    @Test
    void theZoneComesFromTheNodesTopologyLabel() {
        try (FakeCluster cluster = FakeCluster.start(ClusterSpec.empty()
                .node(NodeSpec.named("worker0").label("topology.kubernetes.io/zone", "eu-west-1a")))) {
            cluster.applyYaml(SERVICE + "---\n" + pod("web-1"));
            cluster.settle();

            assertThat(slice(cluster).getEndpoints()).extracting(Endpoint::getZone).containsExactly("eu-west-1a");
        }
    }

    @Test
    void aSliceHoldsAtMostOneHundredEndpoints() {
        try (FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node(NodeSpec.named("worker0").pods(110)))) {
            StringBuilder yaml = new StringBuilder(SERVICE);
            for (int i = 0; i < 101; i++) {
                yaml.append("---\napiVersion: v1\nkind: Pod\nmetadata: {name: web-%03d, labels: {app: web}}\n".formatted(i))
                        .append("spec: {containers: [{name: app, image: nginx:1.27, ports: [{name: http, containerPort: 80}]}]}\n");
            }
            cluster.applyYaml(yaml.toString());
            cluster.settle();

            assertThat(slices(cluster)).extracting(s -> s.getEndpoints().size()).containsExactlyInAnyOrder(100, 1);
        }
    }

    @Test
    void aSelectorlessServiceGetsNeitherSlicesNorEndpoints() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(SERVICE.replace("  selector: {app: web}\n", "") + "---\n" + pod("web-1"));
            cluster.settle();

            assertThat(slices(cluster)).isEmpty();
            assertThat(cluster.context().store().list(Endpoints.class)).extracting(e -> e.getMetadata().getName())
                    .containsExactly("kubernetes"); // the API server's own
        }
    }

    @Test
    void deletingTheServiceDeletesItsEndpoints() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(SERVICE + "---\n" + pod("web-1"));
            cluster.settle();

            cluster.delete(io.fabric8.kubernetes.api.model.Service.class, "web");
            cluster.settle();

            assertThat(cluster.context().store().list(Endpoints.class)).extracting(e -> e.getMetadata().getName())
                    .containsExactly("kubernetes"); // the API server's own
        }
    }

    @Test
    void aPodChangeThatMovesNoEndpointWritesNothing() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given
            cluster.applyYaml(SERVICE + "---\n" + pod("web-1"));
            cluster.settle();
            String sliceVersion = slice(cluster).getMetadata().getResourceVersion();
            String endpointsVersion = endpoints(cluster, "web").getMetadata().getResourceVersion();
            // when: a label the selector does not look at
            cluster.context().store().edit(io.fabric8.kubernetes.api.model.Pod.class, "default", "web-1",
                    p -> p.getMetadata().getLabels().put("release", "1"));
            cluster.settle();
            // then
            assertThat(slice(cluster).getMetadata().getResourceVersion()).isEqualTo(sliceVersion);
            assertThat(endpoints(cluster, "web").getMetadata().getResourceVersion()).isEqualTo(endpointsVersion);
        }
    }

    @Test
    void aPodRelabelledOutOfTheSelectorLeavesTheService() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given
            cluster.applyYaml(SERVICE + "---\n" + pod("web-1"));
            cluster.settle();
            // when
            cluster.context().store().edit(io.fabric8.kubernetes.api.model.Pod.class, "default", "web-1",
                    p -> p.getMetadata().getLabels().put("app", "debug"));
            cluster.settle();
            // then: the slice is kept as the empty placeholder (finalize turns the create into an update)
            assertThat(slice(cluster).getEndpoints()).isEmpty();
            assertThat(slice(cluster).getPorts()).isEmpty();
            assertThat(endpoints(cluster, "web").getSubsets()).isEmpty();
        }
    }

    @Test
    void podsThatResolveANamedTargetPortDifferentlyGetOneSliceEachAndEndpointsOneSubsetEach() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given: "http" is port 80 in web-1 and 8080 in web-2
            cluster.applyYaml(SERVICE + """
                    ---
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: web-1, labels: {app: web}}
                    spec: {containers: [{name: app, image: nginx:1.27, ports: [{name: http, containerPort: 80}]}]}
                    ---
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: web-2, labels: {app: web}}
                    spec: {containers: [{name: app, image: nginx:1.27, ports: [{name: http, containerPort: 8080}]}]}
                    """);
            cluster.settle();
            // then
            assertThat(slices(cluster)).extracting(s -> s.getPorts().get(0).getPort(), s -> s.getEndpoints().get(0).getTargetRef().getName())
                    .containsExactlyInAnyOrder(tuple(80, "web-1"), tuple(8080, "web-2"));
            assertThat(endpoints(cluster, "web").getSubsets()).extracting(s -> s.getPorts().get(0).getPort(),
                    s -> s.getAddresses().get(0).getIp()).containsExactly(tuple(8080, "10.244.1.3"), tuple(80, "10.244.1.2")); // SortSubsets' hash order
        }
    }
}
