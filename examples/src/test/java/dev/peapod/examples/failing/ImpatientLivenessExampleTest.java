package dev.peapod.examples.failing;

import dev.peapod.FakeCluster;
import dev.peapod.junit.PeapodTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.peapod.assertions.PeapodAssertions.assertThat;

/**
 * Fails on purpose, to show a causal failure message: it expects a restart after two liveness
 * failures, but the kubelet restarts after failureThreshold (3) failures in a row. Tagged
 * {@code failing-on-purpose}, which the examples' build leaves out; {@code FailingOnPurposeTest}
 * runs it and pins the message it fails with.
 */
@Tag("failing-on-purpose")
@PeapodTest
class ImpatientLivenessExampleTest {

    @Test
    void expectsARestartAfterTwoLivenessFailures(FakeCluster cluster) {
        // given: /healthz answers 500 from 10 s after each start; the probe runs every 10 s
        cluster.container("web", "app").httpReturns(8080, "/healthz", 500).fromStart(Duration.ofSeconds(10));
        cluster.applyResource("manifests/impatient-liveness.yaml");
        // when: the probe fails at 10 and 20 s
        cluster.advance(Duration.ofSeconds(25));
        // then: wrong on purpose, the third failure (at 30 s) is the one that restarts it
        assertThat(cluster).pod("web").container("app").hasRestarted(1);
    }
}
