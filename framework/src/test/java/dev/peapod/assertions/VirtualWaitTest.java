package dev.peapod.assertions;

import dev.peapod.FakeCluster;
import dev.peapod.core.PeapodException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.peapod.assertions.Conditions.containerHasRestarted;
import static dev.peapod.assertions.Conditions.podHasPhase;
import static dev.peapod.assertions.Conditions.podIsCrashLooping;
import static dev.peapod.assertions.Conditions.podIsReady;
import static dev.peapod.assertions.Conditions.podIsRunning;
import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.BDDAssertions.then;

/**
 * {@code cluster.await(alias)}: waits that move the virtual clock event by event to the first
 * instant a condition holds, and name themselves when they time out.
 */
class VirtualWaitTest {

    // ---------------------------------------------------------------- ready-made conditions

    @Test
    void untilPodIsReadyStopsAtTheFirstReadyInstantAndReturnsTheTimeWaited() {
        // given: readiness answers 503 for the first 25 s; ticks every 10 s
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.container("web", "app").httpReturns(8080, "/ready", 503).untilStart(ofSeconds(25));
        cluster.apply(Scenarios.webWithReadiness("node-1"));
        // when
        Duration waited = cluster.await("web ready").atMost(ofMinutes(1)).until(podIsReady("web"));
        // then
        then(waited).isEqualTo(ofSeconds(30));
        then(cluster.elapsed()).isEqualTo(ofSeconds(30));
    }

