package dev.peapod.runtime.images;

import dev.peapod.runtime.ExecResult;
import dev.peapod.runtime.ProcessContext;
import dev.peapod.runtime.Response;
import dev.peapod.runtime.Signal;
import dev.peapod.runtime.shell.ShellProgram;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The program of a profile declared in YAML: it listens on its ports; a port with HTTP answers gives
 * them by path (any query) and 404 with an empty body elsewhere; a port without answers gives 200 on
 * every path. Exec commands succeed as the default server's do, or run in Peapod's shell when the
 * profile says the image has one. SIGTERM is treated as the profile's {@code onSigterm} says.
 */
final class DeclaredProgram extends Server {
    /** One HTTP answer. */
    record HttpAnswer(int status, String body) {
    }

    private final Map<Integer, Optional<Map<String, HttpAnswer>>> ports;   // empty: every path 200
    private final OnSigterm onSigterm;
    private final ShellProgram shell;

    DeclaredProgram(Map<Integer, Optional<Map<String, HttpAnswer>>> ports, OnSigterm onSigterm, ShellProgram shell) {
        super(ports.keySet(), shell);
        this.ports = new TreeMap<>(ports);
        this.onSigterm = onSigterm;
        this.shell = shell;
    }

    @Override
    void portTaken(ProcessContext process, int port) {
        process.stderr("peapod: port " + port + " is already in use by another container of the pod; the image profile's program exits 1");
        process.exit(1);
    }

    @Override
    Response http(ProcessContext process, int port, String target) {
        Optional<Map<String, HttpAnswer>> answers = ports.get(port);
        if (answers.isEmpty()) {
            return Http.ok("");
        }
        HttpAnswer answer = answers.get().get(Http.path(target));
        return answer == null ? Http.reply(404, "") : Http.reply(answer.status(), answer.body());
    }

    @Override
    public void onSignal(ProcessContext process, Signal signal) {
        if (onSigterm.ignores()) {
            return;
        }
        if (onSigterm.after().isZero()) {
            process.exit(onSigterm.exitCode());
        } else {
            process.exitAfter(onSigterm.after(), onSigterm.exitCode());
        }
    }

    @Override
    public ExecResult onExec(ProcessContext process, List<String> command) {
        return shell == null ? ExecResult.of(0, "") : shell.onExec(process, command);
    }
}
