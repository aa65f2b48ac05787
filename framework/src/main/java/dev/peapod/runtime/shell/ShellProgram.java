package dev.peapod.runtime.shell;

import dev.peapod.runtime.ContainerFiles;
import dev.peapod.runtime.ExecOutput;
import dev.peapod.runtime.ExecResult;
import dev.peapod.runtime.ProcessContext;
import dev.peapod.runtime.Program;
import dev.peapod.runtime.Signal;
import io.fabric8.kubernetes.api.model.Container;
import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * A container whose command line Peapod's shell interprets ({@code sh -c '...'}, {@code sleep 3600},
 * {@code echo hi}): the script runs on the event loop in virtual time, on the container's own files;
 * its output goes to the container's log and its exit status is the container's exit code.
 *
 * <p>As PID 1 the shell ignores SIGTERM unless the script traps it, as busybox's {@code sh} and bash
 * do in a real container (the kernel drops signals PID 1 has no handler for); the runtime's SIGKILL
 * then ends it with 137 at the end of the grace period. A {@code trap '...' TERM} handler runs when
 * the foreground command ends, or at once when the script is in {@code wait} (bash(1), SIGNALS).
 *
 * <p>Exec commands ({@code cat /tmp/healthy}, {@code sh -c '...'}) run in a shell of their own on the
 * same files. {@link Program#onExec} answers synchronously, so a command that waits in virtual time
 * ({@code sleep 5; ...}) cannot answer there: {@link #execAsync} is the extension for callers that can
 * wait on the event loop, and {@link #onExec} answers such a command with exit code 1 and says why.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ShellProgram implements Program {
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final List<String> commandLine;
    private final String hostname;
    private final Network network;
    private Shell shell;
    private LineLog out;
    private LineLog err;

    /**
     * @param commandLine the container's command and args, as the kubelet runs them
     * @param hostname    what {@code hostname} prints (the pod's name)
     * @param network     where {@code wget} and {@code curl} go
     * @throws ShellException when a {@code sh -c} script is broken or uses what this shell does not support
     */
    public ShellProgram(List<String> commandLine, String hostname, Network network) {
        if (commandLine.isEmpty()) {
            throw new IllegalArgumentException("a shell program needs a command line");
        }
        this.commandLine = List.copyOf(commandLine);
        this.hostname = hostname;
        this.network = network;
        check(this.commandLine);
    }

    /** Whether this shell runs the command line itself: a shell, or a command it knows; else the caller's behaviour rules apply. */
    public static boolean understands(List<String> commandLine) {
        if (commandLine.isEmpty()) {
            return false;
        }
        String name = commandLine.get(0);
        return Commands.KNOWN.contains(name.substring(name.lastIndexOf('/') + 1));
    }

    /**
     * The first program a {@code sh -c} command line's script runs that this shell does not know
     * ({@code java}, {@code /app/server}, {@code exec nginx}, or a name computed at run time); empty
     * when it knows them all, or when the command line is no {@code sh -c} script.
     *
     * @throws ShellException when the script is broken or uses what this shell does not support
     */
    public static Optional<String> unknownProgram(List<String> commandLine) {
        return script(commandLine).flatMap(Programs::firstUnknown);
    }

    /**
     * The script of a {@code sh -c} command line: {@code sh}, {@code bash} or {@code ash} (any
     * directory), options, then {@code -c} (alone or among other letters, {@code -ec}) and the script.
     * Empty for any other command line, including a script file ({@code sh /run.sh -c x} runs
     * {@code /run.sh}). The one place that decides it, for this class and the runtime's program choice.
     */
    public static Optional<String> script(List<String> commandLine) {
        if (commandLine.size() < 3) {
            return Optional.empty();
        }
        String name = commandLine.get(0).substring(commandLine.get(0).lastIndexOf('/') + 1);
        if (!Set.of("sh", "bash", "ash").contains(name)) {
            return Optional.empty();
        }
        for (int i = 1; i < commandLine.size() - 1; i++) {
            String argument = commandLine.get(i);
            if (argument.matches("-[a-z]*c[a-z]*")) {
                return Optional.of(commandLine.get(i + 1));
            }
            if (!argument.startsWith("-")) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Parses a {@code sh -c} script now, so that a broken one fails before the container starts. */
    private static void check(List<String> commandLine) {
        script(commandLine).ifPresent(Parser::parse);
    }

    @Override
    public void onStart(ProcessContext process) {
        out = new LineLog(process::stdout);
        err = new LineLog(process::stderr);
        if (readsAnOpenStdin(process)) {
            // stdin: true keeps the container's stdin open with nothing written to it: a shell reading
            // its commands from there waits for ever (kubectl attach would type into it), and as PID 1
            // ignores SIGTERM, as the seeds' busybox "shell" container does
            shell = new Shell(host(process), shellName(commandLine), commandLine, process.pid());
            return;
        }
        shell = new Shell(host(process), shellName(commandLine), commandLine, process.pid());
        Io io = new Io(Io.Input.empty(), out::write, err::write);
        shell.start(new Frames.CommandFrame(commandLine, io), env(process), io, status -> {
            out.flush();
            err.flush();
            process.exit(status);
        });
    }

    /** A shell with no script (no -c, no file) whose container keeps stdin open (spec.stdin). */
    private boolean readsAnOpenStdin(ProcessContext process) {
        if (process.spec() == null || !Boolean.TRUE.equals(process.spec().getStdin())) {
            return false;
        }
        String name = commandLine.get(0).substring(commandLine.get(0).lastIndexOf('/') + 1);
        return Set.of("sh", "bash", "ash").contains(name)
                && commandLine.subList(1, commandLine.size()).stream().allMatch(a -> a.startsWith("-") && !a.contains("c"));
    }

    @Override
    public void onSignal(ProcessContext process, Signal signal) {
        if (signal != Signal.SIGKILL && shell != null) {
            shell.signal(signal.name().substring(3)); // the image's stop signal: TERM, or QUIT or WINCH, by its trap name
        }
    }

    @Override
    public ExecResult onExec(ProcessContext process, List<String> command) {
        ExecResult[] result = new ExecResult[1];
        execAsync(process, command, r -> result[0] = r);
        if (result[0] == null) {
            return ExecResult.of(1, "peapod: the command waits in virtual time (sleep, wait, tail -f), so it cannot answer at once; "
                    + "run it through ShellProgram.execAsync\n");
        }
        return result[0];
    }

    /**
     * Runs an exec command in a shell of its own on this container's files; {@code done} hears its
     * exit code and combined output when it ends, at once or later in virtual time.
     */
    public void execAsync(ProcessContext process, List<String> command, Consumer<ExecResult> done) {
        if (command.isEmpty()) {
            done.accept(ExecResult.of(126, "peapod: an exec command needs at least one word\n"));
            return;
        }
        Output output = new Output(); // most exec commands write once: their text is kept without a copy
        exec(process, command, output::write, output::write, status -> done.accept(ExecResult.of(status, output.text())));
    }

    /** An exec'd command: a process of the container's namespace while it runs (ps shows it), in a shell of its own. */
    private void exec(ProcessContext process, List<String> command, Io.Sink out, Io.Sink err, java.util.function.IntConsumer done) {
        Shell[] execShell = new Shell[1];
        int pid = process.processes().spawn("root", String.join(" ", command), signal -> execShell[0].signal(signal));
        execShell[0] = new Shell(host(process), shellName(command), command, pid);
        Io io = new Io(Io.Input.empty(), out, err);
        execShell[0].start(new Frames.CommandFrame(command, io), env(process), io, status -> {
            process.processes().exit(pid);
            done.accept(status);
        });
    }

    /**
     * As {@link #execAsync}, with stdout and stderr kept apart, as {@code kubectl exec} shows them:
     * {@code done} hears the exit code and both streams when the command ends, at once or later.
     */
    public void execSeparately(ProcessContext process, List<String> command, Consumer<ExecOutput> done) {
        if (command.isEmpty()) {
            done.accept(new ExecOutput(126, "", "peapod: an exec command needs at least one word\n"));
            return;
        }
        StringBuilder stdout = new StringBuilder();
        StringBuilder stderr = new StringBuilder();
        exec(process, command, stdout::append, stderr::append,
                status -> done.accept(new ExecOutput(status, stdout.toString(), stderr.toString())));
    }

    /**
     * Why runc could not start {@code command} in this container, in its words, or empty when this shell
     * runs it: a name with no slash must be a command the shell knows (Go's exec.LookPath over PATH:
     * {@code exec: "x": executable file not found in $PATH}); a path must be one of those in a bin
     * directory or a file in the container ({@code exec: "/x": stat /x: no such file or directory}).
     * A command the shell knows but fails at (exit 127 inside a script) is the command's own affair.
     */
    @Override
    public Optional<String> execStartError(ProcessContext process, List<String> command) {
        if (command.isEmpty()) {
            return Optional.empty();
        }
        String name = command.get(0);
        if (!name.contains("/")) {
            return Commands.KNOWN.contains(name) || FileCommands.handles(name) ? Optional.empty()
                    : Optional.of("exec: \"" + name + "\": executable file not found in $PATH");
        }
        int slash = name.lastIndexOf('/');
        String base = name.substring(slash + 1);
        if (Commands.BIN_DIRS.contains(name.substring(0, slash)) && (Commands.KNOWN.contains(base) || FileCommands.handles(base))) {
            return Optional.empty();
        }
        Container spec = process.spec();
        String cwd = spec == null || spec.getWorkingDir() == null || spec.getWorkingDir().isEmpty() ? "/" : spec.getWorkingDir();
        String path = process.files().resolve(cwd, name);
        return java.nio.file.Files.exists(process.files().path(path)) ? Optional.empty()
                : Optional.of("exec: \"" + name + "\": stat " + name + ": no such file or directory");
    }

    private ShellHost host(ProcessContext process) {
        return new ShellHost() {
            @Override
            public Instant now() {
                return process.now();
            }

            @Override
            public ContainerFiles files() {
                return process.files();
            }

            @Override
            public Runnable after(Duration delay, Runnable action) {
                return process.scheduleAfter(delay, action)::cancel;
            }

            @Override
            public String hostname() {
                return hostname;
            }

            @Override
            public Network network() {
                return network;
            }

            @Override
            public dev.peapod.runtime.ProcessTable processes() {
                return process.processes();
            }
        };
    }

    private static String shellName(List<String> commandLine) {
        String name = commandLine.get(0).substring(commandLine.get(0).lastIndexOf('/') + 1);
        return name.equals("bash") ? "bash" : "sh";
    }

    /** The container's environment as the shell starts with it: PATH, HOSTNAME, HOME, then the spec's plain values. */
    private Env env(ProcessContext process) {
        if (baseEnv == null || baseEnvOf != process) {
            Container spec = process.spec();
            Map<String, String> vars = new LinkedHashMap<>();
            vars.put("PATH", PATH);
            vars.put("HOSTNAME", hostname);
            vars.put("HOME", "/root");
            vars.putAll(process.env());
            String cwd = spec == null || spec.getWorkingDir() == null || spec.getWorkingDir().isEmpty() ? "/" : spec.getWorkingDir();
            vars.put("PWD", cwd);
            baseEnv = new Env(vars, vars.keySet(), List.of(), shellName(commandLine), cwd);
            baseEnvOf = process;
        }
        return baseEnv.copy(); // every shell of the run starts from the same environment: built once, copied per shell
    }

    private Env baseEnv;
    private ProcessContext baseEnvOf;

    /** An exec command's combined output: a single write (a probe's cat of a whole file) is kept as it is, not copied twice. */
    private static final class Output {
        private String first = "";
        private StringBuilder more;

        void write(String text) {
            if (more != null) {
                more.append(text);
            } else if (first.isEmpty()) {
                first = text;
            } else {
                more = new StringBuilder(first).append(text);
            }
        }

        String text() {
            return more == null ? first : more.toString();
        }
    }

    /** Text to log lines: a line is logged when its newline comes; the rest when the process ends. */
    private static final class LineLog {
        private final Consumer<String> sink;
        private final StringBuilder pending = new StringBuilder();

        LineLog(Consumer<String> sink) {
            this.sink = sink;
        }

        void write(String text) {
            pending.append(text);
            int nl;
            while ((nl = pending.indexOf("\n")) >= 0) {
                sink.accept(pending.substring(0, nl));
                pending.delete(0, nl + 1);
            }
        }

        void flush() {
            if (!pending.isEmpty()) {
                sink.accept(pending.toString());
                pending.setLength(0);
            }
        }
    }
}
