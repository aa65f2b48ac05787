package dev.peapod.behaviour;

import dev.peapod.FakeCluster;
import dev.peapod.core.PeapodException;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A script written after its container started (README: scripts may be written before or after
 * applying) takes effect on the running process, or fails with a message when its instant has
 * passed; never silence (issue #8).
 */
class ScriptAfterStartTest {
    private static final String WEB = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              restartPolicy: Never
              containers:
              - {name: app, image: nginx:1.25}
            """;

    private static FakeCluster runningWeb() {
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.applyYaml(WEB);
        cluster.advance(ofSeconds(10)); // the container started at 0 s and has run 10 s
        return cluster;
    }

    private static ContainerStateTerminated terminated(FakeCluster cluster) {
        return cluster.pod("web").getStatus().getContainerStatuses().get(0).getState().getTerminated();
    }

    @Test
    void anExitScriptedWhileTheContainerRunsFiresAtItsInstant() {
        // given
        FakeCluster cluster = runningWeb();
        // when: 30 s after the start, 20 s from now
        cluster.container("web", "app").exitsWith(3).after(ofSeconds(30));
        cluster.advance(ofSeconds(19));
        // then
        assertThat(terminated(cluster)).isNull();
        cluster.advance(ofSeconds(1));
        assertThat(terminated(cluster).getExitCode()).isEqualTo(3);
        assertThat(cluster.timeline().containerHistory("default", "web", "app").exitedAt())
                .isEqualTo(List.of(ofSeconds(30)));
        cluster.close();
    }

    @Test
    void aLaterPlanReplacesTheOneTheContainerStartedWith() {
        // given: started with an exit at 20 s
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.container("web", "app").exitsWith(1).after(ofSeconds(20));
        cluster.applyYaml(WEB);
        cluster.advance(ofSeconds(10));
        // when: later plans win over earlier ones, also for the running process
        cluster.container("web", "app").exitsWith(0).after(ofSeconds(40));
        cluster.advance(ofSeconds(60));
        // then
        assertThat(terminated(cluster).getExitCode()).isZero();
        assertThat(cluster.timeline().containerHistory("default", "web", "app").exitedAt())
                .isEqualTo(List.of(ofSeconds(40)));
        cluster.close();
    }

    @Test
    void anExitWhoseInstantHasPassedIsAnErrorAtTheNextStep() {
        // given
        FakeCluster cluster = runningWeb();
        // when: 5 s after the start, but the container has run 10 s
        cluster.container("web", "app").exitsWith(1).after(ofSeconds(5));
        // then
        assertThatThrownBy(() -> cluster.advance(Duration.ofSeconds(1)))
                .isInstanceOf(PeapodException.class)
                .hasMessage("the exit scripted for container \"app\" of pod default/web (exit code 1 after 5s) can no longer"
                        + " take effect: this run of the container (start 1) has already run 10s. Script the exit before the"
                        + " container starts, give an after(...) of at least 10s, or name later starts with onStarts(...)");
        cluster.close();
    }

    @Test
    void anExitWhoseInstantHasPassedIsAnErrorWhenTheClusterClosesWithoutAnotherStep() {
        // given
        FakeCluster cluster = runningWeb();
        cluster.container("web", "app").exitsWith(1).after(ofSeconds(5));
        // when / then
        assertThatThrownBy(cluster::close)
                .isInstanceOf(PeapodException.class)
                .hasMessageStartingWith("the exit scripted for container \"app\" of pod default/web (exit code 1 after 5s)"
                        + " can no longer take effect");
        assertThat(cluster.isClosed()).isTrue();
    }

    /** close() runs every check: a late exit does not hide a script for a pod that never existed. */
    @Test
    void closeReportsALateExitAndStillChecksForUnusedScripts() {
        // given
        FakeCluster cluster = runningWeb();
        cluster.container("web", "app").exitsWith(1).after(ofSeconds(5));
        cluster.container("wbe", "app").exitsWith(1);
        // when / then
        assertThatThrownBy(cluster::close)
                .isInstanceOf(PeapodException.class)
                .hasMessageStartingWith("the exit scripted for container \"app\" of pod default/web")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .extracting(Throwable::getMessage).asString()
                        .startsWith("container scripts for [default/wbe] were never used"));
        assertThat(cluster.isClosed()).isTrue();
    }

    @Test
    void anExitForALaterStartWaitsForThatStart() {
        // given
        FakeCluster cluster = runningWeb();
        // when: start 2 never comes (restartPolicy Never), and start 1 is not touched
        cluster.container("web", "app").exitsWith(1).after(ofSeconds(5)).onStarts(2);
        cluster.advance(ofSeconds(60));
        // then
        assertThat(terminated(cluster)).isNull();
        cluster.close();
    }

    @Test
    void aListensAfterWhoseInstantHasPassedIsRefusedWhenWritten() {
        // given
        FakeCluster cluster = runningWeb();
        // when / then: the run is 10 s old, so a 5 s delay changes nothing before a restart
        assertThatThrownBy(() -> cluster.container("web", "app").listensAfter(ofSeconds(5)))
                .isInstanceOf(PeapodException.class)
                .hasMessage("listensAfter(5s) for container \"app\" of pod default/web can no longer take effect on its"
                        + " running process: this run (start 1) has already run 10s and listens on its ports. It would apply"
                        + " only from the next start; script it before the container starts, or make a port refuse for a"
                        + " while with tcpRefuses(port).from(...).until(...)");
        cluster.close();
    }

    @Test
    void aListensAfterScriptedWhileTheRunIsYoungerTakesEffect() {
        // given: a readiness probe on port 80 every second
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  restartPolicy: Never
                  containers:
                  - name: app
                    image: nginx:1.25
                    readinessProbe: {tcpSocket: {port: 80}, periodSeconds: 1}
                """);
        cluster.advance(ofSeconds(10));
        assertThat(ready(cluster)).isEqualTo("True");
        // when: the ports open 20 s after the start, 10 s from now
        cluster.container("web", "app").listensAfter(ofSeconds(20));
        cluster.advance(ofSeconds(5));
        // then: three failed probes make it unready, the first probe after 20 s makes it ready again
        assertThat(ready(cluster)).isEqualTo("False");
        cluster.advance(ofSeconds(7));
        assertThat(ready(cluster)).isEqualTo("True");
        cluster.close();
    }

    private static String ready(FakeCluster cluster) {
        return cluster.pod("web").getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready"))
                .findFirst().orElseThrow().getStatus();
    }

    @Test
    void badAnswersAreRefusedWhenWritten() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            ContainerBehaviour app = cluster.container("web", "app");
            assertThatThrownBy(() -> app.httpReturns(70000, "/", 200)).isInstanceOf(PeapodException.class)
                    .hasMessage("httpReturns(port, path, status): port must be 1 to 65535, as a TCP port, but was 70000");
            assertThatThrownBy(() -> app.httpReturns(80, "/", 99))
                    .hasMessage("httpReturns(port, path, status): status must be 100 to 599, as an HTTP status code (the"
                            + " kubelet's prober counts 200 to 399 as success), but was 99");
            assertThatThrownBy(() -> app.httpReturns(80, "/", 600)).hasMessageEndingWith("but was 600");
            assertThatThrownBy(() -> app.tcpAccepts(0))
                    .hasMessage("tcpAccepts(port): port must be 1 to 65535, as a TCP port, but was 0");
            assertThatThrownBy(() -> app.tcpRefuses(-1)).hasMessageStartingWith("tcpRefuses(port): port must be 1 to 65535");
            assertThatThrownBy(() -> app.hangs(65536)).hasMessageStartingWith("hangs(port): port must be 1 to 65535");
            assertThatThrownBy(() -> app.grpcReturns(9090, "banana"))
                    .hasMessage("grpcReturns(port, status): status must be one of \"UNKNOWN\", \"SERVING\", \"NOT_SERVING\","
                            + " \"SERVICE_UNKNOWN\" (grpc.health.v1.HealthCheckResponse.ServingStatus, upper case), but was"
                            + " \"banana\"");
            assertThat(app.grpcReturns(9090, "SERVICE_UNKNOWN")).isNotNull();
            assertThat(app.httpReturns(65535, "/", 100)).isNotNull();
            cluster.checkScriptsUsed(); // no pod "web" ever: not the point of this test
        } catch (PeapodException unused) {
            assertThat(unused).hasMessageStartingWith("container scripts for [default/web] were never used");
        }
    }

    @Test
    void badScriptValuesAreRefusedWhenWritten() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            ContainerBehaviour app = cluster.container("web", "app");
            assertThatThrownBy(() -> app.listensAfter(ofSeconds(-1))).isInstanceOf(PeapodException.class)
                    .hasMessage("listensAfter(startup): startup must not be negative, but was -1s");
            assertThatThrownBy(() -> app.shutsDownIn(null)).hasMessage("shutsDownIn(shutdown): shutdown must not be null");
            assertThatThrownBy(() -> app.exitsWith(1).after(Duration.ofSeconds(Long.MAX_VALUE)))
                    .hasMessage("after(running): running must be at most 365250 days (a thousand years of virtual time),"
                            + " but was 2562047788015215h30m7s");
            assertThatThrownBy(() -> app.httpReturns(8080, "/", 500).fromStart(ofSeconds(-3)))
                    .hasMessage("fromStart(sinceStart): sinceStart must not be negative, but was -3s");
            assertThatThrownBy(() -> app.httpReturns(8080, "/", 500).until(null))
                    .hasMessage("until(clusterTime): clusterTime must not be null");
            assertThatThrownBy(() -> app.httpReturns(8080, "/", 500).forRequester(null)).hasMessage("who must not be null");
            assertThatThrownBy(() -> app.httpReturns(8080, "/", 500).onStarts(1, null))
                    .hasMessage("startNumbers[1] must not be null");
            assertThatThrownBy(() -> app.exitsWith(1).onStarts(0))
                    .hasMessage("startNumbers[0] must be at least 1 (the first run), but was 0");
            assertThatThrownBy(() -> app.execSucceeds(java.util.Arrays.asList("cat", null)))
                    .hasMessage("command[1] must not be null");
            assertThatThrownBy(() -> app.httpReturns(8080, null, 500)).hasMessage("path must not be null");
            assertThatThrownBy(() -> app.exitsWith(256))
                    .hasMessage("exitsWith(exitCode): exitCode must be 0 to 255, as a process exit status, but was 256");
            assertThatThrownBy(() -> app.httpRespondsAfter(8080, "/", ofSeconds(-1)))
                    .hasMessage("httpRespondsAfter(port, path, delay): delay must not be negative, but was -1s");
            cluster.checkScriptsUsed(); // no pod "web" ever: not the point of this test
        } catch (PeapodException unused) {
            assertThat(unused).hasMessageStartingWith("container scripts for [default/web] were never used");
        }
    }

    /** A refused refinement refuses the whole statement: no "exits 1 at once" is left behind (issue #8, nothing half-applied). */
    @Test
    void aRefusedRefinementLeavesNoHalfWrittenExitBehind() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // when: the duration is refused
            assertThatThrownBy(() -> cluster.container("web", "app").exitsWith(1).after(Duration.ofSeconds(-1)))
                    .isInstanceOf(PeapodException.class)
                    .hasMessage("after(running): running must not be negative, but was -1s");
            cluster.applyYaml(WEB);
            cluster.advance(ofSeconds(30));

            // then: the container still runs, as if nothing had been scripted
            assertThat(cluster.pod("web").getStatus().getContainerStatuses().get(0).getState().getRunning()).isNotNull();
            assertThat(terminated(cluster)).isNull();
        }
    }
}
