package dev.peapod.kubectl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.BDDAssertions.then;

/**
 * The kubectl that {@code .ci/run} installs (issue #14's kubectl suite), proven by running it: Debian's
 * kubernetes-client v1.20.2, run against only the kubeconfig the test gives, and killed at its timeout.
 * Skipped, with the reason printed, where no v1.20 kubectl can be had.
 */
@RequiresKubectl
class KubectlTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void theClientIsDebiansBuildOfUpstreamV1_20_2(Kubectl kubectl) throws IOException {
        // when
        KubectlResult result = kubectl.run(Files.createFile(dir.resolve("kubeconfig")), TIMEOUT, "version", "--client");
        // then: GitCommit is upstream's v1.20.2 tag, which Debian's 1.20.5+really1.20.2 package builds
        then(result.exitCode()).as(result.describe()).isZero();
        then(result.stderr()).isEmpty();
        then(result.stdout()).startsWith("Client Version: version.Info{Major:\"1\", Minor:\"20\", GitVersion:\"v1.20.2\", "
                + "GitCommit:\"faecb196815e248d3ecfb03c680a4507229c2a56\", ");
    }

    @Test
    void itReadsTheGivenKubeconfigAndNothingElse(Kubectl kubectl) throws IOException {
        // given
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: peapod, cluster: {server: "http://127.0.0.1:1"}}]
                users: [{name: peapod, user: {}}]
                contexts: [{name: peapod-test, context: {cluster: peapod, user: peapod}}]
                current-context: peapod-test
                """);
        // when
        KubectlResult current = kubectl.run(kubeconfig, TIMEOUT, "config", "current-context");
        KubectlResult contexts = kubectl.run(kubeconfig, TIMEOUT, "config", "view", "-o", "jsonpath={.contexts[*].name}");
        KubectlResult none = kubectl.run(Files.createFile(dir.resolve("empty")), TIMEOUT, "config", "current-context");
        // then
        then(current.stdout()).as(current.describe()).isEqualTo("peapod-test\n");
        then(contexts.stdout()).as(contexts.describe()).isEqualTo("peapod-test");
        then(none.exitCode()).isEqualTo(1);
        then(none.stderr()).isEqualTo("error: current-context is not set\n");
    }

    @Test
    void aRunPastItsTimeoutIsKilledAndKeepsWhatItHadWritten(Kubectl kubectl) throws IOException {
        // given: a server that accepts connections (the kernel's backlog) and never answers
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: silent, cluster: {server: "http://127.0.0.1:%d"}}]
                    users: [{name: silent, user: {}}]
                    contexts: [{name: silent, context: {cluster: silent, user: silent}}]
                    current-context: silent
                    """.formatted(silent.getLocalPort()));
            long start = System.nanoTime();
            // when
            KubectlResult result = kubectl.run(kubeconfig, Duration.ofSeconds(2), "get", "pods", "--request-timeout=0");
            // then
            then(result.timedOut()).as(result.describe()).isTrue();
            then(result.exitCode()).isEqualTo(137);  // 128 + SIGKILL
            then(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        }
    }
}
