package dev.peapod.examples;

import dev.peapod.FakeCluster;
import dev.peapod.junit.PeapodTest;
import dev.peapod.timeline.Fact;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static java.time.Duration.ZERO;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lifecycle hooks and termination, from the seeds: postStart and preStop hooks, the grace period with
 * SIGTERM then SIGKILL, a Job-style pod with a native sidecar, and a crash-looping init container.
 * Upstream: kuberuntime_container.go (startContainer, killContainer, executePreStopHook),
 * kuberuntime_termination_order.go, kubelet_pods.go getPhase; README "Lifecycle hooks and termination".
 */
@PeapodTest
class LifecycleExampleTest {

    /** Hooks, Killing and hook events, exits and starts of one pod, as "seconds text", in timeline order. */
    private static List<String> story(FakeCluster cluster, String pod) {
        return cluster.timeline().forPod("default", pod).stream()
                .filter(e -> e.fact() instanceof Fact.HookRan || e.fact() instanceof Fact.ContainerExited
                        || e.fact() instanceof Fact.ContainerStarted || e.fact() instanceof Fact.PhaseChanged
                        || e.fact() instanceof Fact.EventRecorded ev && (ev.reason().equals("Killing")
                        || ev.reason().endsWith("Hook")))
                .map(e -> e.sinceStart().getSeconds() + " " + e.text())
                .toList();
    }

    @Test
    void thePostStartHookWritesItsFileAndThePreStopHookQuitsNginx(FakeCluster cluster) {
        // given
        cluster.applyResource("manifests/lifecycle/lifecycle-demo.yaml");
        cluster.advance(ofSeconds(10));
        // then: the container runs once its postStart hook has written the file
        assertThat(cluster).pod("lifecycle-demo").isRunning().isReady()
                .container("lifecycle-demo-container").hasFile("/usr/share/message")
                .withContent("Hello from the postStart handler\n");
        // when: deleted with the default 30 s of grace
        cluster.deletePod("lifecycle-demo");
        cluster.advance(ofSeconds(40));
        // then: `nginx -s quit` tells nginx to quit and returns; the kubelet goes on at once to the image's stop
        // signal (nginx's STOPSIGNAL is SIGQUIT, not SIGTERM), nginx exits 0 at 10 s and the pod is gone, 30 s before
        // its grace ends
        assertThat(cluster.findPod("default", "lifecycle-demo")).isEmpty();
        assertThat(story(cluster, "lifecycle-demo")).containsExactly(
                "0 container lifecycle-demo-container started",
                "0 container lifecycle-demo-container: PostStart hook started",
                "0 container lifecycle-demo-container: PostStart hook succeeded",
                "0 pod phase Running",
                "10 Killing: Stopping container lifecycle-demo-container",
                "10 container lifecycle-demo-container: PreStop hook started",
                "10 container lifecycle-demo-container: PreStop hook succeeded",
                "10 container lifecycle-demo-container exited with code 0 (Completed)",
                "10 pod phase Succeeded");
        assertThat(cluster).pod("lifecycle-demo").container("lifecycle-demo-container")
                .preStopHookRanBeforeSigterm().receivedSignalAt("SIGQUIT", ofSeconds(10)).exitedAt(ofSeconds(10));
    }

