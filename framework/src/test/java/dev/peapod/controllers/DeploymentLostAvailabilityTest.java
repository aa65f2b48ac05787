package dev.peapod.controllers;

import dev.peapod.FakeCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A finished rollout that loses a pod's availability (its node died) is not polled every 5 ms until
 * the pod is replaced: upstream's requeueStuckDeployment would, but nothing can come of it (see
 * DeploymentController.requeueStuckDeployment), and in virtual time the poll cost a node-failure
 * storm of 100 Deployments tens of millions of syncs.
 */
class DeploymentLostAvailabilityTest {

    @Test
    void aFinishedRolloutThatLosesAPodWaitsForEventsInsteadOfPolling() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker-1", "worker-2", "worker-3")) {
            cluster.applyYaml("""
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web}
                    spec:
                      replicas: 3
                      progressDeadlineSeconds: 60
                      selector: {matchLabels: {app: web}}
                      template:
                        metadata: {labels: {app: web}}
                        spec:
                          containers:
                          - {name: web, image: nginx:1.27}
                    """);
            cluster.advanceTo(Duration.ofMinutes(1));
            String node = cluster.deployment("web").pods().get(0).getSpec().getNodeName();
            cluster.editNode(node).fail();
            cluster.advanceTo(Duration.ofSeconds(120)); // Unknown at 00:01:55: 2 of 3 available from then on
            assertThat(cluster.deployment("web").get().getStatus().getAvailableReplicas()).isEqualTo(2);
            // when four minutes pass with 2 of 3 available, long after the 60 s progress deadline
            long before = cluster.context().loop().eventsRun();
            cluster.advanceTo(Duration.ofSeconds(360));
            // then the loop ran heartbeats, monitor passes and the like (hundreds), not a 5 ms poll (48,000)
            assertThat(cluster.context().loop().eventsRun() - before).isLessThan(2_000);
            assertThat(cluster.deployment("web").get().getStatus().getConditions())
                    .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("NewReplicaSetAvailable"));
        }
    }
}
