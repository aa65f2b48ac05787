package dev.peapod.examples;

import dev.peapod.FakeCluster;
import dev.peapod.junit.PeapodTest;
import dev.peapod.runtime.ExecOutput;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.peapod.assertions.PeapodAssertions.assertThat;

/**
 * Seed: readiness removing an endpoint. A pod whose readiness probe fails leaves every Service that
 * selects it (its EndpointSlice endpoint turns ready: false) and gets no more traffic, without a
 * restart; when no endpoint is ready, a connection to the Service is refused.
 */
@PeapodTest
class ServiceReadinessExampleTest {

    private static ExecOutput wget(FakeCluster cluster, String url) {
        return cluster.inContainer("client", "c").exec("wget", "-qO-", url);
    }

    @Test
    void aReadinessFailureRemovesThePodFromTheService(FakeCluster cluster) {
        // given: two ready pods behind the Service, which got its cluster IP on create
        cluster.applyResource("manifests/service-readiness.yaml");
        assertThat(cluster).service("hostnames").reachesReadyEndpoints(2).within(Duration.ofSeconds(10))
                .hasClusterIp("10.110.215.58");
        // traffic reaches both, in turn
        org.assertj.core.api.Assertions.assertThat(wget(cluster, "http://hostnames/").stdout()).isEqualTo("hostnames-1");
        org.assertj.core.api.Assertions.assertThat(wget(cluster, "http://hostnames/").stdout()).isEqualTo("hostnames-2");

        // when: hostnames-2 answers its readiness probe with 503 from 30 s; probes at 30, 35 and 40 s fail
        cluster.container("hostnames-2", "serve").httpReturns(9376, "/", 503).from(Duration.ofSeconds(30));

        // then: at the third failure it leaves the Service, and is not restarted
        assertThat(cluster).service("hostnames").reachesReadyEndpoints(1).within(Duration.ofMinutes(1))
                .hasReadyEndpointAddresses("10.244.1.2");
        org.assertj.core.api.Assertions.assertThat(cluster.elapsed()).isEqualTo(Duration.ofSeconds(40));
        org.assertj.core.api.Assertions.assertThat(cluster.service("hostnames").notReadyEndpoints()).containsExactly("10.244.1.3");
        assertThat(cluster).pod("hostnames-2").isNotReady().showsInKubectl("0/1", "Running", "0");
        org.assertj.core.api.Assertions.assertThat(wget(cluster, "http://hostnames.default.svc.cluster.local/").stdout())
                .isEqualTo("hostnames-1");
        org.assertj.core.api.Assertions.assertThat(wget(cluster, "http://hostnames/").stdout()).isEqualTo("hostnames-1");
    }

    @Test
    void withNoReadyEndpointTheServiceRefusesConnections(FakeCluster cluster) {
        // given
        cluster.container("hostnames-1", "serve").httpReturns(9376, "/", 503);
        cluster.container("hostnames-2", "serve").httpReturns(9376, "/", 503);
        cluster.applyResource("manifests/service-readiness.yaml");
        // when
        cluster.advance(Duration.ofSeconds(30));
        // then: kube-proxy's REJECT rule for a Service without endpoints
        assertThat(cluster).service("hostnames").hasReadyEndpoints(0);
        ExecOutput refused = wget(cluster, "http://hostnames/");
        org.assertj.core.api.Assertions.assertThat(refused.exitCode()).isEqualTo(1);
        org.assertj.core.api.Assertions.assertThat(refused.stderr())
                .isEqualTo("wget: can't connect to remote host (hostnames): Connection refused\n");
        org.assertj.core.api.Assertions.assertThat(cluster.service("hostnames").row().toString())
                .isEqualTo("hostnames   ClusterIP   10.110.215.58   <none>   80/TCP   30s");
    }
}
