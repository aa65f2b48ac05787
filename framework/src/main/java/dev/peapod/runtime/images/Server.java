package dev.peapod.runtime.images;

import dev.peapod.runtime.Endpoint;
import dev.peapod.runtime.ExecResult;
import dev.peapod.runtime.ProcessContext;
import dev.peapod.runtime.Program;
import dev.peapod.runtime.Response;
import dev.peapod.runtime.shell.ShellProgram;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A program that listens on ports: it takes them at start (a port another container of the pod holds
 * makes it fail as the real server does), answers HTTP through {@link #http}, accepts TCP connections,
 * and runs exec commands in the image's shell, or fails them when the image has none.
 */
abstract class Server implements Program {
    private final Set<Integer> ports;
    private final ShellProgram shell;   // null: the image has no shell (pause)
    private boolean listening;

    Server(Set<Integer> ports, ShellProgram shell) {
        this.ports = new TreeSet<>(ports);
        this.shell = shell;
    }

    @Override
    public final void onStart(ProcessContext process) {
        for (int port : ports) {
            if (!process.listen(port)) {
                portTaken(process, port);
                return;
            }
        }
        listening = true;
        started(process);
    }

    /** Everything is listening: log, plan. */
    void started(ProcessContext process) {
    }

    /** Another container of the pod holds {@code port} (EADDRINUSE): fail as the real server does. */
    abstract void portTaken(ProcessContext process, int port);

    /** An HTTP request to one of the ports; {@code target} is the path with its query. */
    abstract Response http(ProcessContext process, int port, String target);

    /** A gRPC request: an HTTP/1 server never completes the HTTP/2 handshake, so the probe's dial times out. */
    Response grpc(ProcessContext process, int port, String service) {
        return Response.hanging();
    }

    @Override
    public Response onRequest(ProcessContext process, Endpoint request) {
        if (!listening || !ports.contains(request.port())) {
            return Response.refusing();
        }
        return switch (request.kind()) {
            case HTTP -> http(process, request.port(), request.path());
            case GRPC -> grpc(process, request.port(), request.path());
            case TCP -> Response.ok();
            case EXEC -> Response.refusing();
        };
    }

    @Override
    public ExecResult onExec(ProcessContext process, List<String> command) {
        if (shell == null) {
            return noShell(command);
        }
        return shell.onExec(process, command);
    }

    /**
     * A command that may wait in virtual time ({@code sh -c "sleep 20"} in a preStop hook) runs in the
     * image's shell and ends when it ends; the program's own commands ({@link #answersItself}) and an
     * image with no shell answer at once.
     */
    @Override
    public void onExecAsync(ProcessContext process, List<String> command, java.util.function.Consumer<dev.peapod.runtime.ExecOutput> done) {
        if (shell == null || answersItself(command)) {
            ExecResult result = onExec(process, command);
            done.accept(new dev.peapod.runtime.ExecOutput(result.exitCode(), result.output(), ""));
            return;
        }
        shell.execSeparately(process, command, done);
    }

    /** An image without a shell starts only the program's own commands; with one, what its shell finds. */
    @Override
    public java.util.Optional<String> execStartError(ProcessContext process, List<String> command) {
        if (shell != null) {
            return shell.execStartError(process, command);
        }
        return answersItself(command) ? java.util.Optional.empty() : java.util.Optional.of(notInPath(command));
    }

    /** Go's exec.LookPath error for the command's name, as runc reports it. */
    static String notInPath(List<String> command) {
        return "exec: \"" + (command.isEmpty() ? "" : command.get(0)) + "\": executable file not found in $PATH";
    }

    /** Whether the program answers this exec command itself rather than through the image's shell ({@code nginx -s quit}). */
    boolean answersItself(List<String> command) {
        return false;
    }

    /**
     * What runc answers when the executable is not in the image (containerd's exec fails before a
     * process starts; kubectl exec reports exit code 126 for it).
     */
    static ExecResult noShell(List<String> command) {
        String name = command.isEmpty() ? "" : command.get(0);
        return ExecResult.of(126, "OCI runtime exec failed: exec failed: unable to start container process: exec: \""
                + name + "\": executable file not found in $PATH: unknown\n");
    }
}
