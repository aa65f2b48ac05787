package dev.peapod.runtime;

import dev.peapod.runtime.shell.Network;
import dev.peapod.runtime.shell.ShellProgram;
import dev.peapod.time.EventLoop;
import dev.peapod.time.VirtualClock;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ShellProgram on a real node runtime: a container's script runs in virtual time on its own files,
 * exec commands read them, SIGTERM is ignored by the shell as PID 1 unless the script traps it.
 */
class ShellProgramTest {
    private static final Instant T0 = VirtualClock.DEFAULT_START;
    private static final String LIVENESS = "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600";

    private final VirtualClock clock = new VirtualClock(T0);
    private final EventLoop loop = new EventLoop(clock);
    private final List<String> exits = new ArrayList<>();
    private final NodeRuntime runtime = new NodeRuntime("worker0", loop, new Random(42), new ImageRegistry(), Overrides.NONE,
            spec -> withTmp(new ShellProgram(command(spec), "liveness-exec", Network.none())));

    ShellProgramTest() {
        runtime.onContainerExit((sandbox, id, exit) -> exits.add(exit.exitCode() + " " + exit.reason() + " @"
                + Duration.between(T0, exit.at()).toSeconds()));
    }

    private static List<String> command(Container spec) {
        List<String> line = new ArrayList<>(spec.getCommand());
        line.addAll(spec.getArgs());
        return line;
    }

    /** The image's /tmp: image file systems are another part of issue #9, so the test lays it down here. */
    private static Program withTmp(ShellProgram shell) {
        return new Program() {
            @Override
            public void onStart(ProcessContext process) {
                try {
                    Files.createDirectories(process.files().path("/tmp"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                shell.onStart(process);
            }

            @Override
            public void onSignal(ProcessContext process, Signal signal) {
                shell.onSignal(process, signal);
            }

            @Override
            public ExecResult onExec(ProcessContext process, List<String> command) {
                return shell.onExec(process, command);
            }
        };
    }

    private String start(String script) {
        Container spec = new ContainerBuilder().withName("liveness").withImage("registry.k8s.io/busybox")
                .withArgs("/bin/sh", "-c", script).build();
        Sandbox sandbox = runtime.runPodSandbox("uid-1", "default", "liveness-exec", "10.244.1.2");
        String id = runtime.createContainer(sandbox, spec, 1);
        runtime.startContainer(id);
        return id;
    }

    private ExecSyncResponse exec(String id, String... command) {
        return runtime.execSync(id, List.of(command), ofSeconds(1));
    }

    private List<String> logs(String id) {
        return runtime.logs(id).stream().map(l -> Duration.between(T0, l.at()).toSeconds() + " " + l.stream() + " " + l.text()).toList();
    }

    @Test
    void the_docs_exec_liveness_script_has_its_file_for_exactly_30_virtual_seconds() {
        String id = start(LIVENESS);

        loop.advance(ofSeconds(29));
        ExecSyncResponse at29 = exec(id, "cat", "/tmp/healthy");
        loop.advance(ofSeconds(2));
        ExecSyncResponse at31 = exec(id, "cat", "/tmp/healthy");

        assertThat(at29.exitCode()).isZero();
        assertThat(at29.output()).isEmpty();
        assertThat(at31.exitCode()).isEqualTo(1);
        assertThat(at31.output()).isEqualTo("cat: can't open '/tmp/healthy': No such file or directory\n");
        assertThat(exits).isEmpty();
    }

    @Test
    void the_script_ends_after_its_last_sleep_with_its_exit_code() {
        String id = start(LIVENESS);

        loop.advance(ofSeconds(629));
        assertThat(exits).isEmpty();
        loop.advance(ofSeconds(1));

        assertThat(exits).containsExactly("0 Completed @630");
        assertThat(runtime.containerStatus(id).state()).isEqualTo(ContainerState.EXITED);
    }

    @Test
    void a_shell_as_pid_1_ignores_sigterm_and_is_killed_with_137_after_the_grace_period() {
        String id = start(LIVENESS);
        loop.advance(ofSeconds(40));

        runtime.stopContainer(id, ofSeconds(30));
        loop.advance(ofSeconds(29));
        assertThat(exits).isEmpty();
        loop.advance(ofSeconds(1));

        assertThat(exits).containsExactly("137 Error @70");
    }

    @Test
    void a_term_trap_interrupts_wait_and_its_handler_decides_the_exit() {
        String id = start("trap 'echo caught TERM; exit 0' TERM; echo started; sleep 600 & wait");
        loop.advance(ofSeconds(5));

        runtime.stopContainer(id, ofSeconds(30));
        loop.advance(ofSeconds(1));

        assertThat(exits).containsExactly("0 Completed @5");
        assertThat(logs(id)).containsExactly("0 STDOUT started", "5 STDOUT caught TERM");
    }

    @Test
    void a_term_trap_runs_when_the_foreground_sleep_ends() {
        String id = start("trap 'echo caught; exit 3' TERM; sleep 10; echo not reached");

        runtime.stopContainer(id, ofSeconds(30));
        loop.advance(ofSeconds(60));

        assertThat(exits).containsExactly("3 Error @10");
        assertThat(logs(id)).containsExactly("10 STDOUT caught");
    }

    @Test
    void trap_dash_puts_back_the_default_so_sigterm_is_ignored_again() {
        String id = start("trap 'exit 0' TERM; trap - TERM; sleep 600");

        runtime.stopContainer(id, ofSeconds(30));
        loop.advance(ofSeconds(60));

        assertThat(exits).containsExactly("137 Error @30");
    }

    @Test
    void exec_replaces_the_shell_so_its_traps_are_gone() {
        String id = start("trap 'exit 0' TERM; exec sleep 600");

        runtime.stopContainer(id, ofSeconds(30));
        loop.advance(ofSeconds(60));

        assertThat(exits).containsExactly("137 Error @30");
    }

    @Test
    void output_goes_to_the_logs_line_by_line_and_the_exit_code_is_the_containers() {
        String id = start("echo one; sleep 2; echo two >&2; printf 'partial'; exit 3");
        loop.advance(ofSeconds(5));

        assertThat(logs(id)).containsExactly("0 STDOUT one", "2 STDERR two", "2 STDOUT partial");
        assertThat(exits).containsExactly("3 Error @2");
    }

    @Test
    void exec_commands_run_scripts_on_the_containers_files() {
        String id = start("echo ready > /tmp/state; sleep 600");
        loop.advance(ofSeconds(1));

        ExecSyncResponse script = exec(id, "sh", "-c", "grep -q ready /tmp/state && echo yes; exit 4");
        ExecSyncResponse unknown = exec(id, "/app/healthcheck");

        assertThat(script.exitCode()).isEqualTo(4);
        assertThat(script.output()).isEqualTo("yes\n");
        assertThat(unknown.exitCode()).isEqualTo(127);
        assertThat(unknown.output()).isEqualTo("sh: /app/healthcheck: not found\n");
    }
}
