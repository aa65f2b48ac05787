package dev.peapod.time;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a piece of a test on a named thread of its own, for the thread-boundary tests. */
public final class OtherThread {
    private OtherThread() {
    }

    /** Runs {@code call} on a fresh thread with that name, waits for it, and returns what it returned. */
    public static <T> T call(String name, Callable<T> call) throws InterruptedException {
        FutureTask<T> task = new FutureTask<>(call);
        Thread thread = new Thread(task, name);
        thread.start();
        thread.join(TimeUnit.SECONDS.toMillis(60));
        try {
            return task.get(0, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("thread " + name + " did not finish within 60 s", e);
        }
    }

    /** Runs {@code action} on a fresh thread with that name; returns what it threw, or null. */
    public static RuntimeException failure(String name, Runnable action) throws InterruptedException {
        return call(name, () -> {
            try {
                action.run();
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
    }

    /** The exact message of a {@link WrongThreadException} for a call from {@code caller} to an engine owned by this thread. */
    public static String wrongThread(String what, String caller) {
        String owner = Thread.currentThread().getName();
        return what + " was called on thread \"" + caller + "\", but the cluster's engine belongs to thread \"" + owner
                + "\", which created it, and runs only there. Call it from \"" + owner + "\"; from any other thread, submit"
                + " the work with cluster.inbox().submit(..), which runs it on \"" + owner + "\" at the loop's next step"
                + " and returns a CompletableFuture.";
    }
}
