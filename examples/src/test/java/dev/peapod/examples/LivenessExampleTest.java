package dev.peapod.examples;

import dev.peapod.FakeCluster;
import dev.peapod.junit.PeapodTest;
import dev.peapod.assertions.PodAssert;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.peapod.assertions.PeapodAssertions.assertThat;

/** Seed 003: liveness probes by exec, HTTP and TCP restart the container on the same node. */
@PeapodTest
class LivenessExampleTest {

    @Test
    void execProbeRestartsTheContainerOnceTheHealthFileIsGone(FakeCluster cluster) {
        // given: `cat /tmp/healthy` fails once the shell has removed the file, 30 s after each start
        cluster.container("test-liveness-exec", "liveness")
                .execFails(List.of("cat", "/tmp/healthy"), "cat: can't open '/tmp/healthy': No such file or directory")
                .fromStart(Duration.ofSeconds(30));
        cluster.applyResource("manifests/liveness-exec.yaml");
        PodAssert pod = assertThat(cluster).pod("test-liveness-exec"); // remembers its node, uid and IP now
        // when: probes every 5 s fail at 30, 35 and 40 s
        cluster.advance(Duration.ofSeconds(40));
        // then
        pod.hasEvent("Unhealthy", "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory")
                .hasEvent("Killing", "Container liveness failed liveness probe, will be restarted")
                .isStillOnTheSameNode()
                .showsInKubectl("1/1", "Running", "1 (0s ago)")
                .container("liveness").hasRestarted(1);
    }

    @Test
    void httpProbeWithACustomHeaderRestartsWhenTheHandlerStartsFailing(FakeCluster cluster) {
        // given: agnhost's liveness server answers 200 for 10 s, then 500
        cluster.container("liveness-http", "app").httpReturns(8080, "/healthz", 500).fromStart(Duration.ofSeconds(10));
        cluster.applyResource("manifests/liveness-http.yaml");
        PodAssert pod = assertThat(cluster).pod("liveness-http"); // remembers its node, uid and IP
        // when: probes every 3 s from 3 s fail at 12, 15 and 18 s
        cluster.advance(Duration.ofSeconds(18));
        // then
        pod.isStillOnTheSameNode()
                .hasEvent("Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 500")
                .container("app").hasRestarted(1);
    }

    @Test
    void tcpProbeRestartsWhenThePortStopsAccepting(FakeCluster cluster) {
        // given: the proxy stops accepting on 8080 after 30 s
        cluster.container("goproxy", "goproxy").tcpRefuses(8080).fromStart(Duration.ofSeconds(30));
        cluster.applyResource("manifests/liveness-tcp.yaml");
        // when: probes every 20 s from the first tick past 15 s: 20 ok, then 40, 60, 80 fail
        cluster.advance(Duration.ofSeconds(79));
        assertThat(cluster).pod("goproxy").container("goproxy").hasRestarted(0);
        cluster.advance(Duration.ofSeconds(1));
        // then
        assertThat(cluster).pod("goproxy")
                .hasEvent("Unhealthy", "Liveness probe failed: dial tcp 10.244.1.2:8080: connect: connection refused")
                .container("goproxy").hasRestarted(1);
    }
}
