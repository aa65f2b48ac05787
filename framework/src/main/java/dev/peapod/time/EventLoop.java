package dev.peapod.time;

import dev.peapod.core.PeapodException;
import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.BooleanSupplier;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * One queue of work ordered by (instant, sequence) and run on one thread. Ties at the same instant run
 * in the order they were scheduled, never in hash order, so a cluster's timeline is the same on
 * every run (DESIGN §2).
 *
 * <p><b>Threads.</b> The loop runs on the thread that holds its {@link EngineLock}. The thread that
 * created it (for a {@code FakeCluster}, the thread that started the cluster: the test's thread under JUnit
 * and Cucumber) is its home: it takes the engine at its first verb and gives it back when idle, without
 * ever seeing the lock. Every verb ({@link #settle}, {@link #advance}, {@link #runUntil}, {@link #schedule},
 * {@link #scheduleAfter}, {@link #post}) called on any other thread throws a {@link WrongThreadException}
 * naming both threads, before it changes anything: a loop driven by two threads would interleave their work
 * in an order no run could repeat, so a cluster is started on the thread that will drive it (a test run in
 * a separate thread by {@code assertTimeoutPreemptively} or {@code @Timeout(threadMode = SEPARATE_THREAD)}
 * starts its cluster inside that thread). Other threads hand work to the {@link #inbox()}, which the loop
 * drains at every step, or, for the HTTP API's requests, run it with {@link #exclusive}: between two of the
 * home thread's verbs at once, during a verb at its next instant. The checks compare the lock's holder with
 * the current thread: they cost next to nothing on the hot path.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class EventLoop {
    /** A guard against work that keeps rescheduling itself at the same instant. */
    static final int MAX_EVENTS_AT_ONE_INSTANT = 1_000_000;

    private final VirtualClock clock;
    /** Which thread may run the loop or schedule on it now ({@link EngineLock}). */
    private final EngineLock engine;
    private final Inbox inbox = new Inbox();
    /**
     * The queue: one FIFO bucket per instant, instants in order, keyed by primitives
     * ({@link TimerQueue}). Work is only ever added after all work queued, so the whole is (instant,
     * sequence) order. Many events share an instant (ticks, batches, what one event schedules for
     * now), so this costs a table lookup per timer and a heap operation per instant.
     */
    private final TimerQueue queue = new TimerQueue();
    private long eventsRun;

    public EventLoop(VirtualClock clock) {
        this(clock, new EngineLock());
    }

    /** A loop run under {@code engine}, which the cluster's store shares. */
    public EventLoop(VirtualClock clock, EngineLock engine) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /** The lock that says which thread may run this loop now. */
    @API(status = org.apiguardian.api.API.Status.INTERNAL, since = "0.1")
    public EngineLock engine() {
        return engine;
    }

    public VirtualClock clock() {
        return clock;
    }

    public Instant now() {
        return clock.now();
    }

    /**
     * The thread-safe door for other threads: tasks submitted there run on this loop's thread, in
     * submission order, at the start of its next step.
     */
    public Inbox inbox() {
        return inbox;
    }

    /**
     * Runs {@code task} with the loop held, then everything due at the current instant (as
     * {@link #settle}; no virtual time passes), and returns the task's result: the door for the HTTP
     * API's threads (issue #14). Callable on any thread; a thread that does not hold the loop waits
     * while another does (the cluster's thread inside a verb, or another request), so the task sees
     * the engine between two steps, as a write on the cluster's thread would. What the task throws is
     * thrown here, after the settle. {@code what} names the caller in messages.
     */
    @API(status = org.apiguardian.api.API.Status.INTERNAL, since = "0.1")
    public <T> T exclusive(String what, java.util.concurrent.Callable<T> task) {
        Objects.requireNonNull(task, "task");
        if (engine.isHeldByCurrentThread()) {
            return callThenSettle(task);
        }
        if (Thread.currentThread() == engine.home()) {
            engine.check(what);
            try {
                return callThenSettle(task);
            } finally {
                engine.releaseIfIdle();
            }
        }
        engine.lockForRequest(what);
        try {
            return callThenSettle(task);
        } finally {
            engine.unlock();
        }
    }

    /**
     * What the engine threw while it settled a request's write on the request's thread, kept for the cluster's
     * own thread: the test's next verb (or close) throws it, so a failing component never goes unseen. Null
     * when nothing failed.
     */
    private volatile RuntimeException failedElsewhere;

    /** What the engine threw on another thread since the last call ({@link #exclusive}), or null; clears it. */
    @API(status = org.apiguardian.api.API.Status.INTERNAL, since = "0.1")
    public RuntimeException takeFailureElsewhere() {
        RuntimeException failed = failedElsewhere;
        failedElsewhere = null;
        return failed;
    }

    private <T> T callThenSettle(java.util.concurrent.Callable<T> task) {
        T result;
        try {
            result = task.call();
        } catch (RuntimeException | Error unchecked) {
            settleAfterRequest();
            throw unchecked;
        } catch (Exception checked) {
            settleAfterRequest();
            throw new PeapodException(checked.getMessage(), checked);
        }
        settleAfterRequest();
        return result;
    }

    /**
     * The settle after a request's write. What fails in it is a component's failure, not the request's: the
     * write was stored, and the request answers as the API server would (a controller's crash never changes
     * an API answer), while the failure is kept for the cluster's thread, whose next verb throws it.
     */
    private void settleAfterRequest() {
        try {
            step();
        } catch (RuntimeException failed) {
            if (Thread.currentThread() == engine.home()) {
                throw failed;
            }
            if (failedElsewhere == null) {
                failedElsewhere = failed;
            } else {
                failedElsewhere.addSuppressed(failed);
            }
        }
    }

    /** True on the thread that created the loop, which runs it except while a request of the HTTP API does. */
    public boolean isOwnerThread() {
        return Thread.currentThread() == engine.home();
    }

    /**
     * Throws a {@link WrongThreadException} unless called on the thread that owns the loop; for the
     * engine's parts and the façade's verbs that touch state only the loop thread may change.
     * {@code what} names the call in the message, e.g. {@code "FakeCluster.container"}.
     */
    public void checkThread(String what) {
        engine.check(what);
    }

    /**
     * Stops taking work from other threads: tasks still queued in the inbox, and any submitted later,
     * fail with a {@link PeapodException} giving {@code reason}. Safe to call from any thread, and more
     * than once.
     */
    public void closeInbox(String reason) {
        inbox.close(reason);
    }

    /** Schedules work at an instant; an instant in the past means now. */
    public Timer schedule(Instant at, String label, Runnable action) {
        checkThread("EventLoop.schedule");
        return enqueue(at, label, false, action);
    }

    /**
     * As {@link #schedule(Instant, String, Runnable)}; {@code background} work belongs to an
     * {@link Idler}, and the loop may jump over it when the cluster is quiet.
     */
    public Timer schedule(Instant at, String label, boolean background, Runnable action) {
        checkThread("EventLoop.schedule");
        return enqueue(at, label, background, action);
    }

    /**
     * Periodic background work (the kubelets' heartbeats, the node lifecycle controller's monitor)
     * that changes nothing but its own timestamps while the cluster is quiet. When only background
     * work is queued for a long stretch (more than twice {@link #JUMP_MARGIN} before the deadline or
     * the next other work) and every idler is quiet, the loop moves the clock to {@link #JUMP_MARGIN}
     * before that point at once and lets each idler fast-forward: bring what its ticks would have
     * written up to date and re-arm its tickers after the new now. A year of idle virtual time then
     * costs a few events per node, not three million; the stretch before the deadline runs tick by tick.
     * Only {@link #advance} jumps; {@link #runUntil} runs every tick, so the instant it stops at does
     * not depend on the jump. Simulated: the jump skips the writes of the skipped ticks, so later
     * {@code resourceVersion}s (and the uids derived from them) depend on how a spec splits its
     * {@code advance} calls; event instants, detections, taints and probe times do not.
     */
    public interface Idler {
        /** Whether this participant's background ticks would change nothing that {@link #fastForward} does not reproduce. */
        boolean isQuiet();

        /** The clock jumped to {@code now} over background ticks only: catch up, and re-arm the tickers after now. */
        void fastForward(Instant now);

        /** After every idler's {@link #fastForward}: for an observer of what the others wrote. */
        default void afterFastForward(Instant now) {
        }
    }

    /** How long before the deadline (or the next other work) a jump stops, so that the end runs tick by tick. */
    public static final Duration JUMP_MARGIN = Duration.ofMinutes(10);

    private final java.util.List<Idler> idlers = new java.util.ArrayList<>();
    /**
     * Foreground tickers paused by their owners ({@link Ticker#pause}): their ticks would do nothing,
     * so they schedule none, but a ticking one would have kept the loop from jumping past its next
     * tick. The jump still stops there, so pausing changes no jump (and no resourceVersion) a spec sees.
     * Insertion order: iteration decides nothing observable, only the earliest instant.
     */
    private final java.util.Set<Ticker> pausedTickers = new java.util.LinkedHashSet<>();

    void paused(Ticker ticker) {
        pausedTickers.add(ticker);
    }

    void unpaused(Ticker ticker) {
        pausedTickers.remove(ticker);
    }

    /** Registers an idler; idlers fast-forward in registration order. */
    public void addIdler(Idler idler) {
        checkThread("EventLoop.addIdler");
        idlers.add(Objects.requireNonNull(idler, "idler"));
    }

    /** Schedules work after a delay of virtual time. */
    public Timer scheduleAfter(Duration delay, String label, Runnable action) {
        checkThread("EventLoop.scheduleAfter");
        return enqueue(clock.now().plus(delay), label, false, action);
    }

    /** Schedules work now, after everything already due now. */
    public Timer post(String label, Runnable action) {
        checkThread("EventLoop.post");
        return enqueue(clock.now(), label, false, action);
    }

    private Timer enqueue(Instant at, String label, boolean background, Runnable action) {
        Instant now = clock.now();
        Timer timer = new Timer(at.isBefore(now) ? now : at, label, action, background);
        queue.add(timer);
        return timer;
    }

    /**
     * Queues a timer that has run (so is no longer queued) again at the instant (second, nano), as if
     * newly scheduled: a {@link Ticker} reuses its one timer from tick to tick instead of allocating one
     * per tick, and gives its instant as primitives. An instant in the past means now.
     */
    void requeue(Timer timer, long second, int nano) {
        checkThread("EventLoop.schedule");
        Instant now = clock.now();
        if (TimerQueue.before(second, nano, now.getEpochSecond(), now.getNano())) {
            timer.at = now;
            queue.add(timer);
        } else {
            queue.add(timer, second, nano);
        }
    }

    /**
     * The jump over a quiet stretch ({@link Idler}): when the next work is background, the next other
     * work (or the deadline) is more than twice the margin away and every idler is quiet, the clock
     * moves to the margin before it and the idlers fast-forward. True if it jumped.
     */
    private boolean jumpIfQuiet(Timer next, Instant deadline) {
        if (!next.background || idlers.isEmpty()) {
            return false;
        }
        Instant horizon = deadline;
        Instant foreground = queue.nextForeground();
        if (foreground != null && foreground.isBefore(horizon)) {
            horizon = foreground;
        }
        Instant target = horizon.minus(JUMP_MARGIN);
        if (!target.minus(JUMP_MARGIN).isAfter(clock.now()) || !target.isAfter(next.at)) {
            return false;
        }
        for (Ticker paused : pausedTickers) { // what a ticking ticker would have had queued
            Instant tick = paused.nextGridTickAfter(clock.now());
            if (tick.isBefore(horizon)) {
                horizon = tick;
                target = horizon.minus(JUMP_MARGIN);
                if (!target.minus(JUMP_MARGIN).isAfter(clock.now()) || !target.isAfter(next.at)) {
                    return false;
                }
            }
        }
        for (Idler idler : idlers) {
            if (!idler.isQuiet()) {
                return false;
            }
        }
        clock.moveTo(target);
        for (Idler idler : idlers) {
            idler.fastForward(target);
        }
        for (Idler idler : idlers) {
            idler.afterFastForward(target);
        }
        return true;
    }

    /**
     * Runs what other threads submitted to the inbox, then everything due now, including work it
     * schedules for now, until nothing is left.
     */
    public void settle() {
        checkThread("EventLoop.settle");
        try {
            step();
        } finally {
            engine.releaseIfIdle();
        }
    }

    /** One step at the current instant: the inbox first, so its writes are seen by the work due now. */
    private void step() {
        engine.yieldIfWanted();
        engine.stepStarted();
        try {
            runDue();
        } finally {
            engine.stepEnded();
        }
    }

    private void runDue() {
        inbox.drain();
        int run = 0;
        Timer next;
        Instant now = clock.now();
        long second = now.getEpochSecond();
        int nano = now.getNano();
        // the head's instant from the queue's own key arrays: the timer is read once, to run it
        while ((next = queue.peek()) != null && queue.headNotAfter(second, nano)) {
            queue.poll();
            if (next.cancelled) {
                continue;
            }
            if (++run > MAX_EVENTS_AT_ONE_INSTANT) {
                throw new PeapodException("more than " + MAX_EVENTS_AT_ONE_INSTANT
                        + " events ran at " + clock.now() + " without time passing; the last was " + next.label);
            }
            eventsRun++;
            next.action.run();
        }
    }

    /** Moves time forward by {@code duration}, running every event on the way at its own instant. */
    public void advance(Duration duration) {
        checkThread("EventLoop.advance");
        requireNotNegative(duration, "duration");
        Instant deadline = clock.now().plus(duration);
        try {
            step();
            while (stepBefore(deadline, true)) {
                // each step runs one instant's events
            }
            moveForwardTo(deadline);
            step();
        } finally {
            engine.releaseIfIdle();
        }
    }

    /**
     * Runs events until the condition holds, checking it once everything due at an instant has run.
     * The clock stops at the first such instant. False: the limit passed first (the clock is then at
     * now + limit).
     */
    public boolean runUntil(BooleanSupplier condition, Duration limit) {
        checkThread("EventLoop.runUntil");
        requireNotNegative(limit, "limit");
        Instant deadline = clock.now().plus(limit);
        try {
            step();
            if (condition.getAsBoolean()) {
                return true;
            }
            // while time runs with the wall clock, the wait lets the driver move it (an operator on its own thread
            // gets wall time to act in) and checks the condition after each of its ticks
            RealTimeDriver driver;
            while ((driver = drivenByAnotherThread()) != null && clock.now().isBefore(deadline)
                    && engine.yieldForRealTime(driver::awaitTick)) {
                if (condition.getAsBoolean()) {
                    return true;
                }
            }
            if (!clock.now().isBefore(deadline)) {
                return condition.getAsBoolean();
            }
            // no idle jump here: a condition may read what only background work changes (a heartbeat time,
            // a lease renewal, the clock), and the jump would check it only after the quiet stretch; so
            // runUntil stops at the first instant the condition holds, as without the jump (review8 D6)
            while (stepBefore(deadline, false)) {
                if (condition.getAsBoolean()) {
                    return true;
                }
            }
            moveForwardTo(deadline);
            step();
            return condition.getAsBoolean();
        } finally {
            engine.releaseIfIdle();
        }
    }

    /**
     * Moves to the next instant with live work not after the deadline and runs it; false if none.
     * {@code mayJump}: a quiet stretch may be jumped over ({@link #advance} only).
     */
    private boolean stepBefore(Instant deadline, boolean mayJump) {
        Timer next = queue.peek();
        while (next != null && next.cancelled) {
            queue.poll();
            next = queue.peek();
        }
        if (next == null || next.at.isAfter(deadline)) {
            return false;
        }
        if (mayJump && jumpIfQuiet(next, deadline)) {
            step();
            return true;
        }
        moveForwardTo(next.at);
        step();
        return true;
    }

    /**
     * Moves the clock to {@code instant} unless it is already there or later: while time runs in real time,
     * the driver and the test's own {@code advance} both move it, and each may have let the other in between
     * two instants ({@link EngineLock}), so a deadline worked out before may have passed.
     */
    private void moveForwardTo(Instant instant) {
        if (instant.isAfter(clock.now())) {
            clock.moveTo(instant);
        }
    }

    /** The real-time driver while one runs, else null. */
    private volatile RealTimeDriver realTime;

    void realTimeStarted(RealTimeDriver driver) {
        realTime = driver;
    }

    void realTimeStopped(RealTimeDriver driver) {
        if (realTime == driver) {
            realTime = null;
        }
    }

    /** The real-time driver, when one moves time on a thread other than the caller's; else null. */
    private RealTimeDriver drivenByAnotherThread() {
        RealTimeDriver driver = realTime;
        return driver != null && !driver.isDriverThread() ? driver : null;
    }

    /** How many events have run since the loop started: the benchmark's unit of work. */
    public long eventsRun() {
        return eventsRun;
    }

    private static void requireNotNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new dev.peapod.core.PeapodException(name + " must not be negative, but was " + duration);
        }
    }
}
