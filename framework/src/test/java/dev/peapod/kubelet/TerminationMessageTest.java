package dev.peapod.kubelet;

import dev.peapod.FakeCluster;
import dev.peapod.runtime.LogLine;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Termination messages (kuberuntime_container.go getTerminationMessage, readLastStringFromContainerLogs):
 * the file at terminationMessagePath, else with FallbackToLogsOnError and an error exit the log's tail.
 */
class TerminationMessageTest {

    private static ContainerStateTerminated terminated(FakeCluster cluster, String pod) {
        return cluster.pod(pod).getStatus().getContainerStatuses().get(0).getState().getTerminated();
    }

    private static void applyPod(FakeCluster cluster, String name, String extra, String script) {
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s}
                spec:
                  restartPolicy: Never
                  containers:
                  - name: c
                    image: busybox
                    %s
                    command: [sh, -c, '%s']
                """.formatted(name, extra, script));
        cluster.advance(Duration.ofSeconds(1));
    }

    @Test
    void theFileAtTheDefaultPathIsTheMessage() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given / when
            applyPod(cluster, "bye", "", "echo bye > /dev/termination-log; exit 1");

            // then
            assertThat(terminated(cluster, "bye").getMessage()).isEqualTo("bye\n");
            assertThat(terminated(cluster, "bye").getExitCode()).isEqualTo(1);
            assertThat(terminated(cluster, "bye").getReason()).isEqualTo("Error");
        }
    }

    @Test
    void aCustomPathIsMountedAndRead() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            applyPod(cluster, "custom", "terminationMessagePath: /tmp/why", "printf done > /tmp/why");

            assertThat(terminated(cluster, "custom").getMessage()).isEqualTo("done");
            assertThat(terminated(cluster, "custom").getReason()).isEqualTo("Completed");
        }
    }

    @Test
    void noFileWrittenMeansNoMessageWithPolicyFile() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            applyPod(cluster, "quiet", "", "echo oops; exit 2");

            assertThat(terminated(cluster, "quiet").getMessage()).isNull();
        }
    }

    @Test
    void fallbackToLogsOnErrorTakesTheLogsTailWhenTheFileIsEmpty() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            applyPod(cluster, "fallback", "terminationMessagePolicy: FallbackToLogsOnError",
                    "echo starting; echo broken >&2; exit 3");

            assertThat(terminated(cluster, "fallback").getMessage()).isEqualTo("starting\nbroken\n");
        }
    }

    @Test
    void fallbackToLogsOnErrorPrefersTheFile() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            applyPod(cluster, "file-first", "terminationMessagePolicy: FallbackToLogsOnError",
                    "echo noise; echo reason > /dev/termination-log; exit 3");

            assertThat(terminated(cluster, "file-first").getMessage()).isEqualTo("reason\n");
        }
    }

    @Test
    void fallbackToLogsOnErrorIgnoresTheLogsOnSuccess() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            applyPod(cluster, "fine", "terminationMessagePolicy: FallbackToLogsOnError", "echo all good");

            assertThat(terminated(cluster, "fine").getMessage()).isNull();
        }
    }

    @Test
    void theFileIsReadUpToItsLast4096Bytes() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // 5000 bytes: 904 of "a", then 4096 of "b"
            applyPod(cluster, "long", "",
                    "i=0; while [ $i -lt 904 ]; do printf a >> /dev/termination-log; i=$((i+1)); done; "
                            + "i=0; while [ $i -lt 4096 ]; do printf b >> /dev/termination-log; i=$((i+1)); done; exit 1");

            assertThat(terminated(cluster, "long").getMessage()).isEqualTo("b".repeat(4096));
        }
    }

    @Test
    void theLogsTailIsTheLast80LinesCutToTheirLast2048Bytes() {
        // given 100 lines "line-0" .. "line-99"
        List<LogLine> lines = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            lines.add(new LogLine(Instant.EPOCH, i % 2 == 0 ? LogLine.Stream.STDOUT : LogLine.Stream.STDERR, "line-" + i));
        }
        // then the last 80 lines, 20 to 99
        StringBuilder expected = new StringBuilder();
        for (int i = 20; i < 100; i++) {
            expected.append("line-").append(i).append('\n');
        }
        assertThat(TerminationMessages.lastLogs(lines)).isEqualTo(expected.toString());

        // and 80 lines of 100 bytes keep only their last 2048 bytes
        List<LogLine> wide = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            wide.add(new LogLine(Instant.EPOCH, LogLine.Stream.STDOUT, String.format("%02d", i) + "x".repeat(97)));
        }
        String tail = TerminationMessages.lastLogs(wide);
        assertThat(tail).hasSize(2048);
        assertThat(tail).startsWith("x".repeat(47) + "\n60" + "x".repeat(97) + "\n61");
        assertThat(tail).endsWith("\n79" + "x".repeat(97) + "\n");
    }
}
