package dev.peapod.kubelet;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Restarts and CrashLoopBackOff (reference §3, errata, omission 1). */
class RestartTest {
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

    /** The instants (seconds) at which the container started, read back from restartCount changes. */
    private List<Long> startInstants(long until) {
        List<Long> starts = new ArrayList<>();
        int seen = -1;
        for (long t = 0; t <= until; t++) {
            s.at(t);
            var status = s.container("crash", "app");
            if (status.getState().getRunning() != null && status.getRestartCount() != seen) {
                seen = status.getRestartCount();
                starts.add(t);
            }
        }
        return starts;
    }

    @Test
    void aCrashingContainerRestartsOnTheBackOffSchedule() {
        // given: exits 1 five seconds after every start
        s.cluster.container("crash", "app").exitsWith(1).after(Duration.ofSeconds(5));
        s.apply(POD);
        // when
        List<Long> starts = startInstants(960);
        // then: first restart at once, then 10, 20, 40, 80, 160, 300, 300 s after each exit
        assertThat(starts).containsExactly(0L, 5L, 20L, 45L, 90L, 175L, 340L, 645L, 950L);
        assertThat(s.container("crash", "app").getRestartCount()).isEqualTo(8);
    }

    @Test
    void theWaitingMessageNamesTheBackOffInGoDurationText() {
        // given
        s.cluster.container("crash", "app").exitsWith(1).after(Duration.ofSeconds(5));
        var uid = s.apply(POD).getMetadata().getUid();
        // when / then: the message is published by the requeue 10 s after each exit (errata A-7, omission 1)
        List<String> messages = new ArrayList<>();
        for (long t : new long[] {35, 60, 105, 190, 355, 660}) {
            s.at(t);
            var waiting = s.container("crash", "app").getState().getWaiting();
            messages.add(waiting.getReason() + ": " + waiting.getMessage());
        }
        String suffix = " restarting failed container=app pod=crash_default(" + uid + ")";
        assertThat(messages).containsExactly(
                "CrashLoopBackOff: back-off 20s" + suffix,
                "CrashLoopBackOff: back-off 40s" + suffix,
                "CrashLoopBackOff: back-off 1m20s" + suffix,
                "CrashLoopBackOff: back-off 2m40s" + suffix,
                "CrashLoopBackOff: back-off 5m0s" + suffix,
                "CrashLoopBackOff: back-off 5m0s" + suffix);
    }

    @Test
    void theExitIsVisibleAsTerminatedUntilTheNextSync() {
        // given
        s.cluster.container("crash", "app").exitsWith(1).after(Duration.ofSeconds(5));
        s.apply(POD);
        // when: the second exit at 10 s
        s.at(10);
        // then
        var status = s.container("crash", "app");
        assertThat(status.getState().getTerminated().getExitCode()).isEqualTo(1);
        assertThat(status.getState().getTerminated().getReason()).isEqualTo("Error");
        assertThat(status.getState().getTerminated().getStartedAt()).isEqualTo("2025-01-01T00:00:05Z");
        assertThat(status.getLastState().getTerminated().getFinishedAt()).isEqualTo("2025-01-01T00:00:05Z");
        assertThat(status.getReady()).isFalse();
        assertThat(dev.peapod.printers.PodPrinter.row(s.pod("crash"), s.cluster.now()).status()).isEqualTo("Error");
        assertThat(s.phase("crash")).isEqualTo("Running");
    }

    @Test
    void theBackOffResetsAfterTheContainerRanMoreThanTenMinutes() {
        // given: three quick crashes, then a run of 700 s, then quick crashes again
        s.cluster.container("crash", "app").exitsWith(1).after(Duration.ofSeconds(5));
        s.cluster.container("crash", "app").exitsWith(1).after(Duration.ofSeconds(700)).onStarts(4);
        s.apply(POD);
        // when
        List<Long> starts = startInstants(800);
        // then: the exit at 745 s is more than 600 s after the last restart decision (45 s): restart at once,
        // and the doubling starts again from 10 s
        assertThat(starts).containsExactly(0L, 5L, 20L, 45L, 745L, 760L, 785L);
    }

