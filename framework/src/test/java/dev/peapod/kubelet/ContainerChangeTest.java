package dev.peapod.kubelet;

import io.fabric8.kubernetes.api.model.Event;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A container whose image changes on a live pod (kuberuntime_manager.go computePodActions, containerChanged;
 * doBackOff keyed by GetStableKey, whose HashContainer covers the name and the image since v1.31).
 */
class ContainerChangeTest {
    private final Scenario s = new Scenario();

    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: crash}
            spec:
              nodeName: node-1
              containers:
              - name: app
                image: busybox:1.36
            """;

    private static final String WEB = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              nodeName: node-1
              initContainers:
              - name: proxy
                image: busybox:1.36
                command: ["sleep", "3600"]
                restartPolicy: Always
              containers:
              - name: app
                image: nginx:1.25
            """;

    /** The timeline's lines at one instant, in order (events and facts). */
    private List<String> linesAt(String instant) {
        return s.cluster.timeline().describe("default", "web").lines()
                .filter(l -> l.startsWith("  " + instant + "  ")).map(l -> l.substring(12)).toList();
    }

    private List<Long> startInstants(String pod, String container) {
        return s.cluster.timeline().containerHistory("default", pod, container).startedAt().stream()
                .map(Duration::getSeconds).toList();
    }

    @Test
    void aCrashLoopingContainerWhoseImageChangesIsRestartedAtOnceAndBacksOffFromTenSecondsAgain() {
        // given: exits 1 five seconds after every start; started at 0, 5, 20 and 45 s, so the back-off is 40 s
        s.cluster.container("crash", "app").exitsWith(1).after(Duration.ofSeconds(5));
        var uid = s.apply(POD).getMetadata().getUid();
        s.at(47);
        // when: the image changes while the fourth run runs
        s.cluster.editPod("crash").setImage("app", "busybox:1.37");
        s.at(77);
        var waiting = s.container("crash", "app").getState().getWaiting(); // published 10 s after the exit at 67 s
        s.at(140);
        // then: killed for the definition change and started in the same SyncPod, its doBackOff under the new
        // definition's key (GetStableKey) finding no entry; the next exit at 52 s backs off 10 s (not 80 s), then 20, 40
        assertThat(s.events("crash", "Killing")).singleElement()
                .extracting(Event::getMessage, Event::getLastTimestamp)
                .containsExactly("Container app definition changed, will be restarted", "2025-01-01T00:00:47Z");
        assertThat(startInstants("crash", "app")).containsExactly(0L, 5L, 20L, 45L, 47L, 62L, 87L, 132L);
        assertThat(waiting.getReason() + ": " + waiting.getMessage()).isEqualTo(
                "CrashLoopBackOff: back-off 20s restarting failed container=app pod=crash_default(" + uid + ")");
        assertThat(s.container("crash", "app").getImage()).isEqualTo("docker.io/library/busybox:1.37");
    }

    @Test
    void aContainerWaitingInCrashLoopBackOffWhoseImageChangesStartsAtOnceWithoutAKill() {
        // given: the third run exited at 25 s and waits 20 s, until 45 s
        s.cluster.container("crash", "app").exitsWith(1).after(Duration.ofSeconds(5));
        s.apply(POD);
        s.at(30);
        // when
        s.cluster.editPod("crash").setImage("app", "busybox:1.37");
        // then: computePodActions starts an exited container without comparing hashes, and doBackOff's
        // new key has no entry: the update's sync starts it with the new image
        assertThat(startInstants("crash", "app")).containsExactly(0L, 5L, 20L, 30L);
        assertThat(s.events("crash", "Killing")).isEmpty();
        var status = s.container("crash", "app");
        assertThat(status.getImage()).isEqualTo("docker.io/library/busybox:1.37");
        assertThat(status.getRestartCount()).isEqualTo(3);
        assertThat(status.getLastState().getTerminated().getFinishedAt()).isEqualTo("2025-01-01T00:00:25Z");
    }

    @Test
    void changingTheImageBackResumesTheOldDefinitionsBackOff() {
        // given: back-off entries of busybox:1.36 (40 s, updated at 45 s) and then of busybox:1.37
        s.cluster.container("crash", "app").exitsWith(1).after(Duration.ofSeconds(5));
        s.apply(POD);
        s.at(47);
        s.cluster.editPod("crash").setImage("app", "busybox:1.37");
        s.at(64);
        // when: back to 1.36 while the run started at 62 s runs
        s.cluster.editPod("crash").setImage("app", "busybox:1.36");
        s.at(200);
        // then: the kill at 64 s restarts against the run before (exited at 52 s) under 1.36's key, whose entry
        // (40 s, updated at 45 s) has not expired and 64 - 52 < 40: it waits; 40 s after the kill's exit it
        // starts and the entry doubles, so the next exit (109 s) waits 80 s
        assertThat(startInstants("crash", "app")).containsExactly(0L, 5L, 20L, 45L, 47L, 62L, 104L, 189L);
    }

    @Test
    void aRunningContainerWhoseImageChangesIsKilledAndStartedWithTheNewImage() {
        // given
        s.apply(WEB);
        s.at(10);
        // when
        s.cluster.editPod("web").setImage("app", "nginx:1.26");
        // then: Killing with upstream's message, then the start of the new image in the same SyncPod
        assertThat(linesAt("00:00:10")).containsExactly(
                "Killing: Container app definition changed, will be restarted",
                "container app exited with code 0 (Completed)",
                "Pulled: Container image \"nginx:1.26\" already present on machine",
                "Created: Created container: app",
                "Started: Started container app",
                "container app started (restart 1)");
        var status = s.container("web", "app");
        assertThat(status.getImage()).isEqualTo("docker.io/library/nginx:1.26");
        assertThat(status.getImageID()).isEqualTo(PodStatusGenerator.imageId("nginx:1.26"));
        assertThat(status.getRestartCount()).isEqualTo(1);
        assertThat(status.getState().getRunning().getStartedAt()).isEqualTo("2025-01-01T00:00:10Z");
        var last = status.getLastState().getTerminated();
        assertThat(last).extracting("exitCode", "reason", "startedAt", "finishedAt")
                .containsExactly(0, "Completed", "2025-01-01T00:00:00Z", "2025-01-01T00:00:10Z");
        assertThat(s.container("web", "proxy").getRestartCount()).isZero();
        s.at(15);
        assertThat(s.cluster.podTable()).contains("web    2/2     Running   1 (5s ago)   15s   10.244.1.2   node-1");
    }

    @Test
    void aSidecarWhoseImageChangesIsKilledAsAnInitContainerAndStartedWithTheNewImage() {
        // given: the sidecar runs sleep as PID 1, which ignores SIGTERM
        s.apply(WEB);
        s.at(20);
        // when
        s.cluster.editPod("web").setImage("proxy", "busybox:1.37");
        s.at(60);
        // then: upstream's message for a restartable init container has no ", will be restarted"
        // (computeInitContainerActions); the stop takes the pod's 30 s grace period
        assertThat(linesAt("00:00:20")).containsExactly("Killing: Init container proxy definition changed");
        assertThat(linesAt("00:00:50")).containsExactly(
                "container proxy exited with code 137 (Error)",
                "Pulled: Container image \"busybox:1.37\" already present on machine",
                "Created: Created container: proxy",
                "Started: Started container proxy",
                "container proxy started (restart 1)");
        assertThat(s.events("web", "Killing")).singleElement().extracting(e -> e.getInvolvedObject().getFieldPath())
                .isEqualTo("spec.initContainers{proxy}");
        var status = s.container("web", "proxy");
        assertThat(status.getImage()).isEqualTo("docker.io/library/busybox:1.37");
        assertThat(status.getImageID()).isEqualTo(PodStatusGenerator.imageId("busybox:1.37"));
        assertThat(status.getRestartCount()).isEqualTo(1);
        assertThat(status.getLastState().getTerminated()).extracting("exitCode", "reason", "finishedAt")
                .containsExactly(137, "Error", "2025-01-01T00:00:50Z");
        assertThat(s.container("web", "app").getRestartCount()).isZero();
        assertThat(s.cluster.podTable()).contains("web    2/2     Running   1 (10s ago)   60s   10.244.1.2   node-1");
    }

    @Test
    void setImageNamesTheContainersOfAPodThatHasNoneOfThatName() {
        s.apply(WEB);
        assertThatThrownBy(() -> s.cluster.editPod("web").setImage("nope", "busybox:1.37"))
                .isInstanceOf(dev.peapod.core.PeapodException.class)
                .hasMessage("pod default/web has no container \"nope\"; its containers are [app, proxy]");
    }
}
