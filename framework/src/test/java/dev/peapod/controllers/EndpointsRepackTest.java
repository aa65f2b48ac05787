package dev.peapod.controllers;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** pkg/api/v1/endpoints/util.go RepackSubsets and SortSubsets, as the Endpoints controller uses them. */
class EndpointsRepackTest {
    static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              selector: {app: web}
              ports:
              - {name: http, port: 8080, targetPort: http}
              - {name: https, port: 8443, targetPort: https}
              - {name: metrics, port: 9090, targetPort: metrics}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: web-1, labels: {app: web}}
            spec:
              containers:
              - name: app
                image: nginx:1.27
                ports: [{name: http, containerPort: 80}, {name: https, containerPort: 443}, {name: metrics, containerPort: 9090}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: web-2, labels: {app: web}}
            spec:
              containers:
              - name: app
                image: nginx:1.27
                ports: [{name: http, containerPort: 80}]
            """;

    @Test
    void subsetsGroupPortsByTheSetOfAddressesOfferingThemWithPortsInHashOrder() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(SERVICE);
            cluster.settle();
            List<EndpointSubset> subsets = cluster.context().store().require(Endpoints.class, "default", "web").getSubsets();
            // http is offered by both pods, https and metrics by web-1 alone: two subsets by address set
            // (not one per pod's port set); within a subset the ports are in the order of the MD5 of their
            // spew printing: metrics 7f2b2ed5..., https 9b812254..., http a0afc928...
            assertThat(subsets).extracting(
                            s -> s.getAddresses().stream().map(a -> a.getTargetRef().getName()).toList(),
                            s -> s.getPorts().stream().map(EndpointPort::getName).toList())
                    .containsExactlyInAnyOrder(
                            tuple(List.of("web-1", "web-2"), List.of("http")),
                            tuple(List.of("web-1"), List.of("metrics", "https")));
            assertThat(subsets).allSatisfy(s -> assertThat(s.getNotReadyAddresses()).isNull());
            // the subsets themselves are in the order of their own hash (it covers the pods' UIDs)
            assertThat(subsets).isEqualTo(EndpointsController.sortSubsets(List.of(subsets.get(1), subsets.get(0))));
        }
    }

    @Test
    void deepHashObjectPrintsAPortAndASubsetAsSpewsHashConfigDoes() {
        EndpointPort port = new EndpointPortBuilder().withName("http").withPort(80).withProtocol("TCP").build();
        assertThat(EndpointsController.spew(port))
                .isEqualTo("(v1.EndpointPort){Name:(string)http Port:(int32)80 Protocol:(v1.Protocol)TCP AppProtocol:(*string)<nil>}");
        EndpointAddress address = new EndpointAddressBuilder().withIp("10.244.1.2").withNodeName("worker0")
                .withTargetRef(new ObjectReferenceBuilder().withKind("Pod").withNamespace("default").withName("web-1").withUid("u1").build())
                .build();
        EndpointSubset subset = new EndpointSubset();
        subset.setNotReadyAddresses(List.of(address));
        subset.setPorts(List.of(new EndpointPortBuilder().withPort(80).withProtocol("UDP").withAppProtocol("dns").build()));
        subset.setAddresses(null);
        assertThat(EndpointsController.spew(subset)).isEqualTo("(v1.EndpointSubset){Addresses:([]v1.EndpointAddress)<nil>"
                + " NotReadyAddresses:([]v1.EndpointAddress)[{IP:(string)10.244.1.2 Hostname:(string) NodeName:(*string)worker0"
                + " TargetRef:(*v1.ObjectReference){Kind:(string)Pod Namespace:(string)default Name:(string)web-1 UID:(types.UID)u1"
                + " APIVersion:(string) ResourceVersion:(string) FieldPath:(string)}}]"
                + " Ports:([]v1.EndpointPort)[{Name:(string) Port:(int32)80 Protocol:(v1.Protocol)UDP AppProtocol:(*string)dns}]}");
    }

    @Test
    void addressesSortByIpBytesThenUid() {
        EndpointSubset subset = new EndpointSubset();
        subset.setAddresses(new java.util.ArrayList<>(List.of(
                addr("10.244.1.10", "b"), addr("10.244.1.9", "a"), addr("10.244.1.10", "a"))));
        EndpointsController.sortSubsets(List.of(subset));
        // bytes, not numbers: "10.244.1.10" < "10.244.1.9"
        assertThat(subset.getAddresses()).extracting(EndpointAddress::getIp, a -> a.getTargetRef().getUid())
                .containsExactly(tuple("10.244.1.10", "a"), tuple("10.244.1.10", "b"), tuple("10.244.1.9", "a"));
    }

    @Test
    void aHeadlessServiceWithoutPortsKeepsItsAddressesInOneSubsetWithoutPorts() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Service
                    metadata: {name: db}
                    spec:
                      clusterIP: None
                      selector: {app: db}
                    """ + "---\n" + pod("db-0") + "---\n" + pod("db-1"));
            cluster.settle();
            // RepackSubsets maps portless addresses under the sentinel port -1, then leaves it out
            assertThat(cluster.context().store().require(Endpoints.class, "default", "db").getSubsets()).singleElement()
                    .satisfies(s -> {
                        assertThat(s.getPorts()).isNull();
                        assertThat(s.getAddresses()).extracting(a -> a.getTargetRef().getName()).containsExactly("db-0", "db-1");
                    });
        }
    }

    private static String pod(String name) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, labels: {app: db}}
                spec: {containers: [{name: app, image: nginx:1.27}]}
                """.formatted(name);
    }

    private static EndpointAddress addr(String ip, String uid) {
        return new EndpointAddressBuilder().withIp(ip).withTargetRef(new ObjectReferenceBuilder().withUid(uid).build()).build();
    }
}
