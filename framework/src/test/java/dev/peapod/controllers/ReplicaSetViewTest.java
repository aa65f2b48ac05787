package dev.peapod.controllers;

import dev.peapod.FakeCluster;
import dev.peapod.printers.ReplicaSetPrinter;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** cluster.replicaSet(name), kubectl get rs (printers.go printReplicaSet) and ReplicaSetAssert. */
class ReplicaSetViewTest {
    @Test
    void scaleChangesTheReplicasAndKubectlGetRsShowsThem() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given
            cluster.applyYaml(ReplicaSetControllerTest.RS);
            cluster.settle();
            cluster.advance(Duration.ofSeconds(90));
            // when
            cluster.replicaSet("web").scale(5);
            // then
            assertThat(cluster.replicaSet("web").pods()).hasSize(5);
            assertThat(cluster.replicaSet("web").row()).isEqualTo(new ReplicaSetPrinter.Row("web", "5", "5", "5", "90s",
                    "app", "nginx:1.25", "app=web"));
            assertThat(cluster.replicaSet("web").table()).isEqualTo("""
                    NAME   DESIRED   CURRENT   READY   AGE
                    web    5         5         5       90s
                    """);
        }
    }

    @Test
    void waitsForAvailableReplicasAfterMinReadySeconds() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(ReplicaSetControllerTest.RS.replace("replicas: 3", "replicas: 3\n  minReadySeconds: 10"));
            cluster.settle();
            assertThat(cluster).replicaSet("web").hasReplicas(3).hasReadyReplicas(3).hasAvailableReplicas(0)
                    .reachesAvailableReplicas(3).within(ofSeconds(30));
            org.assertj.core.api.Assertions.assertThat(cluster.elapsed()).isEqualTo(ofSeconds(10));
        }
    }

    @Test
    void aFailedCheckShowsTheRowAndTheTimeline() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(ReplicaSetControllerTest.RS);
            cluster.settle();
            assertThatThrownBy(() -> assertThat(cluster).replicaSet("web").reachesReadyReplicas(4).within(ofSeconds(5)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("""
                            Expecting ReplicaSet default/web to have 4 ready replicas within 5s, but it had 3 ready replicas.
                            kubectl get rs:
                            NAME   DESIRED   CURRENT   READY   AGE
                            web    3         3         3       5s
                            Timeline (virtual time):
                            """)
                    .hasMessageContaining("SuccessfulCreate");
        }
    }
}
