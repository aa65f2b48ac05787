package dev.peapod.assertions;

import dev.peapod.FakeCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeploymentAssertTest {
    static final String WEB = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 3
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: app
                    image: nginx:1.25
                    readinessProbe:
                      exec: {command: ["true"]}
                      initialDelaySeconds: 10
            """;

    @Test
    void hasAvailableReplicasWaitsInVirtualTimeAndStopsAtTheFirstInstant() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given
            cluster.applyYaml(WEB);
            // when
            assertThat(cluster).deployment("web").reachesAvailableReplicas(3).within(ofMinutes(2))
                    .rolloutCompletes().within(Duration.ZERO)
                    .hasReplicaSetSizes("3");
            // then
            org.assertj.core.api.Assertions.assertThat(cluster.elapsed()).isEqualTo(ofSeconds(10));
        }
    }

    @Test
    void reachesReadyReplicasReadsTheNumeratorOfReady() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(WEB);
            assertThat(cluster).deployment("web").hasReadyReplicas(0).reachesReadyReplicas(3).within(ofMinutes(1)).hasReadyReplicas(3);
            org.assertj.core.api.Assertions.assertThat(cluster.elapsed()).isEqualTo(ofSeconds(10));
            assertThatThrownBy(() -> assertThat(cluster).deployment("web").hasReadyReplicas(2))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("Expecting deployment default/web to have 2 ready replicas, but at 10s it shows READY 3/3,");
        }
    }

    @Test
    void aFailedWaitShowsTheDeploymentAsKubectlDoesAndItsTimeline() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(WEB);
            String rs = cluster.deployment("web").replicaSets().get(0).getMetadata().getName();
            assertThatThrownBy(() -> assertThat(cluster).deployment("web").reachesAvailableReplicas(3).within(ofSeconds(5)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expecting deployment default/web to have 3 available replicas within 5s of virtual time, "
                            + "but at 5s it shows READY 0/3, UP-TO-DATE 3, AVAILABLE 0 (Waiting for deployment \"web\" rollout "
                            + "to finish: 0 of 3 updated replicas are available...); ReplicaSet sizes: 3.\n"
                            + "Timeline (virtual time):\n"
                            + "  00:00:00  ScalingReplicaSet: Scaled up replica set " + rs + " from 0 to 3");
        }
    }

    @Test
    void aMissingDeploymentSaysSo() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            assertThatThrownBy(() -> assertThat(cluster).deployment("api").rolloutCompletes().within(Duration.ZERO))
                    .hasMessage("Expecting deployment default/api to complete its rollout, but deployments.apps \"api\" not found in namespace "
                            + "\"default\"; deployments there: none.\n"
                            + "Timeline (virtual time):\n  (nothing happened to this deployment)");
        }
    }
}
