package dev.peapod.runtime.images;

import dev.peapod.runtime.ProcessContext;
import dev.peapod.runtime.Signal;
import dev.peapod.runtime.shell.ShellProgram;

import java.util.Set;

/**
 * An agnhost server written in Go. Without signal.Notify, Go's runtime catches SIGTERM and, as PID 1,
 * cannot die of the signal it re-raises (the kernel drops a default-action signal to PID 1), so it
 * falls through to {@code exit(2)} (go: src/runtime/signal_unix.go dieFromSignal, "If we are still
 * somehow running, just exit with the wrong status"). A port already held makes {@code log.Fatal}
 * print the listen error and exit 1.
 */
abstract class GoServer extends Server {
    GoServer(Set<Integer> ports, ShellProgram shell) {
        super(ports, shell);
    }

    @Override
    void portTaken(ProcessContext process, int port) {
        process.stderr(GoFormat.log(process.now(), "listen tcp :" + port + ": bind: address already in use"));
        process.exit(1);
    }

    @Override
    public void onSignal(ProcessContext process, Signal signal) {
        process.exit(2);
    }

    /** A line of Go's standard logger on stderr. */
    static void log(ProcessContext process, String message) {
        process.stderr(GoFormat.log(process.now(), message));
    }
}
