package dev.peapod.runtime;

import dev.peapod.core.PeapodException;
import dev.peapod.time.EventLoop;
import dev.peapod.time.VirtualClock;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The program a container runs on the runtime FakeCluster builds (DESIGN §6): the test's script keeps
 * today's server behind it, a {@code sh -c} command line runs in Peapod's shell on the container's
 * own files, anything else is the well-behaved server.
 */
class ProgramChoiceTest {
    private static final Instant T0 = VirtualClock.DEFAULT_START;

    private final EventLoop loop = new EventLoop(new VirtualClock(T0));
    private final List<String> scripted = new ArrayList<>();
    private final Overrides overrides = (namespace, pod, container) -> scripted.contains(container)
            ? Optional.of(new Overrides.ScriptedContainer() {
                @Override
                public Optional<Response> answer(ProcessContext process, Endpoint request, Requester who) {
                    return Optional.empty();
                }

                @Override
                public Optional<PlannedExit> plannedExit(int startNumber) {
                    return Optional.empty();
                }

                @Override
                public boolean onSigterm(ProcessContext process) {
                    return false;
                }
            })
            : Optional.empty();
    private final NodeRuntime runtime = new NodeRuntime("worker0", loop, new Random(42), new ImageRegistry(), overrides);
    private final Sandbox sandbox = runtime.runPodSandbox("uid-1", "default", "shop", "10.244.1.2");
    private final List<String> exits = new ArrayList<>();

    ProgramChoiceTest() {
        runtime.onContainerExit((sandboxId, id, exit) -> exits.add(exit.exitCode() + " " + exit.reason() + " @"
                + Duration.between(T0, exit.at()).toSeconds()));
    }

    private String start(String name, List<String> command, List<String> args) {
        Container spec = new ContainerBuilder().withName(name).withImage("example/tool").withCommand(command).withArgs(args).build();
        String id = runtime.createContainer(sandbox, spec, 1);
        runtime.startContainer(id);
        return id;
    }

    private List<String> logs(String id) {
        return runtime.logs(id).stream().map(l -> Duration.between(T0, l.at()).toSeconds() + " " + l.stream() + " " + l.text()).toList();
    }

    private ExecSyncResponse exec(String id, String... command) {
        return runtime.execSync(id, List.of(command), ofSeconds(1));
    }

    @Test
    void a_script_that_ends_is_the_containers_exit_code_and_its_output_is_the_log() {
        String id = start("task", List.of("sh", "-c", "echo done; exit 3"), List.of());

        loop.advance(ofSeconds(1));

        assertThat(exits).containsExactly("3 Error @0");
        assertThat(logs(id)).containsExactly("0 STDOUT done");
    }

    @Test
    void an_image_without_entrypoint_runs_args_alone_and_bash_and_full_paths_are_shells_too() {
        String args = start("a", List.of(), List.of("/bin/sh", "-c", "sleep 2; exit 4"));
        String bash = start("b", List.of("bash"), List.of("-c", "echo from bash"));

        loop.advance(ofSeconds(3));

        assertThat(exits).containsExactly("0 Completed @0", "4 Error @2");
        assertThat(logs(bash)).containsExactly("0 STDOUT from bash");
        assertThat(runtime.containerStatus(args).exit().exitCode()).isEqualTo(4);
    }

    @Test
    void a_command_line_that_is_no_shell_script_keeps_the_well_behaved_server() {
        String sleep = start("sleeper", List.of("sleep", "5"), List.of());
        String server = start("server", List.of("/app/server"), List.of("--port", "8080"));
        String script = start("file", List.of("sh", "/run.sh"), List.of());

        loop.advance(ofSeconds(10));
        assertThat(exits).isEmpty();
        assertThat(exec(sleep, "cat", "/tmp/healthy").exitCode()).isZero(); // the server succeeds every exec
        runtime.stopContainer(server, ofSeconds(30));
        runtime.stopContainer(script, ofSeconds(30));
        loop.advance(ofSeconds(1));

        assertThat(exits).containsExactly("0 Completed @10", "0 Completed @10");
    }

