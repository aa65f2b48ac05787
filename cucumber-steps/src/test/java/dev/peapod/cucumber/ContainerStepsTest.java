package dev.peapod.cucumber;

import dev.peapod.NodeSpec;
import dev.peapod.core.PeapodException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The steps about files, exec and logs, on a namespaced pod ("e2e/writer"). */
class ContainerStepsTest {

    private static PeapodWorld world() {
        PeapodWorld world = new PeapodWorld();
        world.addNode(NodeSpec.named("node-1"));
        world.applyYaml("""
                apiVersion: v1
                kind: Namespace
                metadata: {name: e2e}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: writer, namespace: e2e}
                spec:
                  containers:
                  - {name: c, image: busybox, command: [sh, -c, 'printf "a\\nb\\n" > /tmp/ab; echo up; sleep 3600']}
                """);
        world.cluster().advance(Duration.ofSeconds(1));
        return world;
    }

    @Test
    void aCommandLineSplitsAsAShellSplitsIt() {
        assertThat(ContainerSteps.words("ls -la  /data")).isEqualTo(List.of("ls", "-la", "/data"));
        assertThat(ContainerSteps.words("sh -c 'echo hi; ls'")).isEqualTo(List.of("sh", "-c", "echo hi; ls"));
        assertThat(ContainerSteps.words("echo \"a b\"''")).isEqualTo(List.of("echo", "a b"));
        assertThatThrownBy(() -> ContainerSteps.words("echo 'a"))
                .isInstanceOf(PeapodException.class).hasMessage("the command \"echo 'a\" has an unclosed ' quote");
    }

    @Test
    void aDocStringIsLinesEachEndingInANewline() {
        assertThat(ContainerSteps.text("a\nb")).isEqualTo("a\nb\n");
        assertThat(ContainerSteps.text("")).isEqualTo("");
    }

    @Test
    void theStepsReadFilesRunCommandsAndReadLogs() {
        try (PeapodWorld world = world()) {
            ContainerSteps steps = new ContainerSteps(world);
            PodName pod = PodName.parse("e2e/writer");

            assertThatCode(() -> {
                steps.fileContains("/tmp/ab", "c", pod, "a\nb");
                steps.runningPrints("cat /tmp/ab", "c", pod, "a\nb");
                steps.runningExitsWith("sh -c 'exit 4'", "c", pod, 4);
                steps.logsShow("c", pod, "up");
            }).doesNotThrowAnyException();
            assertThatThrownBy(() -> steps.runningPrints("echo hi", "c", pod, "ho"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("[the output of \"echo hi\" in container \"c\" of pod e2e/writer (exit code 0, stderr \"\")] ");
            assertThatThrownBy(() -> steps.previousLogsShow("c", pod, ""))
                    .isInstanceOf(PeapodException.class)
                    .hasMessage("previous terminated container \"c\" in pod \"writer\" not found");
        }
    }
}
