package dev.peapod.kubelet;

import dev.peapod.timeline.Fact;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Lifecycle hooks (kuberuntime_container.go startContainer step 4, killContainer, executePreStopHook; lifecycle/handlers.go). */
class LifecycleHookTest {
    private final Scenario s = new Scenario();

    /** Hooks, signals, Killing and hook events, exits and starts, as "seconds text", in timeline order. */
    private List<String> story() {
        return s.cluster.timeline().forPod("default", "web").stream()
                .filter(e -> e.fact() instanceof Fact.HookRan || e.fact() instanceof Fact.Signalled
                        || e.fact() instanceof Fact.ContainerExited || e.fact() instanceof Fact.ContainerStarted
                        || e.fact() instanceof Fact.EventRecorded ev && (ev.reason().equals("Killing")
                        || ev.reason().endsWith("Hook") || ev.reason().equals("BackOff")))
                .map(e -> e.sinceStart().getSeconds() + " " + e.text())
                .toList();
    }

    private void delete(long grace) {
        s.cluster.context().store().delete(Pod.class, "default", "web", grace);
        s.cluster.context().loop().settle();
    }

    @Test
    void aPreStopSleepOfFiveSecondsDelaysSigtermByFiveSeconds() {
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: example/web:1
                    lifecycle:
                      preStop: {sleep: {seconds: 5}}
                """);
        s.at(10);
        delete(30);
        s.at(60);
        assertThat(story()).containsExactly(
                "0 container app started",
                "10 Killing: Stopping container app",
                "10 container app: PreStop hook started",
                "15 container app: PreStop hook succeeded",
                "15 container app got SIGTERM",
                "15 container app exited with code 0 (Completed)");
        assertThat(s.cluster.pods()).isEmpty();
    }

    @Test
    void aPreStopThatOverrunsTheGracePeriodGetsTheTwoSecondExtension() {
        // given: a busybox shell as PID 1 (it ignores SIGTERM) and a preStop that sleeps 40 s
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: busybox:1.36
                    command: ["sh", "-c", "while true; do sleep 1; done"]
                    lifecycle:
                      preStop:
                        exec: {command: ["sh", "-c", "sleep 40"]}
                """);
        String uid = s.pod("web").getMetadata().getUid();
        s.at(10);
        delete(30);
        s.at(100);
        // then: the kubelet waits 30 s for the hook, 30 - 30 = 0 -> the 2 s minimum: SIGTERM at 40, SIGKILL at 42;
        // the hook's exec dies with the container (137): FailedPreStopHook
        assertThat(story()).containsExactly(
                "0 container app started",
                "10 Killing: Stopping container app",
                "10 container app: PreStop hook started",
                "40 container app: PreStop hook still running after the grace period of 30s, the kubelet goes on",
                "40 container app got SIGTERM",
                "42 container app got SIGKILL",
                "42 container app exited with code 137 (Error)",
                "42 container app: PreStop hook failed: Exec lifecycle hook ([sh -c sleep 40]) for Container \"app\" in Pod \"web_default("
                        + uid + ")\" failed - error: command 'sh -c sleep 40' exited with 137: , message: \"\"",
                "42 FailedPreStopHook: PreStopHook failed");
    }

    @Test
    void aShellAsPidOneThatIgnoresSigtermDiesAtExactlyTheGracePeriodWith137() {
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: busybox:1.36
                    command: ["sh", "-c", "while true; do sleep 1; done"]
                """);
        s.at(10);
        delete(30);
        s.at(100);
        assertThat(story()).containsExactly(
                "0 container app started",
                "10 Killing: Stopping container app",
                "10 container app got SIGTERM",
                "40 container app got SIGKILL",
                "40 container app exited with code 137 (Error)");
    }

    @Test
    void theContainerIsNotRunningUntilItsPostStartHookCompletes() {
        // given: a postStart hook that takes 5 s, and a readiness probe every second
        s.cluster.container("web", "app").postStart().takes(Duration.ofSeconds(5));
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: example/web:1
                    lifecycle:
                      postStart: {exec: {command: ["sh", "-c", "echo hello > /tmp/ready"]}}
                    readinessProbe: {exec: {command: [cat, /tmp/ready]}, periodSeconds: 1}
                """);
        // when: 3 s in, the kubelet still waits for the hook (SyncPod is blocked in startContainer)
        s.at(3);
        // then: the status is the one published before the start, and no probe has run
        assertThat(s.container("web", "app").getState().getWaiting().getReason()).isEqualTo("ContainerCreating");
        assertThat(s.cluster.podTable()).contains("web    0/1     ContainerCreating   0          3s");
        assertThat(s.cluster.timeline().forPod("default", "web", Fact.ProbeRan.class)).isEmpty();
        // and at 5 s the hook ends: Running, probed, ready
        s.at(6);
        assertThat(s.container("web", "app").getState().getRunning().getStartedAt()).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(s.condition("web", "Ready").getLastTransitionTime()).isEqualTo("2025-01-01T00:00:05Z");
        assertThat(story()).containsExactly(
                "0 container app started",
                "0 container app: PostStart hook started",
                "5 container app: PostStart hook succeeded");
    }

    @Test
    void aFailingPostStartHookKillsTheContainerAndTheRestartPolicyAppliesWithTheCrashBackOff() {
        // given: the hook fails on the first three starts; the preStop hook runs on each kill
        s.cluster.container("web", "app").postStart().fails().onStarts(1, 2, 3);
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: example/web:1
                    lifecycle:
                      postStart:
                        exec: {command: ["sh", "-c", "echo hi > /tmp/x"]}
                      preStop: {sleep: {seconds: 1}}
                """);
        String uid = s.pod("web").getMetadata().getUid();
        String message = "Exec lifecycle hook ([sh -c echo hi > /tmp/x]) for Container \"app\" in Pod \"web_default(" + uid
                + ")\" failed - error: command 'sh -c echo hi > /tmp/x' exited with 1: , message: \"\"";
        // when: 1 s in, the first run has been killed and its restart is blocked in its own failing hook
        s.at(1);
        // then: the status the restarting SyncPod published: PostStartHookError with the hook's message
        var status = s.container("web", "app");
        assertThat(status.getState().getWaiting().getReason()).isEqualTo("PostStartHookError");
        assertThat(status.getState().getWaiting().getMessage()).isEqualTo(message);
        assertThat(status.getLastState().getTerminated().getExitCode()).isZero();
        assertThat(s.cluster.podTable()).contains("web    0/1     PostStartHookError   0          1s");
        s.at(100);
        // the first restart is at once, then the back-off doubles from 10 s (kuberuntime_manager.go doBackOff)
        assertThat(story()).containsExactly(
                "0 container app started",
                "0 container app: PostStart hook started",
                "0 container app: PostStart hook failed: " + message,
                "0 FailedPostStartHook: PostStartHook failed",
                "0 Killing: FailedPostStartHook",
                "0 container app: PreStop hook started",
                "1 container app: PreStop hook succeeded",
                "1 container app got SIGTERM",
                "1 container app exited with code 0 (Completed)",
                "1 container app started (restart 1)",
                "1 container app: PostStart hook started",
                "1 container app: PostStart hook failed: " + message,
                "1 FailedPostStartHook: PostStartHook failed",
                "1 Killing: FailedPostStartHook",
                "1 container app: PreStop hook started",
                "2 container app: PreStop hook succeeded",
                "2 container app got SIGTERM",
                "2 container app exited with code 0 (Completed)",
                "2 BackOff: Back-off restarting failed container app in pod web_default(" + uid + ")",
                "12 container app started (restart 2)",
                "12 container app: PostStart hook started",
                "12 container app: PostStart hook failed: " + message,
                "12 FailedPostStartHook: PostStartHook failed",
                "12 Killing: FailedPostStartHook",
                "12 container app: PreStop hook started",
                "13 container app: PreStop hook succeeded",
                "13 container app got SIGTERM",
                "13 container app exited with code 0 (Completed)",
                "13 BackOff: Back-off restarting failed container app in pod web_default(" + uid + ")",
                "23 BackOff: Back-off restarting failed container app in pod web_default(" + uid + ")",
                "33 container app started (restart 3)",
                "33 container app: PostStart hook started",
                "33 container app: PostStart hook succeeded");
        assertThat(s.cluster.podTable()).contains("web    1/1     Running   3 (87s ago)   100s");
        // the event never carries the hook's message (kuberuntime_container.go: secrets must not leak)
        assertThat(s.events("web", "FailedPostStartHook")).singleElement()
                .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"))
                .satisfies(e -> assertThat(e.getCount()).isEqualTo(3));
    }
}
