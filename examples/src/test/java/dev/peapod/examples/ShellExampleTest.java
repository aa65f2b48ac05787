package dev.peapod.examples;

import dev.peapod.FakeCluster;
import dev.peapod.junit.PeapodTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static java.time.Duration.ofSeconds;

/**
 * Shell command lines run in Peapod's small shell, with no scripting: the docs' exec-liveness pod
 * restarts on its own, a script's exit code is the container's, an init container that sleeps
 * holds the app back for as long as it sleeps.
 */
@PeapodTest
class ShellExampleTest {

    @Test
    void theDocsExecLivenessPodRestartsWithNoScripting(FakeCluster cluster) {
        // given: the docs' pod as it is; the shell touches /tmp/healthy, sleeps 30 s, removes it
        cluster.applyResource("manifests/liveness-exec-unscripted.yaml");
        // when: `cat /tmp/healthy` fails at 30, 35 and 40 s; busybox's sh as PID 1 ignores SIGTERM,
        // so SIGKILL ends it after the 30 s grace period, and the next run has fresh files
        cluster.advance(ofSeconds(69));
        assertThat(cluster).pod("liveness-exec").container("liveness").hasRestarted(0);
        cluster.advance(ofSeconds(71));
        // then: every cycle takes 70 s
        assertThat(cluster).pod("liveness-exec")
                .hasEvent("Killing", "Container liveness failed liveness probe, will be restarted")
                .showsInKubectl("1/1", "Running", "2 (0s ago)")
                .container("liveness").hasRestarted(2).hasLastTerminationState(137, "Error")
                .exitedAt(ofSeconds(70), ofSeconds(140))
                .restartedAt(ofSeconds(70), ofSeconds(140));
        org.assertj.core.api.Assertions.assertThat(milestones(cluster)).containsExactly(
                "00:00:00  container liveness started  [default/liveness-exec]",
                "00:00:30  Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory  (1 of 3)  [default/liveness-exec]",
                "00:00:35  Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory  (2 of 3)  [default/liveness-exec]",
                "00:00:40  Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory  (3 of 3)  [default/liveness-exec]",
                "00:00:40  Killing: Container liveness failed liveness probe, will be restarted  [default/liveness-exec]",
                "00:01:10  container liveness exited with code 137 (Error)  [default/liveness-exec]",
                "00:01:10  container liveness started (restart 1)  [default/liveness-exec]",
                "00:01:40  Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory  (1 of 3)  [default/liveness-exec]",
                "00:01:45  Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory  (2 of 3)  [default/liveness-exec]",
                "00:01:50  Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory  (3 of 3)  [default/liveness-exec]",
                "00:01:50  Killing: Container liveness failed liveness probe, will be restarted  [default/liveness-exec]",
                "00:02:20  container liveness exited with code 137 (Error)  [default/liveness-exec]",
                "00:02:20  container liveness started (restart 2)  [default/liveness-exec]");
    }

    @Test
    void aScriptThatEndsIsTheContainersExitCode(FakeCluster cluster) {
        // given
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: once}
                spec:
                  restartPolicy: Never
                  containers:
                  - {name: task, image: busybox, command: [sh, -c, "echo done; exit 3"]}
                """);
        // when
        cluster.advance(ofSeconds(1));
        // then
        assertThat(cluster).pod("once").hasFailed().showsInKubectl("0/1", "Error", "0")
                .container("task").isTerminated(3, "Error").exitedAt(ofSeconds(0));
    }

    @Test
    void anInitContainerThatSleepsHoldsTheAppBackForAsLongAsItSleeps(FakeCluster cluster) {
        // given
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: with-init}
                spec:
                  initContainers:
                  - {name: init, image: busybox, command: [sh, -c, "echo init; sleep 2"]}
                  containers:
                  - {name: app, image: busybox, command: [sh, -c, "echo app; sleep 3600"]}
                """);
        // when
        cluster.advance(ofSeconds(1));
        assertThat(cluster).pod("with-init").showsInKubectl("0/1", "Init:0/1", "0");
        cluster.advance(ofSeconds(1));
        // then
        assertThat(cluster).pod("with-init").isRunning().showsInKubectl("1/1", "Running", "0")
                .container("app").isRunning().startedAt(ofSeconds(2));
        org.assertj.core.api.Assertions.assertThat(cluster.timeline().containerHistory("default", "with-init", "init").exitedAt())
                .isEqualTo(List.of(ofSeconds(2)));
    }

    /** The timeline's starts, exits, failed probes and kills, first line of each. */
    private static List<String> milestones(FakeCluster cluster) {
        return cluster.timeline().toString().lines()
                .filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d  (container .*|Liveness probe failed.*|Killing.*)"))
                .toList();
    }
}
