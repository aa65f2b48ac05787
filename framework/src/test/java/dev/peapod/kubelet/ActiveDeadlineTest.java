package dev.peapod.kubelet;

import dev.peapod.timeline.Fact;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * spec.activeDeadlineSeconds (kubernetes: pkg/kubelet/active_deadline.go, kubelet_pods.go generateAPIPodStatus,
 * kubelet.go SyncPod / SyncTerminatingPod / SyncTerminatedPod, status/status_manager.go mergePodStatus, v1.33).
 */
class ActiveDeadlineTest {
    private final Scenario s = new Scenario();

    private static final String WEB = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              nodeName: node-1
              activeDeadlineSeconds: 30
              containers:
              - {name: app, image: "nginx:1.25"}
            """;

    /** The pod's timeline entries of these kinds, as "seconds text". */
    private List<String> story() {
        return s.cluster.timeline().forPod("default", "web").stream()
                .filter(e -> e.fact() instanceof Fact.ContainerExited || e.fact() instanceof Fact.PhaseChanged
                        || e.fact() instanceof Fact.EventRecorded ev
                        && (ev.reason().equals("Killing") || ev.reason().equals(ActiveDeadline.REASON)))
                .map(e -> e.sinceStart().getSeconds() + " " + e.text())
                .toList();
    }

    @Test
    void aPodPastItsDeadlineFailsWithDeadlineExceededAtTheDeadline() {
        // given
        s.apply(WEB);
        // when
        s.at(29);
        // then: still running one second before
        assertThat(s.phase("web")).isEqualTo("Running");
        assertThat(s.pod("web").getStatus().getReason()).isNull();
        // when
        s.at(30);
        // then: Failed at startTime + 30 s (>=), with upstream's reason and message; nginx exits 0 on SIGTERM
        Pod pod = s.pod("web");
        assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
        assertThat(pod.getStatus().getReason()).isEqualTo("DeadlineExceeded");
        assertThat(pod.getStatus().getMessage()).isEqualTo("Pod was active on the node longer than the specified deadline");
        assertThat(s.container("web", "app").getState().getTerminated().getExitCode()).isZero();
        assertThat(s.container("web", "app").getState().getTerminated().getReason()).isEqualTo("Completed");
        assertThat(s.condition("web", "Ready").getReason()).isEqualTo("PodFailed");
        assertThat(story()).containsExactly(
                "0 pod phase Running",
                "30 DeadlineExceeded: Pod was active on the node longer than the specified deadline",
                "30 DeadlineExceeded: Pod was active on the node longer than the specified deadline",
                "30 Killing: Stopping container app",
                "30 container app exited with code 0 (Completed)",
                "30 DeadlineExceeded: Pod was active on the node longer than the specified deadline",
                "30 DeadlineExceeded: Pod was active on the node longer than the specified deadline",
                "30 pod phase Failed");
    }

    @Test
    void theDeadlineEventIsNormalAndCountedOncePerShouldEvictCall() {
        // given
        s.apply(WEB);
        // when
        s.at(100);
        // then: SyncPod, SyncTerminatingPod before and after its kill, SyncTerminatedPod: four calls, one aggregated event
        List<Event> events = s.events("web", "DeadlineExceeded");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getType()).isEqualTo("Normal");
        assertThat(events.get(0).getMessage()).isEqualTo("Pod was active on the node longer than the specified deadline");
        assertThat(events.get(0).getCount()).isEqualTo(4);
        assertThat(events.get(0).getInvolvedObject().getFieldPath()).isNull();
    }

    @Test
    void aContainerThatIgnoresSigtermIsKilledAfterThePodsGracePeriodAndThePhaseWaitsForIt() {
        // given: sh as PID 1 ignores SIGTERM; the pod's grace period is 10 s
        s.cluster.container("web", "app").ignoresSigterm();
        s.apply(WEB.replace("  activeDeadlineSeconds: 30", "  activeDeadlineSeconds: 30\n  terminationGracePeriodSeconds: 10"));
        // when
        s.at(35);
        // then: while the container may run, the API keeps the phase it had (mergePodStatus), but Ready is False
        assertThat(s.phase("web")).isEqualTo("Running");
        assertThat(s.pod("web").getStatus().getReason()).isNull();
        assertThat(s.condition("web", "Ready").getStatus()).isEqualTo("False");
        assertThat(s.condition("web", "Ready").getReason()).isEqualTo("PodFailed");
        // when
        s.at(40);
        // then: SIGKILL at the end of the pod's grace period, then Failed
        assertThat(s.phase("web")).isEqualTo("Failed");
        assertThat(s.pod("web").getStatus().getReason()).isEqualTo("DeadlineExceeded");
        assertThat(s.container("web", "app").getState().getTerminated().getExitCode()).isEqualTo(137);
        assertThat(story()).containsExactly(
                "0 pod phase Running",
                "30 DeadlineExceeded: Pod was active on the node longer than the specified deadline",
                "30 DeadlineExceeded: Pod was active on the node longer than the specified deadline",
                "30 Killing: Stopping container app",
                "40 container app exited with code 137 (Error)",
                "40 DeadlineExceeded: Pod was active on the node longer than the specified deadline",
                "40 DeadlineExceeded: Pod was active on the node longer than the specified deadline",
                "40 pod phase Failed");
        assertThat(s.events("web", "DeadlineExceeded").get(0).getCount()).isEqualTo(4);
    }

    @Test
    void kubectlShowsTheKilledContainersReasonNotThePodsAsPrintPodLetsContainerReasonsWin() {
        // given
        s.cluster.container("web", "app").ignoresSigterm();
        s.apply(WEB.replace("  activeDeadlineSeconds: 30", "  activeDeadlineSeconds: 30\n  terminationGracePeriodSeconds: 10"));
        // when
        s.at(40);
        // then: printers.go printPod starts from status.reason (DeadlineExceeded) but a terminated
        // container's reason overrides it
        assertThat(s.cluster.podTable()).isEqualTo("""
                NAME   READY   STATUS   RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES
                web    0/1     Error    0          40s   10.244.1.2   node-1   <none>           <none>
                """);
    }

    @Test
    void aDeadlineAddedToARunningPodCountsFromTheStartTime() {
        // given: no deadline at first
        s.apply(WEB.replace("  activeDeadlineSeconds: 30\n", ""));
        s.at(50);
        // when: a deadline of 80 s is added at 50 s
        s.apply(WEB.replace("activeDeadlineSeconds: 30", "activeDeadlineSeconds: 80"));
        s.at(79);
        // then
        assertThat(s.phase("web")).isEqualTo("Running");
        // when
        s.at(80);
        // then
        assertThat(s.phase("web")).isEqualTo("Failed");
        assertThat(story()).element(1).isEqualTo("80 DeadlineExceeded: Pod was active on the node longer than the specified deadline");
    }

    @Test
    void aDeadlineAlreadyPassedWhenAddedFailsThePodAtTheUpdate() {
        // given
        s.apply(WEB.replace("  activeDeadlineSeconds: 30\n", ""));
        s.at(100);
        // when: 30 s is added at 100 s: passed 70 s ago
        s.apply(WEB);
        // then: the update's sync fails the pod at once
        assertThat(s.phase("web")).isEqualTo("Failed");
        assertThat(s.pod("web").getStatus().getReason()).isEqualTo("DeadlineExceeded");
        assertThat(story()).element(1).isEqualTo("100 DeadlineExceeded: Pod was active on the node longer than the specified deadline");
    }

    @Test
    void aLoweredDeadlineMovesTheTimer() {
        // given: 300 s at first
        s.apply(WEB.replace("activeDeadlineSeconds: 30", "activeDeadlineSeconds: 300"));
        s.at(10);
        // when: lowered to 60 s
        s.apply(WEB.replace("activeDeadlineSeconds: 30", "activeDeadlineSeconds: 60"));
        s.at(400);
        // then: failed at 60 s, not 300 s, and once
        assertThat(story()).filteredOn(line -> line.contains("phase Failed")).containsExactly("60 pod phase Failed");
        assertThat(s.events("web", "DeadlineExceeded").get(0).getCount()).isEqualTo(4);
    }

    @Test
    void aDeadlinePassingWhileADeletedPodIsKilledIsSeenOnlyByTheStatusesAfterTheKill() {
        // given: deleted at 20 s with 30 s of grace; the container ignores SIGTERM, so the kill ends at 50 s
        s.cluster.container("web", "app").ignoresSigterm();
        s.apply(WEB);
        s.at(20);
        s.cluster.deletePod("web");
        // when
        s.at(60);
        // then: SyncTerminatingPod's first status came before the deadline; the one after the kill and
        // SyncTerminatedPod's come after it, so two events; no second kill
        assertThat(s.cluster.timeline().forPod("default", "web").stream()
                .filter(e -> e.fact() instanceof Fact.EventRecorded ev
                        && (ev.reason().equals("Killing") || ev.reason().equals(ActiveDeadline.REASON)))
                .map(e -> e.sinceStart().getSeconds() + " " + e.text()).toList())
                .containsExactly(
                        "20 Killing: Stopping container app",
                        "50 DeadlineExceeded: Pod was active on the node longer than the specified deadline",
                        "50 DeadlineExceeded: Pod was active on the node longer than the specified deadline");
        assertThat(s.cluster.pods()).isEmpty();
    }

    @Test
    void aPodStuckInContainerCreatingHasAStartTimeAndFailsAtItsDeadline() {
        // given: a ConfigMap volume whose ConfigMap does not exist keeps the pod in ContainerCreating
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  activeDeadlineSeconds: 30
                  containers:
                  - name: app
                    image: nginx:1.25
                    volumeMounts: [{name: cfg, mountPath: /etc/cfg}]
                  volumes:
                  - {name: cfg, configMap: {name: missing}}
                """);
        // when
        s.at(10);
        // then: the status manager set startTime at the first sync, before the volumes wait (updateStatusInternal)
        Pod waiting = s.pod("web");
        assertThat(waiting.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(waiting.getStatus().getStartTime()).isEqualTo(waiting.getMetadata().getCreationTimestamp());
        // when
        s.at(30);
        // then: failed at the deadline; nothing ran, so nothing is killed, and no IP was ever given. (A departure:
        // upstream's SyncPod first waits up to 2 min in WaitForAttachAndMount, so it sees the deadline when that
        // wait ends; Peapod's volume retries do not block the pod worker. The README says so.) The container
        // never left Waiting: TerminatePod reports it ContainerStatusUnknown, exit code 137
        assertThat(s.container("web", "app").getState().getTerminated().getReason()).isEqualTo("ContainerStatusUnknown");
        assertThat(s.container("web", "app").getState().getTerminated().getMessage())
                .isEqualTo("The container could not be located when the pod was terminated");
        assertThat(s.container("web", "app").getState().getTerminated().getExitCode()).isEqualTo(137);
        Pod failed = s.pod("web");
        assertThat(failed.getStatus().getPhase()).isEqualTo("Failed");
        assertThat(failed.getStatus().getReason()).isEqualTo("DeadlineExceeded");
        assertThat(failed.getStatus().getPodIP()).isNull();
        assertThat(story()).containsExactly(
                "30 DeadlineExceeded: Pod was active on the node longer than the specified deadline",
                "30 DeadlineExceeded: Pod was active on the node longer than the specified deadline",
                "30 DeadlineExceeded: Pod was active on the node longer than the specified deadline",
                "30 DeadlineExceeded: Pod was active on the node longer than the specified deadline",
                "30 pod phase Failed");
        assertThat(s.cluster.timeline().forPod("default", "web", Fact.ContainerStarted.class)).isEmpty();
    }

    @Test
    void aPodThatCompletesBeforeItsDeadlineIsNotTouchedByIt() {
        // given: exits 0 after 5 s, never restarted
        s.cluster.container("web", "app").exitsWith(0).after(Duration.ofSeconds(5));
        s.apply(WEB.replace("  containers:", "  restartPolicy: Never\n  containers:"));
        // when
        s.at(100);
        // then
        assertThat(s.phase("web")).isEqualTo("Succeeded");
        assertThat(s.pod("web").getStatus().getReason()).isNull();
        assertThat(s.events("web", "DeadlineExceeded")).isEmpty();
    }

    @Test
    void aCrashLoopingContainerAtTheDeadlineEndsContainerStatusUnknownWithItsLastExitKept() {
        // given: the container fails 5 s after each start; the deadline is 30 s
        s.cluster.container("web", "app").exitsWith(1).after(java.time.Duration.ofSeconds(5));
        s.apply(WEB);
        s.at(60);
        // then: it waited in CrashLoopBackOff at 30 s (ShouldContainerBeRestarted knows no terminal pod), and
        // TerminatePod turned that into ContainerStatusUnknown; lastState keeps the real exit
        var status = s.container("web", "app");
        assertThat(status.getState().getTerminated().getReason()).isEqualTo("ContainerStatusUnknown");
        assertThat(status.getState().getTerminated().getExitCode()).isEqualTo(137);
        assertThat(status.getLastState().getTerminated().getExitCode()).isEqualTo(1);
        assertThat(s.phase("web")).isEqualTo("Failed");
        assertThat(s.cluster.podTable()).contains("web    0/1     ContainerStatusUnknown");
    }
}
