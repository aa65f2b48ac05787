package dev.peapod.scheduler;

import dev.peapod.store.Timestamps;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The PodScheduled condition, written as podutil.UpdatePodCondition does (kubernetes: pkg/api/v1/pod/util.go). */
final class PodConditions {
    static final String POD_SCHEDULED = "PodScheduled";

    private PodConditions() {
    }

    /** PodScheduled False, reason Unschedulable, the FitError as message; lastProbeTime stays null. */
    static PodCondition unschedulable(String message) {
        return new PodConditionBuilder().withType(POD_SCHEDULED).withStatus("False")
                .withReason("Unschedulable").withMessage(message).build();
    }

    /** PodScheduled True with no reason or message, as the binding subresource sets it (registry/core/pod/storage). */
    static PodCondition scheduled() {
        return new PodConditionBuilder().withType(POD_SCHEDULED).withStatus("True").build();
    }

    /**
     * Puts the condition into the status, replacing one of the same type: lastTransitionTime is now, unless the status did not
     * flip; true when anything changed.
     */
    static boolean update(PodStatus status, PodCondition condition, Instant now) {
        PodCondition updated = new PodConditionBuilder(condition).withLastTransitionTime(Timestamps.format(now)).build();
        List<PodCondition> conditions = status.getConditions() == null ? new ArrayList<>() : new ArrayList<>(status.getConditions());
        status.setConditions(conditions);
        for (int i = 0; i < conditions.size(); i++) {
            PodCondition old = conditions.get(i);
            if (!Objects.equals(old.getType(), updated.getType())) {
                continue;
            }
            if (Objects.equals(old.getStatus(), updated.getStatus())) {
                updated.setLastTransitionTime(old.getLastTransitionTime());
            }
            conditions.set(i, updated);
            return !(Objects.equals(old.getStatus(), updated.getStatus())
                    && Objects.equals(old.getReason(), updated.getReason())
                    && Objects.equals(old.getMessage(), updated.getMessage())
                    && Objects.equals(old.getLastProbeTime(), updated.getLastProbeTime())
                    && Objects.equals(old.getLastTransitionTime(), updated.getLastTransitionTime()));
        }
        conditions.add(updated);
        return true;
    }
}