    @Test
    void aSlowPreStopDelaysSigtermAndOneThatOverrunsGetsTheTwoSecondExtension(FakeCluster cluster) {
        // given
        cluster.applyResource("manifests/lifecycle/graceful-shutdown.yaml");
        cluster.advance(ofSeconds(10));
        String uid = cluster.pod("stuck-stop").getMetadata().getUid();
        // when: both deleted at 10 s with their 30 s of grace
        cluster.deletePod("slow-stop");
        cluster.deletePod("stuck-stop");
        cluster.advance(ofSeconds(5));
        // then: while the hooks run, kubectl shows them Terminating (printPod: deletionTimestamp set, phase not terminal)
        assertThat(cluster).pod("slow-stop").showsInKubectl("1/1", "Terminating", "0");
        assertThat(cluster).pod("stuck-stop").showsInKubectl("1/1", "Terminating", "0");
        cluster.advance(ofSeconds(45));
        // slow-stop: preStop sleeps 10..30, then nginx's stop signal (SIGQUIT) at 30 (20 s off the grace), exit 0 at once
        assertThat(cluster).pod("slow-stop").container("web")
                .preStopHookRanBeforeSigterm().receivedSignalAt("SIGQUIT", ofSeconds(30)).exitedAt(ofSeconds(30));
        assertThat(story(cluster, "slow-stop")).containsExactly(
                "0 container web started",
                "0 pod phase Running",
                "10 Killing: Stopping container web",
                "10 container web: PreStop hook started",
                "30 container web: PreStop hook succeeded",
                "30 container web exited with code 0 (Completed)",
                "30 pod phase Succeeded");
        // stuck-stop: the kubelet waits the whole 30 s for the hook, SIGTERM at 40, then max(30 - 30, 2) = 2 s:
        // SIGKILL at 42 (minimumGracePeriodInSeconds); the hook's `sleep 40` dies with the container: FailedPreStopHook
        assertThat(cluster).pod("stuck-stop").container("worker")
                .preStopHookRanBeforeSigterm().receivedSigtermAt(ofSeconds(40)).receivedSigkillAt(ofSeconds(42))
                .wasKilledAfterTheGracePeriod().preStopHookFailed();
        assertThat(story(cluster, "stuck-stop")).containsExactly(
                "0 container worker started",
                "0 pod phase Running",
                "10 Killing: Stopping container worker",
                "10 container worker: PreStop hook started",
                "40 container worker: PreStop hook still running after the grace period of 30s, the kubelet goes on",
                "42 container worker exited with code 137 (Error)",
                "42 container worker: PreStop hook failed: Exec lifecycle hook ([sh -c sleep 40]) for Container \"worker\""
                        + " in Pod \"stuck-stop_default(" + uid + ")\" failed - error: command 'sh -c sleep 40' exited with"
                        + " 137: , message: \"\"",
                "42 FailedPreStopHook: PreStopHook failed",
                "42 pod phase Failed");
        assertThat(cluster.findPod("default", "slow-stop")).isEmpty();
        assertThat(cluster.findPod("default", "stuck-stop")).isEmpty();
    }

    @Test
    void aJobStylePodWithASidecarCompletesWhenItsMainContainerDoes(FakeCluster cluster) {
        // given
        cluster.applyResource("manifests/lifecycle/sidecar-job.yaml");
        cluster.advance(ofSeconds(5));
        // then: the sidecar started first and runs beside the report (reference §6.2)
        assertThat(cluster).pod("report").isRunning().showsInKubectl("2/2", "Running", "0");
        // when: the report exits 0 at 10 s
        cluster.advance(ofSeconds(55));
        // then: a terminated sidecar does not keep the pod from completing; the kubelet stops it (SIGTERM, exit 0)
        assertThat(cluster).pod("report").hasSucceeded().showsInKubectl("0/2", "Completed", "0")
                .container("report").isTerminated(0, "Completed").exitedAt(ofSeconds(10));
        assertThat(cluster).pod("report").container("log-shipper")
                .isTerminated(0, "Completed").receivedSigtermAt(ofSeconds(10)).exitedAt(ofSeconds(10))
                .hasEvent("Killing", "Stopping container log-shipper");
        assertThat(story(cluster, "report")).containsExactly(
                "0 container log-shipper started",
                "0 container report started",
                "0 pod phase Running",
                "10 container report exited with code 0 (Completed)",
                "10 Killing: Stopping container log-shipper",
                "10 container log-shipper exited with code 0 (Completed)",
                "10 pod phase Succeeded");
    }

    @Test
    void aCrashLoopingSecondInitContainerNeverRerunsTheFirst(FakeCluster cluster) {
        // given
        cluster.applyResource("manifests/lifecycle/init-crash-loop.yaml");
        // when
        cluster.advance(ofSeconds(5));
        // then: the exit of the restart at once shows as Init:Error (printPod: "Init:" + the terminated reason)
        assertThat(cluster).pod("myapp").isPending().showsInKubectl("0/1", "Init:Error", "1 (5s ago)");
        cluster.advance(ofSeconds(95));
        // init-db restarts at once, then 10, 20, 40 s after each exit, and waits 80 s now (doBackOff); init-config
        // ran once, first
        assertThat(cluster).pod("myapp").isPending().showsInKubectl("0/1", "Init:CrashLoopBackOff", "4 (30s ago)")
                .container("init-config").ranBefore("init-db").startedAt(ZERO).hasRestarted(0)
                .isTerminated(0, "Completed");
        assertThat(cluster).pod("myapp").container("init-db")
                .restartedAt(ZERO, ofSeconds(10), ofSeconds(30), ofSeconds(70)).hasRestarted(4)
                .isWaiting("CrashLoopBackOff", "back-off 1m20s restarting failed container=init-db")
                .hasLastTerminationState(1, "Error");
        assertThat(cluster).pod("myapp").container("app").isWaiting("PodInitializing").isNotStarted();
    }
}
