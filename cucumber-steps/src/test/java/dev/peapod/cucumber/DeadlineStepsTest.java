package dev.peapod.cucumber;

import dev.peapod.NodeSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The steps about pods the kubelet failed: a passed activeDeadlineSeconds, a rejected admission. */
class DeadlineStepsTest {

    private static PeapodWorld world() {
        PeapodWorld world = new PeapodWorld();
        world.addNode(NodeSpec.named("node-1"));
        world.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: batch}
                spec:
                  activeDeadlineSeconds: 30
                  containers: [{name: c, image: "nginx:1.25"}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: greedy}
                spec:
                  nodeName: node-1
                  containers: [{name: c, image: "nginx:1.25", resources: {requests: {memory: 20Gi}}}]
                """);
        world.cluster().advance(Duration.ofSeconds(60));
        return world;
    }

    @Test
    void theStepsReadReasonMessageAndInstant() {
        try (PeapodWorld world = world()) {
            DeadlineSteps steps = new DeadlineSteps(world);
            PodName batch = PodName.parse("batch");
            assertThatCode(() -> {
                steps.failedWithReason(batch, "DeadlineExceeded");
                steps.failedWithReasonAndMessage(batch, "DeadlineExceeded",
                        "Pod was active on the node longer than the specified deadline");
                steps.failedWithReasonAt(batch, "DeadlineExceeded", Duration.ofSeconds(30));
                steps.rejected(PodName.parse("greedy"), "OutOfmemory",
                        "Node didn't have enough resource: memory, requested: 21474836480, used: 0, capacity: 17179869184");
            }).doesNotThrowAnyException();
        }
    }

    @Test
    void aWrongInstantSaysWhenThePodFailed() {
        try (PeapodWorld world = world()) {
            DeadlineSteps steps = new DeadlineSteps(world);
            assertThatThrownBy(() -> steps.failedWithReasonAt(PodName.parse("batch"), "DeadlineExceeded", Duration.ofSeconds(31)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("Expecting pod batch to have failed at 31 s, but it failed at 30 s.\nTimeline (virtual time):\n");
        }
    }
}
