package dev.peapod.junit;

import dev.peapod.FakeCluster;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * What a user sees when a container script names a pod that never existed (issue #7 item 9): run
 * through the Jupiter engine, the typo is the test's failure, never "Failed to close extension
 * context", and it never takes the place of a failure the test already had.
 */
class ScriptCheckTest {
    private static final String UNUSED = "container scripts for [default/wbe] were never used: no pod of that name was ever "
            + "created (pods created: [web]). Check the pod name in cluster.container(pod, container).";
    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              containers: [{name: app, image: example/web}]
            """;

    @Test
    void aTypoInAScriptedPodNameIsTheFailureOfAPassingTest() {
        // when
        Throwable failure = onlyFailure(run(TypoInPassingTest.class));
        // then
        assertThat(failure).isInstanceOf(dev.peapod.core.PeapodException.class).hasMessage(UNUSED);
        assertThat(failure.getSuppressed()).isEmpty();
    }

    @Test
    void aFailedTestKeepsItsFailureAndCarriesTheUnusedScriptAsSuppressed() {
        // when
        Throwable failure = onlyFailure(run(TypoInFailingTest.class));
        // then
        assertThat(failure).isInstanceOf(AssertionError.class).hasMessage("the test's own failure");
        assertThat(failure.getSuppressed()).extracting(Throwable::getMessage).containsExactly(UNUSED);
    }

    @Test
    void aTestWithoutTyposPasses() {
        // when
        EngineExecutionResults results = run(NoTypoTest.class);
        // then
        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1).failed(0));
        results.allEvents().failed().assertThatEvents().isEmpty();
    }

    private static EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
    }

    /** The one failure of the run: the test's, with no container (class) failure beside it. */
    private static Throwable onlyFailure(EngineExecutionResults results) {
        List<Event> failed = results.allEvents().failed().list();
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).getTestDescriptor().isTest()).isTrue();
        Optional<Throwable> throwable = failed.get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable);
        assertThat(throwable).isPresent();
        assertThat(throwable.get()).hasMessageNotContaining("Failed to close extension context");
        return throwable.get();
    }

    // ---------------------------------------------------------------- fixtures, run only through the test kit

    @PeapodTest
    static class TypoInPassingTest {
        @Test
        void scriptsAPodThatIsNeverCreated(FakeCluster cluster) {
            cluster.container("wbe", "app").exitsWith(1);
            cluster.applyYaml(POD);
        }
    }

    @PeapodTest
    static class TypoInFailingTest {
        @Test
        void failsAfterScriptingAPodThatIsNeverCreated(FakeCluster cluster) {
            cluster.container("wbe", "app").exitsWith(1);
            cluster.applyYaml(POD);
            throw new AssertionError("the test's own failure");
        }
    }

    @PeapodTest
    static class NoTypoTest {
        @Test
        void scriptsTheRightPod(FakeCluster cluster) {
            cluster.container("web", "app").exitsWith(1);
            cluster.applyYaml(POD);
        }
    }
}
