package dev.peapod.kubelet;

import io.fabric8.kubernetes.api.model.Event;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a probe result does to the pod worker (pkg/kubelet/kubelet.go syncLoopIteration, v1.33) and
 * when the probe workers see a startup success (DESIGN §5 items 3 and 4; issue #7 item 9).
 */
class ProbeSyncTest {
    private final Scenario s = new Scenario();

    @Test
    void livenessSeesAStartupSuccessOnItsNextTickNotInTheSameTick() {
        // given: startup and liveness tick at 10, 20, 30 s; the app listens from 15 s, so startup
        // succeeds at 20 s; liveness fails at once (failureThreshold 1)
        s.cluster.container("web", "app").listensAfter(Duration.ofSeconds(15));
        s.cluster.container("web", "app").httpReturns(8080, "/live", 500);
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: example/web:1.25
                    startupProbe:
                      httpGet: {path: /healthz, port: 8080}
                      failureThreshold: 3
                    livenessProbe:
                      httpGet: {path: /live, port: 8080}
                      failureThreshold: 1
                """);
        // when: startup succeeds at 20 s; the liveness tick at 20 s ran before the status said started
        s.at(29);
        // then
        assertThat(s.container("web", "app").getStarted()).isTrue();
        assertThat(s.events("web", "Killing")).isEmpty();
        // when: the liveness tick after
        s.at(30);
        // then: killed at 30 s, not 20 s, and restarted at once
        assertThat(s.events("web", "Killing")).singleElement().extracting(Event::getMessage)
                .isEqualTo("Container app failed liveness probe, will be restarted");
        assertThat(s.container("web", "app").getLastState().getTerminated().getFinishedAt()).isEqualTo("2025-01-01T00:00:30Z");
        assertThat(s.container("web", "app").getRestartCount()).isEqualTo(1);
    }

    private static final String READINESS_ONLY = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              nodeName: node-1
              containers:
              - name: app
                image: example/web:1.25
                readinessProbe:
                  httpGet: {path: /ready, port: 80}
                  initialDelaySeconds: 15
                  periodSeconds: 10
            """;

    @Test
    void aPassingLivenessProbeDoesNotMoveWhenReadinessTurnsReady() {
        // given: the same pod twice, the second with a passing liveness probe ticking at 7, 14, ... s.
        // Its initial Success is cached at 7 s; only a liveness Failure syncs the pod (syncLoopIteration),
        // so no sync re-triggers readiness there
        Scenario withLiveness = new Scenario();
        s.apply(READINESS_ONLY);
        withLiveness.apply(READINESS_ONLY + """
                    livenessProbe:
                      httpGet: {path: /live, port: 80}
                      periodSeconds: 7
                """);
        // when
        s.at(30);
        withLiveness.at(30);
        // then: both turn ready at the readiness tick at 20 s
        assertThat(s.condition("web", "Ready").getLastTransitionTime()).isEqualTo("2025-01-01T00:00:20Z");
        assertThat(withLiveness.condition("web", "Ready").getLastTransitionTime()).isEqualTo("2025-01-01T00:00:20Z");
        assertThat(withLiveness.condition("web", "Ready").getStatus()).isEqualTo("True");
    }
}
