package dev.peapod.time;

import dev.peapod.core.Checks;
import dev.peapod.core.PeapodException;
import org.apiguardian.api.API;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * Who may run a cluster's engine right now (DESIGN §2, issue #14): the thread that holds this lock. The
 * engine is single-threaded code; the lock only decides which thread runs it, one at a time, and makes
 * what one holder wrote visible to the next.
 *
 * <ul>
 *   <li><b>The home thread</b> (the one that created the cluster: the test's) takes the lock at its first
 *       engine call, without asking ({@link #check}), and gives it back when it is idle: at the end of an
 *       outermost {@code settle}, {@code advance} or {@code runUntil}, and at the end of the façade's other
 *       verbs ({@link #releaseIfIdle}). So a test never deals with the lock, and between two of its verbs the
 *       engine is free.</li>
 *   <li><b>Another thread</b> (an HTTP request of {@code cluster.client()}, kubectl or an operator under
 *       test) runs engine work only through {@link EventLoop#exclusive}, which takes the lock, waiting while
 *       the home thread is inside a verb. A test blocked in a {@code cluster.client()} call is idle, so the
 *       request's thread runs the write and settles the current instant, and the test gets its answer: no
 *       deadlock, and the write lands where the same call on the test's thread would have.</li>
 *   <li><b>A long verb lets waiting requests in</b> between two instants ({@link #yieldIfWanted}), as the
 *       inbox's tasks are, so an {@code advance} of an hour does not hold an HTTP client for its whole run.
 *       The {@link RealTimeDriver} lets the test's verbs and the requests in the same way.</li>
 *   <li>Any other call from a thread that does not hold the lock throws a {@link WrongThreadException}, before it
 *       changes anything.</li>
 * </ul>
 *
 * <p>The checks on the engine's hot path are {@link #isHeldByCurrentThread}: a field read and a compare. The
 * lock is fair, so a waiting request goes before the home thread takes the engine back.
 */
@API(status = INTERNAL, since = "0.1")
public final class EngineLock {
    /** How long a request waits for an engine whose home thread keeps it without stepping. */
    public static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Thread home = Thread.currentThread();
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Duration patience;
    /**
     * The lock's holder, kept beside it for the hot path's check ({@link #isHeldByCurrentThread}: a field
     * compare, where asking the lock costs a call through its synchronizer on every schedule). Set after
     * each acquisition and cleared before the last release, by the holder only; a plain field: a thread
     * always sees its own writes, and another's stale value is never its own identity.
     */
    private Thread holder;
    /** The home thread holds one count that it took at an engine call and gives back when idle. Holder only. */
    private boolean heldLazily;
    /** Loop steps in progress on the holder's stack: engine work is running, so the lock cannot be given up. */
    private int steps;
    /** The holder serves a request ({@link #lockForRequest}): it settles and leaves, never yields. Holder only. */
    private boolean serving;

    /** A lock whose home is the calling thread. */
    public EngineLock() {
        this(PATIENCE);
    }

    /** As {@link #EngineLock()}, with requests waiting at most {@code patience} (tests). */
    EngineLock(Duration patience) {
        this.patience = patience;
    }

    /** True on the thread that may run the engine now. */
    public boolean isHeldByCurrentThread() {
        return holder == Thread.currentThread();
    }

    /** The thread that created the engine, which takes it without asking. */
    public Thread home() {
        return home;
    }

    /**
     * The engine's thread check: passes on the holder; on the home thread, takes the lock (waiting while a
     * request holds it) and keeps it until the home thread is idle; elsewhere throws a
     * {@link WrongThreadException} naming {@code what}.
     */
    public void check(String what) {
        if (holder == Thread.currentThread()) {
            return;
        }
        if (Thread.currentThread() != home) {
            throw new WrongThreadException(what, home, Thread.currentThread());
        }
        acquire();
        heldLazily = true;
    }

    /**
     * Holds the engine for one verb of the façade, until the returned {@link Held} is closed (use
     * try-with-resources): on the home thread it takes the lock (waiting while a request or the real-time
     * driver holds it) and, when closed, gives the engine back unless the verb runs inside engine work;
     * on a thread that already holds the engine it only counts; elsewhere it throws a
     * {@link WrongThreadException} naming {@code what}. Between two verbs the engine is then free for
     * requests and for the driver, while each verb's own steps stay together.
     */
    public Held enter(String what) {
        if (!lock.isHeldByCurrentThread() && Thread.currentThread() != home) {
            throw new WrongThreadException(what, home, Thread.currentThread());
        }
        acquire();
        return this::leave;
    }

    private void leave() {
        releaseOne();
        releaseIfIdle();
    }

    /** What a view or a script calls at the start of each verb: {@link #enter}, or a check that also asks whether the cluster is closed. */
    @FunctionalInterface
    public interface Guard {
        Held enter(String what);

        /** A guard that holds nothing: for parts used without a cluster (tests). */
        static Guard none() {
            return what -> () -> { };
        }
    }

    /** A hold on the engine for the length of a verb ({@link #enter}). */
    @FunctionalInterface
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * The home thread is between two verbs: it gives back the count it took lazily, unless engine work is
     * running on its stack (a verb called from inside a step) or it holds the lock for another reason too.
     */
    public void releaseIfIdle() {
        if (Thread.currentThread() == home && lock.isHeldByCurrentThread() && heldLazily && steps == 0 && lock.getHoldCount() == 1) {
            heldLazily = false;
            releaseOne();
        }
    }

    /**
     * The calling thread is about to wait for a request to its own cluster's HTTP API ({@code cluster.client()}):
     * a home thread that holds the engine only lazily (it called the engine directly, outside a verb) gives
     * it back, so that the request can run; a thread that holds it for engine work or a verb (a client call
     * inside {@code runUntil}'s condition, a script, a watch callback) would wait for itself, so it fails at
     * once, saying so.
     */
    public void beforeWaitingForARequest(String what) {
        if (!lock.isHeldByCurrentThread()) {
            return;
        }
        releaseIfIdle();
        if (lock.isHeldByCurrentThread()) {
            throw new PeapodException(what + " was called on thread \"" + Thread.currentThread().getName()
                    + "\" while it runs the cluster's engine (inside a verb: a runUntil or await condition, a script,"
                    + " a watch callback), so the request would wait for the engine this thread holds; read the"
                    + " cluster there with cluster.pod(..), pods() or the store, and call the client outside the verb");
        }
    }

    /** Whether requests wait for the engine (tests). */
    boolean hasWaiters() {
        return lock.hasQueuedThreads();
    }

    void stepStarted() {
        steps++;
    }

    void stepEnded() {
        steps--;
    }

    /**
     * Between two instants of a verb: when requests wait for the engine, the holder lets them in (each
     * runs its write and settles the current instant) and takes the engine back after them. Only when no
     * engine work is on the holder's stack.
     */
    void yieldIfWanted() {
        if (steps > 0 || serving || !lock.hasQueuedThreads()) {
            return;
        }
        int holds = lock.getHoldCount();
        boolean lazily = heldLazily;
        heldLazily = false; // the flag is the holder's: the next holder must not read this one's
        for (int i = 0; i < holds; i++) {
            releaseOne();
        }
        // fair: the requests queued now go first
        for (int i = 0; i < holds; i++) {
            acquire();
        }
        heldLazily = lazily;
    }

    /**
     * A wait while the real-time driver moves time ({@link EventLoop#runUntil}): the holder gives the
     * engine up while {@code wait} runs (the driver's tick of wall time, {@link RealTimeDriver#awaitTick}), so
     * that the driver, the HTTP API's requests and an operator on its own thread can run, and takes it back.
     * False, and nothing given up, when engine work is on the holder's stack or the holder serves a request:
     * then the wait must step the loop itself; false too when {@code wait} says the wait was cut short.
     */
    boolean yieldForRealTime(java.util.function.BooleanSupplier wait) {
        if (steps > 0 || serving || !lock.isHeldByCurrentThread()) {
            return false;
        }
        int holds = lock.getHoldCount();
        boolean lazily = heldLazily;
        heldLazily = false; // the flag is the holder's: the next holder must not read this one's
        for (int i = 0; i < holds; i++) {
            releaseOne();
        }
        try {
            return wait.getAsBoolean();
        } finally {
            for (int i = 0; i < holds; i++) {
                acquire();
            }
            heldLazily = lazily;
        }
    }

    /**
     * Takes the lock for a thread that is not home, waiting at most {@link #PATIENCE}; the caller unlocks
     * with {@link #unlock}.
     */
    void lockForRequest(String what) {
        try {
            if (lock.tryLock(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                holder = Thread.currentThread();
                serving = true;
                return;
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new PeapodException(what + " was interrupted while it waited for the cluster's engine");
        }
        throw new EngineBusyException(what, home, patience);
    }

    /** Ends a request's hold ({@link #lockForRequest}). */
    void unlock() {
        serving = false;
        releaseOne();
    }

    /**
     * Takes the lock for the real-time driver if it is free now, without queueing for it: a verb that moves
     * time lets waiting threads in between two instants, and the driver, which moves time too, must not be
     * one of them. The driver tries again at its next tick; {@link #unlockForDriver} gives it back.
     */
    boolean tryLockForDriver() {
        if (!lock.tryLock()) {
            return false;
        }
        holder = Thread.currentThread();
        return true;
    }

    private void acquire() {
        lock.lock();
        holder = Thread.currentThread();
    }

    /** Gives back one count; the last clears {@link #holder} before the lock is free, so no later holder's mark is lost. */
    private void releaseOne() {
        if (lock.getHoldCount() == 1) {
            holder = null;
        }
        lock.unlock();
    }

    void unlockForDriver() {
        releaseOne();
    }

    /**
     * A request waited {@link #PATIENCE} for an engine that its home thread kept without stepping: the
     * test holds the engine outside any verb (it called the engine directly and then waits for something
     * else). The HTTP API answers it with a 504 Timeout {@code Status}.
     */
    @API(status = INTERNAL, since = "0.1")
    public static final class EngineBusyException extends PeapodException {
        public EngineBusyException(String what, Thread home, Duration waited) {
            super(what + " waited " + Checks.readable(waited) + " for the cluster's engine, which thread \"" + home.getName()
                    + "\" kept all that time without settling or advancing; let time pass on that thread"
                    + " (cluster.settle() or cluster.advance(..)) before it waits for a client, or call the client from it");
        }
    }
}
