package dev.peapod.assertions;

import dev.peapod.FakeCluster;
import dev.peapod.timeline.Fact;
import dev.peapod.timeline.TimelineEntry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.BDDAssertions.then;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The causal first sentence of the failures users meet most, driven through the real engine: what
 * was expected by which virtual instant, what was found, then the cause chain from the typed
 * timeline. Probe streaks are counted as the kubelet counts them (kubernetes:
 * pkg/kubelet/prober/worker.go: resultRun against failureThreshold and successThreshold, an errored
 * run thrown away); back-off as doBackOff reads it (pkg/kubelet/kuberuntime/kuberuntime_manager.go).
 */
class CausalMessagesTest {

    @Test
    void aRestartExpectedTooEarlyNamesTheLivenessFailuresShortOfTheThreshold() {
        // given: liveness fails from 30 s after the start, probed every 10 s
        FakeCluster cluster = Scenarios.failingLiveness();
        cluster.advance(ofSeconds(45));
        // when
        String message = failure(() -> assertThat(cluster).pod("web").hasRestarted(1));
        // then
        then(firstLine(message)).isEqualTo("Expecting container \"app\" of pod default/web to have restarted 1 time by 00:00:45,"
                + " but it restarted 0 times; its liveness probe failed at 00:00:30 and 00:00:40 (failureThreshold 3 not reached).");
    }

    @Test
    void aCrashLoopingContainerNamesItsExitsAndTheNextRestartsInstant() {
        // given: exits 1 five seconds after each start: at 5, 10 (back-off 10 s) and 25 s (back-off 20 s)
        FakeCluster cluster = Scenarios.crashingEveryFiveSeconds();
        cluster.advance(ofSeconds(40));
        // when
        String message = failure(() -> assertThat(cluster).pod("web").container("app").isRunning());
        // then
        then(firstLine(message)).isEqualTo("Expecting container \"app\" of pod default/web to be running by 00:00:40, but it is"
                + " waiting (CrashLoopBackOff); it exited with code 1 (Error) at 00:00:05, 00:00:10 and 00:00:25; it waits in"
                + " CrashLoopBackOff (back-off 20s after its exit at 00:00:25), so it restarts at 00:00:45 at the earliest.");
    }

    @Test
    void aPodCheckNamesTheContainerEachCauseIsAbout() {
        // given
        FakeCluster cluster = Scenarios.crashingEveryFiveSeconds();
        cluster.advance(ofSeconds(40));
        // when
        String phase = failure(() -> assertThat(cluster).pod("web").hasSucceeded());
        // then
        then(firstLine(phase)).isEqualTo("Expecting pod default/web to have phase Succeeded by 00:00:40, but it has phase"
                + " Running; container app exited with code 1 (Error) at 00:00:05, 00:00:10 and 00:00:25.");
    }

    @Test
    void anUnreadyPodNamesTheReadinessStreakAndWhenItReachedTheThreshold() {
        // given: /ready answers 500 from the start
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.container("web", "app").httpReturns(8080, "/ready", 500).fromStart(ofSeconds(0));
        cluster.apply(Scenarios.webWithReadiness("node-1"));
        cluster.advance(ofSeconds(35));
        // when
        String message = failure(() -> assertThat(cluster).pod("web").isReady());
        // then
        then(firstLine(message)).isEqualTo("Expecting pod default/web to be ready by 00:00:35, but its condition is Ready=False"
                + " since 00:00:00 (ContainersNotReady: containers with unready status: [app]); container app's readiness probe"
                + " failed at 00:00:00, 00:00:10, 00:00:20 and 00:00:30 (4 in a row, failureThreshold 3 reached at 00:00:20: it"
                + " is not ready).");
    }

