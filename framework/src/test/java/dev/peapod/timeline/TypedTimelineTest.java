package dev.peapod.timeline;

import dev.peapod.FakeCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Timeline entries carry typed facts; the text is derived from them. */
class TypedTimelineTest {
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

    @Test
    void aCrashingContainerLeavesTypedStartsAndExitsWithTheirInstants() {
        // given: exits 1 five seconds after every start (restarts at once, then 10 s after the exit)
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.container("crash", "app").exitsWith(1).after(Duration.ofSeconds(5));
            cluster.applyYaml(POD);
            // when
            cluster.advance(Duration.ofSeconds(21));
            // then
            var starts = cluster.timeline().forPod("default", "crash", Fact.ContainerStarted.class);
            assertThat(starts).extracting(e -> e.sinceStart().getSeconds()).containsExactly(0L, 5L, 20L);
            assertThat(starts).extracting(e -> ((Fact.ContainerStarted) e.fact()).restartCount()).containsExactly(0, 1, 2);
            var exits = cluster.timeline().forPod("default", "crash", Fact.ContainerExited.class);
            assertThat(exits).extracting(TimelineEntry::fact)
                    .containsExactly(new Fact.ContainerExited("app", 1, "Error"), new Fact.ContainerExited("app", 1, "Error"));
            assertThat(exits).extracting(TimelineEntry::text)
                    .containsOnly("container app exited with code 1 (Error)");
        }
    }

    @Test
    void probeTextsAreDerivedFromTheFact() {
        assertThat(new Fact.ProbeRan("app", Fact.Probe.LIVENESS, Fact.Outcome.FAILURE, "HTTP probe failed with statuscode: 500", 2, 3).text())
                .isEqualTo("Liveness probe failed: HTTP probe failed with statuscode: 500  (2 of 3)");
        assertThat(new Fact.ProbeRan("app", Fact.Probe.LIVENESS, Fact.Outcome.FAILURE, "x", 4, 3).text())
                .isEqualTo("Liveness probe failed: x  (4 in a row)");
        assertThat(new Fact.ProbeRan("app", Fact.Probe.READINESS, Fact.Outcome.SUCCESS, "", 1, 1).text())
                .isEqualTo("Readiness probe succeeded");
        assertThat(new Fact.ProbeRan("app", Fact.Probe.STARTUP, Fact.Outcome.ERROR, "strconv.Atoi: parsing \"web\": invalid syntax", 0, 0).text())
                .isEqualTo("Startup probe errored and resulted in unknown state: strconv.Atoi: parsing \"web\": invalid syntax");
        assertThat(new Fact.ReadyChanged(false, "ContainersNotReady", null).text()).isEqualTo("pod not ready (ContainersNotReady)");
        assertThat(new Fact.ReadyChanged(false, "ContainersNotReady", "containers with unready status: [app]").text())
                .isEqualTo("pod not ready: containers with unready status: [app]");
    }

    @Test
    void aContainerHistoryOfAPodTheTimelineNeverSawIsAnErrorNotAnEmptyHistory() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.applyYaml(POD);
            // when / then: a mistyped namespace would otherwise make "never restarted" pass
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> cluster.timeline().containerHistory("e2e", "crash", "app"))
                    .isInstanceOf(dev.peapod.core.PeapodException.class)
                    .hasMessage("the timeline has nothing about pod e2e/crash: check its name and namespace; "
                            + "pods on the timeline: [default/crash]");
        }
    }
}
