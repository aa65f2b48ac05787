package dev.peapod.assertions;

import dev.peapod.FakeCluster;
import org.junit.jupiter.api.Test;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ContainerAssert#hasFile} and {@link ContainerAssert#hasLogLine}, and their exact failure messages. */
class ContainerFilesAndLogsAssertTest {
    private static final String TIMELINE = """
            Timeline (virtual time):
              00:00:00  scheduled to node node-1
              00:00:00  Pulling: Pulling image "busybox"
              00:00:00  Pulled: Successfully pulled image "busybox" in 0s (0s including waiting). Image size: 2217006 bytes.
              00:00:00  Created: Created container: c
              00:00:00  Started: Started container c
              00:00:00  container c started
              00:00:00  pod phase Running
              00:00:00  pod ready
              00:00:01  (now)""";

    private static FakeCluster writer() {
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: writer}
                spec:
                  containers:
                  - {name: c, image: busybox, command: [sh, -c, 'echo hello > /tmp/out; echo ready; echo warm >&2; sleep 3600']}
                """);
        cluster.advance(ofSeconds(1));
        return cluster;
    }

    @Test
    void aFileWithItsContentAndALogLinePass() {
        try (FakeCluster cluster = writer()) {
            assertThatCode(() -> assertThat(cluster).pod("writer").container("c")
                    .hasFile("/tmp/out").withContent("hello\n")
                    .container().hasLogLine("ready").hasLogLine("warm")).doesNotThrowAnyException();
        }
    }

    @Test
    void otherContentShowsBoth() {
        try (FakeCluster cluster = writer()) {
            assertThatThrownBy(() -> assertThat(cluster).pod("writer").container("c").hasFile("/tmp/out").withContent("hello"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expecting file /tmp/out in container \"c\" of pod default/writer to contain:\n"
                            + "  \"hello\"\nbut it contained:\n  \"hello\n\"\n" + TIMELINE);
        }
    }

    @Test
    void includesFindsTextAnywhereInTheFileAndShowsTheFileWhenItDoesNot() {
        try (FakeCluster cluster = writer()) {
            assertThatCode(() -> assertThat(cluster).pod("writer").container("c").hasFile("/tmp/out").includes("ell"))
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> assertThat(cluster).pod("writer").container("c").hasFile("/tmp/out").includes("bye"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expecting file /tmp/out in container \"c\" of pod default/writer to include:\n"
                            + "  \"bye\"\nbut it contained:\n  \"hello\n\"\n" + TIMELINE);
        }
    }

    @Test
    void aMissingFileSaysWhy() {
        try (FakeCluster cluster = writer()) {
            assertThatThrownBy(() -> assertThat(cluster).pod("writer").container("c").hasFile("/tmp/nope"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expecting container \"c\" of pod default/writer to have file /tmp/nope, but: file /tmp/nope in "
                            + "container \"c\" of pod default/writer does not exist; list its directory with exec(\"ls\", \"-la\", \"/tmp\")\n"
                            + TIMELINE);
        }
    }

    @Test
    void aMissingLogLineShowsTheLog() {
        try (FakeCluster cluster = writer()) {
            assertThatThrownBy(() -> assertThat(cluster).pod("writer").container("c").hasLogLine("done"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expecting the log of container \"c\" of pod default/writer to have the line:\n"
                            + "  \"done\"\nbut its lines were:\n  ready\n  warm\n" + TIMELINE);
        }
    }
}
