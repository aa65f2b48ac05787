package dev.peapod.time;

import dev.peapod.core.PeapodException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TickerTest {
    private final VirtualClock clock = new VirtualClock(VirtualClock.DEFAULT_START);
    private final EventLoop loop = new EventLoop(clock);
    private final List<Long> ticks = new ArrayList<>();
    private final Runnable record = () -> ticks.add(clock.elapsed().toMillis());

    @Test
    void ticksAtAnchorPlusWholePeriods() {
        // given
        Ticker.start(loop, "t", at(0), Duration.ofSeconds(10), record);
        // when
        loop.advance(Duration.ofSeconds(35));
        // then
        assertThat(ticks).containsExactly(10_000L, 20_000L, 30_000L);
    }

    @Test
    void anAnchorInThePastTicksOnItsOwnGrid() {
        // given
        loop.advance(Duration.ofSeconds(25));
        // when
        Ticker ticker = Ticker.start(loop, "t", at(3), Duration.ofSeconds(10), record);
        loop.advance(Duration.ofSeconds(20));
        // then: 13 and 23 passed before the ticker existed
        assertThat(ticks).containsExactly(33_000L, 43_000L);
        assertThat(ticker.nextTick()).contains(at(53));
    }

    @Test
    void anAnchorWholePeriodsAgoTicksNow() {
        // given
        loop.advance(Duration.ofSeconds(20));
        // when
        Ticker.start(loop, "t", at(0), Duration.ofSeconds(10), record);
        loop.settle();
        // then
        assertThat(ticks).containsExactly(20_000L);
    }

    @Test
    void resetReanchorsTheNextTickOnePeriodAfterTheNewAnchor() {
        // given
        Ticker ticker = Ticker.start(loop, "t", at(0), Duration.ofSeconds(10), record);
        loop.advance(Duration.ofSeconds(14));
        // when: a manual trigger at 14 s
        ticker.reset(clock.now());
        loop.advance(Duration.ofSeconds(30));
        // then
        assertThat(ticks).containsExactly(10_000L, 24_000L, 34_000L, 44_000L);
    }

    @Test
    void resetFromInsideATickReplacesTheNextTick() {
        // given
        Ticker[] ticker = new Ticker[1];
        ticker[0] = Ticker.start(loop, "t", at(0), Duration.ofSeconds(10), () -> {
            record.run();
            if (ticks.size() == 1) {
                ticker[0].reset(clock.now().plusSeconds(5));
            }
        });
        // when
        loop.advance(Duration.ofSeconds(40));
        // then
        assertThat(ticks).containsExactly(10_000L, 25_000L, 35_000L);
    }

    @Test
    void stopEndsTheTicksAndIsSafeTwice() {
        // given
        Ticker ticker = Ticker.start(loop, "t", at(0), Duration.ofSeconds(10), record);
        loop.advance(Duration.ofSeconds(10));
        // when
        ticker.stop();
        ticker.stop();
        loop.advance(Duration.ofMinutes(1));
        // then
        assertThat(ticks).containsExactly(10_000L);
        assertThat(ticker.isStopped()).isTrue();
        assertThat(ticker.nextTick()).isEmpty();
    }

    @Test
    void aTickStoppingItsTickerIsTheLastOne() {
        // given
        Ticker[] ticker = new Ticker[1];
        ticker[0] = Ticker.start(loop, "t", at(0), Duration.ofSeconds(10), () -> {
            record.run();
            ticker[0].stop();
        });
        // when
        loop.advance(Duration.ofMinutes(1));
        // then
        assertThat(ticks).containsExactly(10_000L);
    }

    @Test
    void theNextTickIsScheduledBeforeTheActionRuns() {
        // given: the action schedules work at the next tick's instant
        List<String> ran = new ArrayList<>();
        Ticker.start(loop, "t", at(0), Duration.ofSeconds(10), () -> {
            ran.add("tick@" + clock.elapsed().toSeconds());
            loop.scheduleAfter(Duration.ofSeconds(10), "other", () -> ran.add("other@" + clock.elapsed().toSeconds()));
        });
        // when
        loop.advance(Duration.ofSeconds(20));
        // then: the tick at 20 s runs before the work scheduled for 20 s by the tick at 10 s
        assertThat(ran).containsExactly("tick@10", "tick@20", "other@20");
    }

    @Test
    void aPeriodMustBePositive() {
        assertThatThrownBy(() -> Ticker.start(loop, "t", at(0), Duration.ZERO, record))
                .isInstanceOf(PeapodException.class)
                .hasMessage("a ticker's period must be positive, but was PT0S");
    }

    @Test
    void aPausedTickerTicksNotAndResumesOnItsGridAfterNow() {
        // given: ticks at 10, 20, then paused
        Ticker ticker = Ticker.start(loop, "t", at(0), Duration.ofSeconds(10), record);
        loop.advance(Duration.ofSeconds(25));
        ticker.pause();
        long events = loop.eventsRun();
        // when: 40 s pass paused, then it resumes at 65 s
        loop.advance(Duration.ofSeconds(40));
        // then: nothing ran, and nothing is next
        assertThat(loop.eventsRun()).isEqualTo(events);
        assertThat(ticker.isPaused()).isTrue();
        assertThat(ticker.nextTick()).isEmpty();
        ticker.resume();
        loop.advance(Duration.ofSeconds(20));
        // then: the grid of anchor 0 again, from the first tick after 65 s
        assertThat(ticks).containsExactly(10_000L, 20_000L, 70_000L, 80_000L);
        assertThat(ticker.isPaused()).isFalse();
    }

    @Test
    void aTickerResumedOnATickInstantLeavesThatTickOut() {
        // given
        Ticker ticker = Ticker.start(loop, "t", at(0), Duration.ofSeconds(10), record);
        loop.advance(Duration.ofSeconds(5));
        ticker.pause();
        loop.advance(Duration.ofSeconds(25));
        // when: resumed at 30 s, an instant of the grid
        ticker.resume();
        loop.advance(Duration.ofSeconds(15));
        // then: the tick at 30 s is left out (its owner knows it would do nothing)
        assertThat(ticks).containsExactly(40_000L);
    }

    @Test
    void resumingARunningOrStoppedTickerChangesNothing() {
        // given
        Ticker ticker = Ticker.start(loop, "t", at(0), Duration.ofSeconds(10), record);
        // when
        ticker.resume();
        loop.advance(Duration.ofSeconds(25));
        ticker.stop();
        ticker.pause();
        ticker.resume();
        loop.advance(Duration.ofSeconds(20));
        // then
        assertThat(ticks).containsExactly(10_000L, 20_000L);
        assertThat(ticker.isStopped()).isTrue();
    }

    @Test
    void aPausedTickerStillKeepsTheLoopFromJumpingPastItsNextTick() {
        // given: a quiet idler with a background heartbeat, and a foreground ticker paused at once
        List<Instant> jumps = new ArrayList<>();
        loop.addIdler(new EventLoop.Idler() {
            @Override
            public boolean isQuiet() {
                return true;
            }

            @Override
            public void fastForward(Instant now) {
                jumps.add(now);
            }
        });
        Ticker.startBackground(loop, "heartbeat", at(0), Duration.ofSeconds(10), () -> { });
        Ticker probe = Ticker.start(loop, "t", at(0), Duration.ofSeconds(5), record);
        probe.pause();
        // when: an hour passes paused
        loop.advance(Duration.ofHours(1));
        // then: no jump, as while it ticked (its ticks came every 5 s)
        assertThat(jumps).isEmpty();
        // when: it stops, the next hour is jumped over to 10 min before its end
        probe.stop();
        loop.advance(Duration.ofHours(1));
        // then
        assertThat(jumps).containsExactly(at(3600 + 50 * 60));
        assertThat(ticks).isEmpty();
    }

    private static Instant at(long seconds) {
        return VirtualClock.DEFAULT_START.plusSeconds(seconds);
    }
}
