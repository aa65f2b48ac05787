package dev.peapod.runtime.shell;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which command lines are {@code sh -c} scripts: one rule for the runtime's program choice and the shell. */
class ShellScriptLineTest {

    @Test
    void aShellWithOptionsThenMinusCRunsTheNextArgument() {
        assertThat(ShellProgram.script(List.of("/bin/sh", "-c", "echo hi"))).contains("echo hi");
        assertThat(ShellProgram.script(List.of("bash", "-e", "-c", "echo hi"))).contains("echo hi");
        assertThat(ShellProgram.script(List.of("ash", "-ec", "echo hi"))).contains("echo hi");
    }

    @Test
    void aScriptFileOrAnotherProgramIsNoScript() {
        assertThat(ShellProgram.script(List.of("sh", "/run.sh", "-c", "echo hi"))).isEmpty();
        assertThat(ShellProgram.script(List.of("sh", "-c"))).isEmpty();
        assertThat(ShellProgram.script(List.of("zsh", "-c", "echo hi"))).isEmpty();
        assertThat(ShellProgram.script(List.of("/app/server", "-c", "conf"))).isEmpty();
    }

    @Test
    void aScriptFileIsNotParsedForItsLaterArguments() {
        // "if" alone would be refused if it were parsed as a script
        assertThatCode(() -> new ShellProgram(List.of("sh", "/run.sh", "-c", "if"), "pod", Network.none()))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> new ShellProgram(List.of("sh", "-c", "if"), "pod", Network.none()))
                .isInstanceOf(ShellException.class);
    }
}
