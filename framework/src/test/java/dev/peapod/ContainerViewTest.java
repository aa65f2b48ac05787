package dev.peapod;

import dev.peapod.core.PeapodException;
import dev.peapod.runtime.ExecOutput;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Files, exec and logs of a container as kubectl shows them, in virtual time (issue #9). */
class ContainerViewTest {

    private static final String WRITER = """
            apiVersion: v1
            kind: Pod
            metadata: {name: writer}
            spec:
              volumes: [{name: data, emptyDir: {}}]
              containers:
              - name: c
                image: busybox
                command: [sh, -c, 'echo hello > /data/out.txt; echo written; sleep 3600']
                volumeMounts: [{name: data, mountPath: /data}]
            """;

    /** Each run counts itself in the emptyDir, logs on both streams, and fails after 5 s. */
    private static final String COUNTER = """
            apiVersion: v1
            kind: Pod
            metadata: {name: counter}
            spec:
              volumes: [{name: state, emptyDir: {}}]
              containers:
              - name: c
                image: busybox
                command: [sh, -c, 'n=$(cat /state/n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /state/n; echo run $n; echo oops $n >&2; sleep 5; exit 1']
                volumeMounts: [{name: state, mountPath: /state}]
            """;

    @Test
    void readsAFileAShellContainerWroteIntoItsVolume() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.applyYaml(WRITER);
            cluster.advance(Duration.ofSeconds(1));

            // when / then
            assertThat(cluster.inContainer("writer", "c").file("/data/out.txt")).isEqualTo("hello\n");
            assertThat(cluster.inContainer("default", "writer", "c").logs()).isEqualTo("written\n");
        }
    }

    @Test
    void anEmptyDirIsWorldWritable() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml(WRITER);
            cluster.advance(Duration.ofSeconds(1));

            // pkg/volume/emptydir/empty_dir.go: perm 0777
            assertThat(cluster.inContainer("writer", "c").exec("ls", "-la", "/data").stdout()).startsWith("""
                    total 4
                    drwxrwxrwx    2 root     root          4096 Jan  1 00:00 .
                    """);
        }
    }

    @Test
    void aMissingFileIsAnErrorNamingPodContainerAndPath() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml(WRITER);
            cluster.advance(Duration.ofSeconds(1));

            assertThatThrownBy(() -> cluster.inContainer("writer", "c").file("/data/nope.txt"))
                    .isInstanceOf(PeapodException.class)
                    .hasMessage("file /data/nope.txt in container \"c\" of pod default/writer does not exist; "
                            + "list its directory with exec(\"ls\", \"-la\", \"/data\")");
            assertThatThrownBy(() -> cluster.inContainer("writer", "c").file("/data"))
                    .hasMessage("file /data in container \"c\" of pod default/writer is a directory; list it with exec(\"ls\", \"-la\", \"/data\")");
            assertThatThrownBy(() -> cluster.inContainer("writer", "app").file("/data/out.txt"))
                    .hasMessage("container app is not valid for pod writer; its containers are [c]");
        }
    }

    @Test
    void execSeparatesStdoutAndStderrAndKeepsTheExitCode() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml(WRITER);
            cluster.advance(Duration.ofSeconds(1));

            ExecOutput out = cluster.inContainer("writer", "c").exec("sh", "-c", "echo out; echo err >&2; exit 3");

            assertThat(out).isEqualTo(new ExecOutput(3, "out\n", "err\n"));
        }
    }

    @Test
    void execLetsVirtualTimePassUntilTheCommandEnds() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml(WRITER);
            cluster.advance(Duration.ofSeconds(1));

            ExecOutput out = cluster.inContainer("writer", "c").exec("sh", "-c", "sleep 5; cat /data/out.txt");

            assertThat(out).isEqualTo(new ExecOutput(0, "hello\n", ""));
            assertThat(cluster.elapsed()).isEqualTo(Duration.ofSeconds(6));
        }
    }

    @Test
    void execThatOutlastsItsTimeoutIsAnError() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml(WRITER);
            cluster.advance(Duration.ofSeconds(1));

            assertThatThrownBy(() -> cluster.inContainer("writer", "c").within(Duration.ofSeconds(2)).exec("sleep", "10"))
                    .isInstanceOf(PeapodException.class)
                    .hasMessage("\"sleep 10\" in container \"c\" of pod default/writer did not end within 2s of virtual time; "
                            + "give it longer with within(Duration), or check that the container still runs");
            assertThat(cluster.elapsed()).isEqualTo(Duration.ofSeconds(3));
        }
    }

    @Test
    void execInAContainerThatIsNotRunningIsAnError() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml(COUNTER);
            cluster.advance(Duration.ofSeconds(11)); // run 1 failed at 5 s, run 2 at 10 s; run 3 waits for 20 s

            assertThatThrownBy(() -> cluster.inContainer("counter", "c").exec("ls"))
                    .isInstanceOf(PeapodException.class)
                    .hasMessage("cannot run \"ls\" in container \"c\" of pod default/counter: the container is not running "
                            + "(it terminated with exit code 1, reason Error); wait until it runs, e.g. cluster.await(...).until(...)");
        }
    }

    @Test
    void aProgramOtherThanTheShellAnswersExecWithItsOwnOutput() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: web}
                    spec:
                      containers: [{name: app, image: example/web}]
                    """);
            cluster.advance(Duration.ofSeconds(1));

            // an image Peapod has no profile of runs the default server, which succeeds every exec command silently
            assertThat(cluster.inContainer("web", "app").exec("cat", "/etc/hostname")).isEqualTo(new ExecOutput(0, "", ""));
        }
    }

    @Test
    void logsAndPreviousLogsAreThoseOfTheCurrentAndTheDeadRun() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given: run 1 fails at 5 s and restarts at once; run 2 fails at 10 s; run 3 waits for its back-off until 20 s
            cluster.applyYaml(COUNTER);
            cluster.advance(Duration.ofSeconds(7));
            ContainerView c = cluster.inContainer("counter", "c");

            // then: while run 2 runs
            assertThat(c.logs()).isEqualTo("run 2\noops 2\n");
            assertThat(c.previousLogs()).isEqualTo("run 1\noops 1\n");

            // and while run 3 runs
            cluster.advance(Duration.ofSeconds(15));
            assertThat(c.logs()).isEqualTo("run 3\noops 3\n");
            assertThat(c.previousLogs()).isEqualTo("run 2\noops 2\n");
        }
    }

    @Test
    void aContainerThatEndedShowsTheLogsOfItsLastRun() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: once}
                    spec:
                      restartPolicy: Never
                      containers: [{name: c, image: busybox, command: [sh, -c, 'echo done; echo warn >&2']}]
                    """);
            cluster.advance(Duration.ofSeconds(1));

            assertThat(cluster.inContainer("once", "c").logs()).isEqualTo("done\nwarn\n");
            assertThatThrownBy(() -> cluster.inContainer("once", "c").previousLogs())
                    .hasMessage("previous terminated container \"c\" in pod \"once\" not found");
        }
    }

    @Test
    void previousLogsWithoutARestartIsUpstreamsError() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml(WRITER);
            cluster.advance(Duration.ofSeconds(1));

            // kubelet_pods.go validateContainerLogStatus
            assertThatThrownBy(() -> cluster.inContainer("writer", "c").previousLogs())
                    .isInstanceOf(PeapodException.class)
                    .hasMessage("previous terminated container \"c\" in pod \"writer\" not found");
        }
    }

    @Test
    void logsOfAContainerWaitingForItsImageIsUpstreamsError() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.imageCannotBePulled("example.com/missing:1");
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: nopull}
                    spec:
                      containers: [{name: c, image: example.com/missing:1}]
                    """);
            cluster.advance(Duration.ofSeconds(15)); // the sync at 10 s publishes the pull failure of 0 s

            assertThatThrownBy(() -> cluster.inContainer("nopull", "c").logs())
                    .isInstanceOf(PeapodException.class)
                    .hasMessage("container \"c\" in pod \"nopull\" is waiting to start: image can't be pulled");
        }
    }

    @Test
    void theTerminationMessageFileIsMountedFromThePodDirectory() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml(WRITER);
            cluster.advance(Duration.ofSeconds(1));

            ExecOutput ls = cluster.inContainer("writer", "c").exec("sh", "-c", "echo why > /dev/termination-log; cat /dev/termination-log");

            assertThat(ls).isEqualTo(new ExecOutput(0, "why\n", ""));
        }
    }
}