    @Test
    void aWaitThatTimesOutSaysItsInstantOnceAndFoldsALongStreak() {
        // given
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.container("web", "app").httpReturns(8080, "/ready", 500).fromStart(ofSeconds(0));
        cluster.apply(Scenarios.webWithReadiness("node-1"));
        cluster.advance(ofSeconds(35));
        // when
        String message = failure(() -> assertThat(cluster).pod("web").becomesReady().within(ofSeconds(30)));
        // then
        then(firstLine(message)).isEqualTo("Expecting pod default/web to become ready within 30s of virtual time, but at 00:01:05"
                + " its condition is Ready=False since 00:00:00 (ContainersNotReady: containers with unready status: [app]);"
                + " container app's readiness probe failed at 00:00:00, 00:00:10, … 00:01:00 (7 in a row, failureThreshold 3"
                + " reached at 00:00:20: it is not ready).");
    }

    @Test
    void anUnscheduledPodNamesTheSchedulersMessage() {
        // given: more cpu than node-1 has
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.apply(Scenarios.webRequestingCpu("5"));
        cluster.advance(ofSeconds(5));
        // when
        String message = failure(() -> assertThat(cluster).pod("web").isOnNode("node-1"));
        // then
        then(firstLine(message)).isEqualTo("Expecting pod default/web to be on node \"node-1\" by 00:00:05, but it is not bound"
                + " to any node (phase Pending); the scheduler found no node for it at 00:00:00: " + Scenarios.UNSCHEDULABLE);
    }

    @Test
    void aLivenessKillUnderRestartPolicyNeverSaysNoRestartFollows() {
        // given: liveness fails from 30 s, probed every 10 s; the pod never restarts its containers
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.container("web", "app").httpReturns(8080, "/healthz", 500).fromStart(ofSeconds(30));
        io.fabric8.kubernetes.api.model.Pod web = Scenarios.web("node-1");
        web.getSpec().setRestartPolicy("Never");
        cluster.apply(web);
        cluster.advance(ofSeconds(60));
        // when
        String message = failure(() -> assertThat(cluster).pod("web").hasRestarted(1));
        // then
        then(firstLine(message)).isEqualTo("Expecting container \"app\" of pod default/web to have restarted 1 time by 00:01:00,"
                + " but it restarted 0 times; its liveness probe failed at 00:00:30, 00:00:40 and 00:00:50 (failureThreshold 3"
                + " reached at 00:00:50: the kubelet kills the container, and restartPolicy Never starts it no more); it exited"
                + " with code 0 (Completed) at 00:00:50.");
    }

    @Test
    void anUnschedulablePodBoundLaterSaysWhereAndWhen() {
        // given: more cpu than node-1 has, until node-2 with 8 cpus joins at 00:00:30
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.apply(Scenarios.webRequestingCpu("5"));
        cluster.advance(ofSeconds(30));
        cluster.addNode(dev.peapod.NodeSpec.named("node-2").cpu("8"));
        cluster.advance(ofSeconds(10));
        // when
        String message = failure(() -> assertThat(cluster).pod("web").hasRestarted(1));
        // then
        then(firstLine(message)).isEqualTo("Expecting container \"app\" of pod default/web to have restarted 1 time by 00:00:40,"
                + " but it restarted 0 times; the scheduler found no node for it at 00:00:00: " + Scenarios.UNSCHEDULABLE
                + "; it bound it to node \"node-2\" at 00:00:30.");
    }

