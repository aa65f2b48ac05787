package dev.peapod.assertions;

import dev.peapod.FakeCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ServiceAssert: waits on ready endpoints in virtual time, and its failure messages. */
class ServiceAssertTest {
    static final String MANIFESTS = """
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              selector: {app: web}
              ports: [{port: 80}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: web-1, labels: {app: web}}
            spec:
              containers:
              - name: app
                image: nginx:1.25
                readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 5}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: web-2, labels: {app: web}}
            spec:
              containers:
              - name: app
                image: nginx:1.25
                readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 5}
            """;

    @Test
    void waitsUntilTheCountIsReachedAndStopsTheClockThere() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(MANIFESTS);
            cluster.container("web-2", "app").httpReturns(80, "/", 503).from(Duration.ofSeconds(30));

            assertThat(cluster).service("web").reachesReadyEndpoints(2).within(Duration.ZERO)
                    .hasReadyEndpointAddresses("10.244.1.2", "10.244.1.3")
                    .reachesReadyEndpoints(1).within(Duration.ofMinutes(1))
                    .hasReadyEndpointAddresses("10.244.1.2");
            org.assertj.core.api.Assertions.assertThat(cluster.elapsed()).isEqualTo(Duration.ofSeconds(40));
        }
    }

    @Test
    void aTimeoutNamesTheEndpointsAndShowsTheNotReadyPodsTimelines() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(MANIFESTS);
            cluster.container("web-2", "app").httpReturns(80, "/", 503).from(Duration.ofSeconds(30));
            cluster.advance(Duration.ofSeconds(40));

            assertThatThrownBy(() -> assertThat(cluster).service("web").reachesReadyEndpoints(2).within(Duration.ofSeconds(10)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("""
                            Expecting service default/web to have 2 ready endpoints within 10s, but it has 1 at 00:00:50.
                            Ready: 10.244.1.2 (pod web-1)
                            Not ready: 10.244.1.3 (pod web-2)
                            Timeline of pod default/web-2 (virtual time):
                            """)
                    .hasMessageContaining("00:00:40  Readiness probe failed: HTTP probe failed with statuscode: 503  (3 of 3)");
        }
    }

    @Test
    void aMissingServiceSaysSo() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            assertThatThrownBy(() -> assertThat(cluster).service("web").reachesReadyEndpoints(1).within(Duration.ofSeconds(5)))
                    .hasMessage("Expecting service default/web to have 1 ready endpoint within 5s, but at 00:00:05 services \"web\" not found "
                            + "in namespace \"default\"; services there: kubernetes.");
        }
    }
}
