package dev.peapod;

import dev.peapod.core.PeapodException;
import dev.peapod.manifest.Applied;
import dev.peapod.printers.ServiceRow;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** cluster.service(name): a live view of a Service, its endpoints and its kubectl line; what Peapod does not do with it. */
class ServiceViewTest {
    static final String MANIFESTS = """
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              selector: {app: web}
              ports: [{port: 80, targetPort: 80}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: web-1, labels: {app: web}}
            spec:
              containers:
              - {name: app, image: nginx:1.25, readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 5}}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: web-2, labels: {app: web}}
            spec:
              containers:
              - {name: app, image: nginx:1.25, readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 5}}
            """;

    @Test
    void theViewFollowsTheEndpointsAndPrintsTheKubectlLine() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given
            List<Applied> applied = cluster.applyYaml(MANIFESTS);
            ServiceView web = cluster.service("web");
            assertThat(applied.get(0).warnings()).isEmpty(); // a ClusterIP Service is simulated
            assertThat(web.clusterIp()).isEqualTo("10.96.149.150");
            assertThat(web.endpoints()).containsExactly("10.244.1.2", "10.244.1.3");
            // when: web-2 fails readiness from 30 s (probes at 30, 35, 40 s)
            cluster.container("web-2", "app").httpReturns(80, "/", 503).from(Duration.ofSeconds(30));
            cluster.advance(Duration.ofSeconds(45));
            // then
            assertThat(web.endpoints()).containsExactly("10.244.1.2");
            assertThat(web.notReadyEndpoints()).containsExactly("10.244.1.3");
            assertThat(web.row()).isEqualTo(new ServiceRow("web", "ClusterIP", "10.96.149.150", "<none>", "80/TCP", "45s", "app=web"));
            assertThat(web.row().toString()).isEqualTo("web   ClusterIP   10.96.149.150   <none>   80/TCP   45s");
        }
    }

    @Test
    void podsCreatedAfterTheServiceGetItsAllocatedAddressInTheirEnvironment() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(MANIFESTS);
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: client}
                    spec:
                      containers: [{name: c, image: busybox:1.36, command: [sleep, "3600"]}]
                    """);
            cluster.settle();

            assertThat(cluster.inContainer("client", "c").exec("sh", "-c", "echo $WEB_SERVICE_HOST:$WEB_SERVICE_PORT").stdout())
                    .isEqualTo("10.96.149.150:80\n");
        }
    }

    @Test
    void aMissingServiceIsAClearError() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            assertThatThrownBy(() -> cluster.service("web").get()).isInstanceOf(PeapodException.class)
                    .hasMessage("services \"web\" not found in namespace \"default\"; services there: kubernetes");
        }
    }

    @Test
    void whatPeapodDoesNotDoWithAServiceIsSaidWhenItIsApplied() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            List<Applied> applied = cluster.applyYaml("""
                    apiVersion: v1
                    kind: Service
                    metadata: {name: web}
                    spec:
                      type: NodePort
                      selector: {app: web}
                      sessionAffinity: ClientIP
                      ports: [{port: 80}]
                    """);

            assertThat(applied.get(0).warnings()).containsExactly(
                    "not simulated: spec.type: NodePort: no node port is allocated and nothing listens on the nodes; "
                            + "pods reach the Service by its name and cluster IP only",
                    "not simulated: spec.sessionAffinity: ClientIP: connections go to the ready endpoints in turn, whoever the client");
        }
    }
}
