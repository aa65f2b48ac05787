package dev.peapod.scheduler;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The v1.33 scheduling queue (pkg/scheduler/backend/queue): order, backoff, pop from backoffQ. */
class SchedulingQueueTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private final SchedulingQueue queue = new SchedulingQueue();

    @Test
    void higherPriorityThenEarlierArrivalComesFirst() {
        // given
        queue.add("default/late-high", 10, false, T0.plusSeconds(2));
        queue.add("default/early-low", 0, false, T0);
        queue.add("default/early-high", 10, false, T0.plusSeconds(1));
        // when
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            order.add(queue.pop(T0.plusSeconds(3)).key);
        }
        // then
        assertThat(order).containsExactly("default/early-high", "default/late-high", "default/early-low");
    }

    @Test
    void backoffDoublesWithEachAttemptFromOneSecondUpToTenSeconds() {
        // given
        queue.add("default/web", 0, false, T0);
        List<Duration> backoffs = new ArrayList<>();
        Instant now = T0;
        // when
        for (int i = 0; i < 6; i++) {
            SchedulingQueue.QueuedPod pod = queue.pop(now);
            queue.failed(pod, Set.of(), now);
            backoffs.add(Duration.between(now, pod.backoffExpiry()));
            now = pod.releasedAt();
        }
        // then
        assertThat(backoffs).extracting(Duration::toSeconds).containsExactly(1L, 2L, 4L, 8L, 10L, 10L);
    }

    @Test
    void errorBackoffLastsUntilTheWindowAfterItsExpiryButPlainBackoffIsCutShortWhenNothingElseIsQueued() {
        // given
        queue.add("default/error", 0, false, T0);
        queue.add("default/rejected", 0, false, T0);
        queue.failed(queue.pop(T0), Set.of(), T0);
        queue.failed(queue.pop(T0), Set.of("NodeResourcesFit"), T0);
        queue.moveUnschedulable(pod -> true, T0);
        // when
        SchedulingQueue.QueuedPod first = queue.pop(T0);
        SchedulingQueue.QueuedPod second = queue.pop(T0);
        // then
        assertThat(first.key).isEqualTo("default/rejected");
        assertThat(second).isNull();
        assertThat(queue.pop(T0.plusSeconds(1))).isNull();
        assertThat(queue.pop(T0.plusSeconds(2)).key).isEqualTo("default/error");
    }

    @Test
    void unschedulablePodLeavesThePoolOnlyAfterMoreThanFiveMinutes() {
        // given
        queue.add("default/web", 0, false, T0);
        queue.failed(queue.pop(T0), Set.of("NodeAffinity"), T0);
        // when
        int atFiveMinutes = queue.flushLeftover(T0.plus(Duration.ofMinutes(5)));
        int justAfter = queue.flushLeftover(T0.plus(Duration.ofMinutes(5)).plusNanos(1));
        // then
        assertThat(atFiveMinutes).isZero();
        assertThat(justAfter).isEqualTo(1);
    }
}
