package dev.peapod.runtime.images;

import dev.peapod.runtime.ExecResult;
import dev.peapod.runtime.shell.ShellException;
import dev.peapod.runtime.shell.ShellProgram;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.peapod.runtime.images.Images.BUILT_IN;
import static dev.peapod.runtime.images.Images.program;
import static dev.peapod.runtime.images.Images.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pause image, and the images whose command line is a shell (busybox, alpine, debian, ubuntu). */
class PauseAndShellImagesTest {
    @Test
    void pauseSleepsUntilSigtermThenExitsZero() {
        // given
        FakeProcess pause = run("registry.k8s.io/pause:3.10").advance(Duration.ofHours(1));

        // when
        pause.sigterm();

        // then: build/pause/linux/pause.c sigdown: psignal(signo, "Shutting down, got signal"); exit(0)
        assertThat(pause.exitCode).isZero();
        assertThat(pause.exitedAfterSeconds()).isEqualTo(3600);
        assertThat(pause.log).containsExactly("err: Shutting down, got signal: Terminated");
        assertThat(BUILT_IN.lookup("registry.k8s.io/pause").orElseThrow().onSigterm()).isEqualTo(OnSigterm.exit(0));
    }

    @Test
    void pauseHasNoShellForExecCommands() {
        FakeProcess pause = run("registry.k8s.io/pause");

        assertThat(pause.exec("cat", "/tmp/healthy")).isEqualTo(ExecResult.of(126, "OCI runtime exec failed: exec failed: unable to start "
                + "container process: exec: \"cat\": executable file not found in $PATH: unknown\n"));
        assertThat(pause.get(80, "/").refused()).isTrue();
        assertThat(program("registry.k8s.io/pause", List.of("sh", "-c", "sleep 1"), null)).isEmpty();
    }

    @Test
    void busyboxsDefaultShellEndsAtOnceWithZero() {
        // sh with no script and no stdin (the kubelet gives none unless stdin: true) reads EOF and exits 0
        FakeProcess busybox = run("busybox");

        assertThat(busybox.exitCode).isZero();
        assertThat(program("debian", null, null)).containsInstanceOf(ShellProgram.class);
        assertThat(run("debian").exitCode).isZero();
        assertThat(run("ubuntu:24.04", null, null).exitCode).isZero();
    }

    @Test
    void aShellScriptRunsInPeapodsShellOnTheImagesFiles() {
        FakeProcess alpine = run("alpine", List.of("sh", "-c", "cat /etc/os-release | head -1; exit 3"), null);

        assertThat(alpine.log).containsExactly("out: NAME=\"Alpine Linux\"");
        assertThat(alpine.exitCode).isEqualTo(3);
    }

    @Test
    void aShellAsPidOneIgnoresSigterm() {
        // given
        FakeProcess busybox = run("busybox:1.36", null, List.of("sleep", "3600"));

        // when
        busybox.advance(Duration.ofSeconds(10)).sigterm().advance(Duration.ofSeconds(30));

        // then: the kubelet's SIGKILL ends it at the end of the grace period
        assertThat(busybox.exitCode).isNull();
        assertThat(BUILT_IN.lookup("busybox").orElseThrow().onSigterm()).isEqualTo(OnSigterm.ignore());
    }

    @Test
    void aScriptThatRunsAnUnknownProgramFallsBack() {
        assertThat(program("busybox", List.of("sh", "-c", "exec java -jar app.jar"), null)).isEmpty();
        assertThat(program("debian", List.of("/app/server"), null)).isEmpty();
        assertThat(program("myorg/unknown:1", List.of("sh", "-c", "echo hi"), null)).isEmpty();
    }

    @Test
    void aBrokenScriptIsTheShellsError() {
        assertThatThrownBy(() -> program("busybox", List.of("sh", "-c", "if true; then echo"), null))
                .isInstanceOf(ShellException.class);
    }

    @Test
    void imagesBringTheirOsRelease() {
        assertThat(BUILT_IN.lookup("debian:12").orElseThrow().files().get("/etc/os-release").content())
                .startsWith("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
        assertThat(BUILT_IN.lookup("ubuntu").orElseThrow().files().get("/etc/os-release").content())
                .startsWith("PRETTY_NAME=\"Ubuntu 24.04.2 LTS\"\n");
        assertThat(BUILT_IN.lookup("alpine").orElseThrow().files().get("/etc/os-release").content())
                .isEqualTo("NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.21.3\nPRETTY_NAME=\"Alpine Linux v3.21\"\n"
                        + "HOME_URL=\"https://alpinelinux.org/\"\nBUG_REPORT_URL=\"https://gitlab.alpinelinux.org/alpine/aports/-/issues\"\n");
        assertThat(BUILT_IN.lookup("busybox").orElseThrow().env()).containsExactly(
                java.util.Map.entry("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
        assertThat(BUILT_IN.lookup("nginx").orElseThrow().env()).containsKeys("PATH", "NGINX_VERSION")
                .containsEntry("NGINX_VERSION", "1.27.4");
        assertThat(BUILT_IN.lookup("nginx").orElseThrow().files().get("/usr/share/nginx/html/index.html").mode()).isEqualTo(0644);
    }
}
