package dev.peapod.time;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loop's queue keyed by primitives (issue #13): (instant, order scheduled) over the whole
 * {@code Instant} range, cancels skipped, emptied instants leaving nothing behind, and the idle jump.
 */
class TimerQueueTest {

    /** What the random workload needs from a queue: the loop, or the reference below. */
    private interface Queue {
        Object schedule(Instant at, String label, Runnable action);

        void cancel(Object timer);

        Instant now();
    }

    /**
     * The plain model of the loop's order, a heap of timers compared by (instant, sequence), as the
     * loop kept them before buckets and primitive keys.
     */
    private static final class Reference implements Queue {
        private record Entry(Instant at, long sequence, String label, Runnable action, boolean[] cancelled) {
        }

        private final PriorityQueue<Entry> heap = new PriorityQueue<>(
                Comparator.comparing(Entry::at).thenComparingLong(Entry::sequence));
        private Instant now;
        private long sequence;

        Reference(Instant start) {
            now = start;
        }

        @Override
        public Object schedule(Instant at, String label, Runnable action) {
            Entry entry = new Entry(at.isBefore(now) ? now : at, sequence++, label, action, new boolean[1]);
            heap.add(entry);
            return entry;
        }

        @Override
        public void cancel(Object timer) {
            ((Entry) timer).cancelled()[0] = true;
        }

        @Override
        public Instant now() {
            return now;
        }

        void runUntil(Instant deadline) {
            while (!heap.isEmpty() && !heap.peek().at().isAfter(deadline)) {
                Entry next = heap.poll();
                now = next.at();
                if (!next.cancelled()[0]) {
                    next.action().run();
                }
            }
            now = deadline;
        }
    }

    private static final class Loop implements Queue {
        final EventLoop loop;

        Loop(Instant start) {
            loop = new EventLoop(new VirtualClock(start));
        }

        @Override
        public Object schedule(Instant at, String label, Runnable action) {
            return loop.schedule(at, label, action);
        }

        @Override
        public void cancel(Object timer) {
            ((Timer) timer).cancel();
        }

        @Override
        public Instant now() {
            return loop.now();
        }
    }

    /**
     * 6,000 timers at first, and more scheduled by the ones that run: many at a few shared instants,
     * others a few nanoseconds to 250 years apart, some in the past (they run now), some at the very
     * instant running; now and then one cancels another.
     */
    private static List<String> workload(Queue queue, Instant start, Runnable run) {
        Random random = new Random(13);
        List<String> ran = new ArrayList<>();
        List<Object> timers = new ArrayList<>();
        Instant[] shared = {start.plusSeconds(1), start.plusSeconds(10), start.plusSeconds(10).plusNanos(1),
                start.plusSeconds(3600), start.plus(Duration.ofDays(365L * 200))};
        int[] made = new int[1];
        Runnable[] body = new Runnable[1];
        body[0] = () -> {
            int roll = random.nextInt(10);
            if (roll < 3 && made[0] < 20_000) {
                Instant at = roll == 0 ? queue.now() : roll == 1 ? queue.now().minusSeconds(5)
                        : queue.now().plusMillis(random.nextInt(20_000));
                String label = "child-" + made[0]++;
                timers.add(queue.schedule(at, label, () -> {
                    ran.add(label + "@" + queue.now());
                    body[0].run();
                }));
            } else if (roll == 3 && !timers.isEmpty()) {
                queue.cancel(timers.get(random.nextInt(timers.size())));
            }
        };
        for (int i = 0; i < 6_000; i++) {
            int kind = random.nextInt(5);
            Instant at = switch (kind) {
                case 0 -> shared[random.nextInt(shared.length)];
                case 1 -> start.plusNanos(random.nextInt(1_000));
                case 2 -> start.plusMillis(random.nextInt(7_200_000));
                case 3 -> start.plus(Duration.ofDays(random.nextInt(365 * 250))).plusNanos(random.nextInt(1_000_000_000));
                default -> start.minusSeconds(random.nextInt(100)); // in the past: now
            };
            String label = "first-" + i;
            timers.add(queue.schedule(at, label, () -> {
                ran.add(label + "@" + queue.now());
                body[0].run();
            }));
        }
        run.run();
        return ran;
    }

