package dev.peapod.runtime;

import org.apiguardian.api.API;

import java.util.List;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * What runs in a simulated container: the application behind its ports and its exec commands. A
 * program never runs on the host; it acts only through its {@link ProcessContext} (clock, exits,
 * ports, files, logs), on the cluster's event loop. One instance serves one run of a container: a
 * restart gets a new one.
 *
 * <p>A test's script for the container (package {@code dev.peapod.behaviour}) sits in front of the
 * program and answers first; what it does not script reaches the program (DESIGN §6).
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface Program {
    /** The process started: open ports, plan work. */
    default void onStart(ProcessContext process) {
    }

    /**
     * The image's stop signal arrived (SIGTERM, or its STOPSIGNAL: SIGQUIT for nginx, SIGWINCH for httpd;
     * SIGKILL cannot be caught). Exit through the context, at once or later, or do nothing to ignore it;
     * the runtime's SIGKILL ends the process at the timeout. A test's script sees it as its SIGTERM.
     */
    default void onSignal(ProcessContext process, Signal signal) {
        process.exit(0);
    }

    /** A command run in the container (exec probes, hooks, {@code kubectl exec}). */
    default ExecResult onExec(ProcessContext process, List<String> command) {
        return ExecResult.of(0, "");
    }

    /**
     * A command run in the container whose end may come later in virtual time ({@code kubectl exec},
     * lifecycle hooks): {@code done} hears its exit code, stdout and stderr when it ends. The default
     * answers at once through {@link #onExec}, all of it as stdout.
     */
    default void onExecAsync(ProcessContext process, List<String> command, java.util.function.Consumer<ExecOutput> done) {
        ExecResult result = onExec(process, command);
        done.accept(new ExecOutput(result.exitCode(), result.output(), ""));
    }

    /**
     * Why the container runtime could not start {@code command} in this container, in runc's words
     * ({@code exec: "x": executable file not found in $PATH}), or empty when it starts. {@code kubectl exec}
     * then gets the kubelet's InternalError instead of an exit code. The default: every command starts.
     */
    default java.util.Optional<String> execStartError(ProcessContext process, List<String> command) {
        return java.util.Optional.empty();
    }

    /** An HTTP, TCP or gRPC request to one of the pod's ports that reached this container. */
    default Response onRequest(ProcessContext process, Endpoint request) {
        return Response.refusing();
    }

    /**
     * The default: a well-behaved server that listens at once on its declared ports and its probes'
     * ports, answers HTTP 200 and gRPC SERVING, succeeds every exec command, and exits 0 at once on
     * SIGTERM.
     */
    static Program wellBehavedServer() {
        return new WellBehavedServer();
    }
}
