package dev.peapod.kubelet;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A steady pod's syncs reuse the status they published (issue #13: the reuse is decided by change
 * counters and identities, not by building and comparing the runtime's snapshot), and each input of the
 * status still makes a new one: the probe results, the runtime (a container's exit and restart), the
 * reason cache (CrashLoopBackOff). With assertions on, as in this suite, a runtime change that forgot
 * to count itself fails inside the kubelet (PodSync.snapshot, PodWorker.generateOrReuse).
 */
class SteadyStatusTest {
    private final Scenario s = new Scenario();

    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              nodeName: node-1
              containers:
              - name: app
                image: example/web:1.25
                readinessProbe:
                  httpGet: {path: /ready, port: 8080}
                  periodSeconds: 10
                  failureThreshold: 3
            """;

    /** The pod's resourceVersion at each of these instants: a status write moves it. */
    private List<String> versionsAt(long... seconds) {
        List<String> versions = new ArrayList<>();
        for (long t : seconds) {
            s.at(t);
            versions.add(s.pod("web").getMetadata().getResourceVersion());
        }
        return versions;
    }

    @Test
    void aSteadyPodPublishesNothingNewUntilAnInputOfItsStatusChanges() {
        // given: ready from its first readiness tick
        s.apply(POD);
        s.at(60);
        assertThat(s.condition("web", "Ready").getStatus()).isEqualTo("True");
        // when: nine resyncs and 54 readiness successes
        List<String> steady = versionsAt(60, 120, 300, 600);
        // then: no status write
        assertThat(steady).containsOnly(steady.get(0));

        // when: the probe results change (three failures from 610 s)
        s.cluster.container("web", "app").httpReturns(8080, "/ready", 500);
        s.at(629);
        assertThat(s.condition("web", "Ready").getStatus()).isEqualTo("True");
        s.at(630);
        // then
        assertThat(s.condition("web", "Ready").getStatus()).isEqualTo("False");
        assertThat(s.condition("web", "Ready").getLastTransitionTime()).isEqualTo("2025-01-01T00:10:30Z");

        // when: the runtime changes (the container exits at 700 s and restarts at once)
        s.cluster.container("web", "app").exitsWith(1).after(Duration.ofSeconds(700));
        s.at(700);
        // then
        ContainerStatus app = s.container("web", "app");
        assertThat(app.getRestartCount()).isEqualTo(1);
        assertThat(app.getLastState().getTerminated().getExitCode()).isEqualTo(1);
        assertThat(app.getLastState().getTerminated().getFinishedAt()).isEqualTo("2025-01-01T00:11:40Z");
        assertThat(app.getState().getRunning().getStartedAt()).isEqualTo("2025-01-01T00:11:40Z");
    }

    @Test
    void theReasonCacheChangingAloneMakesANewStatus() {
        // given: the container (no probe) exits 5 s after every start: starts at 0, 5, 20 s (RestartTest)
        s.cluster.container("web", "app").exitsWith(1).after(Duration.ofSeconds(5));
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: example/web:1.25
                """);
        // when: the exit at 25 s, published as terminated; the requeue 10 s later publishes the
        // reason cache's CrashLoopBackOff, with nothing else changed
        s.at(34);
        assertThat(s.container("web", "app").getState().getTerminated().getFinishedAt()).isEqualTo("2025-01-01T00:00:25Z");
        s.at(35);
        // then
        assertThat(s.container("web", "app").getState().getWaiting().getMessage()).startsWith("back-off 20s restarting failed container=app");
        assertThat(s.container("web", "app").getRestartCount()).isEqualTo(2);
    }
}
