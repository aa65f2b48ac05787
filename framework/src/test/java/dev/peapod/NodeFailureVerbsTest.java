package dev.peapod;

import dev.peapod.core.PeapodException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A failure verb that would change nothing is refused in words that say what to do. */
class NodeFailureVerbsTest {

    @Test
    void verbsThatWouldChangeNothingAreRefused() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker-1")) {
            NodeEditor node = cluster.editNode("worker-1");
            assertThatThrownBy(node::heal).isInstanceOf(PeapodException.class)
                    .hasMessage("node worker-1 is not cut off from the control plane: partition() it first");
            assertThatThrownBy(node::recover).hasMessage("node worker-1 has not failed, its machine runs: fail() it first"
                    + " (a stopped kubelet starts with startKubelet(), a partition ends with heal())");
            assertThatThrownBy(node::startKubelet).hasMessage("node worker-1 already runs its kubelet: stopKubelet() it first");
            node.partition();
            assertThatThrownBy(node::partition).hasMessage("node worker-1 is already cut off from the control plane: heal() it first");
            node.heal().stopKubelet();
            assertThatThrownBy(node::stopKubelet).hasMessage("node worker-1 already has its kubelet stopped: startKubelet() it first");
            node.startKubelet().fail();
            assertThatThrownBy(node::fail).hasMessage("node worker-1 has already failed: recover() it first");
            assertThatThrownBy(node::startKubelet).hasMessage("node worker-1 has failed: recover() starts its machine and its kubelet");
            assertThatThrownBy(node::stopKubelet).hasMessage("node worker-1 has failed: its kubelet is not running");
            node.recover();
        }
    }
}
