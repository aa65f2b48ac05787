package dev.peapod;

import dev.peapod.core.PeapodException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A pod whose script Peapod's shell cannot run is refused at apply, before anything is stored (issue #9). */
class FakeClusterShellScriptTest {
    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: shop}
            spec:
              containers:
              - name: broken
                image: busybox
                command: [sh, -c, "if true; then echo x"]
            """;

    @Test
    void aScriptTheShellCannotRunIsRefusedNamingThePodTheContainerAndTheConstruct() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            long before = cluster.context().store().resourceVersion();

            assertThatThrownBy(() -> cluster.applyYaml(POD))
                    .isInstanceOf(PeapodException.class)
                    .hasMessageStartingWith("container \"broken\" of pod default/shop runs a script Peapod's shell cannot run: line 1, column ")
                    .hasMessageEndingWith(". Rewrite the script, or script what the container does in the test before applying it");
            assertThat(cluster.context().store().resourceVersion()).isEqualTo(before);
        }
    }

    @Test
    void aScriptedContainerIsNotCheckedForItsScript() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.container("shop", "broken").exitsWith(0).after(java.time.Duration.ofSeconds(5));

            cluster.applyYaml(POD);
            cluster.advance(java.time.Duration.ofSeconds(1));

            assertThat(cluster.pod("shop").getStatus().getPhase()).isEqualTo("Running");
        }
    }
}
