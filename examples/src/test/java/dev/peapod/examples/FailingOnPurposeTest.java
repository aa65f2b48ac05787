package dev.peapod.examples;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the examples that fail on purpose (tagged {@code failing-on-purpose}, left out of the default
 * run) and pins the causal message each one fails with, in JUnit and in Cucumber alike: what was
 * expected by which virtual instant, what was found, and the probe runs that explain it, counted as
 * the kubelet counts them (kubernetes: pkg/kubelet/prober/worker.go, resultRun against failureThreshold).
 * The runs take no configuration from junit-platform.properties, so they write no Allure results.
 */
class FailingOnPurposeTest {
    /** The first line both runs fail with: the same assertion under the same story. */
    private static final String CAUSAL = "Expecting container \"app\" of pod default/web to have restarted 1 time by 00:00:25,"
            + " but it restarted 0 times; its liveness probe failed at 00:00:10 and 00:00:20 (failureThreshold 3 not reached).";
    private static final String TIMELINE = """
            Timeline (virtual time):
              00:00:00  scheduled to node node-1
              00:00:00  Pulled: Container image "registry.k8s.io/e2e-test-images/agnhost:2.40" already present on machine
              00:00:00  Created: Created container: app
              00:00:00  Started: Started container app
              00:00:00  container app started
              00:00:00  pod phase Running
              00:00:00  pod ready
              00:00:10  Liveness probe failed: HTTP probe failed with statuscode: 500  (1 of 3)
              00:00:20  Liveness probe failed: HTTP probe failed with statuscode: 500  (2 of 3)
              00:00:25  (now)""";

    @Test
    void theJUnitExampleFailsWithTheCausalMessage() {
        // given
        EngineTestKit.Builder run = EngineTestKit.engine("junit-jupiter").enableImplicitConfigurationParameters(false)
                .selectors(DiscoverySelectors.selectClass("dev.peapod.examples.failing.ImpatientLivenessExampleTest"));
        // when
        List<Throwable> failures = failures(run.execute());
        // then
        assertThat(failures).singleElement().satisfies(failure -> {
            assertThat(failure).isInstanceOf(AssertionError.class);
            assertThat(failure.getMessage()).isEqualTo(CAUSAL + "\n" + TIMELINE);
        });
    }

    @Test
    void theCucumberExampleFailsWithTheSameMessage() {
        // given
        EngineTestKit.Builder run = EngineTestKit.engine("cucumber").enableImplicitConfigurationParameters(false)
                .configurationParameter("cucumber.glue", "dev.peapod.cucumber")
                .configurationParameter("cucumber.publish.quiet", "true")
                .selectors(DiscoverySelectors.selectClasspathResource("features/failing-on-purpose.feature"));
        // when
        List<Throwable> failures = failures(run.execute());
        // then
        assertThat(failures).singleElement().satisfies(failure -> {
            assertThat(failure).isInstanceOf(AssertionError.class);
            assertThat(failure.getMessage()).isEqualTo(CAUSAL + "\n" + TIMELINE);
        });
    }

    private static List<Throwable> failures(EngineExecutionResults results) {
        return results.testEvents().failed().stream().map(Event::getPayload)
                .map(p -> p.flatMap(o -> o instanceof org.junit.platform.engine.TestExecutionResult r ? r.getThrowable() : java.util.Optional.empty()))
                .flatMap(java.util.Optional::stream).toList();
    }
}
