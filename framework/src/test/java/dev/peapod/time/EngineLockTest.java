package dev.peapod.time;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who runs the engine (issue #14): the home thread between its verbs lets a request's thread in
 * ({@link EventLoop#exclusive}); inside a verb, requests wait for the next instant; and a home thread
 * that keeps the engine without stepping makes a request fail after its patience, with a message
 * that says what to do.
 */
class EngineLockTest {
    private final VirtualClock clock = new VirtualClock(VirtualClock.DEFAULT_START);
    private final EngineLock engine = new EngineLock(Duration.ofMillis(300));
    private final EventLoop loop = new EventLoop(clock, engine);
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @Test
    void aRequestWhileTheHomeThreadIsIdleRunsAtOnceOnItsOwnThreadAndSettlesTheCurrentInstant() throws Exception {
        // given: the home thread advanced (and so gave the engine back)
        loop.advance(Duration.ofSeconds(5));
        assertThat(engine.isHeldByCurrentThread()).isFalse();
        // when: a request's thread writes something that schedules work for now
        String answer = OtherThread.call("request", () -> loop.exclusive("create", () -> {
            loop.post("watch reaction", () -> ran.add("reaction on " + Thread.currentThread().getName()
                    + " at " + clock.elapsed().toSeconds() + "s"));
            ran.add("write at " + clock.elapsed().toSeconds() + "s");
            return "created";
        }));
        // then: the write and what it scheduled for now ran before the answer, at the same instant
        assertThat(answer).isEqualTo("created");
        assertThat(ran).containsExactly("write at 5s", "reaction on request at 5s");
        assertThat(engine.isHeldByCurrentThread()).isFalse();
    }

    @Test
    void aHomeThreadBlockedOnARequestAfterGivingTheEngineBackGetsItsAnswer() throws Exception {
        // given: an engine call took the engine lazily (a schedule, no step)
        loop.scheduleAfter(Duration.ofSeconds(1), "tick", () -> ran.add("tick"));
        assertThat(engine.isHeldByCurrentThread()).isTrue();
        // when: the home thread waits for a request, as in a client call (which gives the engine back first)
        engine.releaseIfIdle();
        CompletableFuture<String> reply = CompletableFuture.supplyAsync(() -> loop.exclusive("get", () -> "answer"));
        // then
        assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo("answer");
        loop.advance(Duration.ofSeconds(2));
        assertThat(ran).containsExactly("tick");
    }

    @Test
    void aRequestWaitingForAHomeThreadThatKeepsTheEngineFailsAfterItsPatienceSayingWhatToDo() throws Exception {
        // given: the home thread keeps the engine (it scheduled, then waits for something else)
        loop.post("x", () -> ran.add("x"));
        // when
        RuntimeException thrown = OtherThread.failure("request", () -> loop.exclusive("POST /api/v1/namespaces/default/pods",
                () -> ran.add("never")));
        // then
        assertThat(thrown).isInstanceOf(EngineLock.EngineBusyException.class).hasMessage(
                "POST /api/v1/namespaces/default/pods waited 0.3s for the cluster's engine, which thread \""
                        + Thread.currentThread().getName() + "\" kept all that time without settling or advancing;"
                        + " let time pass on that thread (cluster.settle() or cluster.advance(..)) before it waits for a"
                        + " client, or call the client from it");
        loop.settle();
        assertThat(ran).containsExactly("x");
    }

    @Test
    void aLongAdvanceLetsAWaitingRequestInAtItsNextInstantBeforeThatInstantsWork() throws Exception {
        // given: ticks at 1 s, 2 s, 3 s; at the first, a request's thread starts and waits for the engine
        Thread[] request = new Thread[1];
        for (int second = 1; second <= 3; second++) {
            int at = second;
            loop.scheduleAfter(Duration.ofSeconds(second), "tick" + second, () -> {
                ran.add("tick at " + at + "s");
                if (at == 1) {
                    request[0] = new Thread(() -> loop.exclusive("write",
                            () -> ran.add("request at " + clock.elapsed().toSeconds() + "s")), "request");
                    request[0].start();
                    awaitWaiter();
                }
            });
        }
        // when
        loop.advance(Duration.ofSeconds(5));
        request[0].join(10_000);
        // then: the request ran between two instants, at the next one, before its work; the advance went on
        assertThat(ran).containsExactly("tick at 1s", "request at 2s", "tick at 2s", "tick at 3s");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(5));
        assertThat(engine.isHeldByCurrentThread()).isFalse();
    }

    @Test
    void aVerbCalledFromInsideTheEnginesOwnWorkDoesNotGiveTheEngineAway() throws Exception {
        // given: work that settles the loop from inside a step (a callback calling a verb), while a request waits
        Thread[] request = new Thread[1];
        loop.post("callback", () -> {
            request[0] = new Thread(() -> loop.exclusive("write", () -> ran.add("request")), "request");
            request[0].start();
            awaitWaiter();
            loop.settle();
            ran.add("callback still holds: " + engine.isHeldByCurrentThread());
        });
        // when
        loop.settle();
        request[0].join(10_000);
        // then: the nested settle kept the engine; the request ran only after the outer step
        assertThat(ran).containsExactly("callback still holds: true", "request");
    }

    private void awaitWaiter() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!engine.hasWaiters()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the request never waited for the engine");
            }
            Thread.onSpinWait();
        }
    }
}
