package dev.peapod;

import dev.peapod.behaviour.ContainerBehaviour;
import dev.peapod.store.ListOptions;
import dev.peapod.store.ObjectStore;
import dev.peapod.store.WatchEvent;
import dev.peapod.time.OtherThread;
import dev.peapod.time.WrongThreadException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A cluster used from several threads (DESIGN §2): the thread that started it drives it; other threads
 * read, or write through its inbox; anything else fails with a message saying so.
 */
class ClusterThreadsTest {
    private static final int WRITES = 10_000;
    private static final int CONFIG_MAPS = 100;
    /** A pod whose liveness fails from 40 s: restarts, back-off, probe events, all written on the loop thread. */
    private static final String CRASHING = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              nodeName: node-1
              containers:
              - name: app
                image: nginx:1.25
                livenessProbe:
                  httpGet: {path: /healthz, port: 8080}
                  periodSeconds: 1
                readinessProbe:
                  tcpSocket: {port: 8080}
                  periodSeconds: 1
            """;

    private static FakeCluster crashingPod() {
        FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node("node-1"));
        cluster.container("web", "app").httpReturns(8080, "/healthz", 500).fromStart(Duration.ofSeconds(40));
        cluster.applyYaml(CRASHING);
        return cluster;
    }

    private static ConfigMap configMap(int write) {
        return new ConfigMapBuilder().withNewMetadata().withName("cm-" + write % CONFIG_MAPS).endMetadata()
                .addToData("write", Integer.toString(write)).build();
    }

    /** What the cluster's own components did: the timeline, and every event with its counts and times. */
    private static String story(FakeCluster cluster) {
        return cluster.timeline().toString() + "\n" + cluster.events().stream()
                .map(e -> e.getReason() + " x" + e.getCount() + " " + e.getFirstTimestamp() + " " + e.getLastTimestamp()
                        + " " + e.getMessage())
                .collect(Collectors.joining("\n"));
    }

    private static long version(ConfigMap map) {
        return Long.parseLong(map.getMetadata().getResourceVersion());
    }

    @Test
    void tenThousandWritesFromAnotherThreadKeepTheStoreTheWatchAndTheTimelineConsistent() throws Exception {
        // given: a pod the kubelet keeps busy, and a watch opened before the writes
        FakeCluster cluster = crashingPod();
        ObjectStore store = cluster.context().store();
        List<WatchEvent<ConfigMap>> seen = new ArrayList<>();
        store.watch(ConfigMap.class, ListOptions.all(), null, seen::add);
        // when: a writer thread creates 100 ConfigMaps and updates them round-robin, 10,000 writes in all,
        // while this thread moves the clock on in 100 ms steps
        CompletableFuture<List<CompletableFuture<ConfigMap>>> submitted = new CompletableFuture<>();
        Thread writer = new Thread(() -> {
            try {
                submitted.complete(IntStream.range(0, WRITES)
                        .mapToObj(i -> cluster.inbox().submit(() -> i < CONFIG_MAPS
                                ? store.create(configMap(i)) : store.update(configMap(i))))
                        .toList());
            } catch (RuntimeException | Error e) {
                submitted.completeExceptionally(e); // ends the loop below; join() then reports it
            }
        }, "writer");
        writer.start();
        long wallLimit = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int steps = 0;
        while (!submitted.isDone() || cluster.inbox().size() > 0) {
            cluster.advance(Duration.ofMillis(100));
            steps++;
            assertThat(System.nanoTime()).as("the writes are applied within 60 s of wall time").isLessThan(wallLimit);
        }
        writer.join();
        cluster.advanceTo(cluster.elapsed().plusMinutes(3));
        List<ConfigMap> applied = submitted.join().stream().map(CompletableFuture::join).toList();
        // then: every write applied exactly once, in submission order
        assertThat(applied).hasSize(WRITES);
        for (int i = 0; i < WRITES; i++) {
            assertThat(applied.get(i).getData()).as("write %d", i).containsExactly(java.util.Map.entry("write", Integer.toString(i)));
            if (i > 0) {
                assertThat(version(applied.get(i))).as("resourceVersion of write %d", i).isGreaterThan(version(applied.get(i - 1)));
            }
        }
        // the watch saw exactly those writes, in order, with no gap and no duplicate
        assertThat(seen).extracting(WatchEvent::resourceVersion).containsExactlyElementsOf(applied.stream().map(ClusterThreadsTest::version).toList());
        assertThat(seen).extracting(WatchEvent::type).containsExactlyElementsOf(IntStream.range(0, WRITES)
                .mapToObj(i -> i < CONFIG_MAPS ? WatchEvent.Type.ADDED : WatchEvent.Type.MODIFIED).toList());
        assertThat(seen).extracting(e -> e.object().getData().get("write"))
                .containsExactlyElementsOf(IntStream.range(0, WRITES).mapToObj(Integer::toString).toList());
        // the store holds the last write of each ConfigMap
        assertThat(store.list(ConfigMap.class)).extracting(m -> m.getMetadata().getName() + "=" + m.getData().get("write")
                        + "@" + m.getMetadata().getResourceVersion())
                .containsExactlyElementsOf(IntStream.range(WRITES - CONFIG_MAPS, WRITES).mapToObj(i -> "cm-" + i % CONFIG_MAPS)
                        .sorted().map(name -> {
                            ConfigMap last = applied.get(WRITES - CONFIG_MAPS + Integer.parseInt(name.substring(3)));
                            return name + "=" + last.getData().get("write") + "@" + last.getMetadata().getResourceVersion();
                        }).toList());
        // and the kubelet's story is the one it tells with no writer at all
        FakeCluster alone = crashingPod();
        alone.advanceTo(cluster.elapsed());
        assertThat(story(cluster)).isEqualTo(story(alone)).contains("Killing", "Liveness probe failed");
        assertThat(steps).isPositive();
        cluster.close();
        alone.close();
    }

    @Test
    void aWriteFromARequestThreadWhileTheTestWaitsForItTellsTheSameStoryAsTheSameWriteOnTheTestThread() throws Exception {
        // given: two clusters, the same pod; one applied on the test's thread, one by a request's thread
        // (issue #14: an HTTP request of cluster.client()) while the test's thread waits for the answer
        String story;
        try (FakeCluster direct = FakeCluster.start(ClusterSpec.empty().node("node-1"))) {
            direct.advance(Duration.ofSeconds(7));
            direct.applyYaml(CRASHING);
            direct.advance(Duration.ofMinutes(2));
            story = story(direct);
        }
        try (FakeCluster served = FakeCluster.start(ClusterSpec.empty().node("node-1"))) {
            served.advance(Duration.ofSeconds(7));
            Pod pod = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(CRASHING, Pod.class);
            pod.getMetadata().setNamespace("default");
            // when: the test's thread is blocked on the request, as in a client call
            String thread = CompletableFuture.supplyAsync(() -> served.context().loop().exclusive("POST pods", () -> {
                served.context().store().create(pod);
                return Thread.currentThread().getName();
            })).get(30, TimeUnit.SECONDS);
            served.advance(Duration.ofMinutes(2));
            // then: the write ran on the request's thread, at the same instant, with the same consequences
            assertThat(thread).isNotEqualTo(Thread.currentThread().getName());
            assertThat(story(served)).isEqualTo(story).contains("Started");
        }
    }

    @Test
    void betweenTwoVerbsTheEngineIsFreeSoARequestRunsAtOnce() throws Exception {
        try (FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node("node-1"))) {
            // given: verbs that do not let time pass, each of which held the engine while it ran
            List<Runnable> verbs = List.of(
                    () -> cluster.image("nginx:1.25").size(1_000),
                    () -> cluster.container("web", "app").exitsWith(1).after(Duration.ofSeconds(5)),
                    () -> cluster.deployment("web"),
                    () -> cluster.editNode("node-1").label("zone", "a"),
                    () -> cluster.applyYaml(CRASHING));
            for (Runnable verb : verbs) {
                verb.run();
                // then: the test's thread holds nothing, and a request's thread gets the engine without waiting
                assertThat(cluster.context().loop().engine().isHeldByCurrentThread()).isFalse();
                String answer = CompletableFuture.supplyAsync(() -> cluster.context().loop().exclusive("GET", () -> "free"))
                        .get(5, TimeUnit.SECONDS);
                assertThat(answer).isEqualTo("free");
            }
        }
    }

    @Test
    void readsFromAnotherThreadSeeConsistentSnapshotsWhileTheLoopRuns() throws Exception {
        // given: writes in name order (cm-00000, cm-00001, ...) on the loop thread while a reader lists
        FakeCluster cluster = crashingPod();
        ObjectStore store = cluster.context().store();
        AtomicBoolean writing = new AtomicBoolean(true);
        CompletableFuture<List<String>> problems = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                problems.complete(readSnapshots(store, writing));
            } catch (RuntimeException | Error e) {
                problems.completeExceptionally(e);
            }
        }, "reader");
        reader.setDaemon(true); // a reader stuck in a corrupted map must not keep the test JVM alive
        reader.start();
        // when
        for (int i = 0; i < 1_000; i++) {
            int n = i;
            cluster.context().loop().post("write", () -> store.create(new ConfigMapBuilder()
                    .withNewMetadata().withName(String.format("cm-%05d", n)).endMetadata().build()));
            if (i % 10 == 0) {
                cluster.advance(Duration.ofMillis(100));
            }
        }
        cluster.settle();
        writing.set(false);
        // then
        assertThat(problems.get(60, TimeUnit.SECONDS)).isEmpty();
        assertThat(store.list(ConfigMap.class)).hasSize(1_000);
        cluster.close();
    }

    /** Lists until the writes end; any snapshot must hold a prefix of cm-00000, cm-00001, ..., never shrinking. */
    private static List<String> readSnapshots(ObjectStore store, AtomicBoolean writing) {
        List<String> found = new ArrayList<>();
        int last = 0;
        int snapshots = 0;
        while (writing.get() || snapshots == 0) {
            List<ConfigMap> maps = store.list(ConfigMap.class);
            snapshots++;
            for (int i = 0; i < maps.size(); i++) { // any snapshot holds a prefix of what was written
                if (!maps.get(i).getMetadata().getName().equals(String.format("cm-%05d", i))) {
                    found.add("snapshot " + snapshots + " has " + maps.get(i).getMetadata().getName() + " at " + i);
                }
            }
            if (maps.size() < last) {
                found.add("snapshot " + snapshots + " shrank from " + last + " to " + maps.size());
            }
            last = maps.size();
            store.get(Pod.class, "default", "web").orElseThrow();
        }
        return found;
    }

    @Test
    void aSecondThreadDrivingTheClusterGetsAClearMessageInsteadOfAnNpe() throws Exception {
        // given (issue #8: "Two threads using one cluster give an NPE inside the event loop")
        FakeCluster cluster = crashingPod();
        long version = cluster.context().store().resourceVersion();
        // when
        RuntimeException advance = OtherThread.failure("second", () -> cluster.advance(Duration.ofMinutes(1)));
        RuntimeException apply = OtherThread.failure("second", () -> cluster.applyYaml(CRASHING.replace("web", "other")));
        RuntimeException await = OtherThread.failure("second", () -> cluster.runUntil(c -> false, Duration.ofMinutes(1)));
        RuntimeException script = OtherThread.failure("second", () -> cluster.container("web", "app").exitsWith(1));
        RuntimeException image = OtherThread.failure("second", () -> cluster.imageCannotBePulled("nginx:1.25"));
        RuntimeException node = OtherThread.failure("second", () -> cluster.addNode(NodeSpec.named("node-2")));
        RuntimeException namespace = OtherThread.failure("second", () -> cluster.useNamespace("default"));
        RuntimeException close = OtherThread.failure("second", cluster::close);
        List<Pod> pods = OtherThread.call("second", cluster::pods);
        // then: nothing moved or changed, and reads still work there
        assertThat(advance).isInstanceOf(WrongThreadException.class)
                .hasMessage(OtherThread.wrongThread("FakeCluster.advance", "second"));
        assertThat(apply).isInstanceOf(WrongThreadException.class)
                .hasMessageStartingWith("FakeCluster.apply was called on thread \"second\"")
                .hasMessageContaining("was called on thread \"second\", but the cluster's engine belongs to thread \""
                        + Thread.currentThread().getName() + "\"");
        assertThat(await).isInstanceOf(WrongThreadException.class)
                .hasMessage(OtherThread.wrongThread("FakeCluster.runUntil", "second"));
        assertThat(script).hasMessage(OtherThread.wrongThread("FakeCluster.container", "second"));
        assertThat(image).hasMessage(OtherThread.wrongThread("FakeCluster.imageCannotBePulled", "second"));
        assertThat(namespace).hasMessage(OtherThread.wrongThread("FakeCluster.useNamespace", "second"));
        assertThat(close).hasMessage(OtherThread.wrongThread("FakeCluster.close", "second"));
        assertThat(cluster.isClosed()).isFalse();
        assertThat(node).hasMessage(OtherThread.wrongThread("FakeCluster.addNode", "second"));
        assertThat(pods).extracting(p -> p.getMetadata().getName()).containsExactly("web");
        assertThat(cluster.nodes()).extracting(n -> n.getMetadata().getName()).containsExactly("node-1");
        assertThat(cluster.elapsed()).isZero();
        assertThat(cluster.context().store().resourceVersion()).isEqualTo(version);
        // and the owner goes on as if nothing happened
        cluster.addNode(NodeSpec.named("node-2"));
        cluster.advance(Duration.ofSeconds(1));
        assertThat(cluster.pod("web").getStatus().getPhase()).isEqualTo("Running");
        assertThat(cluster.nodes()).extracting(n -> n.getMetadata().getName()).containsExactly("node-1", "node-2");
        cluster.close();
    }

    @Test
    void anExceptionInASubmittedWriteFailsItsFutureAndTheClusterGoesOn() throws Exception {
        // given
        FakeCluster cluster = crashingPod();
        ObjectStore store = cluster.context().store();
        List<CompletableFuture<ConfigMap>> writes = OtherThread.call("writer", () -> List.of(
                cluster.inbox().submit(() -> store.create(configMap(0))),
                cluster.inbox().submit(() -> store.create(configMap(0))), // already exists
                cluster.inbox().submit(() -> store.create(configMap(1)))));
        // when
        cluster.advance(Duration.ofMinutes(2));
        // then
        assertThat(writes.get(0)).isCompleted();
        assertThatThrownBy(writes.get(1)::join).hasCauseInstanceOf(dev.peapod.store.ApiException.class)
                .hasRootCauseMessage("configmaps \"cm-0\" already exists");
        assertThat(writes.get(2).join().getMetadata().getName()).isEqualTo("cm-1");
        assertThat(store.list(ConfigMap.class)).extracting(m -> m.getMetadata().getName()).containsExactly("cm-0", "cm-1");
        assertThat(cluster.events()).extracting(Event::getReason).contains("Killing", "Unhealthy");
        cluster.close();
    }

    @Test
    void timelineAndAssertionReadsFromAnotherThreadWhileTheLoopRecordsNeverBreak() throws Exception {
        // given (issue #8): a reader printing the timeline and checking the pod while the crashing pod's story grows
        FakeCluster cluster = crashingPod();
        AtomicBoolean running = new AtomicBoolean(true);
        CompletableFuture<Integer> reads = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                int n = 0;
                while (running.get() || n == 0) {
                    cluster.timeline().toString();
                    cluster.timeline().describe("default", "web");
                    cluster.timeline().entries().size();
                    dev.peapod.assertions.PeapodAssertions.assertThat(cluster).pod("web").isRunning();
                    n++;
                }
                reads.complete(n);
            } catch (RuntimeException | Error e) {
                reads.completeExceptionally(e);
            }
        }, "reader");
        reader.setDaemon(true);
        reader.start();
        // when
        for (int i = 0; i < 300; i++) {
            cluster.advance(Duration.ofSeconds(1));
        }
        running.set(false);
        // then: no ConcurrentModificationException, and waits from there are refused as any verb
        assertThat(reads.get(60, TimeUnit.SECONDS)).isPositive();
        RuntimeException wait = OtherThread.failure("second",
                () -> dev.peapod.assertions.PeapodAssertions.assertThat(cluster).pod("web").becomesReady().within(Duration.ofSeconds(1)));
        assertThat(wait).isInstanceOf(WrongThreadException.class)
                .hasMessage(OtherThread.wrongThread("FakeCluster.runUntil", "second"));
        ContainerBehaviour app = cluster.container("web", "app");
        dev.peapod.behaviour.Rule rule = app.tcpAccepts(9090);
        RuntimeException scriptRule = OtherThread.failure("second", () -> app.httpReturns(8080, "/", 500));
        assertThat(scriptRule).hasMessage(OtherThread.wrongThread("ContainerBehaviour", "second"));
        RuntimeException narrow = OtherThread.failure("second", () -> rule.nextTimes(2));
        assertThat(narrow).hasMessage(OtherThread.wrongThread("Rule.nextTimes", "second"));
        RuntimeException exit = OtherThread.failure("second", () -> app.exitsWith(1));
        assertThat(exit).hasMessage(OtherThread.wrongThread("ContainerBehaviour.exitsWith", "second"));
        RuntimeException edit = OtherThread.failure("second", () -> cluster.editNode("node-1").cordon());
        assertThat(edit).hasMessage(OtherThread.wrongThread("FakeCluster.editNode", "second"));
        RuntimeException script = OtherThread.failure("second", () -> cluster.advanceTo(Duration.ofMinutes(10)));
        assertThat(script).hasMessage(OtherThread.wrongThread("FakeCluster.advanceTo", "second"));
        cluster.close();
    }

    @Test
    void aClosedClusterFailsWritesSubmittedToIt() throws Exception {
        // given
        FakeCluster cluster = crashingPod();
        CompletableFuture<ConfigMap> queued = cluster.inbox().submit(() -> cluster.context().store().create(configMap(0)));
        // when
        cluster.close();
        CompletableFuture<ConfigMap> late = OtherThread.call("writer",
                () -> cluster.inbox().submit(() -> cluster.context().store().create(configMap(1))));
        // then
        String message = "the inbox no longer takes work: the cluster is closed; submit to a running cluster's inbox";
        assertThatThrownBy(queued::join).hasRootCauseMessage(message);
        assertThatThrownBy(late::join).hasRootCauseMessage(message);
    }

    /**
     * The ownership rule with JUnit's preemptive timeouts, which run the body on a thread of their own:
     * a cluster started outside the body cannot be driven inside it; one started inside it can.
     */
    @Test
    void aPreemptiveTimeoutBodyDrivesOnlyAClusterItStarted() {
        // given
        FakeCluster outside = crashingPod();
        // when
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> assertTimeoutPreemptively(Duration.ofSeconds(60), () -> outside.advance(Duration.ofSeconds(1))));
        String phase = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (FakeCluster inside = crashingPod()) {
                inside.advance(Duration.ofSeconds(1));
                return inside.pod("web").getStatus().getPhase();
            }
        });
        // then
        assertThat(thrown).isInstanceOf(WrongThreadException.class)
                .hasMessageStartingWith("FakeCluster.advance was called on thread \"junit-timeout-thread-")
                .hasMessageContaining("but the cluster's engine belongs to thread \"" + Thread.currentThread().getName() + "\"");
        assertThat(phase).isEqualTo("Running");
        outside.close();
    }
}
