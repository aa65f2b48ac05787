package dev.peapod.examples;

import dev.peapod.FakeCluster;
import dev.peapod.junit.PeapodTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.peapod.assertions.PeapodAssertions.assertThat;

/** Seed 002: a failing readiness probe never restarts; a failing startup probe does, with back-off. */
@PeapodTest
class ReadinessAndStartupExampleTest {

    @Test
    void failingReadinessShowsZeroOfOneRunningAndNeverRestarts(FakeCluster cluster) {
        // given
        cluster.container("nginx", "nginx").httpReturns(8181, "/ready", 503);
        cluster.applyResource("manifests/readiness-http.yaml");
        // when
        cluster.advance(Duration.ofMinutes(10));
        // then
        assertThat(cluster).pod("nginx")
                .showsInKubectl("0/1", "Running", "0")
                .isNotReady()
                .hasCondition("Ready", "False", "ContainersNotReady")
                .hasEvent("Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503");
    }

    @Test
    void readinessTurnsReadyOnTheFirstTickPastTheInitialDelay(FakeCluster cluster) {
        // given: readiness with initialDelaySeconds 15, periodSeconds 10, on the page nginx serves at /
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  containers:
                  - name: app
                    image: nginx:1.25
                    readinessProbe:
                      httpGet: {path: /, port: 80}
                      initialDelaySeconds: 15
                      periodSeconds: 10
                """);
        // when / then: the tick at 10 s is too early, the one at 20 s succeeds
        assertThat(cluster).pod("web").becomesReady().within(Duration.ofSeconds(30));
        org.assertj.core.api.Assertions.assertThat(cluster.elapsed()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void startupProbeOnAPathNginxDoesNotServeEndsInCrashLoopBackOff(FakeCluster cluster) {
        // given: nginx answers 404 on /api/successStart
        cluster.container("nginx", "nginx").httpReturns(80, "/api/successStart", 404);
        cluster.applyResource("manifests/startup-missing-path.yaml");
        // when: the startup probe fails 3 times in a row, every 30 s. A probe kill restarts at once unless
        // the run before the killed one ended less than the back-off ago (computePodActions, doBackOff):
        // restarts at 30, 60, 90 and 120 s; the kill at 150 s waits 40 s in CrashLoopBackOff
        cluster.advance(Duration.ofSeconds(177));
        // then: what kubectl showed for this manifest in the seed notes, at the same age
        assertThat(cluster).pod("nginx")
                .showsInKubectl("0/1", "CrashLoopBackOff", "4 (27s ago)")
                .hasEvent("Killing", "Container nginx failed startup probe, will be restarted")
                .hasEvent("BackOff")
                .container("nginx").isCrashLooping().hasRestarted(4);
        org.assertj.core.api.Assertions.assertThat(cluster.podTable()).contains("nginx   0/1     CrashLoopBackOff   4 (27s ago)   2m57s");
    }

    @Test
    void startupProbeProtectsASlowStart(FakeCluster cluster) {
        // given: an app that needs 4 minutes to listen, behind failureThreshold 30 x periodSeconds 10
        cluster.container("slow", "app").listensAfter(Duration.ofMinutes(4));
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: slow}
                spec:
                  containers:
                  - name: app
                    image: nginx:1.25
                    ports: [{containerPort: 8080}]
                    startupProbe:
                      httpGet: {path: /healthz, port: 8080}
                      failureThreshold: 30
                      periodSeconds: 10
                    livenessProbe:
                      httpGet: {path: /healthz, port: 8080}
                """);
        // when / then
        assertThat(cluster).pod("slow").becomesReady().within(Duration.ofMinutes(5));
        org.assertj.core.api.Assertions.assertThat(cluster.elapsed()).isEqualTo(Duration.ofMinutes(4));
        assertThat(cluster).pod("slow").container("app").hasRestarted(0);
    }
}
