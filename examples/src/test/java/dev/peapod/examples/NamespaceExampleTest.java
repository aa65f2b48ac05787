package dev.peapod.examples;

import dev.peapod.FakeCluster;
import dev.peapod.assertions.PodAssert;
import dev.peapod.junit.PeapodTest;
import io.fabric8.kubernetes.api.model.Namespace;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.peapod.assertions.Conditions.podIsReady;
import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A spec written for namespace {@code e2e}: the annotation makes it the cluster's namespace, so the
 * manifest (which names none) lands there and every by-name verb and check looks there.
 */
@PeapodTest(namespace = "e2e")
class NamespaceExampleTest {

    @Test
    void aLivenessFailureRestartsTheContainerOfAPodInNamespaceE2e(FakeCluster cluster) {
        // given: agnhost's liveness server answers 200 for 10 s, then 500
        cluster.container("liveness-http", "app").httpReturns(8080, "/healthz", 500).fromStart(Duration.ofSeconds(10));
        cluster.applyResource("manifests/liveness-http.yaml");
        PodAssert pod = assertThat(cluster).pod("liveness-http");
        // when: probes every 3 s from 3 s fail at 12, 15 and 18 s
        cluster.advance(Duration.ofSeconds(18));
        // then
        pod.isStillOnTheSameNode()
                .hasEvent("Killing", "Container app failed liveness probe, will be restarted")
                .container("app").hasRestarted(1);
        assertThat(cluster).pod("e2e", "liveness-http").container("app").hasRestarted(1);
    }

    @Test
    void waitsAndVerbsNameTheNamespaceWhenItIsAnotherOne(FakeCluster cluster) {
        // given: the same pod in default, by an explicit namespace
        cluster.useNamespace("default");
        cluster.applyResource("manifests/liveness-http.yaml");
        cluster.useNamespace("e2e");
        // when
        cluster.await("web ready in default").atMost(Duration.ofMinutes(1)).until(podIsReady("default", "liveness-http"));
        // then
        assertThat(cluster).pod("default", "liveness-http").isReady();
        assertThat(cluster.findPod("liveness-http")).isEmpty();
    }

    @Test
    void deletingTheNamespaceStopsItsPodsAndThenRemovesIt(FakeCluster cluster) {
        // given
        cluster.applyResource("manifests/liveness-http.yaml");
        cluster.await("web ready").atMost(Duration.ofMinutes(1)).until(podIsReady("liveness-http"));
        // when: kubectl delete namespace e2e
        cluster.delete(Namespace.class, "e2e");
        // then: Terminating at once; 5 s later the namespace controller deletes the pod, which stops at once
        assertThat(cluster.context().store().peek(Namespace.class, null, "e2e").getStatus().getPhase()).isEqualTo("Terminating");
        cluster.advance(Duration.ofSeconds(5));
        assertThat(cluster.findPod("liveness-http")).isEmpty();
        // and with no pod left the rest goes and the namespace with it at the controller's next look (10 s)
        cluster.advance(Duration.ofSeconds(5));
        assertThat(cluster.context().store().peek(Namespace.class, null, "e2e")).isNull();
    }
}
