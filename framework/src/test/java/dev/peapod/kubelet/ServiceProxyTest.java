package dev.peapod.kubelet;

import dev.peapod.FakeCluster;
import dev.peapod.runtime.ExecOutput;
import io.fabric8.kubernetes.api.model.Service;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kube-proxy and the cluster DNS as the pod network sees them: a Service's name and cluster IP reach
 * its ready endpoints in turn; none ready is kube-proxy's REJECT, "Connection refused".
 */
class ServiceProxyTest {
    static final String MANIFESTS = """
            apiVersion: v1
            kind: Service
            metadata: {name: hostnames}
            spec:
              selector: {app: hostnames}
              ports: [{name: http, port: 80, targetPort: serve}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: hostnames-1, labels: {app: hostnames}}
            spec:
              containers:
              - name: serve
                image: registry.k8s.io/e2e-test-images/agnhost:2.53
                args: [serve-hostname]
                ports: [{name: serve, containerPort: 9376}]
                readinessProbe: {httpGet: {path: /, port: serve}, periodSeconds: 5}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: hostnames-2, labels: {app: hostnames}}
            spec:
              containers:
              - name: serve
                image: registry.k8s.io/e2e-test-images/agnhost:2.53
                args: [serve-hostname]
                ports: [{name: serve, containerPort: 9376}]
                readinessProbe: {httpGet: {path: /, port: serve}, periodSeconds: 5}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: client}
            spec:
              containers:
              - name: c
                image: busybox:1.36
                command: [sleep, "3600"]
            """;

    private static ExecOutput wget(FakeCluster cluster, String url) {
        return cluster.inContainer("client", "c").exec("wget", "-qO-", url);
    }

    @Test
    void aServiceNameReachesItsReadyEndpointsInTurn() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(MANIFESTS);
            cluster.advance(Duration.ofSeconds(1));

            assertThat(wget(cluster, "http://hostnames/").stdout()).isEqualTo("hostnames-1");
            assertThat(wget(cluster, "http://hostnames.default/").stdout()).isEqualTo("hostnames-2");
            assertThat(wget(cluster, "http://hostnames.default.svc.cluster.local/").stdout()).isEqualTo("hostnames-1");
            String clusterIp = cluster.context().store().require(Service.class, "default", "hostnames").getSpec().getClusterIP();
            assertThat(wget(cluster, "http://" + clusterIp + ":80/").stdout()).isEqualTo("hostnames-2");
        }
    }

    @Test
    void anUnreadyEndpointGetsNoTrafficAndNoReadyEndpointIsConnectionRefused() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(MANIFESTS);
            cluster.container("hostnames-2", "serve").httpReturns(9376, "/", 503).from(Duration.ofSeconds(10));
            cluster.advance(Duration.ofSeconds(21)); // probes at 10, 15, 20 s fail: unready

            assertThat(wget(cluster, "http://hostnames/").stdout()).isEqualTo("hostnames-1");
            assertThat(wget(cluster, "http://hostnames/").stdout()).isEqualTo("hostnames-1");

            cluster.container("hostnames-1", "serve").httpReturns(9376, "/", 503).from(Duration.ofSeconds(25));
            cluster.advance(Duration.ofSeconds(15));
            ExecOutput refused = wget(cluster, "http://hostnames/");
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.stderr()).isEqualTo("wget: can't connect to remote host (hostnames): Connection refused\n");
        }
    }

    @Test
    void aNameNoServiceHasIsABadAddress() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(MANIFESTS);
            cluster.advance(Duration.ofSeconds(1));

            ExecOutput bad = wget(cluster, "http://nothing/");
            assertThat(bad.exitCode()).isEqualTo(1);
            assertThat(bad.stderr()).isEqualTo("wget: bad address 'nothing'\n");
            assertThat(wget(cluster, "http://hostnames.other/").stderr()).isEqualTo("wget: bad address 'hostnames.other'\n");
        }
    }

    @Test
    void aHeadlessServiceNameResolvesToAReadyPod() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(MANIFESTS.replace("  selector: {app: hostnames}", "  clusterIP: None\n  selector: {app: hostnames}"));
            cluster.advance(Duration.ofSeconds(1));

            assertThat(wget(cluster, "http://hostnames:9376/").stdout()).isEqualTo("hostnames-1");
        }
    }

    @Test
    void curlSaysWhatItsUsersKnowWhenNoEndpointIsReady() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.container("hostnames-1", "serve").httpReturns(9376, "/", 503);
            cluster.container("hostnames-2", "serve").httpReturns(9376, "/", 503);
            cluster.applyYaml(MANIFESTS);
            cluster.advance(Duration.ofSeconds(20));

            ExecOutput refused = cluster.inContainer("client", "c").exec("curl", "-sS", "http://hostnames/");
            assertThat(refused.exitCode()).isEqualTo(7);
            assertThat(refused.stderr()).isEqualTo("curl: (7) Failed to connect to hostnames port 80 after 0 ms: "
                    + "Couldn't connect to server\n");
        }
    }

    @Test
    void aPortTheServiceDoesNotHaveIsRefused() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(MANIFESTS);
            cluster.advance(Duration.ofSeconds(1));

            assertThat(wget(cluster, "http://hostnames:8080/").stderr())
                    .isEqualTo("wget: can't connect to remote host (hostnames): Connection refused\n");
        }
    }
}