    @Test
    void runsThousandsOfTimersInInstantThenSchedulingOrderAsAHeapOfInstantsWould() {
        // given: the same workload on the loop and on the reference, over 250 years of virtual time
        Instant start = VirtualClock.DEFAULT_START;
        Instant deadline = start.plus(Duration.ofDays(365L * 240));
        Loop loop = new Loop(start);
        Reference reference = new Reference(start);
        // when
        List<String> actual = workload(loop, start, () -> loop.loop.advance(Duration.between(start, deadline)));
        List<String> expected = workload(reference, start, () -> reference.runUntil(deadline));
        // then: the same events at the same instants in the same order; those after the deadline still queued
        assertThat(expected).hasSizeGreaterThan(5_000);
        assertThat(actual).isEqualTo(expected);
        assertThat(loop.loop.now()).isEqualTo(deadline);
        assertThat(loop.loop.eventsRun()).isEqualTo(expected.size());
    }

    @Test
    void instantsAtTheEndsOfTimeKeepTheirOrder() {
        // given: a clock ten seconds before the last Instant, and timers up to it, two at one instant
        Instant start = Instant.MAX.minusSeconds(10);
        EventLoop loop = new EventLoop(new VirtualClock(start));
        List<String> ran = new ArrayList<>();
        loop.schedule(Instant.MAX, "max", () -> ran.add("max"));
        loop.schedule(Instant.MAX.minusNanos(1), "max-1ns", () -> ran.add("max-1ns"));
        loop.schedule(start.plusSeconds(5), "a", () -> ran.add("a@" + loop.now()));
        loop.schedule(Instant.MIN, "past", () -> ran.add("past@" + loop.now()));
        loop.schedule(start.plusSeconds(5), "b", () -> ran.add("b"));
        // when
        loop.advance(Duration.ofSeconds(10));
        // then
        assertThat(ran).containsExactly("past@" + start, "a@" + start.plusSeconds(5), "b", "max-1ns", "max");
        assertThat(loop.now()).isEqualTo(Instant.MAX);
    }

    @Test
    void instantsAcrossTheEpochCompareSecondsThenNanos() {
        // given: epoch seconds that turn from negative to positive, with nanoseconds in each
        Instant start = Instant.parse("1969-12-31T23:59:58Z");
        EventLoop loop = new EventLoop(new VirtualClock(start));
        List<String> ran = new ArrayList<>();
        for (long millis : new long[] {2_500, 1_999, 2_000, 500, 1_000, 2_001, 1_500}) {
            loop.schedule(start.plusMillis(millis), "t" + millis, () -> ran.add(loop.now().toString()));
        }
        // when
        loop.advance(Duration.ofSeconds(3));
        // then
        assertThat(ran).containsExactly("1969-12-31T23:59:58.500Z", "1969-12-31T23:59:59Z", "1969-12-31T23:59:59.500Z",
                "1969-12-31T23:59:59.999Z", "1970-01-01T00:00:00Z", "1970-01-01T00:00:00.001Z", "1970-01-01T00:00:00.500Z");
    }

