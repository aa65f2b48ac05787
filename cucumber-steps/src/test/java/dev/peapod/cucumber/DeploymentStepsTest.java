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
            steps.availableWithin("web", 4, Duration.ofMinutes(2));
            steps.setImage("app", "web", "nginx:1.26");
            steps.rolloutStatus("web", "Waiting for deployment \"web\" rollout to finish: 2 out of 4 new replicas have been updated...");
            steps.completesWithin("web", Duration.ofMinutes(2));
            steps.sizes("\"web\"", "4, 4/1, 3/1, 3/2, 1/2, 1/4, 0/4");
            assertThat(world.cluster().elapsed()).isEqualTo(Duration.ofSeconds(30));
            steps.rolledBack("web");
            steps.completes("web");
            steps.available("web", 4);
        }
    }

    @Test
    void scalingAndPausing() {
        try (PeapodWorld world = world()) {
            DeploymentSteps steps = new DeploymentSteps(world);
            steps.paused("web");
            steps.setImage("app", "web", "nginx:1.26");
            steps.scaled("web", 2);
            steps.availableWithin("web", 2, Duration.ofMinutes(1));
            steps.sizes("web", "4, 2");
            steps.resumed("web");
            steps.completesWithin("web", Duration.ofMinutes(1));
            assertThatThrownBy(() -> steps.rolledBackTo("web", 7)).hasMessage(
                    "kubectl rollout undo deployment/web: error: unable to find specified revision 7 in history");
        }
    }
}
