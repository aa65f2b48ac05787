package dev.peapod.runtime.shell;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.IntConsumer;
import java.util.function.Predicate;

/**
 * A running script as an explicit stack of {@link Frames.Frame}s: the top frame steps until it
 * pushes a child or completes, and a job that waits ({@code sleep}, {@code wait}, {@code tail -f})
 * leaves its stack as it is until a timer or an event resumes it. No thread ever blocks.
 */
final class Job {
    /**
     * Steps a job may take without waiting. A script that loops without sleeping would spin a real
     * CPU for ever; on the event loop it would stop virtual time, so it is stopped here, with a message.
     */
    static final int BUSY_LIMIT = 200_000;

    final Shell shell;
    final Env env;
    final int pid;
    final Io io;
    private final IntConsumer onDone;
    private final Deque<Frames.Frame> stack = new ArrayDeque<>();
    int status;
    int conditionDepth;                 // inside if/while conditions: set -e does not apply
    private boolean waiting;
    private boolean inWaitBuiltin;
    private Runnable cancel;
    private boolean running;
    private boolean done;
    private boolean exitTrapRan;

    Job(Shell shell, Env env, int pid, Io io, IntConsumer onDone) {
        this.shell = shell;
        this.env = env;
        this.pid = pid;
        this.io = io;
        this.onDone = onDone;
    }

    void push(Frames.Frame frame) {
        stack.push(frame);
    }

    /** The top frame is finished with this status. */
    void complete(int status) {
        stack.pop();
        setStatus(status);
    }

    void setStatus(int status) {
        this.status = status;
        env.lastStatus = status;
    }

    boolean waiting() {
        return waiting;
    }

    boolean done() {
        return done;
    }

    /** Steps frames until the job waits or ends. Re-entrant calls (kill $$ from the script) return at once. */
    void run() {
        if (running || done) {
            return;
        }
        running = true;
        int steps = 0;
        try {
            while (!waiting) {
                if (++steps > BUSY_LIMIT) {
                    io.err().write("peapod: the script ran " + BUSY_LIMIT + " steps without waiting (a loop with no sleep?); "
                            + "Peapod's shell stops it there and the process stays as it is, as a spinning process would\n");
                    waiting = true;
                    break;
                }
                if (this == shell.main) {
                    String signal = shell.takePendingSignal();
                    if (signal != null) {
                        stack.push(new Frames.TrapFrame(shell.traps.getOrDefault(signal, ""), io, status));
                        continue;
                    }
                    if (stack.isEmpty() && !exitTrapRan && !shell.traps.getOrDefault("EXIT", "").isEmpty()) {
                        exitTrapRan = true;
                        stack.push(new Frames.TrapFrame(shell.traps.get("EXIT"), io, status));
                        continue;
                    }
                }
                if (stack.isEmpty()) {
                    break;
                }
                stack.peek().step(this);
            }
        } finally {
            running = false;
        }
        if (stack.isEmpty() && !waiting && !done) {
            done = true;
            onDone.accept(status);
        }
    }

    /** Waits {@code delay} of virtual time (for ever when null), then goes on with status 0. */
    void sleep(Duration delay) {
        waiting = true;
        if (delay != null) {
            cancel = shell.host.after(delay, () -> resume(0));
        }
    }

    /** Waits in the wait builtin until {@link #backgroundEnded} finds nothing left to wait for. */
    void waitForBackground() {
        waiting = true;
        inWaitBuiltin = true;
    }

    void backgroundEnded() {
        if (inWaitBuiltin && shell.background.isEmpty()) {
            inWaitBuiltin = false;
            resume(0);
        }
    }

    /** A trapped signal interrupts the wait builtin, not a foreground command (bash(1), SIGNALS). */
    void interruptWait(int status) {
        if (inWaitBuiltin) {
            inWaitBuiltin = false;
            resume(status);
        }
    }

    private void resume(int status) {
        if (!waiting || done) {
            return;
        }
        waiting = false;
        cancel = null;
        setStatus(status);
        run();
    }

    /** Ends the job at once, as a signal does, with this status. */
    void kill(int status) {
        if (cancel != null) {
            cancel.run();
        }
        stack.clear();
        waiting = false;
        inWaitBuiltin = false;
        exitTrapRan = true;
        setStatus(status);
        if (!running && !done) {
            done = true;
            onDone.accept(status);
        }
    }

    /** {@code exit}: unwinds to the nearest subshell, or ends the job. */
    void exit(int code) {
        unwind(Frames.Frame::catchesExit);
        if (!stack.isEmpty()) {
            stack.pop();
        }
        setStatus(code);
    }

    /** Pops frames down to the first one that {@code target} accepts, which stays on top; null if none. */
    Frames.Frame unwind(Predicate<Frames.Frame> target) {
        while (!stack.isEmpty()) {
            if (target.test(stack.peek())) {
                return stack.peek();
            }
            stack.pop();
        }
        return null;
    }

    /** Whether a frame that {@code target} accepts is on the stack (break outside a loop is an error). */
    boolean has(Predicate<Frames.Frame> target) {
        return stack.stream().anyMatch(target);
    }
}