    @Test
    void emptiedInstantsLeaveNothingInTheTableOrTheForegroundHeap() {
        // given: 10,000 instants of foreground and background work, out of order, a third cancelled
        TimerQueue queue = new TimerQueue();
        Random random = new Random(3);
        Instant start = VirtualClock.DEFAULT_START;
        List<Timer> timers = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            Timer timer = new Timer(start.plusMillis(random.nextInt(10_000)), "t" + i, () -> { }, i % 4 == 0);
            queue.add(timer);
            timers.add(timer);
            if (i % 3 == 0) {
                timer.cancel();
            }
        }
        assertThat(queue.buckets()).isGreaterThan(9_000);
        // when: drained in order
        Instant last = Instant.MIN;
        int polled = 0;
        Timer next;
        while ((next = queue.peek()) != null) {
            assertThat(next.at).isAfterOrEqualTo(last);
            last = next.at;
            queue.poll();
            polled++;
        }
        // then
        assertThat(polled).isEqualTo(30_000);
        assertThat(queue.buckets()).isZero();
        assertThat(queue.foregroundHeapSize()).isZero();
        assertThat(queue.nextForeground()).isNull();
    }

    @Test
    void theNextForegroundInstantSkipsBackgroundWorkAndCountsCancelledWork() {
        // given: background at 1 s and 3 s, foreground at 2 s (cancelled) and 4 s
        TimerQueue queue = new TimerQueue();
        Instant start = VirtualClock.DEFAULT_START;
        queue.add(new Timer(start.plusSeconds(1), "bg1", () -> { }, true));
        Timer cancelled = new Timer(start.plusSeconds(2), "fg2", () -> { }, false);
        queue.add(cancelled);
        queue.add(new Timer(start.plusSeconds(3), "bg3", () -> { }, true));
        queue.add(new Timer(start.plusSeconds(4), "fg4", () -> { }, false));
        cancelled.cancel();
        // then: a cancelled timer still bounds the jump until it is polled, as before
        assertThat(queue.nextForeground()).isEqualTo(start.plusSeconds(2));
        queue.poll(); // bg1
        assertThat(queue.nextForeground()).isEqualTo(start.plusSeconds(2));
        queue.peek();
        queue.poll(); // fg2
        assertThat(queue.nextForeground()).isEqualTo(start.plusSeconds(4));
        queue.peek();
        queue.poll(); // bg3
        queue.peek();
        queue.poll(); // fg4
        assertThat(queue.nextForeground()).isNull();
        assertThat(queue.peek()).isNull();
    }

    @Test
    void aQuietStretchOfBackgroundWorkIsJumpedToTheMarginBeforeTheNextForegroundWork() {
        // given: a background ticker every 10 s whose idler is quiet, and foreground work at 00:40:00
        VirtualClock clock = new VirtualClock(VirtualClock.DEFAULT_START);
        EventLoop loop = new EventLoop(clock);
        List<Duration> ticks = new ArrayList<>();
        List<Duration> jumps = new ArrayList<>();
        Ticker ticker = Ticker.startBackground(loop, "heartbeat", clock.now(), Duration.ofSeconds(10),
                () -> ticks.add(clock.elapsed()));
        loop.addIdler(new EventLoop.Idler() {
            @Override
            public boolean isQuiet() {
                return true;
            }

            @Override
            public void fastForward(Instant now) {
                jumps.add(clock.elapsed());
                ticker.reset(now);
            }
        });
        List<Duration> foreground = new ArrayList<>();
        loop.scheduleAfter(Duration.ofMinutes(40), "work", () -> foreground.add(clock.elapsed()));
        // when
        loop.advance(Duration.ofHours(1));
        // then: one jump to 00:30:00; then every tick until the deadline, too near for another jump
        assertThat(jumps).containsExactly(Duration.ofMinutes(30));
        assertThat(foreground).containsExactly(Duration.ofMinutes(40));
        assertThat(ticks).hasSize(180);
        assertThat(ticks.get(0)).isEqualTo(Duration.ofMinutes(30).plusSeconds(10));
        assertThat(ticks.get(179)).isEqualTo(Duration.ofHours(1));
        assertThat(loop.eventsRun()).isEqualTo(181);
    }

    @Test
    void aTickerKeepsItsGridThroughResetsFromInsideAndOutsideItsTicks() {
        // given: a ticker every 3 s, reset from inside its third tick and from outside at 20 s
        EventLoop loop = new EventLoop(new VirtualClock(VirtualClock.DEFAULT_START));
        List<Long> ticks = new ArrayList<>();
        Ticker[] ticker = new Ticker[1];
        ticker[0] = Ticker.start(loop, "t", loop.now(), Duration.ofSeconds(3), () -> {
            ticks.add(loop.clock().elapsed().toMillis());
            if (ticks.size() == 3) {
                ticker[0].reset(loop.now().plusMillis(500)); // next at 9.5 + 3
            }
        });
        loop.scheduleAfter(Duration.ofSeconds(20), "reset", () -> ticker[0].reset(loop.now()));
        // when
        loop.advance(Duration.ofSeconds(30));
        // then
        assertThat(ticks).containsExactly(3_000L, 6_000L, 9_000L, 12_500L, 15_500L, 18_500L, 23_000L, 26_000L, 29_000L);
        assertThat(ticker[0].nextTick()).contains(VirtualClock.DEFAULT_START.plusSeconds(32));
    }
}
