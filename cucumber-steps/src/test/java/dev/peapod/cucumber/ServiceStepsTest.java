package dev.peapod.cucumber;

import dev.peapod.NodeSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** "the service web has 2 ready endpoints [within ...]": bare, quoted, or namespace/name. */
class ServiceStepsTest {

    private static PeapodWorld world() {
        PeapodWorld world = new PeapodWorld();
        world.addNode(NodeSpec.named("node-1"));
        world.applyYaml("""
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec: {selector: {app: web}, ports: [{port: 80}]}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: web-1, labels: {app: web}}
                spec: {containers: [{name: c, image: "nginx:1.25"}]}
                """);
        return world;
    }

    @Test
    void theStepsCountTheReadyEndpointsNowOrWithinALimit() {
        try (PeapodWorld world = world()) {
            ServiceSteps steps = new ServiceSteps(world);
            assertThatCode(() -> {
                steps.hasReadyEndpoints(Workload.parse("service", "web"), 1);
                steps.hasReadyEndpoints(Workload.parse("service", "\"web\""), 1);
                steps.hasReadyEndpoints(Workload.parse("service", "default/web"), 1);
                steps.hasReadyEndpointsWithin(Workload.parse("service", "web"), 1, Duration.ofSeconds(5));
            }).doesNotThrowAnyException();
            assertThat(world.cluster().elapsed()).isEqualTo(Duration.ZERO);
        }
    }

    @Test
    void aWrongCountFailsWithTheEndpoints() {
        try (PeapodWorld world = world()) {
            assertThatThrownBy(() -> new ServiceSteps(world).hasReadyEndpointsWithin(Workload.parse("service", "web"), 2, Duration.ofSeconds(5)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("Expecting service default/web to have 2 ready endpoints within 5s, but it has 1 at 00:00:05.\n"
                            + "Ready: 10.244.1.2 (pod web-1)\nNot ready: none");
        }
    }
}
