package dev.peapod.time;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventLoopTest {
    private final VirtualClock clock = new VirtualClock(VirtualClock.DEFAULT_START);
    private final EventLoop loop = new EventLoop(clock);
    private final List<String> ran = new ArrayList<>();

    @Test
    void runsEventsInInstantThenInsertionOrder() {
        // given
        loop.scheduleAfter(Duration.ofSeconds(2), "b", () -> ran.add("b@" + clock.elapsed().toSeconds()));
        loop.scheduleAfter(Duration.ofSeconds(1), "a", () -> ran.add("a@" + clock.elapsed().toSeconds()));
        loop.scheduleAfter(Duration.ofSeconds(2), "c", () -> ran.add("c@" + clock.elapsed().toSeconds()));
        // when
        loop.advance(Duration.ofSeconds(5));
        // then
        assertThat(ran).containsExactly("a@1", "b@2", "c@2");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void workScheduledByAnEventForAnEarlierInstantThanTheNextRunsFirst() {
        // given: at 1 s, "a" schedules "b" at 3 s, after "c" was queued for 5 s and "d" for 3 s
        loop.scheduleAfter(Duration.ofSeconds(5), "c", () -> ran.add("c@" + clock.elapsed().toSeconds()));
        loop.scheduleAfter(Duration.ofSeconds(3), "d", () -> ran.add("d@" + clock.elapsed().toSeconds()));
        loop.scheduleAfter(Duration.ofSeconds(1), "a", () -> {
            ran.add("a@" + clock.elapsed().toSeconds());
            loop.scheduleAfter(Duration.ofSeconds(2), "b", () -> ran.add("b@" + clock.elapsed().toSeconds()));
            loop.scheduleAfter(Duration.ofMillis(500), "e", () -> ran.add("e@" + clock.elapsed().toMillis() + "ms"));
            loop.post("f", () -> ran.add("f@" + clock.elapsed().toSeconds()));
        });
        // when
        loop.advance(Duration.ofSeconds(10));
        // then: (instant, order scheduled), whatever order the instants were first used in
        assertThat(ran).containsExactly("a@1", "f@1", "e@1500ms", "d@3", "b@3", "c@5");
    }

    @Test
    void settleRunsWorkScheduledForNowByOtherWork() {
        // given
        loop.post("first", () -> {
            ran.add("first");
            loop.post("second", () -> ran.add("second"));
        });
        // when
        loop.settle();
        // then
        assertThat(ran).containsExactly("first", "second");
        assertThat(clock.now()).isEqualTo(VirtualClock.DEFAULT_START);
    }

    @Test
    void runUntilStopsAtTheFirstInstantTheConditionHolds() {
        // given
        for (int i = 1; i <= 10; i++) {
            int n = i;
            loop.scheduleAfter(Duration.ofSeconds(10L * i), "tick", () -> ran.add("tick" + n));
        }
        // when
        boolean held = loop.runUntil(() -> ran.size() == 3, Duration.ofMinutes(5));
        // then
        assertThat(held).isTrue();
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void runUntilGivesUpAtTheLimitWithTheClockThere() {
        // when
        boolean held = loop.runUntil(() -> false, Duration.ofSeconds(90));
        // then
        assertThat(held).isFalse();
        assertThat(clock.now()).isEqualTo(Instant.parse("2025-01-01T00:01:30Z"));
    }

    @Test
    void cancelledTimersNeverRun() {
        // given
        Timer timer = loop.scheduleAfter(Duration.ofSeconds(1), "x", () -> ran.add("x"));
        // when
        timer.cancel();
        timer.cancel();
        loop.advance(Duration.ofSeconds(2));
        // then
        assertThat(ran).isEmpty();
    }
}
