package dev.peapod.time;

import dev.peapod.core.PeapodException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The thread boundary of DESIGN §2, on the loop alone: the owner check and the inbox. */
class InboxTest {
    private final VirtualClock clock = new VirtualClock(VirtualClock.DEFAULT_START);
    private final EventLoop loop = new EventLoop(clock);
    private final List<String> ran = new ArrayList<>();

    @ParameterizedTest
    @ValueSource(strings = {"settle", "advance", "runUntil", "schedule", "scheduleAfter", "post"})
    void everyLoopVerbFailsOnAnotherThreadNamingBothThreads(String verb) throws Exception {
        // given
        loop.scheduleAfter(Duration.ofSeconds(1), "tick", () -> ran.add("tick"));
        Runnable call = switch (verb) {
            case "settle" -> loop::settle;
            case "advance" -> () -> loop.advance(Duration.ofSeconds(5));
            case "runUntil" -> () -> loop.runUntil(() -> true, Duration.ofSeconds(5));
            case "schedule" -> () -> loop.schedule(clock.now(), "x", () -> ran.add("x"));
            case "scheduleAfter" -> () -> loop.scheduleAfter(Duration.ZERO, "x", () -> ran.add("x"));
            default -> () -> loop.post("x", () -> ran.add("x"));
        };
        // when
        RuntimeException thrown = OtherThread.failure("intruder", call);
        // then: refused before anything changed
        assertThat(thrown).isInstanceOf(WrongThreadException.class).isInstanceOf(PeapodException.class)
                .hasMessage(OtherThread.wrongThread("EventLoop." + verb, "intruder"));
        assertThat(((WrongThreadException) thrown).caller()).isEqualTo("intruder");
        assertThat(((WrongThreadException) thrown).owner()).isEqualTo(Thread.currentThread().getName());
        loop.advance(Duration.ofSeconds(2));
        assertThat(ran).containsExactly("tick");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void tasksFromOtherThreadsRunOnTheLoopThreadInSubmissionOrderAtTheNextStep() throws Exception {
        // given
        String loopThread = Thread.currentThread().getName();
        List<CompletableFuture<String>> futures = OtherThread.call("writer", () -> {
            List<CompletableFuture<String>> submitted = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int n = i;
                submitted.add(loop.inbox().submit(() -> {
                    ran.add("task" + n + "@" + clock.elapsed().toSeconds());
                    return Thread.currentThread().getName();
                }));
            }
            return submitted;
        });
        loop.scheduleAfter(Duration.ofSeconds(5), "event", () -> ran.add("event@" + clock.elapsed().toSeconds()));
        assertThat(loop.inbox().size()).isEqualTo(3);
        assertThat(futures).noneMatch(CompletableFuture::isDone);
        // when
        loop.advance(Duration.ofSeconds(10));
        // then: drained at the first step, before the work due later
        assertThat(ran).containsExactly("task0@0", "task1@0", "task2@0", "event@5");
        assertThat(futures).extracting(CompletableFuture::join).containsExactly(loopThread, loopThread, loopThread);
        assertThat(loop.inbox().size()).isZero();
    }

    @Test
    void tasksSubmittedWhileTheLoopRunsWaitForItsNextInstant() throws Exception {
        // given: at 5 s an event hands work to another thread, which submits it back
        loop.scheduleAfter(Duration.ofSeconds(5), "hand-off", () -> {
            try {
                OtherThread.call("helper", () -> loop.inbox().submit(() -> ran.add("task@" + clock.elapsed().toSeconds())));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            ran.add("hand-off@5");
        });
        loop.scheduleAfter(Duration.ofSeconds(5), "same instant", () -> ran.add("same-instant@5"));
        loop.scheduleAfter(Duration.ofSeconds(8), "later", () -> ran.add("later@8"));
        // when
        loop.advance(Duration.ofSeconds(10));
        // then: the step at 5 s had begun; the task runs at the start of the next step, at 8 s
        assertThat(ran).containsExactly("hand-off@5", "same-instant@5", "task@8", "later@8");
    }

    @Test
    void aTaskThatThrowsFailsOnlyItsOwnFuture() {
        // given
        CompletableFuture<String> first = loop.inbox().submit(() -> "one");
        CompletableFuture<String> failing = loop.inbox().submit(() -> {
            throw new IllegalArgumentException("bad write");
        });
        CompletableFuture<Boolean> last = loop.inbox().submit(() -> ran.add("after the failure"));
        loop.scheduleAfter(Duration.ofSeconds(1), "tick", () -> ran.add("tick"));
        // when
        loop.advance(Duration.ofSeconds(2));
        // then
        assertThat(first.join()).isEqualTo("one");
        assertThat(failing).isCompletedExceptionally();
        assertThatThrownBy(failing::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class).hasRootCauseMessage("bad write");
        assertThat(last).isCompleted();
        assertThat(ran).containsExactly("after the failure", "tick");
    }

    @Test
    void aClosedInboxFailsQueuedAndNewTasks() {
        // given
        CompletableFuture<String> queued = loop.inbox().submit(() -> "never");
        // when
        loop.closeInbox("the cluster is closed");
        loop.closeInbox("closed twice");
        CompletableFuture<String> late = loop.inbox().submit(() -> "never either");
        loop.settle();
        // then
        String message = "the inbox no longer takes work: the cluster is closed; submit to a running cluster's inbox";
        assertThatThrownBy(queued::join).hasCauseInstanceOf(PeapodException.class).hasRootCauseMessage(message);
        assertThatThrownBy(late::join).hasCauseInstanceOf(PeapodException.class).hasRootCauseMessage(message);
        assertThat(loop.inbox().size()).isZero();
    }

    @Test
    void theOwnerThreadIsTheOneThatCreatedTheLoop() throws Exception {
        // when
        boolean here = loop.isOwnerThread();
        boolean there = OtherThread.call("other", loop::isOwnerThread);
        EventLoop createdThere = OtherThread.call("other", () -> new EventLoop(new VirtualClock(VirtualClock.DEFAULT_START)));
        // then
        assertThat(here).isTrue();
        assertThat(there).isFalse();
        assertThatThrownBy(createdThere::settle).isInstanceOf(WrongThreadException.class)
                .hasMessageStartingWith("EventLoop.settle was called on thread \"" + Thread.currentThread().getName()
                        + "\", but the cluster's engine belongs to thread \"other\"");
    }
}
