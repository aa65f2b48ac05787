package dev.peapod.controllers;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** pkg/controller/controller_utils.go ActivePodsWithRanks.Less, v1.33 (PodDeletionCost and LogarithmicScaleDown on). */
class DeletionOrderTest {
    static final Instant NOW = Instant.parse("2025-01-01T01:00:00Z");

    static Pod pod(String name, String uid, String node, String phase, String readySince, String created) {
        PodBuilder builder = new PodBuilder().withNewMetadata().withName(name).withUid(uid).withCreationTimestamp(created).endMetadata()
                .withNewSpec().withNodeName(node).endSpec()
                .withNewStatus().withPhase(phase).endStatus();
        if (readySince != null) {
            builder.editStatus().addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime(readySince)
                    .endCondition().endStatus();
        }
        return builder.build();
    }

    static List<String> order(List<Pod> pods, List<Pod> related) {
        List<Pod> sorted = new ArrayList<>(pods);
        sorted.sort(DeletionOrder.comparator(related, NOW));
        return sorted.stream().map(p -> p.getMetadata().getName()).toList();
    }

    @Test
    void unassignedThenPendingThenNotReadyFirst() {
        Pod running = pod("running", "u1", "n1", "Running", "2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z");
        Pod unready = pod("unready", "u2", "n1", "Running", null, "2025-01-01T00:00:00Z");
        Pod pending = pod("pending", "u3", "n1", "Pending", null, "2025-01-01T00:00:00Z");
        Pod unassigned = pod("unassigned", "u4", null, "Pending", null, "2025-01-01T00:00:00Z");
        assertThat(order(List.of(running, unready, pending, unassigned), List.of()))
                .containsExactly("unassigned", "pending", "unready", "running");
    }

    @Test
    void lowerDeletionCostFirstAndAnInvalidCostCountsAsZero() {
        Pod cheap = pod("cheap", "u1", "n1", "Running", "2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z");
        cheap.getMetadata().getAnnotations().put(DeletionOrder.POD_DELETION_COST, "-1");
        Pod dear = pod("dear", "u2", "n1", "Running", "2025-01-01T00:50:00Z", "2025-01-01T00:50:00Z");
        dear.getMetadata().getAnnotations().put(DeletionOrder.POD_DELETION_COST, "10");
        Pod invalid = pod("invalid", "u3", "n1", "Running", "2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z");
        invalid.getMetadata().getAnnotations().put(DeletionOrder.POD_DELETION_COST, "+5"); // validFirstDigit: no plus sign
        assertThat(DeletionOrder.deletionCost(invalid)).isZero();
        assertThat(order(List.of(dear, invalid, cheap), List.of())).containsExactly("cheap", "invalid", "dear");
    }

    @Test
    void podsOnNodesCrowdedWithRelatedPodsFirst() {
        Pod alone = pod("alone", "u1", "n1", "Running", "2025-01-01T00:59:00Z", "2025-01-01T00:59:00Z");
        Pod crowded = pod("crowded", "u2", "n2", "Running", "2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z");
        Pod sibling = pod("sibling", "u3", "n2", "Running", "2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z");
        assertThat(order(List.of(alone, crowded), List.of(alone, crowded, sibling))).containsExactly("crowded", "alone");
        // without related pods (a ReplicaSet with no controller) the ranks are all 0: the newer ready goes first
        assertThat(order(List.of(crowded, alone), List.of())).containsExactly("alone", "crowded");
    }

    @Test
    void readyTimesInTheSameLog2BucketTieOnUid() {
        // 40 and 50 minutes ago: floor(log2(ns)) is 41 for both, so the uid decides
        Pod older = pod("older", "a-uid", "n1", "Running", "2025-01-01T00:10:00Z", "2025-01-01T00:00:00Z");
        Pod newer = pod("newer", "b-uid", "n1", "Running", "2025-01-01T00:20:00Z", "2025-01-01T00:00:00Z");
        assertThat(DeletionOrder.logRank(Duration.ofMinutes(40))).isEqualTo(41);
        assertThat(DeletionOrder.logRank(Duration.ofMinutes(50))).isEqualTo(41);
        assertThat(order(List.of(newer, older), List.of())).containsExactly("older", "newer");
        // 1 minute ago is bucket 35: the more recently ready goes first
        Pod recent = pod("recent", "z-uid", "n1", "Running", "2025-01-01T00:59:00Z", "2025-01-01T00:00:00Z");
        assertThat(order(List.of(older, recent), List.of())).containsExactly("recent", "older");
        assertThat(DeletionOrder.logRank(Duration.ZERO)).isEqualTo(-1);
    }

    @Test
    void moreRestartsThenNewerFirst() {
        Pod restarted = pod("restarted", "u1", "n1", "Running", null, "2025-01-01T00:00:00Z");
        restarted.getStatus().getContainerStatuses().add(new io.fabric8.kubernetes.api.model.ContainerStatusBuilder()
                .withName("app").withRestartCount(2).build());
        Pod fresh = pod("fresh", "u2", "n1", "Running", null, "2025-01-01T00:59:00Z");
        Pod old = pod("old", "u3", "n1", "Running", null, "2025-01-01T00:00:00Z");
        assertThat(order(List.of(old, fresh, restarted), List.of())).containsExactly("restarted", "fresh", "old");
    }
}