    @Test
    void onFailureWithExitZeroSucceeds() {
        // given
        s.cluster.container("crash", "app").exitsWith(0).after(Duration.ofSeconds(3));
        s.apply(POD.replace("  nodeName: node-1", "  nodeName: node-1\n  restartPolicy: OnFailure"));
        // when
        s.at(3);
        // then
        assertThat(s.phase("crash")).isEqualTo("Succeeded");
        assertThat(s.container("crash", "app").getState().getTerminated().getReason()).isEqualTo("Completed");
        assertThat(dev.peapod.printers.PodPrinter.row(s.pod("crash"), s.cluster.now()))
                .extracting("ready", "status", "restarts").containsExactly("0/1", "Completed", "0");
        assertThat(s.condition("crash", "Ready").getReason()).isEqualTo("PodCompleted");
        assertThat(s.condition("crash", "Initialized").getReason()).isEqualTo("PodCompleted");
        assertThat(s.condition("crash", "PodReadyToStartContainers").getStatus()).isEqualTo("False");
    }

    @Test
    void onFailureWithExitOneRestarts() {
        // given
        s.cluster.container("crash", "app").exitsWith(1).after(Duration.ofSeconds(3)).onStarts(1);
        s.apply(POD.replace("  nodeName: node-1", "  nodeName: node-1\n  restartPolicy: OnFailure"));
        // when
        s.at(3);
        // then
        assertThat(s.phase("crash")).isEqualTo("Running");
        assertThat(s.container("crash", "app").getRestartCount()).isEqualTo(1);
        assertThat(s.container("crash", "app").getLastState().getTerminated().getExitCode()).isEqualTo(1);
    }

    @Test
    void neverWithExitOneFails() {
        // given
        s.cluster.container("crash", "app").exitsWith(1).after(Duration.ofSeconds(3));
        s.apply(POD.replace("  nodeName: node-1", "  nodeName: node-1\n  restartPolicy: Never"));
        // when
        s.at(60);
        // then
        assertThat(s.phase("crash")).isEqualTo("Failed");
        assertThat(s.container("crash", "app").getRestartCount()).isZero();
        assertThat(dev.peapod.printers.PodPrinter.row(s.pod("crash"), s.cluster.now()))
                .extracting("ready", "status", "restarts").containsExactly("0/1", "Error", "0");
        assertThat(s.condition("crash", "Ready").getReason()).isEqualTo("PodFailed");
    }

    @Test
    void anOomKilledContainerReportsExit137() {
        // given
        s.cluster.container("crash", "app").exitsWith(0).oomKilled().after(Duration.ofSeconds(30)).onStarts(1);
        s.apply(POD);
        // when
        s.at(30);
        // then
        var last = s.container("crash", "app").getLastState().getTerminated();
        assertThat(last.getExitCode()).isEqualTo(137);
        assertThat(last.getReason()).isEqualTo("OOMKilled");
    }

    @Test
    void aSigkilledContainerAfterTheGracePeriodExitsWith137() {
        // given: an app that ignores SIGTERM, like a shell as PID 1; grace 5 s
        s.cluster.container("crash", "app").ignoresSigterm();
        s.apply(POD.replace("  nodeName: node-1", "  nodeName: node-1\n  terminationGracePeriodSeconds: 5"));
        s.at(10);
        // when
        s.cluster.deletePod("crash");
        s.at(14);
        // then: still terminating; SIGKILL at 15 s, then the pod is Failed and removed (reference §4.2 last rows)
        assertThat(dev.peapod.printers.PodPrinter.row(s.pod("crash"), s.cluster.now()).status()).isEqualTo("Terminating");
        List<String> phases = new ArrayList<>();
        s.cluster.context().store().watch(io.fabric8.kubernetes.api.model.Pod.class, dev.peapod.store.ListOptions.all(),
                s.cluster.context().store().resourceVersion(), e -> phases.add(e.type() + " " + e.object().getStatus().getPhase()));
        s.at(15);
        assertThat(phases).containsExactly("MODIFIED Failed", "MODIFIED Failed", "DELETED Failed");
    }
}
