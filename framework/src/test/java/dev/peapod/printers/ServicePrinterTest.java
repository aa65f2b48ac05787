package dev.peapod.printers;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** kubectl get services (pkg/printers/internalversion/printers.go printService). */
class ServicePrinterTest {
    private static final Instant NOW = Instant.parse("2025-01-01T00:05:00Z");

    private static Service service(String yaml) {
        return Serialization.unmarshal("apiVersion: v1\nkind: Service\nmetadata: {name: web, creationTimestamp: '2025-01-01T00:00:00Z'}\n"
                + yaml, Service.class);
    }

    @Test
    void aClusterIpServiceShowsItsAddressPortsAndAge() {
        Service web = service("spec: {type: ClusterIP, clusterIPs: [10.96.149.150], selector: {app: web},"
                + " ports: [{port: 80, protocol: TCP}, {port: 443, protocol: TCP}]}");
        assertThat(ServicePrinter.row(web, NOW)).isEqualTo(new ServiceRow("web", "ClusterIP", "10.96.149.150", "<none>",
                "80/TCP,443/TCP", "5m", "app=web"));
        assertThat(ServicePrinter.table(List.of(web), NOW, false)).isEqualTo("""
                NAME   TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)          AGE
                web    ClusterIP   10.96.149.150   <none>        80/TCP,443/TCP   5m
                """);
    }

    @Test
    void nodePortsLoadBalancersHeadlessAndExternalNames() {
        assertThat(ServicePrinter.row(service("spec: {type: NodePort, clusterIPs: [10.96.0.50],"
                + " ports: [{port: 80, nodePort: 30080, protocol: TCP}]}"), NOW).ports()).isEqualTo("80:30080/TCP");
        assertThat(ServicePrinter.row(service("spec: {type: LoadBalancer, clusterIPs: [10.96.0.50], ports: [{port: 80, protocol: TCP}]}"),
                NOW).externalIp()).isEqualTo("<pending>");
        assertThat(ServicePrinter.row(service("spec: {type: LoadBalancer, clusterIPs: [10.96.0.50], ports: [{port: 80, protocol: TCP}]}\n"
                + "status: {loadBalancer: {ingress: [{ip: 203.0.113.10}]}}"), NOW).externalIp()).isEqualTo("203.0.113.10");
        ServiceRow headless = ServicePrinter.row(service("spec: {type: ClusterIP, clusterIP: None, clusterIPs: [None]}"), NOW);
        assertThat(headless.clusterIp()).isEqualTo("None");
        assertThat(headless.ports()).isEqualTo("<none>");
        ServiceRow external = ServicePrinter.row(service("spec: {type: ExternalName, externalName: db.example.com}"), NOW);
        assertThat(external.clusterIp()).isEqualTo("<none>");
        assertThat(external.externalIp()).isEqualTo("db.example.com");
    }
}
