package dev.peapod.examples.junit6;

import dev.peapod.FakeCluster;
import dev.peapod.junit.PeapodNode;
import dev.peapod.junit.PeapodTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.peapod.assertions.PeapodAssertions.assertThat;

/** The extension on a JUnit 6.1 platform: a fresh cluster per test, injected as a parameter. */
@PeapodTest(nodes = @PeapodNode(name = "node-1", labels = "disktype=ssd"))
class JUnit6CompatibilityTest {

    @Test
    void runsOnJUnitSix() {
        org.assertj.core.api.Assertions.assertThat(Test.class.getPackage().getImplementationVersion()).startsWith("6.");
    }

    @Test
    void injectsAFreshClusterWithTheDeclaredNodes(FakeCluster cluster) {
        // given
        org.assertj.core.api.Assertions.assertThat(cluster.elapsed()).isZero();
        org.assertj.core.api.Assertions.assertThat(cluster.node("node-1").getMetadata().getLabels()).containsEntry("disktype", "ssd");
        // when
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeSelector: {disktype: ssd}
                  containers: [{name: app, image: nginx:1.25}]
                """);
        cluster.advance(Duration.ofMinutes(1));
        // then
        assertThat(cluster).pod("web").isRunningOn("node-1").showsInKubectl("1/1", "Running", "0");
    }
}
