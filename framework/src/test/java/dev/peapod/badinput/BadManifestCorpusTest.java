package dev.peapod.badinput;

import dev.peapod.ClusterSpec;
import dev.peapod.FakeCluster;
import dev.peapod.NodeSpec;
import dev.peapod.core.PeapodException;
import dev.peapod.store.ObjectStore;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #8's bad-input corpus: every file under {@code bad-input/manifests/<category>/} and every input
 * {@link GeneratedInputs} writes at run time is applied, as {@code kubectl apply -f <file>}, to a cluster
 * that already holds objects. Each must (a) throw a {@link PeapodException}, never a raw exception or an
 * Error; (b) name the file, the document and the field or the line, and contain what the v1.33 API server
 * or kubectl says (the file's {@code # expect:} line, or its {@code .expect} sidecar); (c) leave the store
 * exactly as it was: the same resourceVersion and the same objects of every kind; (d) answer within a
 * second. See {@code bad-input/README.md} for the file format and the upstream sources of the messages.
 *
 * <p>Inputs listed in {@code bad-input/known-failing.txt} fail today; they are reported as skipped, and
 * the test fails when one of them passes, so the list only shrinks.
 */
class BadManifestCorpusTest {
    /**
     * How long an input may take, measured around the apply alone, in CPU time of the thread that
     * applies it: the machine is shared, and another build's load must not fail an input.
     */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(1);
    /**
     * How long one run may take, the cluster's start included, before it is stopped: a hang or a runaway
     * allocation is cut off here rather than left to run beside the rest of the suite.
     */
    static final Duration HARD_LIMIT = Duration.ofSeconds(10);

    /** Every kind Peapod stores, and Event, whose writes would also change the resourceVersion. */
    static final List<Class<? extends HasMetadata>> KINDS = List.of(Namespace.class, Node.class, Pod.class,
            Service.class, Endpoints.class, ConfigMap.class, Secret.class, ServiceAccount.class,
            PersistentVolumeClaim.class, PriorityClass.class, RuntimeClass.class, Deployment.class,
            ReplicaSet.class, StatefulSet.class, DaemonSet.class, Job.class, CronJob.class, Event.class);

    /** What the cluster holds before each input: a namespace, pods on a node, and one object of several kinds. */
    static final String FIXTURE = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: team
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              labels: {app: web}
            spec:
              containers:
                - name: app
                  image: nginx:1.27
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: worker
              namespace: team
            spec:
              containers:
                - name: app
                  image: busybox:1.36
                  resources:
                    requests: {cpu: 100m, memory: 64Mi}
                    limits: {cpu: 100m, memory: 64Mi}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
            data:
              mode: fast
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: token
            data:
              password: c2VjcmV0
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              selector: {app: web}
              ports:
                - port: 80
                  targetPort: 8080
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
            spec:
              replicas: 2
              selector:
                matchLabels: {app: api}
              template:
                metadata:
                  labels: {app: api}
                spec:
                  containers:
                    - name: api
                      image: nginx:1.27
            """;

    private static final Pattern LINE = Pattern.compile("\\bline \\d+");
    private static final Map<String, int[]> COUNTS = new TreeMap<>();

    @TempDir
    static Path generated;

    @BeforeAll
    static void warmUp() {
        // class loading, the parser and the first cluster are not what an input is timed for
        Corpus.Input warm = new Corpus.Input("warm-up/pod.yaml", null,
                "kind: Pod\napiVersion: v1\nmetadata: {name: warm}\nspec: {containers: [{name: a, image: nginx, ports: [{containerPort: 0}]}]}\n"
                        .getBytes(StandardCharsets.UTF_8), "Invalid value", 1, null);
        try {
            run(warm, generated);
        } catch (Throwable ignored) {
            // only warming up
        }
    }

    @AfterAll
    static void printCounts() {
        StringBuilder text = new StringBuilder("bad-input corpus, per category (total / passing / known failing):\n");
        int[] sum = new int[3];
        COUNTS.forEach((category, c) -> {
            text.append(String.format("  %-22s %4d / %4d / %4d%n", category, c[0], c[1], c[2]));
            for (int i = 0; i < 3; i++) {
                sum[i] += c[i];
            }
        });
        text.append(String.format("  %-22s %4d / %4d / %4d%n", "all", sum[0], sum[1], sum[2]));
        System.out.print(text);
    }

    @TestFactory
    Stream<DynamicTest> everyBadManifest() throws IOException, URISyntaxException {
        Path root = Corpus.root();
        Map<String, String> knownFailing = Corpus.knownFailing();
        List<Corpus.Input> inputs = new ArrayList<>(Corpus.files(root));
        inputs.addAll(GeneratedInputs.all());
        assertThat(inputs).as("the corpus holds at least 300 bad manifests").hasSizeGreaterThanOrEqualTo(300);
        Map<String, Corpus.Input> byId = new LinkedHashMap<>();
        inputs.forEach(input -> assertThat(byId.put(input.id(), input)).as("duplicate id " + input.id()).isNull());
        assertThat(byId.keySet()).as("known-failing.txt lists only inputs of the corpus")
                .containsAll(knownFailing.keySet().stream().filter(id -> !id.startsWith("misuse/")).toList());
        return inputs.stream().map(input -> DynamicTest.dynamicTest(input.id(), () -> {
            String reason = knownFailing.get(input.id());
            int[] count = COUNTS.computeIfAbsent(input.category(), c -> new int[3]);
            count[0]++;
            Path base = input.file() != null ? root : generated;
            if (reason == null) {
                run(input, base);
                count[1]++;
                return;
            }
            count[2]++;
            if (reason.startsWith("[not run]")) {
                throw new TestAbortedException("known failing, not run: " + reason);
            }
            try {
                run(input, base);
            } catch (AssertionError | RuntimeException failure) {
                throw new TestAbortedException("known failing (" + reason + "): " + failure.getMessage(), failure);
            }
            throw new AssertionFailedError(input.id() + " passes now: remove it from bad-input/known-failing.txt");
        }));
    }

    /** Applies one input to a fresh cluster, on a thread of its own that owns the cluster, and checks (a)-(d). */
    static void run(Corpus.Input input, Path base) throws Throwable {
        Path file = input.file() != null ? input.file() : write(base, input);
        String shown = base.relativize(file).toString().replace('\\', '/');
        Throwable[] outcome = new Throwable[1];
        long[] took = new long[1];
        Thread runner = new Thread(() -> {
            try {
                outcome[0] = check(input, file, shown, took);
            } catch (Throwable t) {
                outcome[0] = t;
            }
        }, "bad-input " + input.id());
        runner.setDaemon(true);
        runner.start();
        runner.join(HARD_LIMIT.toMillis());
        if (runner.isAlive()) {
            stop(runner);
            throw new AssertionFailedError(input.id() + ": no answer within " + HARD_LIMIT.toSeconds() + " s (stopped)");
        }
        if (outcome[0] != null) {
            throw outcome[0];
        }
        assertThat(Duration.ofNanos(took[0])).as(input.id() + ": answered within a second of CPU time").isLessThan(ANSWER_WITHIN);
    }

    /**
     * Java 17's Thread.stop: an input that hangs or allocates without end in a parser that ignores
     * interrupts would otherwise keep running beside the rest of the suite, as assertTimeoutPreemptively
     * leaves it.
     */
    @SuppressWarnings({"deprecation", "removal"})
    private static void stop(Thread runner) throws InterruptedException {
        runner.interrupt();
        runner.join(200);
        if (runner.isAlive()) {
            try {
                runner.stop();
            } catch (UnsupportedOperationException newerJdk) {
                // Java 20 and later refuse Thread.stop: the input still fails, its thread runs on as a daemon
            }
            runner.join(1_000);
        }
    }

    /** Returns null when every check holds, else the failure. */
    private static Throwable check(Corpus.Input input, Path file, String shown, long[] took) {
        try (FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node(NodeSpec.named("node-1")))) {
            cluster.applyYaml(FIXTURE);
            ObjectStore store = cluster.context().store();
            long versionBefore = store.resourceVersion();
            Map<String, List<? extends HasMetadata>> before = snapshot(store);
            Throwable thrown = null;
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long start = threads.getCurrentThreadCpuTime();
            try {
                cluster.apply(file);
            } catch (Throwable t) {
                thrown = t;
            }
            took[0] = threads.getCurrentThreadCpuTime() - start;
            if (thrown == null) {
                return new AssertionFailedError(input.id() + ": accepted; expected " + input.expect());
            }
            if (!(thrown instanceof PeapodException)) {
                AssertionFailedError raw = new AssertionFailedError(input.id() + ": threw a raw "
                        + thrown.getClass().getName() + ": " + thrown.getMessage());
                raw.initCause(thrown);
                return raw;
            }
            String message = String.valueOf(thrown.getMessage());
            assertThat(message).as(input.id() + ": the message names the file").contains(file.getFileName().toString());
            if (input.document() > 0) {
                assertThat(message).as(input.id() + ": the message names the document")
                        .contains("document " + input.document());
            }
            boolean located = input.document() == 0 // a problem with the whole file has no place in it
                    || LINE.matcher(message).find()
                    || (input.field() != null && message.contains(input.field()));
            assertThat(located).as(input.id() + ": the message names the field or the line: " + message).isTrue();
            assertThat(message).as(input.id() + ": upstream's words").contains(input.expect());
            assertThat(message.length()).as(input.id() + ": a message of a readable length").isLessThan(4_000);
            assertThat(store.resourceVersion()).as(input.id() + ": the resourceVersion is as before")
                    .isEqualTo(versionBefore);
            assertThat(snapshot(store)).as(input.id() + ": the store is as before").isEqualTo(before);
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    private static Map<String, List<? extends HasMetadata>> snapshot(ObjectStore store) {
        Map<String, List<? extends HasMetadata>> all = new LinkedHashMap<>();
        KINDS.forEach(kind -> all.put(kind.getSimpleName(), store.list(kind)));
        return all;
    }

    private static Path write(Path base, Corpus.Input input) {
        try {
            Path file = base.resolve(input.id());
            Files.createDirectories(file.getParent());
            Files.write(file, input.content());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
