package dev.peapod.cucumber;

import dev.peapod.NodeSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The refusal steps pass only on the refusal they name, and only when nothing was applied. */
class RefusalStepsTest {
    private static final String BAD_SERVICE = """
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              ports: [{port: 70000}]
            """;
    private final PeapodWorld world = new PeapodWorld();
    private final ClusterSteps steps = new ClusterSteps(world);

    RefusalStepsTest() {
        world.addNode(NodeSpec.named("node-1"));
    }

    @AfterEach
    void close() {
        world.close();
    }

    @Test
    void passesOnTheRefusalItNames() {
        steps.applyingTheFollowingManifestIsRefusedWith("spec.ports[0].port: Invalid value: 70000", BAD_SERVICE);
        assertThat(world.cluster().context().store().resourceVersion()).isPositive();
    }

    @Test
    void failsOnAnotherRefusal() {
        assertThatThrownBy(() -> steps.applyingTheFollowingManifestIsRefusedWith("spec.selector", BAD_SERVICE))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("expected the refusal to contain:\nspec.selector\nbut it was:\ninline YAML, document 1 (Service web):");
    }

    @Test
    void failsWhenTheManifestIsApplied() {
        assertThatThrownBy(() -> steps.applyingTheFollowingManifestIsRefusedWith("anything", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: fine}
                """))
                .isInstanceOf(AssertionError.class)
                .hasMessage("expected the refusal:\nanything\nbut the manifest was applied");
    }
}
