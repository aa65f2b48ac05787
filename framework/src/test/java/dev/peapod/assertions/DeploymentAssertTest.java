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
    void hasPodsPerCountsTheRunningPodsPerValueOfANodeLabel() {
        // given three zones of two nodes, and a Deployment spread one per zone with a hard constraint
        try (FakeCluster cluster = FakeCluster.withNodes()) {
            for (String zone : java.util.List.of("a", "b", "c")) {
                for (int i = 1; i <= 2; i++) {
                    cluster.addNode(dev.peapod.NodeSpec.named(zone + "-" + i).label("topology.kubernetes.io/zone", zone));
                }
            }
            cluster.applyYaml("""
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web}
                    spec:
                      replicas: 3
                      selector: {matchLabels: {app: web}}
                      template:
                        metadata: {labels: {app: web}}
                        spec:
                          topologySpreadConstraints:
                          - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule,
                             labelSelector: {matchLabels: {app: web}}}
                          containers:
                          - {name: app, image: nginx:1.25}
                    """);
            // when / then
            assertThat(cluster).deployment("web").reachesPodsPer("topology.kubernetes.io/zone", java.util.Map.of("a", 1, "b", 1, "c", 1))
                    .within(ofMinutes(1));
            assertThatThrownBy(() -> assertThat(cluster).deployment("web").hasPodsPer("topology.kubernetes.io/zone",
                    java.util.Map.of("a", 3)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("Expecting deployment default/web to have its pods per topology.kubernetes.io/zone {a=3}, "
                            + "but they are {a=1, b=1, c=1}; at ");
            assertThatThrownBy(() -> assertThat(cluster).deployment("web").hasPodsPer("rack", java.util.Map.of()))
                    .hasMessageStartingWith("Expecting deployment default/web to have its pods per rack {}, but they are {<none>=3}; at ");
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
