package dev.peapod.runtime.shell;

import dev.peapod.runtime.ExecResult;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A script reaches only its container's Jimfs and the caller's network: never the host. */
class ShellIsolationTest {
    @Test
    void rm_rf_slash_writes_to_tmp_and_cat_etc_passwd_touch_only_the_containers_files() {
        String marker = "peapod-shell-" + UUID.randomUUID();
        Path hostPasswd = Path.of("/etc/passwd");
        boolean hostHadPasswd = Files.exists(hostPasswd);

        FakeProcess process = ShellTest.run("cat /etc/passwd; rm -rf /; ls /; echo gone=$?; mkdir -p /tmp; echo pwned > /tmp/"
                + marker + "; cat /tmp/" + marker + "; cat /etc/passwd");

        assertThat(process.log).containsExactly(
                "out: root:x:0:0:root:/root:/bin/sh",
                "err: rm: can't remove '/': Device or resource busy", // the root is a mount point: its files go, it stays
                "out: gone=0",
                "out: pwned",
                "err: cat: can't open '/etc/passwd': No such file or directory");
        assertThat(process.exitCode).isEqualTo(1);
        assertThat(Files.exists(hostPasswd)).isEqualTo(hostHadPasswd);
        assertThat(Files.exists(Path.of("/tmp", marker))).isFalse();
    }

    @Test
    void an_exec_that_sleeps_answers_later_through_exec_async_and_onExec_says_why_it_cannot_wait() {
        FakeProcess process = new FakeProcess();
        ShellProgram program = new ShellProgram(List.of("sleep", "infinity"), "p", Network.none());
        program.onStart(process);
        List<String> answers = new ArrayList<>();

        program.execAsync(process, List.of("sh", "-c", "sleep 5; echo done; exit 2"),
                r -> answers.add(r.exitCode() + " " + r.output().trim() + " @" + Duration.between(FakeProcess.T0, process.now()).toSeconds()));
        process.loop.advance(Duration.ofSeconds(4));
        assertThat(answers).isEmpty();
        process.loop.advance(Duration.ofSeconds(1));
        ExecResult sync = program.onExec(process, List.of("sh", "-c", "sleep 1"));

        assertThat(answers).containsExactly("2 done @5");
        assertThat(sync).isEqualTo(ExecResult.of(1, "peapod: the command waits in virtual time (sleep, wait, tail -f), so it cannot "
                + "answer at once; run it through ShellProgram.execAsync\n"));
        assertThat(process.exitCode).isNull();
    }

    @Test
    void a_command_line_without_a_shell_runs_as_pid_1_too() {
        FakeProcess process = new FakeProcess();
        new ShellProgram(List.of("/bin/sh", "-c", "sleep 0.5; echo half"), "p", Network.none()).onStart(process);
        process.loop.advance(Duration.ofMillis(499));
        assertThat(process.log).isEmpty();
        process.loop.advance(Duration.ofMillis(1));

        assertThat(process.log).containsExactly("out: half");
        assertThat(process.exitCode).isZero();
        assertThat(ShellProgram.understands(List.of("/bin/sh", "-c", "x"))).isTrue();
        assertThat(ShellProgram.understands(List.of("sleep", "3600"))).isTrue();
        assertThat(ShellProgram.understands(List.of("java", "-jar", "app.jar"))).isFalse();
        assertThat(ShellProgram.understands(List.of("/app/server"))).isFalse();
    }

    @Test
    void a_shell_loop_with_sleep_runs_round_after_round_in_virtual_time() throws Exception {
        FakeProcess process = new FakeProcess();
        Files.createDirectories(process.files.getPath("/data"));
        new ShellProgram(List.of("sh", "-c", "while true; do date >> /data/log; sleep 5; done"), "p", Network.none()).onStart(process);

        process.loop.advance(Duration.ofHours(1));

        List<String> lines = Files.readAllLines(process.files.getPath("/data/log"));
        assertThat(lines).hasSize(721);
        assertThat(lines.get(0)).isEqualTo("Fri Dec  4 08:58:39 UTC 2026");
        assertThat(lines.get(720)).isEqualTo("Fri Dec  4 09:58:39 UTC 2026");
        assertThat(process.exitCode).isNull();
    }

    @Test
    void a_loop_that_never_sleeps_is_stopped_with_a_message_instead_of_stopping_virtual_time() {
        FakeProcess process = ShellTest.run("echo start; while true; do :; done; echo never");

        assertThat(process.log).containsExactly("out: start", "err: peapod: the script ran 200000 steps without waiting "
                + "(a loop with no sleep?); Peapod's shell stops it there and the process stays as it is, as a spinning process would");
        assertThat(process.exitCode).isNull();
    }
}
