package dev.peapod.scheduler;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** FitError.Error (pkg/scheduler/framework/types.go), directly. */
class FitErrorTest {
    private static final Status NO_STATUS = new Status(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE, List.of(), "");

    @Test
    void postFilterMessageIsAppendedWithoutAPeriodOfItsOwn() {
        // given
        Map<String, Status> statuses = Map.of("node-1", Status.unschedulable("Insufficient cpu"));
        // when
        String message = new FitError(1, statuses, NO_STATUS, "", "preemption: not eligible due to preemptionPolicy=Never.").message();
        // then
        assertThat(message).isEqualTo("0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.");
    }

    @Test
    void preFilterRejectionReplacesTheHistogram() {
        // given
        Status conflict = Status.unresolvable("pod affinity terms conflict");
        // when
        String message = new FitError(3, Map.of(), conflict, conflict.message(), "").message();
        // then
        assertThat(message).isEqualTo("0/3 nodes are available: pod affinity terms conflict.");
    }

    @Test
    void reasonsOfOneNodeEachCountSoCountsMayExceedTheNodes() {
        // given
        Map<String, Status> statuses = new LinkedHashMap<>();
        statuses.put("node-1", Status.unschedulable(List.of("Too many pods", "Insufficient cpu", "Insufficient memory")));
        statuses.put("node-2", Status.unschedulable(List.of("Insufficient cpu")));
        // when
        String message = new FitError(2, statuses, NO_STATUS, "", "").message();
        // then
        assertThat(message).isEqualTo("0/2 nodes are available: 1 Insufficient memory, 1 Too many pods, 2 Insufficient cpu.");
    }
}
