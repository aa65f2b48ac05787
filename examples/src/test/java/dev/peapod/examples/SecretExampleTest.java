package dev.peapod.examples;

import dev.peapod.FakeCluster;
import dev.peapod.junit.PeapodTest;
import org.junit.jupiter.api.Test;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Secret's value reaches the container (its env, its logs, the pod's termination message), but never
 * the Allure report: peapod-allure redacts the Secret in "Manifests as applied" and scrubs the value from
 * every attachment. With {@code -Preport}, ReportCheck greps the whole report for the value.
 */
@PeapodTest
class SecretExampleTest {
    static final String PASSWORD = "examples-s3cret-value-2718";

    @Test
    void aContainerGetsTheSecretValueThatTheReportNeverShows(FakeCluster cluster) {
        // given
        cluster.applyResource("manifests/secret-in-env.yaml");
        // when
        cluster.advance(ofSeconds(5));
        // then: the value is in the cluster, where a real one would have it
        assertThat(cluster.inContainer("migrate", "migrate").logs()).isEqualTo("connecting with " + PASSWORD + "\n");
        assertThat(cluster.pod("migrate").getStatus().getContainerStatuses().get(0).getState().getTerminated().getMessage())
                .isEqualTo("connecting with " + PASSWORD + "\n");
    }
}