    @Test
    void aFailedPostStartHookComesBeforeTheExitItCaused() {
        // given: the hook fails on the first start; the kubelet kills the container and restarts it at once
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.container("web", "app").postStart().fails().onStarts(1);
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: example/web:1.25
                    lifecycle:
                      postStart: {exec: {command: ["sh", "-c", "echo hi > /tmp/x"]}}
                """);
        cluster.advance(ofSeconds(10));
        // when
        String message = failure(() -> assertThat(cluster).pod("web").hasRestarted(0));
        // then
        then(firstLine(message)).startsWith("Expecting container \"app\" of pod default/web to have restarted 0 times by"
                        + " 00:00:10, but it restarted 1 time; its PostStart hook failed at 00:00:00: Exec lifecycle hook ([sh -c"
                        + " echo hi > /tmp/x]) for Container \"app\" in Pod \"web_default(")
                .endsWith(")\" failed - error: command 'sh -c echo hi > /tmp/x' exited with 1: , message: \"\"; it exited with"
                        + " code 0 (Completed) at 00:00:00.");
    }

    @Test
    void aPodObjectHasNoInstantAndNoCauses() {
        // given: a Pod object, not the cluster: no clock, no timeline
        FakeCluster cluster = Scenarios.failingLiveness();
        cluster.advance(ofSeconds(45));
        // when
        String message = failure(() -> assertThat(cluster.pod("web")).hasRestarted(1));
        // then
        then(firstLine(message)).isEqualTo("Expecting container \"app\" of pod default/web to have restarted 1 time, but it"
                + " restarted 0 times.");
    }

    // ---------------------------------------------------------------- the streaks, from fixed facts

    @Test
    void anErroredRunIsNotCountedAndASuccessStreakShortOfItsThresholdExplainsUnreadiness() {
        // given: fail, fail, an errored run (thrown away), then two successes of a successThreshold of 3
        List<TimelineEntry> entries = new ArrayList<>();
        add(entries, 10, probe(Fact.Outcome.FAILURE, 1, 3));
        add(entries, 20, probe(Fact.Outcome.FAILURE, 2, 3));
        add(entries, 30, probe(Fact.Outcome.ERROR, 0, 0));
        add(entries, 40, probe(Fact.Outcome.SUCCESS, 1, 3));
        add(entries, 50, probe(Fact.Outcome.SUCCESS, 2, 3));
        // when
        List<String> causes = Causes.of(entries, Optional.empty(), "app", Causes.Topic.READINESS);
        // then
        then(causes).containsExactly(
                "its readiness probe failed at 00:00:10 and 00:00:20 (failureThreshold 3 not reached)",
                "its readiness probe succeeded at 00:00:40 and 00:00:50 (successThreshold 3 not reached)");
    }

    @Test
    void manyExitsAreCountedAndOnlyTheLastTwoStreaksOfAProbeAreTold() {
        // given: six exits, and three liveness streaks that each reached the threshold of 1
        List<TimelineEntry> entries = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            add(entries, i * 10, new Fact.ContainerExited("app", 1, "Error"));
        }
        for (int i = 1; i <= 3; i++) {
            add(entries, i * 10 + 5, new Fact.ProbeRan("app", Fact.Probe.LIVENESS, Fact.Outcome.FAILURE, "x", 1, 1));
        }
        // when
        List<String> causes = Causes.of(entries, Optional.empty(), "app", Causes.Topic.RESTARTS);
        // then
        then(causes).containsExactly(
                "it exited with code 1 (Error) at 00:00:10, 00:00:20, … 00:01:00 (6 times)",
                // no pod to read the restart policy from: whether it restarts is not said
                "its liveness probe failed at 00:00:25 (failureThreshold 1 reached at 00:00:25: the kubelet kills the container)",
                "its liveness probe failed at 00:00:35 (failureThreshold 1 reached at 00:00:35: the kubelet kills the container)");
    }

    @Test
    void goDurationsAreReadAsTheKubeletWritesThem() {
        then(Causes.goDuration("10s")).contains(ofSeconds(10));
        then(Causes.goDuration("5m0s")).contains(Duration.ofMinutes(5));
        then(Causes.goDuration("1m20s")).contains(ofSeconds(80));
        then(Causes.goDuration("soon")).isEmpty();
    }

    private static Fact.ProbeRan probe(Fact.Outcome outcome, int run, int threshold) {
        return new Fact.ProbeRan("app", Fact.Probe.READINESS, outcome, "", run, threshold);
    }

    private static void add(List<TimelineEntry> entries, int second, Fact fact) {
        entries.add(new TimelineEntry(Instant.parse("2025-01-01T00:00:00Z").plusSeconds(second), ofSeconds(second), "default",
                "web", fact));
    }

    private static String failure(Runnable check) {
        Throwable thrown = catchThrowable(check::run);
        then(thrown).isInstanceOf(AssertionError.class);
        return thrown.getMessage();
    }

    private static String firstLine(String message) {
        return message.lines().findFirst().orElse("");
    }
}
