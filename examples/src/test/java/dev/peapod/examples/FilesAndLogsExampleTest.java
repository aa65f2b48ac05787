package dev.peapod.examples;

import dev.peapod.ContainerView;
import dev.peapod.FakeCluster;
import dev.peapod.junit.PeapodTest;
import dev.peapod.runtime.ExecOutput;
import org.junit.jupiter.api.Test;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static java.time.Duration.ofSeconds;

/**
 * What kubectl exec and kubectl logs show of a container that restarts, with no scripting: the page
 * a shell container wrote into its emptyDir, {@code ls -la} run in it, the logs of the current and
 * the previous run, and the termination message that fell back to the log.
 */
@PeapodTest
class FilesAndLogsExampleTest {

    @Test
    void readsFilesRunsLsAndReadsCurrentAndPreviousLogs(FakeCluster cluster) {
        // given: run 1 fails at 30 s and restarts at once; run 2 fails at 60 s
        cluster.applyResource("manifests/files-and-logs.yaml");
        // when
        cluster.advance(ofSeconds(45));
        ContainerView app = cluster.inContainer("counter", "app");
        // then: the emptyDir (0777) kept the count across the restart; ".." is the volume's parent on the node
        org.assertj.core.api.Assertions.assertThat(app.exec("ls", "-la", "/data")).isEqualTo(new ExecOutput(0, """
                total 8
                drwxrwxrwx    2 root     root          4096 Jan  1 00:00 .
                drwxr-xr-x    2 root     root          4096 Jan  1 00:00 ..
                -rw-r--r--    1 root     root            17 Jan  1 00:00 index.html
                -rw-r--r--    1 root     root             2 Jan  1 00:00 runs
                """, ""));
        org.assertj.core.api.Assertions.assertThat(app.file("/data/index.html")).isEqualTo("hello from run 2\n");
        org.assertj.core.api.Assertions.assertThat(app.logs()).isEqualTo("run 2 started\n");
        org.assertj.core.api.Assertions.assertThat(app.previousLogs()).isEqualTo("run 1 started\nrun 1 failing\n");
        assertThat(cluster).pod("counter").container("app")
                .hasFile("/data/runs").withContent("2\n")
                .container().hasLogLine("run 2 started").hasRestarted(1).hasLastTerminationState(1, "Error");
        // FallbackToLogsOnError: run 1 wrote no termination message, so the kubelet took its log's tail
        org.assertj.core.api.Assertions.assertThat(cluster.pod("counter").getStatus().getContainerStatuses().get(0)
                .getLastState().getTerminated().getMessage()).isEqualTo("run 1 started\nrun 1 failing\n");
    }

    @Test
    void aCommandThatSleepsRunsInVirtualTime(FakeCluster cluster) {
        // given
        cluster.applyResource("manifests/files-and-logs.yaml");
        cluster.advance(ofSeconds(1));
        // when: kubectl exec counter -c app -- sh -c 'sleep 10; cat /data/runs'
        ExecOutput out = cluster.inContainer("counter", "app").exec("sh", "-c", "sleep 10; cat /data/runs");
        // then: the clock ran on until the command ended
        org.assertj.core.api.Assertions.assertThat(out).isEqualTo(new ExecOutput(0, "1\n", ""));
        org.assertj.core.api.Assertions.assertThat(cluster.elapsed()).isEqualTo(ofSeconds(11));
    }
}
