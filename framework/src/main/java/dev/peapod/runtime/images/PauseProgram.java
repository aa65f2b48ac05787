package dev.peapod.runtime.images;

import dev.peapod.runtime.Endpoint;
import dev.peapod.runtime.ExecResult;
import dev.peapod.runtime.ProcessContext;
import dev.peapod.runtime.Program;
import dev.peapod.runtime.Response;
import dev.peapod.runtime.Signal;

import java.util.List;

/**
 * The pause image's {@code /pause} (kubernetes: build/pause/linux/pause.c): it sleeps until a signal;
 * SIGTERM (or SIGINT) runs {@code sigdown}, which prints {@code psignal}'s line to stderr and exits 0.
 * The image has no shell, so exec commands cannot start.
 */
final class PauseProgram implements Program {
    @Override
    public void onStart(ProcessContext process) {
        // pause() in a loop: nothing to plan, nothing printed when it runs as PID 1
    }

    @Override
    public void onSignal(ProcessContext process, Signal signal) {
        process.stderr("Shutting down, got signal: Terminated"); // psignal(SIGTERM, "Shutting down, got signal")
        process.exit(0);
    }

    @Override
    public ExecResult onExec(ProcessContext process, List<String> command) {
        return Server.noShell(command);
    }

    @Override
    public java.util.Optional<String> execStartError(ProcessContext process, List<String> command) {
        return java.util.Optional.of(Server.notInPath(command));
    }

    @Override
    public Response onRequest(ProcessContext process, Endpoint request) {
        return Response.refusing();
    }
}
