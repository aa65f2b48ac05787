package dev.peapod.kubectl;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.BDDAssertions.then;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * How {@link KubectlExtension} decides: a class without a usable kubectl is skipped with the reason as the
 * assumption's message and on standard output, and only a v1.20 client is used.
 */
class KubectlExtensionTest {
    private static final String V1_20 = "Client Version: version.Info{Major:\"1\", Minor:\"20\", GitVersion:\"v1.20.2\", "
            + "GitCommit:\"faecb196815e248d3ecfb03c680a4507229c2a56\", GitTreeState:\"archive\", "
            + "BuildDate:\"2025-06-08T22:40:27Z\", GoVersion:\"go1.19.8\", Compiler:\"gc\", Platform:\"linux/amd64\"}\n";

    @Test
    void withoutKubectlEveryTestIsSkippedWithTheReasonWhichIsAlsoPrinted() {
        // given
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        EngineExecutionResults results;
        // when
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(NeedsKubectl.class))
                    .configurationParameter("peapod.kubectl", "/nonexistent/kubectl").execute();
        } finally {
            System.setOut(stdout);
        }
        // then
        results.testEvents().assertStatistics(stats -> stats.started(2).aborted(2).succeeded(0).failed(0));
        List<String> reasons = results.testEvents().aborted().stream().map(KubectlExtensionTest::message).toList();
        then(reasons).containsExactly("Assumption failed: peapod.kubectl=/nonexistent/kubectl is not an executable file",
                "Assumption failed: peapod.kubectl=/nonexistent/kubectl is not an executable file");
        then(printed.toString(StandardCharsets.UTF_8)).isEqualTo(
                "[peapod] kubectl suite, NeedsKubectl: skipped: peapod.kubectl=/nonexistent/kubectl is not an executable file\n");
    }

    @Test
    void aV1_20ClientIsUsed() throws IOException {
        try (Kubectl kubectl = new Kubectl(Path.of("/opt/kubectl"), "PEAPOD_KUBECTL")) {
            // when
            KubectlExtension.Availability availability = KubectlExtension.judge(kubectl, versionAnswer(0, V1_20));
            // then
            then(availability.kubectl()).isSameAs(kubectl);
            then(availability.reason()).isEqualTo("kubectl v1.20.2 at /opt/kubectl (from PEAPOD_KUBECTL)");
        }
    }

    @Test
    void anotherMinorIsNotUsedAndTheReasonNamesItsVersion() throws IOException {
        try (Kubectl kubectl = new Kubectl(Path.of("/usr/bin/kubectl"), "PATH")) {
            // when
            KubectlExtension.Availability availability = KubectlExtension.judge(kubectl,
                    versionAnswer(0, "Client Version: v1.32.4-dispatcher\nKustomize Version: v5.5.0\n"));
            // then
            then(availability.kubectl()).isNull();
            then(availability.reason()).isEqualTo("kubectl v1.32.4-dispatcher at /usr/bin/kubectl (from PATH) is not the "
                    + "v1.20 client the kubectl suite is written for (Debian's kubernetes-client); run .ci/run once, or "
                    + "set PEAPOD_KUBECTL to a v1.20 kubectl");
        }
    }

    @Test
    void aClientThatDoesNotTellItsVersionIsNotUsedAndTheReasonShowsWhatItSaid() throws IOException {
        try (Kubectl kubectl = new Kubectl(Path.of("/opt/kubectl"), "PEAPOD_KUBECTL")) {
            // when
            KubectlExtension.Availability availability = KubectlExtension.judge(kubectl, versionAnswer(2, ""));
            // then
            then(availability.kubectl()).isNull();
            then(availability.reason()).isEqualTo("kubectl /opt/kubectl (from PEAPOD_KUBECTL) did not tell its version: "
                    + "/opt/kubectl version --client exited 2\n--- stdout\n--- stderr\nunknown command\n");
        }
    }

    private static KubectlResult versionAnswer(int exitCode, String stdout) {
        return new KubectlResult(List.of("/opt/kubectl", "version", "--client"), exitCode, stdout,
                exitCode == 0 ? "" : "unknown command\n", false);
    }

    private static String message(Event event) {
        return event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                .map(Throwable::getMessage).orElse("(no throwable)");
    }

    // ---------------------------------------------------------------- fixture, run only through the test kit

    @RequiresKubectl
    static class NeedsKubectl {
        @Test
        void one(Kubectl kubectl) {
            throw new AssertionError("must not run without kubectl: " + kubectl);
        }

        @Test
        void two() {
            throw new AssertionError("must not run without kubectl");
        }
    }
}
