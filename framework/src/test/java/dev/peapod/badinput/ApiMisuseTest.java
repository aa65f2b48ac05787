package dev.peapod.badinput;

import dev.peapod.ClusterSpec;
import dev.peapod.FakeCluster;
import dev.peapod.NodeSpec;
import dev.peapod.core.PeapodException;
import dev.peapod.junit.PeapodNode;
import dev.peapod.junit.PeapodTest;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.function.Executable;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Issue #8's misuses of the Java API and annotations: each named lambda must throw a
 * {@link PeapodException} (never a raw exception or an Error, never silence) whose message contains the
 * fragment beside it. Misuses listed as {@code misuse/<name>} in {@code bad-input/known-failing.txt}
 * fail today; they are reported as skipped, and the test fails when one of them passes.
 */
class ApiMisuseTest {
    /** A misuse and a fragment its message must contain. */
    record Misuse(String name, String expect, Executable action) {
    }

    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              containers:
                - name: app
                  image: nginx
            """;

    private static final List<Misuse> TABLE = new ArrayList<>();
    private static int passing;
    private static int known;

    private static void misuse(String name, String expect, Executable action) {
        TABLE.add(new Misuse(name, expect, action));
    }

    /** Runs {@code use} on a fresh one-node cluster, closed afterwards (unless the misuse closed it). */
    private static Executable on(Consumer<FakeCluster> use) {
        return () -> {
            FakeCluster cluster = FakeCluster.withNodes("node-1");
            try {
                use.accept(cluster);
            } finally {
                closeQuietly(cluster);
            }
        };
    }

    /** Runs {@code use} on a cluster where pod web runs. */
    private static Executable withWeb(Consumer<FakeCluster> use) {
        return on(cluster -> {
            cluster.applyYaml(POD);
            cluster.advance(Duration.ofSeconds(30));
            use.accept(cluster);
        });
    }

    /** Runs {@code use} on a cluster that has been closed. */
    private static Executable closed(Consumer<FakeCluster> use) {
        return () -> {
            FakeCluster cluster = FakeCluster.withNodes("node-1");
            cluster.applyYaml(POD);
            cluster.close();
            use.accept(cluster);
        };
    }

    /** Runs {@code use} from a second thread on a cluster this thread started. */
    private static Executable fromAnotherThread(Consumer<FakeCluster> use) {
        return on(cluster -> {
            cluster.applyYaml(POD);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread other = new Thread(() -> {
                try {
                    use.accept(cluster);
                } catch (Throwable t) {
                    thrown.set(t);
                }
            }, "second-thread");
            other.start();
            try {
                other.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thrown.get() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (thrown.get() instanceof Error error) {
                throw error;
            }
        });
    }

    /** Starts a cluster with one node built from {@code node}. */
    private static Executable node(java.util.function.Supplier<NodeSpec> node) {
        return () -> FakeCluster.start(ClusterSpec.empty().node(node.get())).close();
    }

    private static void closeQuietly(FakeCluster cluster) {
        try {
            cluster.close();
        } catch (RuntimeException ignored) {
            // the misuse is what is checked; an unused script or a wrong thread at close is not
        }
    }

    static {
        // ------------------------------------------------------------ nulls
        misuse("start-null-spec", "spec must not be null", () -> FakeCluster.start(null));
        misuse("with-nodes-null-array", "must not be null", () -> FakeCluster.withNodes((String[]) null));
        misuse("with-nodes-null-name", "must not be null", () -> FakeCluster.withNodes("a", null));
        misuse("use-namespace-null", "namespace must not be null", on(c -> c.useNamespace(null)));
        misuse("add-node-null", "node must not be null", on(c -> c.addNode(null)));
        misuse("edit-node-null", "name must not be null", on(c -> c.editNode(null)));
        misuse("apply-null-array", "objects must not be null", on(c -> c.apply((HasMetadata[]) null)));
        misuse("apply-null-object", "must not be null", on(c -> c.apply(new HasMetadata[] {null})));
        misuse("apply-null-path", "fileOrFolder must not be null", on(c -> c.apply((Path) null)));
        misuse("apply-yaml-null", "yaml must not be null", on(c -> c.applyYaml(null)));
        misuse("apply-resource-null", "classpathPath must not be null", on(c -> c.applyResource(null)));
        misuse("delete-pod-null", "name must not be null", on(c -> c.deletePod(null)));
        misuse("delete-pod-null-namespace", "namespace must not be null", on(c -> c.deletePod(null, "web")));
        misuse("delete-null-kind", "kind must not be null", on(c -> c.delete(null, "web")));
        misuse("delete-null-name", "name must not be null", on(c -> c.delete(Pod.class, (String) null)));
        misuse("delete-null-grace", "gracePeriod must not be null", withWeb(c -> c.delete(Pod.class, "web", (Duration) null)));
        misuse("delete-all-null-selector", "labelSelector must not be null", on(c -> c.deleteAll(Pod.class, null)));
        misuse("edit-status-null-edit", "edit must not be null", withWeb(c -> c.editStatus(Pod.class, "default", "web", null)));
        misuse("edit-pod-null", "name must not be null", on(c -> c.editPod(null)));
        misuse("container-null-pod", "pod must not be null", on(c -> c.container(null, "app")));
        misuse("container-null-container", "container must not be null", on(c -> c.container("web", null)));
        misuse("image-cannot-be-pulled-null", "image must not be null", on(c -> c.imageCannotBePulled(null)));
        misuse("pod-null", "name must not be null", on(c -> c.pod(null)));
        misuse("find-pod-null", "name must not be null", on(c -> c.findPod(null)));
        misuse("pods-null-options", "options must not be null", on(c -> c.pods(null)));
        misuse("node-null", "name must not be null", on(c -> c.node(null)));
        misuse("events-for-null", "object must not be null", on(c -> c.eventsFor(null)));
        misuse("advance-null", "duration must not be null", on(c -> c.advance(null)));
        misuse("advance-to-null", "sinceStart must not be null", on(c -> c.advanceTo(null)));
        misuse("run-until-null-condition", "condition must not be null", on(c -> c.runUntil(null, Duration.ofMinutes(1))));
        misuse("run-until-null-limit", "limit must not be null", on(c -> c.runUntil(x -> false, null)));
        misuse("await-null-alias", "alias", on(c -> c.await(null)));
        misuse("await-null-limit", "limit must not be null", on(c -> c.await("web").atMost(null)));
        misuse("await-null-condition", "condition must not be null", on(c -> c.await("web").until(null)));
        misuse("nodespec-named-null", "name must not be null", () -> NodeSpec.named(null));
        misuse("nodespec-label-null-key", "key must not be null", () -> NodeSpec.named("n").label(null, "v"));
        misuse("nodespec-label-null-value", "value must not be null", () -> NodeSpec.named("n").label("k", null));
        misuse("nodespec-taint-null", "taint must not be null", () -> NodeSpec.named("n").taint(null));
        misuse("nodespec-cpu-null", "quantity must not be null", () -> NodeSpec.named("n").cpu(null));
        misuse("nodespec-internal-ip-null", "address must not be null", () -> NodeSpec.named("n").internalIp(null));
        misuse("clusterspec-node-null", "node must not be null", () -> ClusterSpec.empty().node((NodeSpec) null));
        misuse("clusterspec-node-name-null", "must not be null", () -> ClusterSpec.empty().node((String) null));
        misuse("clusterspec-starting-at-null", "must not be null", () -> ClusterSpec.empty().startingAt(null));
        misuse("clusterspec-component-null", "component must not be null", () -> ClusterSpec.empty().component(null));
        misuse("exit-after-null", "must not be null", on(c -> c.container("web", "app").exitsWith(1).after(null)));
        misuse("listens-after-null", "startup must not be null", on(c -> c.container("web", "app").listensAfter(null)));
        misuse("http-returns-null-path", "path must not be null", on(c -> c.container("web", "app").httpReturns(80, null, 200)));
        misuse("exec-exits-null-command", "command must not be null", on(c -> c.container("web", "app").execExits(null, 0, "")));
        misuse("node-editor-label-null", "key must not be null", on(c -> c.editNode("node-1").label(null, "x")));
        misuse("node-editor-taint-null", "taint must not be null", on(c -> c.editNode("node-1").taint(null)));
        misuse("pod-editor-condition-null", "type must not be null", withWeb(c -> c.editPod("web").setCondition(null, "True")));

        // ------------------------------------------------------------ a closed cluster refuses every verb
        misuse("closed-apply-yaml", "closed", closed(c -> c.applyYaml(POD.replace("web", "late"))));
        misuse("closed-apply-objects", "closed", closed(c -> c.apply(new PodBuilder().withNewMetadata().withName("late")
                .endMetadata().withNewSpec().addNewContainer().withName("a").withImage("nginx").endContainer().endSpec().build())));
        misuse("closed-advance", "closed", closed(c -> c.advance(Duration.ofSeconds(1))));
        misuse("closed-settle", "closed", closed(FakeCluster::settle));
        misuse("closed-add-node", "closed", closed(c -> c.addNode(NodeSpec.named("node-2"))));
        misuse("closed-cordon", "closed", closed(c -> c.editNode("node-1").cordon()));
        misuse("closed-delete-pod", "closed", closed(c -> c.deletePod("web")));
        misuse("closed-container", "closed", closed(c -> c.container("web", "app").exitsWith(1)));
        misuse("closed-use-namespace", "closed", closed(c -> c.useNamespace("team")));
        misuse("closed-run-until", "closed", closed(c -> c.runUntil(x -> false, Duration.ofSeconds(1))));
        misuse("closed-await", "closed", closed(c -> c.await("web").atMost(Duration.ofSeconds(1)).until(x -> false)));
        misuse("closed-image-cannot-be-pulled", "closed", closed(c -> c.imageCannotBePulled("nginx")));
        misuse("closed-pod", "closed", closed(c -> c.pod("web")));
        misuse("closed-pods", "closed", closed(FakeCluster::pods));
        misuse("closed-edit-pod", "closed", closed(c -> c.editPod("web").setCondition("Ready", "True")));
        misuse("closed-delete-all", "closed", closed(c -> c.deleteAll(Pod.class, "app=web")));
        misuse("closed-advance-to", "closed", closed(c -> c.advanceTo(Duration.ofMinutes(1))));

        // ------------------------------------------------------------ impossible durations
        misuse("advance-negative", "must not be negative", on(c -> c.advance(Duration.ofSeconds(-1))));
        misuse("advance-negative-nano", "must not be negative", on(c -> c.advance(Duration.ofNanos(-1))));
        misuse("advance-long-max-seconds", "but was 2562047788015215h30m7s",
                on(c -> c.advance(Duration.ofSeconds(Long.MAX_VALUE))));
        misuse("advance-to-negative", "but was -1s", on(c -> c.advanceTo(Duration.ofSeconds(-1))));
        misuse("advance-to-long-max", "but was 2562047788015215h30m7s",
                on(c -> c.advanceTo(Duration.ofSeconds(Long.MAX_VALUE))));
        misuse("run-until-negative-limit", "must not be negative", on(c -> c.runUntil(x -> false, Duration.ofSeconds(-1))));
        misuse("delete-negative-grace", "but was -5s", withWeb(c -> c.delete(Pod.class, "web", Duration.ofSeconds(-5))));
        misuse("pod-editor-delete-negative-grace", "but was -1s", withWeb(c -> c.editPod("web").delete(Duration.ofSeconds(-1))));
        misuse("exit-after-negative", "but was -1s", on(c -> c.container("web", "app").exitsWith(1).after(Duration.ofSeconds(-1))));
        misuse("listens-after-negative", "but was -1s", on(c -> c.container("web", "app").listensAfter(Duration.ofSeconds(-1))));
        misuse("shuts-down-in-negative", "but was -1s", on(c -> c.container("web", "app").shutsDownIn(Duration.ofSeconds(-1))));
        misuse("http-responds-after-negative", "but was -1s",
                on(c -> c.container("web", "app").httpRespondsAfter(80, "/", Duration.ofSeconds(-1))));
        misuse("rule-from-start-negative", "but was -1s", on(c -> c.container("web", "app").tcpRefuses(80).fromStart(Duration.ofSeconds(-1))));
        misuse("rule-until-negative", "but was -1s", on(c -> c.container("web", "app").tcpRefuses(80).until(Duration.ofSeconds(-1))));
        misuse("await-at-most-negative", "but was -1s", on(c -> c.await("web").atMost(Duration.ofSeconds(-1))));
        misuse("advance-to-the-past", "past", on(c -> {
            c.advance(Duration.ofSeconds(10));
            c.advanceTo(Duration.ofSeconds(5));
        }));

        // ------------------------------------------------------------ NodeSpec values
        misuse("nodespec-cpu-abc", "\"abc\"", node(() -> NodeSpec.named("n").cpu("abc")));
        misuse("nodespec-cpu-empty", "cpu", node(() -> NodeSpec.named("n").cpu("")));
        misuse("nodespec-cpu-negative", "\"-1\"", node(() -> NodeSpec.named("n").cpu("-1")));
        misuse("nodespec-memory-lots", "\"lots\"", node(() -> NodeSpec.named("n").memory("lots")));
        misuse("nodespec-memory-1Gb", "\"1Gb\"", node(() -> NodeSpec.named("n").memory("1Gb")));
        misuse("nodespec-pods-negative", "-5", node(() -> NodeSpec.named("n").pods(-5)));
        misuse("nodespec-ephemeral-storage-lots", "\"lots\"", node(() -> NodeSpec.named("n").allocatable("ephemeral-storage", "lots")));
        misuse("nodespec-resource-name-bad", "\"bad resource!\"", node(() -> NodeSpec.named("n").allocatable("bad resource!", "1")));
        misuse("nodespec-pod-cidr-banana", "\"banana\"", node(() -> NodeSpec.named("n").podCidr("banana")));
        misuse("nodespec-pod-cidr-prefix-33", "\"10.0.0.0/33\"", node(() -> NodeSpec.named("n").podCidr("10.0.0.0/33")));
        misuse("nodespec-pod-cidr-no-prefix", "\"10.0.0.1\"", node(() -> NodeSpec.named("n").podCidr("10.0.0.1")));
        misuse("nodespec-internal-ip-banana", "\"banana\"", node(() -> NodeSpec.named("n").internalIp("banana")));
        misuse("nodespec-internal-ip-256", "\"256.0.0.1\"", node(() -> NodeSpec.named("n").internalIp("256.0.0.1")));
        misuse("nodespec-taint-no-colon", "\"nocolon\"", node(() -> NodeSpec.named("n").taint("nocolon")));
        misuse("nodespec-taint-bad-effect", "Sometimes", node(() -> NodeSpec.named("n").taint("k=v:Sometimes")));
        misuse("nodespec-taint-bad-key", "\"bad key!\"", node(() -> NodeSpec.named("n").taint("bad key!=v:NoSchedule")));
        misuse("nodespec-taint-empty-key", "key", node(() -> NodeSpec.named("n").taint(":NoSchedule")));
        misuse("nodespec-label-bad-key", "\"bad key!\"", node(() -> NodeSpec.named("n").label("bad key!", "v")));
        misuse("nodespec-label-bad-value", "\"bad value!\"", node(() -> NodeSpec.named("n").label("k", "bad value!")));
        misuse("nodespec-label-empty-key", "name part must be non-empty", node(() -> NodeSpec.named("n").label("", "v")));
        misuse("nodespec-name-invalid", "\"Bad_Node\"", node(() -> NodeSpec.named("Bad_Node")));
        misuse("nodespec-name-empty", "name", node(() -> NodeSpec.named("")));
        misuse("nodespec-two-nodes-one-name", "node names must be unique", () -> FakeCluster.start(ClusterSpec.empty().node("n").node("n")).close());

        // ------------------------------------------------------------ @PeapodNode values
        misuse("peapod-node-cpu-abc", "\"abc\"", () -> runAnnotated(CpuAbc.class));
        misuse("peapod-node-memory-lots", "\"lots\"", () -> runAnnotated(MemoryLots.class));
        misuse("peapod-node-pods-negative", "-5", () -> runAnnotated(PodsNegative.class));
        misuse("peapod-node-taint-effect", "\"k=v:Sometimes\"", () -> runAnnotated(TaintEffect.class));
        misuse("peapod-node-taint-no-colon", "\"nocolon\"", () -> runAnnotated(TaintNoColon.class));
        misuse("peapod-node-label-no-equals", "\"nolabel\"", () -> runAnnotated(LabelNoEquals.class));
        misuse("peapod-node-label-bad-key", "\"bad key!\"", () -> runAnnotated(LabelBadKey.class));
        misuse("peapod-node-name-invalid", "\"Bad_Node\"", () -> runAnnotated(NameInvalid.class));
        misuse("peapod-node-duplicate-name", "node names must be unique", () -> runAnnotated(DuplicateName.class));
        misuse("peapod-test-namespace-invalid", "\"Bad_NS\"", () -> runAnnotated(NamespaceInvalid.class));

        // ------------------------------------------------------------ scripts that can no longer take effect
        misuse("exit-scripted-for-a-start-already-past", "app", withWeb(c -> {
            c.container("web", "app").exitsWith(1).onStarts(1);
            c.advance(Duration.ofMinutes(1));
        }));
        misuse("listens-after-scripted-after-start", "app", withWeb(c -> {
            c.container("web", "app").listensAfter(Duration.ofSeconds(5)).diesOnSigterm();
            c.advance(Duration.ofMinutes(1));
        }));
        misuse("script-for-unknown-container-of-running-pod", "\"nope\"", withWeb(c -> c.container("web", "nope").exitsWith(1)));
        misuse("rule-next-times-zero", "count must be at least 1", on(c -> c.container("web", "app").tcpRefuses(80).nextTimes(0)));
        misuse("rule-on-starts-zero", "0", on(c -> c.container("web", "app").tcpRefuses(80).onStarts(0)));
        misuse("exit-on-starts-zero", "0", on(c -> c.container("web", "app").exitsWith(1).onStarts(0)));
        misuse("http-returns-port-70000", "70000", on(c -> c.container("web", "app").httpReturns(70000, "/", 200)));
        misuse("http-returns-status-99", "99", on(c -> c.container("web", "app").httpReturns(80, "/", 99)));
        misuse("tcp-accepts-port-zero", "port", on(c -> c.container("web", "app").tcpAccepts(0)));
        misuse("grpc-returns-banana", "\"BANANA\"", on(c -> c.container("web", "app").grpcReturns(80, "BANANA")));

        // ------------------------------------------------------------ a second thread
        misuse("second-thread-apply", "belongs to thread", fromAnotherThread(c -> c.applyYaml(POD.replace("web", "other"))));
        misuse("second-thread-advance", "belongs to thread", fromAnotherThread(c -> c.advance(Duration.ofSeconds(1))));
        misuse("second-thread-add-node", "belongs to thread", fromAnotherThread(c -> c.addNode(NodeSpec.named("node-2"))));
        misuse("second-thread-cordon", "belongs to thread", fromAnotherThread(c -> c.editNode("node-1").cordon()));
        misuse("second-thread-container", "belongs to thread", fromAnotherThread(c -> c.container("web", "app").exitsWith(1)));
        misuse("second-thread-delete", "belongs to thread", fromAnotherThread(c -> c.deletePod("web")));
        misuse("second-thread-close", "belongs to thread", fromAnotherThread(FakeCluster::close));
        misuse("second-thread-settle", "belongs to thread", fromAnotherThread(FakeCluster::settle));

        // ------------------------------------------------------------ names that do not exist, and bad arguments
        misuse("use-namespace-invalid", "\"Bad_NS\"", on(c -> c.useNamespace("Bad_NS")));
        misuse("edit-node-missing", "\"missing\"", on(c -> c.editNode("missing").cordon()));
        misuse("pod-missing", "\"missing\"", on(c -> c.pod("missing")));
        misuse("node-missing", "\"missing\"", on(c -> c.node("missing")));
        misuse("delete-missing", "\"missing\"", on(c -> c.delete(Pod.class, "missing")));
        misuse("delete-all-blank-selector", "selector", on(c -> c.deleteAll(Pod.class, " ")));
        misuse("delete-all-broken-selector", "unable to parse requirement", on(c -> c.deleteAll(Pod.class, "a in (")));
        misuse("add-node-twice", "\"node-1\"", on(c -> c.addNode(NodeSpec.named("node-1"))));
        misuse("apply-resource-missing", "nope.yaml", on(c -> c.applyResource("nope.yaml")));
        misuse("apply-path-missing", "no-such-dir", on(c -> c.apply(Path.of("no-such-dir", "pod.yaml"))));
        misuse("edit-status-missing", "\"missing\"", on(c -> c.editStatus(Pod.class, "default", "missing", p -> { })));
        misuse("edit-node-taint-bad-effect", "\"k=v:Sometimes\"", on(c -> c.editNode("node-1").taint("k=v:Sometimes")));
        misuse("edit-node-label-bad-key", "\"bad key!\"", on(c -> c.editNode("node-1").label("bad key!", "v")));
        misuse("pod-editor-condition-bad-status", "\"Maybe\"", withWeb(c -> c.editPod("web").setCondition("Ready", "Maybe")));
    }

    @AfterAll
    static void printCounts() {
        System.out.printf("API misuses: %d total / %d passing / %d known failing%n", TABLE.size(), passing, known);
    }

    @Test
    void theTableHoldsAtLeastAHundredMisusesWithDistinctNames() {
        Set<String> names = new LinkedHashSet<>();
        TABLE.forEach(m -> assertThat(names.add(m.name())).as("duplicate misuse " + m.name()).isTrue());
        assertThat(TABLE).hasSizeGreaterThanOrEqualTo(100);
        Map<String, String> knownFailing = Corpus.knownFailing();
        knownFailing.keySet().stream().filter(id -> id.startsWith("misuse/"))
                .forEach(id -> assertThat(names).as("known-failing.txt lists only misuses of the table").contains(id.substring(7)));
    }

    @TestFactory
    Stream<DynamicTest> everyMisuse() {
        Map<String, String> knownFailing = Corpus.knownFailing();
        return TABLE.stream().map(m -> DynamicTest.dynamicTest("misuse/" + m.name(), () -> {
            String reason = knownFailing.get("misuse/" + m.name());
            if (reason == null) {
                check(m);
                passing++;
                return;
            }
            known++;
            if (reason.startsWith("[not run]")) {
                throw new TestAbortedException("known failing, not run: " + reason);
            }
            try {
                check(m);
            } catch (AssertionError | RuntimeException failure) {
                throw new TestAbortedException("known failing (" + reason + "): " + failure.getMessage(), failure);
            }
            throw new AssertionFailedError("misuse/" + m.name() + " passes now: remove it from bad-input/known-failing.txt");
        }));
    }

    private static void check(Misuse m) {
        Throwable thrown = null;
        try {
            m.action().execute();
        } catch (Throwable t) {
            thrown = t;
        }
        if (thrown == null) {
            throw new AssertionFailedError("misuse/" + m.name() + ": accepted silently; expected an error containing " + m.expect());
        }
        // a bad annotation fails the test as JUnit reports a bad extension configuration; that is the
        // one exception besides PeapodException a user of @PeapodTest expects
        boolean annotationError = m.name().startsWith("peapod-") && thrown instanceof ExtensionConfigurationException;
        if (!(thrown instanceof PeapodException) && !annotationError) {
            AssertionFailedError raw = new AssertionFailedError("misuse/" + m.name() + ": threw a raw " + thrown.getClass().getName()
                    + ": " + thrown.getMessage());
            raw.initCause(thrown);
            throw raw;
        }
        assertThat(thrown.getMessage()).as("misuse/" + m.name() + ": upstream's words").contains(m.expect());
    }

    /** Runs an annotated fixture class through the test kit and rethrows its one failure. */
    private static void runAnnotated(Class<?> fixture) throws Throwable {
        List<Event> failed = EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute()
                .allEvents().failed().list();
        if (failed.isEmpty()) {
            return;
        }
        Throwable failure = failed.get(0).getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable).orElseThrow();
        throw failure;
    }

    // ---------------------------------------------------------------- annotated fixtures, run only through the test kit

    @PeapodTest(nodes = @PeapodNode(name = "n", cpu = "abc"))
    static class CpuAbc {
        @Test
        void starts(FakeCluster cluster) {
            cluster.settle();
        }
    }

    @PeapodTest(nodes = @PeapodNode(name = "n", memory = "lots"))
    static class MemoryLots {
        @Test
        void starts(FakeCluster cluster) {
            cluster.settle();
        }
    }

    @PeapodTest(nodes = @PeapodNode(name = "n", pods = -5))
    static class PodsNegative {
        @Test
        void starts(FakeCluster cluster) {
            cluster.settle();
        }
    }

    @PeapodTest(nodes = @PeapodNode(name = "n", taints = "k=v:Sometimes"))
    static class TaintEffect {
        @Test
        void starts(FakeCluster cluster) {
            cluster.settle();
        }
    }

    @PeapodTest(nodes = @PeapodNode(name = "n", taints = "nocolon"))
    static class TaintNoColon {
        @Test
        void starts(FakeCluster cluster) {
            cluster.settle();
        }
    }

    @PeapodTest(nodes = @PeapodNode(name = "n", labels = "nolabel"))
    static class LabelNoEquals {
        @Test
        void starts(FakeCluster cluster) {
            cluster.settle();
        }
    }

    @PeapodTest(nodes = @PeapodNode(name = "n", labels = "bad key!=v"))
    static class LabelBadKey {
        @Test
        void starts(FakeCluster cluster) {
            cluster.settle();
        }
    }

    @PeapodTest(nodes = @PeapodNode(name = "Bad_Node"))
    static class NameInvalid {
        @Test
        void starts(FakeCluster cluster) {
            cluster.settle();
        }
    }

    @PeapodTest(nodes = {@PeapodNode(name = "twin"), @PeapodNode(name = "twin")})
    static class DuplicateName {
        @Test
        void starts(FakeCluster cluster) {
            cluster.settle();
        }
    }

    @PeapodTest(namespace = "Bad_NS")
    static class NamespaceInvalid {
        @Test
        void starts(FakeCluster cluster) {
            cluster.settle();
        }
    }
}
