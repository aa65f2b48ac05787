package dev.peapod.runtime.shell;


import dev.peapod.runtime.shell.Ast.Node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * One shell process and what its jobs share: traps, functions, background jobs, the process ids it
 * hands out. Its scripts run as {@link Job}s, resumable machines on the event loop: nothing blocks,
 * {@code sleep} suspends a job in virtual time and a timer resumes it.
 */
final class Shell {
    final ShellHost host;
    final String name;                                     // "sh" or "bash": error messages start with it
    final List<String> commandLine;                        // what ps shows for PID 1
    final Map<String, Node> functions = new LinkedHashMap<>();
    final Map<String, String> traps = new LinkedHashMap<>(); // signal name -> handler text ("" ignores)
    final Map<Integer, Job> background = new TreeMap<>();
    final Map<Integer, Integer> finished = new TreeMap<>();  // background jobs that ended: their status, for wait PID
    final int pid;                                         // this shell's own process in the container's PID namespace
    final boolean pid1;                                    // PID 1: SIGTERM without a trap is ignored (the kernel shields init)
    Job main;
    private final List<String> pendingSignals = new ArrayList<>();

    /** @param pid the shell's process, already in the host's process table */
    Shell(ShellHost host, String name, List<String> commandLine, int pid) {
        this.host = host;
        this.name = name;
        this.commandLine = List.copyOf(commandLine);
        this.pid = pid;
        this.pid1 = pid == 1;
    }

    /** Starts the main job with {@code first} on its stack; {@code done} hears its exit status. */
    Job start(Frames.Frame first, Env env, Io io, IntConsumer done) {
        main = new Job(this, env, pid, io, done);
        main.push(first);
        main.run();
        return main;
    }

    /**
     * A child process of this shell (a background job, ps itself): the next PID of the namespace. A
     * signal sent to it from another process ends the background job with that PID, if there is one.
     */
    int newPid(String command) {
        int[] pid = new int[1];
        pid[0] = host.processes().spawn("root", command, signal -> {
            Job job = background.get(pid[0]);
            if (job != null && !signal.equals("0")) {
                job.kill(128 + Signals.number(signal));
            }
        });
        return pid[0];
    }

    /**
     * A signal for the shell itself. bash(1), SIGNALS: a trapped signal that arrives while the shell
     * waits for a foreground command runs its trap when the command completes; during the wait builtin
     * it interrupts the wait (status 128 + n) and the trap runs at once. Without a trap, SIGTERM kills
     * the shell, except as PID 1, which the kernel shields from signals it has no handler for.
     */
    void signal(String signal) {
        String handler = traps.get(signal);
        if (handler == null && signal.equals("WINCH")) {
            return; // SIGWINCH's default action is to be ignored (signal(7))
        }
        if (handler == null) {
            if (!pid1 && main != null && !main.done()) {
                main.kill(128 + Signals.number(signal));
            }
            return;
        }
        if (handler.isEmpty() || main == null || main.done()) {
            return;
        }
        pendingSignals.add(signal);
        main.interruptWait(128 + Signals.number(signal));
        if (!main.waiting()) {
            main.run();
        }
    }

    /** A signal that arrived and whose trap has not run yet, or null. */
    String takePendingSignal() {
        return pendingSignals.isEmpty() ? null : pendingSignals.remove(0);
    }

    /** Notifies jobs waiting in {@code wait} that a background job ended. */
    void backgroundEnded(int pid, int status) {
        background.remove(pid);
        host.processes().exit(pid);
        finished.put(pid, status);
        if (main != null) {
            main.backgroundEnded();
        }
    }
}
