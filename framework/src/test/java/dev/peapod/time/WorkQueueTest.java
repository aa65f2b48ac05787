package dev.peapod.time;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WorkQueueTest {
    private final VirtualClock clock = new VirtualClock(VirtualClock.DEFAULT_START);
    private final EventLoop loop = new EventLoop(clock);
    private final List<String> handled = new ArrayList<>();
    private final WorkQueue<String> queue = new WorkQueue<>(loop, "q",
            key -> handled.add(key + "@" + clock.elapsed().toMillis()));

    @Test
    void aKeyAddedTwiceBeforeItIsHandledIsHandledOnce() {
        // when
        queue.add("a");
        queue.add("b");
        queue.add("a");
        assertThat(queue.length()).isEqualTo(2);
        loop.settle();
        // then
        assertThat(handled).containsExactly("a@0", "b@0");
        assertThat(queue.length()).isZero();
    }

    @Test
    void addRunsAfterTheWorkAlreadyDueNow() {
        // given
        loop.post("earlier", () -> handled.add("earlier"));
        // when
        queue.add("a");
        loop.post("later", () -> handled.add("later"));
        loop.settle();
        // then
        assertThat(handled).containsExactly("earlier", "a@0", "later");
    }

    @Test
    void aKeyAddedWhileItIsHandledIsHandledAgainAfterwards() {
        // given
        List<String> seen = new ArrayList<>();
        WorkQueue<String>[] self = new WorkQueue[1];
        self[0] = new WorkQueue<>(loop, "q", key -> {
            seen.add(key);
            if (seen.size() == 1) {
                self[0].add(key);
                self[0].add(key);
            }
        });
        // when
        self[0].add("a");
        loop.settle();
        // then
        assertThat(seen).containsExactly("a", "a");
    }

    @Test
    void addAfterHandlesTheKeyWhenTheDelayHasPassed() {
        // when
        queue.addAfter("a", Duration.ofSeconds(3));
        queue.addAfter("b", Duration.ofSeconds(1));
        loop.advance(Duration.ofSeconds(2));
        assertThat(queue.isWaiting("a")).isTrue();
        loop.advance(Duration.ofSeconds(2));
        // then
        assertThat(handled).containsExactly("b@1000", "a@3000");
    }

    @Test
    void aWaitingKeyKeepsTheEarlierInstant() {
        // when
        queue.addAfter("a", Duration.ofSeconds(5));
        queue.addAfter("a", Duration.ofSeconds(2));
        queue.addAfter("a", Duration.ofSeconds(4));
        loop.advance(Duration.ofSeconds(10));
        // then
        assertThat(handled).containsExactly("a@2000");
    }

    @Test
    void aZeroDelayIsAnAdd() {
        // when
        queue.addAfter("a", Duration.ZERO);
        // then
        assertThat(queue.isQueued("a")).isTrue();
        loop.settle();
        assertThat(handled).containsExactly("a@0");
    }

    @Test
    void aKeyQueuedWhenItsDelayEndsIsHandledOnce() {
        // given
        queue.addAfter("a", Duration.ofSeconds(1));
        loop.scheduleAfter(Duration.ofSeconds(1), "adder", () -> queue.add("a"));
        // when
        loop.advance(Duration.ofSeconds(2));
        // then: the timer (scheduled first) handled it; the add queued it again after that
        assertThat(handled).containsExactly("a@1000", "a@1000");
    }

    @Test
    void aKeyAddedNowAndWaitingIsHandledNowAndWhenItsDelayEnds() {
        // when
        queue.addAfter("a", Duration.ofSeconds(1));
        queue.add("a");
        loop.advance(Duration.ofSeconds(2));
        // then: as client-go, the waiting entry is separate from the queue
        assertThat(handled).containsExactly("a@0", "a@1000");
    }

    @Test
    void rateLimitedAddsDoubleFromTheBaseDelayUpToTheMax() {
        // given
        WorkQueue<String> limited = new WorkQueue<>(loop, "limited", Duration.ofSeconds(1), Duration.ofSeconds(5),
                key -> handled.add(key + "@" + clock.elapsed().toMillis()));
        // when: a key that fails every time it is handled
        for (int i = 0; i < 5; i++) {
            limited.addRateLimited("a");
            loop.advance(Duration.ofSeconds(10));
        }
        // then: 1, 2, 4, 5, 5 s after each add at 0, 10, 20, 30, 40 s
        assertThat(handled).containsExactly("a@1000", "a@12000", "a@24000", "a@35000", "a@45000");
        assertThat(limited.numRequeues("a")).isEqualTo(5);
    }

    @Test
    void theDefaultRateLimiterStartsAtFiveMillisecondsAndStopsAtAThousandSeconds() {
        // when
        queue.addRateLimited("a");
        loop.advance(Duration.ofMillis(5));
        queue.addRateLimited("a");
        loop.advance(Duration.ofMillis(10));
        for (int i = 0; i < 30; i++) {
            queue.addRateLimited("b");
            loop.advance(Duration.ofSeconds(1000));
        }
        // then
        assertThat(handled).startsWith("a@5", "a@15");
        assertThat(handled.get(handled.size() - 1)).isEqualTo("b@" + (15 + 30 * 1_000_000L));
        assertThat(handled.get(handled.size() - 2)).isEqualTo("b@" + (15 + 29 * 1_000_000L));
    }

    @Test
    void forgetStartsTheBackOffAgain() {
        // given
        queue.addRateLimited("a");
        queue.addRateLimited("a");
        queue.addRateLimited("b");
        assertThat(queue.numRequeues("a")).isEqualTo(2);
        // when
        queue.forget("a");
        // then
        assertThat(queue.numRequeues("a")).isZero();
        assertThat(queue.numRequeues("b")).isEqualTo(1);
        loop.advance(Duration.ofSeconds(1));
        queue.addRateLimited("a");
        loop.advance(Duration.ofMillis(5));
        assertThat(handled).containsExactly("a@5", "b@5", "a@1005");
    }
}