    @Test
    void untilContainerHasRestartedStopsAtTheRestart() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        // when
        cluster.await("first restart").until(containerHasRestarted("web", "app", 1));
        // then: liveness failures at 30, 40, 50 s; the first restart is immediate
        then(cluster.elapsed()).isEqualTo(ofSeconds(50));
    }

    @Test
    void untilPodIsCrashLoopingStopsWhenTheBackOffShows() {
        // given: no probes, so only the back-off requeue syncs the pod after an exit
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.container("web", "app").exitsWith(1).after(ofSeconds(5));
        cluster.apply(Scenarios.webWithSidecar("node-1"));
        // when
        cluster.await("crash loop").atMost(ofMinutes(1)).until(podIsCrashLooping("web"));
        // then: crashes at 5, 10 and 25 s; the requeue 10 s after the third shows the 20 s back-off (errata A-7)
        then(cluster.elapsed()).isEqualTo(ofSeconds(35));
        assertThat(cluster).pod("web").container("app").isWaiting("CrashLoopBackOff").hasRestarted(2);
    }

    @Test
    void untilPodHasPhaseSucceededStopsWhenTheJobCompletes() {
        // given
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.container("batch", "job").exitsWith(0).after(ofSeconds(5));
        cluster.apply(Scenarios.batch("node-1"));
        // when
        cluster.await("batch done").until(podHasPhase("batch", "Succeeded"));
        // then
        then(cluster.elapsed()).isEqualTo(ofSeconds(5));
    }

    @Test
    void aConditionThatAlreadyHoldsTakesNoTime() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        // when
        Duration waited = cluster.await("web running").until(podIsRunning("web"));
        // then
        then(waited).isZero();
        then(cluster.elapsed()).isZero();
    }

    // ---------------------------------------------------------------- timeouts

    @Test
    void aTimedOutPodConditionNamesTheWaitAndPrintsThePodsTimeline() {
        // given: readiness never succeeds; it is probed at the start (manual trigger, errata A-4), then every 10 s
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.container("web", "app").httpReturns(8080, "/ready", 503);
        cluster.apply(Scenarios.webWithReadiness("node-1"));
        cluster.advance(ofSeconds(5));
        // when
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> cluster.await("web ready").atMost(ofSeconds(10)).until(podIsReady("web")));
        // then
        then(thrown).isInstanceOf(WaitTimeoutError.class).hasMessage("""
                Wait "web ready" timed out after 10s of virtual time (00:00:05 to 00:00:15): expecting pod default/web \
                to be ready, but its condition is Ready=False since 00:00:00 (ContainersNotReady: containers with \
                unready status: [app]); container app's readiness probe failed at 00:00:00 and 00:00:10 \
                (failureThreshold 3 not reached).
                Timeline (virtual time):
                  00:00:00  Pulled: Container image "example/web:1.25" already present on machine
                  00:00:00  Created: Created container: app
                  00:00:00  Started: Started container app
                  00:00:00  container app started
                  00:00:00  pod phase Running
                  00:00:00  Readiness probe failed: HTTP probe failed with statuscode: 503  (1 of 3)
                  00:00:10  Readiness probe failed: HTTP probe failed with statuscode: 503  (2 of 3)
                  00:00:15  (now)""");
        WaitTimeoutError timeout = (WaitTimeoutError) thrown;
        then(timeout.alias()).isEqualTo("web ready");
        then(timeout.limit()).isEqualTo(ofSeconds(10));
        then(cluster.elapsed()).isEqualTo(ofSeconds(15));
    }

    @Test
    void aTimedOutConditionOnAMissingContainerSaysSo() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        // when / then
        assertThatThrownBy(() -> cluster.await("typo").atMost(ofSeconds(5)).until(containerHasRestarted("web", "ap", 1)))
                .isInstanceOf(WaitTimeoutError.class)
                .hasMessageStartingWith("Wait \"typo\" timed out after 5s of virtual time (00:00:00 to 00:00:05): expecting"
                        + " container \"ap\" of pod default/web to have restarted 1 time, but it has no such container"
                        + " (the pod's containers are [app]).\n");
    }

    @Test
    void aTimedOutConditionOnAMissingPodSaysSo() {
        // given
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        // when / then
        assertThatThrownBy(() -> cluster.await("web running").atMost(ofSeconds(5)).until(podIsRunning("web")))
                .isInstanceOf(WaitTimeoutError.class)
                .hasMessage("""
                        Wait "web running" timed out after 5s of virtual time (00:00:00 to 00:00:05): expecting pod \
                        default/web to have phase Running, but the pod does not exist.
                        Timeline (virtual time):
                          (nothing happened to this pod)
                          00:00:05  (now)""");
    }

    @Test
    void aTimedOutLambdaConditionNamesTheWaitAndItsWindow() {
        // given
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        // when / then
        assertThatThrownBy(() -> cluster.await("three pods").atMost(ofMinutes(2)).until(c -> c.pods().size() == 3))
                .isInstanceOf(WaitTimeoutError.class)
                .hasMessage("Wait \"three pods\" timed out after 2m of virtual time (00:00:00 to 00:02:00): the condition"
                        + " was still false.");
        then(cluster.elapsed()).isEqualTo(ofMinutes(2));
    }

    // ---------------------------------------------------------------- untilAsserted

    @Test
    void untilAssertedStopsAtTheFirstInstantTheAssertionPasses() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        // when
        Duration waited = cluster.await("restart").untilAsserted(() -> assertThat(cluster).pod("web").hasRestarted(1));
        // then
        then(waited).isEqualTo(ofSeconds(50));
    }

    @Test
    void untilAssertedTimesOutQuotingTheLastFailureAndKeepingItAsTheCause() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        // when
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> cluster.await("two restarts")
                .atMost(ofSeconds(15)).untilAsserted(() -> assertThat(cluster).pod("web").hasRestarted(2)));
        // then
        then(thrown).isInstanceOf(WaitTimeoutError.class).hasMessage("""
                Wait "two restarts" timed out after 15s of virtual time (00:00:00 to 00:00:15); the last check failed with:
                Expecting container "app" of pod default/web to have restarted 2 times by 00:00:15, but it restarted 0 times.
                Timeline (virtual time):
                  00:00:00  Pulled: Container image "example/web:1.25" already present on machine
                  00:00:00  Created: Created container: app
                  00:00:00  Started: Started container app
                  00:00:00  container app started
                  00:00:00  pod phase Running
                  00:00:00  pod ready
                  00:00:10  Liveness probe succeeded
                  00:00:15  (now)""");
        then(thrown.getCause()).isInstanceOf(AssertionError.class).hasMessageStartingWith("Expecting container \"app\"");
    }

    @Test
    void untilAssertedEndsAtOnceOnAnExceptionThatIsNotAFailure() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        // when / then
        assertThatThrownBy(() -> cluster.await("bad").untilAsserted(() -> {
            throw new IllegalStateException("not a failure");
        })).isInstanceOf(IllegalStateException.class).hasMessage("not a failure");
        then(cluster.elapsed()).isZero();
    }

    // ---------------------------------------------------------------- the builder

    @Test
    void optionsReturnANewWaitAndLeaveTheOriginalAsItWas() {
        // given
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        VirtualWait wait = cluster.await("web ready");
        // when
        VirtualWait longer = wait.atMost(ofMinutes(10));
        // then
        then(longer).isNotSameAs(wait);
        then(wait.limit()).isEqualTo(VirtualWait.DEFAULT_LIMIT).isEqualTo(ofMinutes(5));
        then(longer.limit()).isEqualTo(ofMinutes(10));
        then(longer.alias()).isEqualTo("web ready");
        then(wait.with()).isSameAs(wait);
        then(wait.and()).isSameAs(wait);
        then(longer).hasToString("await(\"web ready\").atMost(10m)");
    }

    @Test
    void badArgumentsAreRefusedNamingTheArgument() {
        // given
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        // when / then
        assertThatThrownBy(() -> cluster.await(" "))
                .isInstanceOf(PeapodException.class)
                .hasMessage("alias must name the wait, e.g. cluster.await(\"web ready\"), but was blank");
        assertThatThrownBy(() -> cluster.await("x").atMost(ofSeconds(-5)))
                .isInstanceOf(PeapodException.class)
                .hasMessage("atMost(limit): limit must not be negative, but was -5s");
        assertThatThrownBy(() -> cluster.await("x").until(null))
                .isInstanceOf(PeapodException.class)
                .hasMessage("until(condition): condition must not be null");
        assertThatThrownBy(() -> podHasPhase("web", "CrashLoopBackOff"))
                .isInstanceOf(PeapodException.class)
                .hasMessage("phase must be one of Pending, Running, Succeeded, Failed, Unknown, but was \"CrashLoopBackOff\"");
    }

    @Test
    void aWaitCannotStartInsideAnotherWaitsCondition() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        // when / then: the inner wait would move the clock under the outer one
        assertThatThrownBy(() -> cluster.await("outer").untilAsserted(
                () -> assertThat(cluster).pod("web").restarts(1).within(ofMinutes(1))))
                .isInstanceOf(PeapodException.class)
                .hasMessage("a virtual wait cannot start inside the condition of another wait: a condition only looks at"
                        + " the cluster, and the outer wait moves the clock");
        // and the guard is released: the next wait runs
        cluster.await("after").until(containerHasRestarted("web", "app", 1));
        then(cluster.elapsed()).isEqualTo(ofSeconds(50));
    }
}
