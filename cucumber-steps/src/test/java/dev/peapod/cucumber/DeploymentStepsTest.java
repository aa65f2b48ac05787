package dev.peapod.cucumber;

import dev.peapod.NodeSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Deployment steps: scale, set image, roll back, pause, resume, and the checks that read kubectl's words. */
class DeploymentStepsTest {
    private static PeapodWorld world() {
        PeapodWorld world = new PeapodWorld();
        world.addNode(NodeSpec.named("node-1"));
        world.applyYaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 4
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
                """);
        return world;
    }

    @Test
    void aRollingUpdateReadsAsTheIssueWritesIt() {
        try (PeapodWorld world = world()) {
            DeploymentSteps steps = new DeploymentSteps(world);
            WorkloadSteps workloads = new WorkloadSteps(world);
            Workload web = Workload.parse("deployment", "web");
            workloads.reachesAvailableReplicas(web, 4, Duration.ofMinutes(2));
            workloads.setImage("app", web, "nginx:1.26");
            workloads.rolloutStatus(web, "Waiting for deployment \"web\" rollout to finish: 2 out of 4 new replicas have been updated...");
            workloads.rolloutCompletesWithin(web, Duration.ofMinutes(2));
            steps.sizes(Workload.parse("deployment", "\"web\""), "4, 4/1, 3/1, 3/2, 1/2, 1/4, 0/4");
            assertThat(world.cluster().elapsed()).isEqualTo(Duration.ofSeconds(30));
            steps.rolledBack(web);
            workloads.deploymentRolloutCompletes("web");
            workloads.hasAvailableReplicas(web, 4);
        }
    }

    @Test
    void scalingAndPausing() {
        try (PeapodWorld world = world()) {
            DeploymentSteps steps = new DeploymentSteps(world);
            WorkloadSteps workloads = new WorkloadSteps(world);
            Workload web = Workload.parse("deployment", "web");
            steps.paused(web);
            workloads.setImage("app", web, "nginx:1.26");
            workloads.scaled(web, 2);
            workloads.reachesAvailableReplicas(web, 2, Duration.ofMinutes(1));
            steps.sizes(web, "4, 2");
            workloads.resumed(web);
            workloads.rolloutCompletesWithin(web, Duration.ofMinutes(1));
            assertThatThrownBy(() -> steps.rolledBackTo(web, 7)).hasMessage(
                    "kubectl rollout undo deployment/web: error: unable to find specified revision 7 in history");
        }
    }
}
