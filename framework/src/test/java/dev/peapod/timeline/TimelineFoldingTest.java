package dev.peapod.timeline;

import dev.peapod.ClusterSpec;
import dev.peapod.FakeCluster;
import dev.peapod.time.EventLoop;
import dev.peapod.time.VirtualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The timeline folds repeated probe results into runs (issue #13) and unfolds them into exactly the
 * entries recorded, in the order recorded; a retention drops each pod's oldest entries and says so.
 */
class TimelineFoldingTest {
    private static final Fact.Probe[] PROBES = Fact.Probe.values();

    /** Records like the kubelet does, and keeps the plain list the timeline used to keep, to compare. */
    private static final class Recorder {
        final VirtualClock clock = new VirtualClock(VirtualClock.DEFAULT_START);
        final EventLoop loop = new EventLoop(clock);
        final Timeline timeline;
        final List<TimelineEntry> expected = new ArrayList<>();

        Recorder(int retention) {
            timeline = new Timeline(clock, retention);
        }

        void record(String namespace, String pod, Fact fact) {
            timeline.record(namespace, pod, fact);
            expected.add(new TimelineEntry(clock.now(), clock.elapsed(), namespace == null ? "" : namespace, pod, fact));
        }

        /** A probe result through a probe pen of that pod's. */
        void ran(Timeline.ProbePen line, String namespace, String pod, Fact.ProbeRan fact) {
            line.ran(fact.outcome(), fact.output(), fact.run(), fact.threshold());
            expected.add(new TimelineEntry(clock.now(), clock.elapsed(), namespace, pod, fact));
        }
    }

    @Test
    void anEntryWhoseTextEndsInANewlineIsStillFollowedByTheSeparator() {
        // given: an event whose message is a process's output with its trailing newline, then another entry
        Recorder r = new Recorder(0);
        r.record("default", "web", new Fact.EventRecorded("app", "Warning", "Unhealthy", "probe errored: out\n"));
        r.loop.advance(java.time.Duration.ofSeconds(20));
        r.record("default", "web", new Fact.EventRecorded("app", "Normal", "Killing", "stopping"));
        // when
        String text = r.timeline.toString();
        // then: the entries joined by a newline as ever, the output's own newline kept inside its entry
        String[] first = r.expected.stream().map(e -> e.format() + "  [default/web]").toArray(String[]::new);
        assertThat(text).isEqualTo(first[0] + "\n" + first[1]).contains("out\n  [default/web]\n00:00:20");
    }

    @Test
    void everyViewUnfoldsTheRunsIntoTheEntriesRecordedInTheirOrder() {
        // given: 12 pods in 2 namespaces, each container with three probes at their periods, some ticks at one
        // instant, outcomes that change now and then, and other facts between them
        Recorder r = new Recorder(0);
        Random random = new Random(7);
        int[] streak = new int[12 * 3];
        Fact.Outcome[] last = new Fact.Outcome[12 * 3];
        for (int p = 0; p < 12; p++) {
            String namespace = p % 2 == 0 ? "default" : "e2e";
            String pod = "web-" + p;
            Timeline.Pen pen = r.timeline.pen(namespace, pod);
            for (int k = 0; k < 3; k++) {
                int slot = p * 3 + k;
                Fact.Probe probe = PROBES[k];
                // the odd pods' probe results go through a probe pen, as a probe worker's do; the even pods' through record
                Timeline.ProbePen line = p % 2 == 1 ? pen.probe("app", probe) : null;
                java.util.function.Consumer<Fact.ProbeRan> result = fact -> {
                    if (line == null) {
                        r.record(namespace, pod, fact);
                    } else {
                        r.ran(line, namespace, pod, fact);
                    }
                };
                int threshold = k == 1 ? 3 : 1;
                long period = new long[] {5, 10, 15}[k] * 1000 + (p % 3 == 0 ? 500 : 0);
                Runnable[] tick = new Runnable[1];
                tick[0] = () -> {
                    int roll = random.nextInt(100);
                    Fact.Outcome outcome = roll < 90 ? Fact.Outcome.SUCCESS : roll < 97 ? Fact.Outcome.FAILURE : Fact.Outcome.ERROR;
                    if (outcome == Fact.Outcome.ERROR) {
                        result.accept(new Fact.ProbeRan("app", probe, outcome, "timeout", 0, 0));
                    } else {
                        streak[slot] = outcome == last[slot] ? streak[slot] + 1 : 1;
                        last[slot] = outcome;
                        String output = outcome == Fact.Outcome.SUCCESS ? "" : random.nextBoolean() ? "statuscode: 500" : "statuscode: 503";
                        result.accept(new Fact.ProbeRan("app", probe, outcome, output, streak[slot], threshold));
                    }
                    if (random.nextInt(50) == 0) {
                        r.record(namespace, pod, new Fact.EventRecorded("app", "Normal", "Pulled", "again"));
                    }
                    // now and then a tick comes late, breaking the period
                    r.loop.scheduleAfter(Duration.ofMillis(period + (random.nextInt(40) == 0 ? 1000 : 0)), "tick", tick[0]);
                };
                r.loop.scheduleAfter(Duration.ofSeconds(p % 4), "tick", tick[0]);
            }
            r.loop.scheduleAfter(Duration.ofSeconds(p), "start", () -> r.record(namespace, pod, new Fact.ContainerStarted("app", 0, "c")));
        }
        r.record(null, "node/node-1", new Fact.NodeAction("node node-1 stopped"));

        // when
        r.loop.advance(Duration.ofMinutes(20));

        // then
        assertThat(r.timeline.entries()).isEqualTo(r.expected);
        assertThat(r.timeline.toString()).isEqualTo(r.expected.stream()
                .map(e -> e.format() + "  [" + e.namespace() + "/" + e.pod() + "]").collect(Collectors.joining("\n")));
        for (String pod : List.of("web-0", "web-3", "web-11")) {
            String namespace = pod.equals("web-0") ? "default" : "e2e";
            List<TimelineEntry> mine = r.expected.stream().filter(e -> e.pod().equals(pod)).toList();
            assertThat(r.timeline.forPod(namespace, pod)).isEqualTo(mine);
            assertThat(r.timeline.forPod(namespace, pod, Fact.ProbeRan.class))
                    .isEqualTo(mine.stream().filter(e -> e.fact() instanceof Fact.ProbeRan).toList());
            assertThat(r.timeline.describe(namespace, pod))
                    .isEqualTo(mine.stream().map(e -> "  " + e.format()).collect(Collectors.joining("\n")));
        }
        assertThat(r.timeline.forPod("default", "web-3")).isEmpty(); // web-3 is in e2e
        // and the entries are held by far fewer singles and runs
        assertThat(r.expected).hasSizeGreaterThan(5_000);
        assertThat(r.timeline.stored()).isLessThan(r.expected.size() / 3);
    }

    @Test
    void aSteadyProbedPodHoldsEachProbeAsOneRun() {
        // given: the benchmark's pod (startup every 5 s until it starts, readiness every 10 s, liveness every 15 s)
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: web}
                    spec:
                      nodeName: node-1
                      containers:
                      - name: app
                        image: example/web:1.25
                        ports: [{containerPort: 8080}]
                        startupProbe: {httpGet: {path: /started, port: 8080}, periodSeconds: 5}
                        readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 10}
                        livenessProbe: {tcpSocket: {port: 8080}, periodSeconds: 15}
                    """);
            // when
            cluster.advance(Duration.ofHours(1));
            // then: 601 probe entries, each probe's successes one run
            List<TimelineEntry> probes = cluster.timeline().forPod("default", "web", Fact.ProbeRan.class);
            assertThat(probes).hasSize(601);
            assertThat(probes.stream().filter(e -> ((Fact.ProbeRan) e.fact()).probe() == Fact.Probe.READINESS)
                    .map(e -> ((Fact.ProbeRan) e.fact()).run()).toList().subList(0, 3)).containsExactly(1, 2, 3);
            int others = cluster.timeline().forPod("default", "web").size() - probes.size();
            assertThat(cluster.timeline().stored()).isEqualTo(others + 3);
        }
    }

    @Test
    void aRetentionKeepsEachPodsLastEntriesAndTheTextSaysWhatWasDropped() {
        // given: 5 entries kept per pod
        Recorder r = new Recorder(5);
        for (int i = 0; i < 9; i++) {
            r.record("default", "web", new Fact.ProbeRan("app", Fact.Probe.READINESS, Fact.Outcome.SUCCESS, "", i + 1, 1));
            r.record("default", "db", new Fact.EventRecorded("", "Normal", "Tick", "tick " + i));
            if (i == 0 || i == 7) {
                r.record("default", "web", new Fact.ContainerStarted("app", i == 0 ? 0 : 1, "c" + i));
            }
            r.loop.advance(Duration.ofSeconds(10));
        }
        // then: web's 11 entries keep their last 5 (a run's first elements dropped, then the restart, then the run goes on)
        assertThat(r.timeline.describe("default", "web")).isEqualTo(String.join("\n",
                "  (6 earlier entries of this pod dropped, the last at 00:00:40: the cluster keeps the last 5, ClusterSpec.timelineRetention)",
                "  00:00:50  Readiness probe succeeded",
                "  00:01:00  Readiness probe succeeded",
                "  00:01:10  Readiness probe succeeded",
                "  00:01:10  container app started (restart 1)",
                "  00:01:20  Readiness probe succeeded"));
        // db's 9 keep their last 5, from 40 s
        List<TimelineEntry> kept = r.expected.stream().filter(e -> e.sinceStart().getSeconds() >= (e.pod().equals("web") ? 50 : 40)).toList();
        assertThat(r.timeline.entries()).isEqualTo(kept);
        assertThat(r.timeline.forPod("default", "web", Fact.ProbeRan.class)).extracting(e -> ((Fact.ProbeRan) e.fact()).run())
                .containsExactly(6, 7, 8, 9);
        assertThat(r.timeline.toString()).startsWith("""
                (10 earlier entries dropped from 2 timelines, the last at 00:00:40: the cluster keeps the last 5 entries of each, \
                ClusterSpec.timelineRetention)
                00:00:40  Tick: tick 4  [default/db]
                00:00:50  Readiness probe succeeded  [default/web]
                00:00:50  Tick: tick 5  [default/db]
                """);
        assertThat(r.timeline.containerHistory("default", "web", "app").restartedAt()).containsExactly(Duration.ofSeconds(70));
    }

    @Test
    void withoutRetentionNothingIsDroppedAndTheTextHasNoNote() {
        Recorder r = new Recorder(0);
        for (int i = 0; i < 3; i++) {
            r.record("default", "web", new Fact.EventRecorded("", "Normal", "Tick", "tick " + i));
        }
        assertThat(r.timeline.describe("default", "web")).isEqualTo("  00:00:00  Tick: tick 0\n  00:00:00  Tick: tick 1\n  00:00:00  Tick: tick 2");
        assertThat(r.timeline.isEmpty()).isFalse();
        assertThat(new Timeline(r.clock).isEmpty()).isTrue();
    }

    @Test
    void aClusterSpecRetentionReachesTheTimelineAndANegativeOneIsRefused() {
        assertThat(ClusterSpec.empty().timelineRetention(100).node("node-1").timelineRetention()).isEqualTo(100);
        assertThat(ClusterSpec.empty().timelineRetention()).isZero();
        assertThatThrownBy(() -> ClusterSpec.empty().timelineRetention(-1))
                .isInstanceOf(dev.peapod.core.PeapodException.class)
                .hasMessage("timelineRetention(entriesPerPod) takes 0 (keep every entry) or the number of entries to keep per pod,"
                        + " but was -1");
        try (FakeCluster cluster = ClusterSpec.empty().node("node-1").timelineRetention(2).start()) {
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: web}
                    spec:
                      nodeName: node-1
                      containers: [{name: app, image: example/web:1.25, readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 10}}]
                    """);
            cluster.advance(Duration.ofMinutes(1));
            assertThat(cluster.timeline().forPod("default", "web")).hasSize(2);
            assertThat(cluster.timeline().describe("default", "web")).startsWith("  (").contains(" earlier entries of this pod dropped");
        }
    }

    @Test
    void aRunFoldsOnlyIdenticalResultsOnePeriodApartAndUnfoldsAsRecorded() {
        // given: one probe's results 10 s apart with the streak counting on, then one a second late,
        // one with another output (an equal string, not the same object), and one with another threshold
        Recorder r = new Recorder(0);
        for (int i = 1; i <= 5; i++) {
            r.record("default", "web", new Fact.ProbeRan("app", Fact.Probe.READINESS, Fact.Outcome.FAILURE, "statuscode: 500", i, 3));
            r.record("default", "other", new Fact.EventRecorded("", "Normal", "Tick", "between"));
            r.loop.advance(Duration.ofSeconds(10));
        }
        r.loop.advance(Duration.ofSeconds(1));
        r.record("default", "web", new Fact.ProbeRan("app", Fact.Probe.READINESS, Fact.Outcome.FAILURE, "statuscode: 500", 6, 3));
        r.loop.advance(Duration.ofSeconds(10));
        r.record("default", "web", new Fact.ProbeRan("app", Fact.Probe.READINESS, Fact.Outcome.FAILURE, new String("statuscode: 500"), 7, 3));
        r.loop.advance(Duration.ofSeconds(10));
        r.record("default", "web", new Fact.ProbeRan("app", Fact.Probe.READINESS, Fact.Outcome.FAILURE, "statuscode: 500", 8, 4));
        // when
        List<TimelineEntry> entries = r.timeline.entries();
        // then: the first five one run, the late one opening a second that the equal output extends, the new threshold a third
        assertThat(entries).isEqualTo(r.expected);
        assertThat(r.timeline.stored()).isEqualTo(3 + 5);
        assertThat(r.timeline.describe("default", "web")).isEqualTo(r.expected.stream().filter(e -> e.pod().equals("web"))
                .map(e -> "  " + e.format()).collect(Collectors.joining("\n")));
    }

    @Test
    void resultsMoreThan292YearsIntoTheClusterAreKeptUnfoldedAndExact() {
        // given: a clock 300 years on, past what a long holds in nanoseconds, and a probe's identical results 10 s apart
        Recorder r = new Recorder(0);
        r.loop.advance(Duration.ofDays(365L * 300));
        for (int i = 1; i <= 4; i++) {
            r.record("default", "web", new Fact.ProbeRan("app", Fact.Probe.LIVENESS, Fact.Outcome.SUCCESS, "", i, 1));
            r.loop.advance(Duration.ofSeconds(10));
        }
        // then: nothing folded, every view exact
        assertThat(r.timeline.stored()).isEqualTo(4);
        assertThat(r.timeline.entries()).isEqualTo(r.expected);
        assertThat(r.timeline.forPod("default", "web").get(3).sinceStart()).isEqualTo(Duration.ofDays(365L * 300).plusSeconds(30));
    }

    @Test
    void aPenRecordsAsRecordDoesAndItsPodAppearsWithItsFirstEntry() {
        // given: a pen made before anything happened, then entries through it and through record, interleaved
        Recorder r = new Recorder(0);
        Timeline.Pen pen = r.timeline.pen("default", "web");
        assertThat(r.timeline.isEmpty()).isTrue();
        r.record("default", "db", new Fact.ContainerStarted("db", 0, "c1"));
        for (int i = 1; i <= 3; i++) {
            Fact fact = new Fact.ProbeRan("app", Fact.Probe.LIVENESS, Fact.Outcome.SUCCESS, "", i, 1);
            pen.record(fact);
            r.expected.add(new TimelineEntry(r.clock.now(), r.clock.elapsed(), "default", "web", fact));
            r.record("default", "web", new Fact.EventRecorded("app", "Normal", "Tick", "tick " + i));
            r.loop.advance(Duration.ofSeconds(10));
        }
        // then: the same entries in the same order, db's story first, web's probe results one run
        assertThat(r.timeline.entries()).isEqualTo(r.expected);
        assertThat(r.timeline.stored()).isEqualTo(1 + 1 + 3);
        assertThat(r.timeline.toString()).startsWith("00:00:00  container db started  [default/db]\n00:00:00  Liveness probe succeeded  [default/web]");
    }

    @Test
    void aProbePenFoldsAsRecordDoesWhenTheSameProbeIsAlsoRecordedElsewhere() {
        // given: a probe pen's steady successes, then the same probe's failure through record (which ends the pen's
        // run), then the pen again, an equal output that is another object, and another container's probe between
        Recorder r = new Recorder(0);
        Timeline.Pen pen = r.timeline.pen("default", "web");
        Timeline.ProbePen line = pen.probe("app", Fact.Probe.READINESS);
        Timeline.ProbePen other = pen.probe("side", Fact.Probe.READINESS);
        for (int i = 1; i <= 3; i++) {
            r.ran(line, "default", "web", new Fact.ProbeRan("app", Fact.Probe.READINESS, Fact.Outcome.SUCCESS, "", i, 1));
            r.ran(other, "default", "web", new Fact.ProbeRan("side", Fact.Probe.READINESS, Fact.Outcome.SUCCESS, "", i, 1));
            r.loop.advance(Duration.ofSeconds(10));
        }
        r.record("default", "web", new Fact.ProbeRan("app", Fact.Probe.READINESS, Fact.Outcome.FAILURE, "statuscode: 500", 1, 3));
        r.loop.advance(Duration.ofSeconds(10));
        r.ran(line, "default", "web", new Fact.ProbeRan("app", Fact.Probe.READINESS, Fact.Outcome.FAILURE, "statuscode: 500", 2, 3));
        r.loop.advance(Duration.ofSeconds(10));
        r.ran(line, "default", "web", new Fact.ProbeRan("app", Fact.Probe.READINESS, Fact.Outcome.FAILURE, new String("statuscode: 500"), 3, 3));
        r.loop.advance(Duration.ofSeconds(10));
        r.ran(line, "default", "web", new Fact.ProbeRan("app", Fact.Probe.READINESS, Fact.Outcome.SUCCESS, "", 1, 1));
        // then: every view as recorded; app's results are two runs (3 successes; the failures from record and the pen),
        // then one success; side's one run
        assertThat(r.timeline.entries()).isEqualTo(r.expected);
        assertThat(r.timeline.stored()).isEqualTo(2 + 1 + 1);
        assertThat(r.timeline.describe("default", "web")).isEqualTo(r.expected.stream().map(e -> "  " + e.format())
                .collect(Collectors.joining("\n")));
        assertThat(r.timeline.forPod("default", "web").get(6).fact())
                .isEqualTo(new Fact.ProbeRan("app", Fact.Probe.READINESS, Fact.Outcome.FAILURE, "statuscode: 500", 1, 3));
    }

    @Test
    void underARetentionAProbePensResultsCountAgainstThePodsLimit() {
        // given: 4 entries kept per pod, a probe pen's 6 successes with a container start between
        Recorder r = new Recorder(4);
        Timeline.ProbePen line = r.timeline.pen("default", "web").probe("app", Fact.Probe.LIVENESS);
        for (int i = 1; i <= 6; i++) {
            r.ran(line, "default", "web", new Fact.ProbeRan("app", Fact.Probe.LIVENESS, Fact.Outcome.SUCCESS, "", i, 1));
            if (i == 4) {
                r.record("default", "web", new Fact.ContainerStarted("app", 0, "c1"));
            }
            r.loop.advance(Duration.ofSeconds(15));
        }
        // then: the last 4 of the 7 entries kept, the text saying 3 were dropped
        assertThat(r.timeline.entries()).isEqualTo(r.expected.subList(3, 7));
        assertThat(r.timeline.describe("default", "web")).isEqualTo(String.join("\n",
                "  (3 earlier entries of this pod dropped, the last at 00:00:30: the cluster keeps the last 4, ClusterSpec.timelineRetention)",
                "  00:00:45  Liveness probe succeeded",
                "  00:00:45  container app started",
                "  00:01:00  Liveness probe succeeded",
                "  00:01:15  Liveness probe succeeded"));
    }

    @Test
    void aProbePenNeverExtendsARunThatAnotherRecordOfItsProbeEnded() {
        // given: the pen's successes at 0, 10 and 20 s; at 25 s the same probe's result through record, which the
        // pen's run cannot take (5 s is not its period), so it ends that run and begins another; then the pen at 30,
        // 35 and 40 s, which the new run takes (every 5 s, the streak standing), while the ended one would have taken 30 s
        Recorder r = new Recorder(0);
        Timeline.ProbePen line = r.timeline.pen("default", "web").probe("app", Fact.Probe.LIVENESS);
        for (int i = 1; i <= 3; i++) {
            r.ran(line, "default", "web", new Fact.ProbeRan("app", Fact.Probe.LIVENESS, Fact.Outcome.SUCCESS, "", i, 1));
            r.loop.advance(Duration.ofSeconds(i == 3 ? 5 : 10));
        }
        r.record("default", "web", new Fact.ProbeRan("app", Fact.Probe.LIVENESS, Fact.Outcome.SUCCESS, "", 4, 1));
        for (int i = 0; i < 3; i++) {
            r.loop.advance(Duration.ofSeconds(5));
            r.ran(line, "default", "web", new Fact.ProbeRan("app", Fact.Probe.LIVENESS, Fact.Outcome.SUCCESS, "", 4, 1));
        }
        // then: two runs, 0-20 s and 25-40 s, every view as recorded
        assertThat(r.timeline.entries()).isEqualTo(r.expected);
        assertThat(r.timeline.stored()).isEqualTo(2);
    }
}
