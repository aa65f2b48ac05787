package dev.peapod.timeline;

import dev.peapod.FakeCluster;
import dev.peapod.time.VirtualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

/** A container's runs, paired from the timeline's typed starts and exits. */
class ContainerHistoryTest {
    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: crash}
            spec:
              nodeName: node-1
              containers:
              - name: app
                image: example/sidecar:1.36
              - name: log
                image: example/sidecar:1.36
            """;

    @Test
    void aCrashingContainersRunsHaveTheirStartsExitsAndIds() {
        // given: app exits 1 five seconds after every start (restarts at once, then 10 s after the exit)
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.container("crash", "app").exitsWith(1).after(ofSeconds(5));
            cluster.applyYaml(POD);
            // when
            cluster.advance(ofSeconds(21));
            // then
            ContainerHistory app = cluster.timeline().containerHistory("default", "crash", "app");
            assertThat(app.startedAt()).containsExactly(ofSeconds(0), ofSeconds(5), ofSeconds(20));
            assertThat(app.restartedAt()).containsExactly(ofSeconds(5), ofSeconds(20));
            assertThat(app.exitedAt()).containsExactly(ofSeconds(5), ofSeconds(10));
            assertThat(app.runs()).extracting(ContainerHistory.Run::restartCount).containsExactly(0, 1, 2);
            assertThat(app.runs()).extracting(ContainerHistory.Run::exit).containsExactly(
                    Optional.of(new ContainerHistory.Exit(ofSeconds(5), 1, "Error")),
                    Optional.of(new ContainerHistory.Exit(ofSeconds(10), 1, "Error")), Optional.empty());
            assertThat(app.runs()).extracting(ContainerHistory.Run::containerId).doesNotContainNull().doesNotHaveDuplicates();
            ContainerHistory log = cluster.timeline().containerHistory("default", "crash", "log");
            assertThat(log.startedAt()).containsExactly(Duration.ZERO);
            assertThat(log.restartedAt()).isEmpty();
            assertThat(log.exitedAt()).isEmpty();
        }
    }

    @Test
    void anExitWithoutAStartIsSkippedAndOtherContainersAreIgnored() {
        // given
        VirtualClock clock = new VirtualClock(VirtualClock.DEFAULT_START);
        List<TimelineEntry> entries = List.of(
                entry(clock, 1, new Fact.ContainerExited("app", 0, "Completed")),
                entry(clock, 2, new Fact.ContainerStarted("other", 0, "c-0")),
                entry(clock, 3, new Fact.ContainerStarted("app", 0, "c-1")),
                entry(clock, 4, new Fact.ContainerExited("other", 1, "Error")),
                entry(clock, 9, new Fact.ContainerExited("app", 137, "Error")));
        // when
        ContainerHistory history = ContainerHistory.of("default", "web", "app", entries);
        // then
        assertThat(history.runs()).containsExactly(new ContainerHistory.Run(0, "c-1", ofSeconds(3),
                Optional.of(new ContainerHistory.Exit(ofSeconds(9), 137, "Error"))));
    }

    private static TimelineEntry entry(VirtualClock clock, long second, Fact fact) {
        return new TimelineEntry(clock.start().plusSeconds(second), ofSeconds(second), "default", "web", fact);
    }
}
