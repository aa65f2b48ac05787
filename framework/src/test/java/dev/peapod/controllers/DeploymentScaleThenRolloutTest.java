package dev.peapod.controllers;

import dev.peapod.FakeCluster;
import dev.peapod.DeploymentView;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** From the new-user review: an old ReplicaSet only ever shrinks during a rollout (rolling.go cleanupUnhealthyReplicas). */
class DeploymentScaleThenRolloutTest {
    @Test
    void aRolloutOfTenReplicasNeverGrowsTheOldReplicaSet() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml("""
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: nginx-deployment, labels: {app: nginx}}
                    spec:
                      replicas: 10
                      selector: {matchLabels: {app: nginx}}
                      template:
                        metadata: {labels: {app: nginx}}
                        spec:
                          containers: [{name: nginx, image: "nginx:1.14.2", ports: [{containerPort: 80}]}]
                    """);
            cluster.advance(Duration.ofSeconds(10));
            cluster.deployment("nginx-deployment").setImage("nginx", "nginx:1.16.1");
            cluster.advance(Duration.ofMinutes(1));
            var sizes = cluster.deployment("nginx-deployment").replicaSetSizes().stream().map(DeploymentView.SizeStep::sizesText).toList();
            for (int i = 1; i < sizes.size(); i++) {
                String[] before = sizes.get(i - 1).split("/");
                String[] after = sizes.get(i).split("/");
                if (before.length == 2 && after.length == 2) {
                    assertThat(Integer.parseInt(after[0])).as("old ReplicaSet at step %d of %s", i, sizes)
                            .isLessThanOrEqualTo(Integer.parseInt(before[0]));
                }
            }
            assertThat(sizes.get(sizes.size() - 1)).isEqualTo("0/10");
            // the pods of its ReplicaSets, by their generated names: all ten of the new template
            assertThat(cluster.deployment("nginx-deployment").pods()).hasSize(10)
                    .allSatisfy(pod -> assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.16.1"));
        }
    }
}