    @Test
    void a_script_that_runs_a_program_the_shell_does_not_know_keeps_the_well_behaved_server() {
        String java = start("java", List.of("sh", "-c", "echo starting; exec java -jar app.jar"), List.of());
        String server = start("server", List.of("/bin/sh", "-c", "if [ -f /x ]; then /app/server; fi"), List.of());
        String computed = start("computed", List.of("sh", "-c", "$APP --serve"), List.of());
        String substituted = start("sub", List.of("sh", "-c", "echo $(nproc)"), List.of());
        String known = start("known", List.of("sh", "-c", "f() { /bin/echo in f; }; f; sleep 2"), List.of());

        loop.advance(ofSeconds(3));

        assertThat(exits).containsExactly("0 Completed @2"); // only "known" ran in the shell
        assertThat(logs(known)).containsExactly("0 STDOUT in f");
        for (String id : List.of(java, server, computed, substituted)) {
            assertThat(logs(id)).isEmpty();
            assertThat(runtime.containerStatus(id).state()).isEqualTo(ContainerState.RUNNING);
        }
    }

    @Test
    void a_container_the_test_scripts_keeps_todays_server_behind_the_script() {
        scripted.add("liveness");
        String id = start("liveness", List.of("sh", "-c", "exit 1"), List.of());

        loop.advance(ofSeconds(5));
        assertThat(exits).isEmpty();
        assertThat(exec(id, "cat", "/tmp/healthy").exitCode()).isZero();
        runtime.stopContainer(id, ofSeconds(30));
        loop.advance(ofSeconds(1));

        assertThat(exits).containsExactly("0 Completed @5"); // the server exits 0 on SIGTERM: no shell as PID 1
    }

    @Test
    void exec_reads_the_scripts_files_and_sigterm_waits_for_sigkill() {
        String id = start("liveness", List.of(), List.of("/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"));

        loop.advance(ofSeconds(29));
        ExecSyncResponse before = exec(id, "cat", "/tmp/healthy");
        loop.advance(ofSeconds(1));
        ExecSyncResponse after = exec(id, "cat", "/tmp/healthy");
        runtime.stopContainer(id, ofSeconds(30));
        loop.advance(ofSeconds(29));
        List<String> before137 = List.copyOf(exits);
        loop.advance(ofSeconds(1));

        assertThat(before.exitCode()).isZero();
        assertThat(after.exitCode()).isEqualTo(1);
        assertThat(after.output()).isEqualTo("cat: can't open '/tmp/healthy': No such file or directory\n");
        assertThat(before137).isEmpty();
        assertThat(exits).containsExactly("137 Error @60");
    }

    @Test
    void the_files_have_tmp_posix_modes_and_virtual_times() {
        String id = start("files", List.of("sh", "-c", "sleep 65; touch /tmp/a; chmod 640 /tmp/a; sleep 600"), List.of());

        loop.advance(ofSeconds(66));
        ExecSyncResponse listing = exec(id, "ls", "-l", "/tmp/a");

        assertThat(listing.exitCode()).isZero();
        assertThat(listing.output()).isEqualTo("-rw-r-----    1 root     root             0 Jan  1 00:01 /tmp/a\n"); // T0 + 65 s
    }

    @Test
    void a_new_run_starts_with_fresh_files() {
        Container spec = new ContainerBuilder().withName("once").withImage("example/tool")
                .withCommand("sh", "-c", "[ -f /tmp/ran ] && exit 2; touch /tmp/ran; exit 1").build();

        runtime.startContainer(runtime.createContainer(sandbox, spec, 1));
        loop.advance(ofSeconds(1));
        runtime.startContainer(runtime.createContainer(sandbox, spec, 2));
        loop.advance(ofSeconds(1));

        assertThat(exits).containsExactly("1 Error @0", "1 Error @1");
    }

    @Test
    void an_exec_that_waits_in_virtual_time_fails_clearly() {
        String id = start("app", List.of("sh", "-c", "sleep 600"), List.of());

        ExecSyncResponse response = exec(id, "sh", "-c", "sleep 5; cat /tmp/x");

        assertThat(response.exitCode()).isEqualTo(1);
        assertThat(response.timedOut()).isFalse();
        assertThat(response.output()).isEqualTo("peapod: the command waits in virtual time (sleep, wait, tail -f), so it cannot "
                + "answer at once; run it through ShellProgram.execAsync\n");
    }

    @Test
    void a_script_the_shell_cannot_run_gets_the_default_server_in_the_runtime_and_its_reason_for_the_facade() {
        Container spec = new ContainerBuilder().withName("broken").withImage("example/tool")
                .withCommand("sh", "-c", "if true; then echo x").build();

        // the façade refuses such a pod at apply (FakeClusterShellScriptTest); a pod written to the store
        // directly must not throw on the event loop
        assertThat(NodeRuntime.unrunnableScript(spec)).hasValueSatisfying(problem -> assertThat(problem).startsWith("line 1, column "));
        String id = runtime.createContainer(sandbox, spec, 1);
        assertThat(id).isNotEmpty();
    }
}
