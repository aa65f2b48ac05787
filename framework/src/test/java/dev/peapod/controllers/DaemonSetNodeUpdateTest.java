package dev.peapod.controllers;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** daemon_controller.go shouldIgnoreNodeUpdate: a kubelet's heartbeat-only status write syncs no DaemonSet. */
class DaemonSetNodeUpdateTest {

    private static Node node(String heartbeat, String ready, String rv) {
        return new NodeBuilder().withNewMetadata().withName("n").withResourceVersion(rv).addToLabels("a", "b").endMetadata()
                .withNewSpec().withPodCIDR("10.244.1.0/24").endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready).withLastHeartbeatTime(heartbeat).endCondition()
                .endStatus().build();
    }

    @Test
    void onlyConditionTimesAndTheResourceVersionMovingIsIgnored() {
        Node old = node("2025-01-01T00:00:00Z", "True", "1");
        assertThat(DaemonSetController.shouldIgnoreNodeUpdate(old, node("2025-01-01T00:05:00Z", "True", "2"))).isTrue();
        // a condition turning True (or no longer True) is not ignored
        assertThat(DaemonSetController.shouldIgnoreNodeUpdate(old, node("2025-01-01T00:05:00Z", "Unknown", "2"))).isFalse();
        // nor is any other change
        Node relabelled = node("2025-01-01T00:00:00Z", "True", "2");
        relabelled.getMetadata().getLabels().put("a", "c");
        assertThat(DaemonSetController.shouldIgnoreNodeUpdate(old, relabelled)).isFalse();
        Node cordoned = node("2025-01-01T00:00:00Z", "True", "2");
        cordoned.getSpec().setUnschedulable(true);
        assertThat(DaemonSetController.shouldIgnoreNodeUpdate(old, cordoned)).isFalse();
    }
}
