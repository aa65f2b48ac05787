package dev.peapod.cucumber;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The apply steps print the API server's warnings to the scenario's log, as kubectl prints them. */
class ClusterStepsWarningsTest {

    @Test
    void theApiServersWarningsArePrintedAndTheNotSimulatedNotesAreLeftToTheTimeline() {
        // given
        PeapodWorld world = new PeapodWorld();
        world.addNode(dev.peapod.NodeSpec.named("node-1"));
        List<String> log = new ArrayList<>();
        try {
            // when
            ClusterSteps.printWarnings(world.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: web}
                    spec:
                      nodeSelector: {beta.kubernetes.io/arch: amd64}
                      containers: [{name: app, image: nginx}]
                    ---
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: settings}
                    """), log::add);
        } finally {
            world.close();
        }
        // then
        assertThat(log).containsExactly(
                "Warning: spec.nodeSelector[beta.kubernetes.io/arch]: deprecated since v1.14; use \"kubernetes.io/arch\" instead");
    }
}
