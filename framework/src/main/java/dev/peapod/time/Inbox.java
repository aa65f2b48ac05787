package dev.peapod.time;

import dev.peapod.core.PeapodException;
import org.apiguardian.api.API;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * A door into the engine from other threads: an operator under test on its own thread, a test's
 * background writer. Any thread may {@link #submit} a task; the {@link EventLoop} runs the queued tasks,
 * in submission order, at its next step (the start of every {@code settle}, which {@code advance} and
 * {@code runUntil} call at each instant they reach), on the thread that holds the engine then: the
 * cluster's, or an HTTP request's settling its write ({@link EventLoop#exclusive}). So the task may do
 * anything the engine's holder may: write the store, schedule work, read the clock.
 *
 * <p>Contract:
 * <ul>
 *   <li>Tasks run exactly once, one at a time, in the order {@code submit} returned. A step runs the
 *       tasks queued when it began; tasks they submit wait for the next step.</li>
 *   <li>The returned future completes on the engine's holder with the task's result, or exceptionally
 *       with what it threw. A task that throws fails only its own future: the loop and later tasks go
 *       on. Stages chained without an executor ({@code thenApply}, ...) run on that thread too, so
 *       keep them short or use the {@code ...Async} variants.</li>
 *   <li>Nothing runs until the loop steps: a test that advances, settles or waits, a request of the HTTP
 *       API, or the real-time driver. Blocking on the future from the cluster's thread inside a verb
 *       would wait forever: there, call the engine directly.</li>
 *   <li>The virtual instant a task runs at depends on when it arrives in real time. Specs that must
 *       give the same timeline on every run write on the loop thread.</li>
 *   <li>Once the cluster is closed, queued and new tasks fail with a {@link PeapodException}.</li>
 * </ul>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Inbox {
    private final Object lock = new Object();
    private ArrayDeque<Task<?>> queued = new ArrayDeque<>();
    /** Read without the lock at every loop step: the common case, nothing queued, costs one volatile read. */
    private volatile boolean pending;
    private String closedBecause;

    Inbox() {
    }

    /** Queues a task for the loop thread; safe to call from any thread. */
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        Objects.requireNonNull(task, "task must not be null");
        Task<T> queuedTask = new Task<>(task, new CompletableFuture<>());
        synchronized (lock) {
            if (closedBecause != null) {
                queuedTask.future.completeExceptionally(closed());
                return queuedTask.future;
            }
            queued.addLast(queuedTask);
            pending = true;
        }
        return queuedTask.future;
    }

    /** Queues an action for the loop thread; the future completes with null once it has run. */
    public CompletableFuture<Void> submit(Runnable action) {
        Objects.requireNonNull(action, "action must not be null");
        return submit(() -> {
            action.run();
            return null;
        });
    }

    /** How many tasks wait for the loop's next step. */
    public int size() {
        synchronized (lock) {
            return queued.size();
        }
    }

    /** Runs the tasks queued now, in order, on the calling (loop) thread; returns how many ran. */
    int drain() {
        if (!pending) {
            return 0;
        }
        ArrayDeque<Task<?>> batch;
        synchronized (lock) {
            batch = queued;
            queued = new ArrayDeque<>();
            pending = false;
        }
        int ran = batch.size();
        for (Task<?> task : batch) {
            task.run();
        }
        return ran;
    }

    /** Fails every queued task and refuses new ones, e.g. when the cluster closes. */
    void close(String reason) {
        ArrayDeque<Task<?>> abandoned;
        synchronized (lock) {
            if (closedBecause != null) {
                return;
            }
            closedBecause = reason;
            abandoned = queued;
            queued = new ArrayDeque<>();
            pending = false;
        }
        for (Task<?> task : abandoned) {
            task.future.completeExceptionally(closed());
        }
    }

    private PeapodException closed() {
        return new PeapodException("the inbox no longer takes work: " + closedBecause
                + "; submit to a running cluster's inbox");
    }

    private record Task<T>(Callable<T> callable, CompletableFuture<T> future) {
        void run() {
            T result;
            try {
                result = callable.call();
            } catch (VirtualMachineError fatal) {
                future.completeExceptionally(fatal);
                throw fatal;
            } catch (Throwable failure) {
                future.completeExceptionally(failure);
                return;
            }
            future.complete(result);
        }
    }
}
