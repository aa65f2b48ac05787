package dev.peapod.bench;

import dev.peapod.ClusterSpec;
import dev.peapod.FakeCluster;
import dev.peapod.NodeSpec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Peapod's benchmark: prints wall-clock figures and virtual/wall ratios measured in one run.
 * Run it with {@code mvn -B -q -pl framework -Pbench test-compile exec:java}. Not a test: timings
 * are reported, never asserted (STYLE §3).
 */
public final class Bench {
    private static final String PROBED_POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: NAME}
            spec:
              NODE
              containers:
              - name: app
                image: nginx:1.25
                ports: [{containerPort: 8080}]
                startupProbe:
                  httpGet: {path: /started, port: 8080}
                  periodSeconds: 5
                readinessProbe:
                  httpGet: {path: /ready, port: 8080}
                  periodSeconds: 10
                livenessProbe:
                  tcpSocket: {port: 8080}
                  periodSeconds: 15
            """;

    private Bench() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("pods")) { // profiling aid: only the 1,000-pod start, repeatedly
            for (int i = 0; i < 4; i++) {
                measure("1,000 pods on 100 nodes to Running", null, () -> manyPods(1000, 100, Duration.ZERO));
            }
            return;
        }
        System.out.println("Peapod benchmark (" + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " cores)");
        for (int i = 0; i < 3; i++) { // warm up the JIT on every path measured below
            onePodForTenMinutes();
            manyPods(100, 10, Duration.ofMinutes(1));
        }
        coldAndWarmCreation();
        measure("apply + run one pod for 10 virtual minutes", Duration.ofMinutes(10), Bench::onePodForTenMinutes);
        measure("1,000 pods on 100 nodes to Running", null, () -> manyPods(1000, 100, Duration.ZERO));
        measure("one pod with three probes for 24 virtual hours", Duration.ofHours(24), Bench::onePodForADay);
        measure("1,000 probed pods on 100 nodes for 1 virtual hour", Duration.ofHours(1),
                () -> manyPods(1000, 100, Duration.ofHours(1)));
    }

    private static void coldAndWarmCreation() {
        int n = 200;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            FakeCluster.start(ClusterSpec.empty().node("node-1").node("node-2").node("node-3")).close();
        }
        double micros = (System.nanoTime() - start) / 1e3 / n;
        System.out.printf(Locale.ROOT, "%-52s %10.1f µs per cluster (3 nodes, warm, mean of %d)%n", "cluster creation", micros, n);
    }

    /** Runs a case once cold-ish, then five more times; prints the first run, the mean and the best of the five. */
    private static void measure(String name, Duration virtual, Supplier<FakeCluster> run) {
        long first = timed(run)[0];
        long total = 0;
        long best = Long.MAX_VALUE;
        long events = 0;
        for (int i = 0; i < 5; i++) {
            long[] r = timed(run);
            total += r[0];
            best = Math.min(best, r[0]);
            events = r[1];
        }
        long mean = total / 5;
        String ratio = virtual == null ? "" : String.format(Locale.ROOT, "  virtual/wall %,.0fx", virtual.toNanos() / (double) mean);
        System.out.printf(Locale.ROOT, "%-50s first %8.1f ms  mean %8.1f ms  best %8.1f ms  %,d events  %,.0f events/s%s%n",
                name, first / 1e6, mean / 1e6, best / 1e6, events, events / (mean / 1e9), ratio);
    }

    /** Wall nanoseconds and events run for one run of a case. */
    private static long[] timed(Supplier<FakeCluster> run) {
        long start = System.nanoTime();
        FakeCluster cluster = run.get();
        long nanos = System.nanoTime() - start;
        long events = cluster.context().loop().eventsRun();
        cluster.close();
        return new long[] {nanos, events};
    }

    private static FakeCluster onePodForTenMinutes() {
        FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node(NodeSpec.named("node-1")));
        cluster.apply(pod("web", "node-1"));
        cluster.advance(Duration.ofMinutes(10));
        return cluster;
    }

    private static FakeCluster onePodForADay() {
        FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node(NodeSpec.named("node-1")));
        cluster.apply(pod("web", "node-1"));
        cluster.advance(Duration.ofHours(24));
        return cluster;
    }

    private static FakeCluster manyPods(int pods, int nodes, Duration run) {
        ClusterSpec spec = ClusterSpec.empty();
        for (int n = 1; n <= nodes; n++) {
            spec = spec.node(NodeSpec.named("node-" + n));
        }
        FakeCluster cluster = FakeCluster.start(spec);
        for (int i = 0; i < pods; i++) {
            cluster.apply(pod("web-" + i, null)); // placed by the scheduler
        }
        cluster.settle();
        long running = cluster.pods().stream().filter(p -> "Running".equals(p.getStatus().getPhase())).count();
        if (running != pods) {
            throw new IllegalStateException(running + " of " + pods + " pods are Running");
        }
        cluster.advance(run);
        return cluster;
    }

    private static Pod pod(String name, String node) {
        String placement = node == null ? "schedulerName: default-scheduler" : "nodeName: " + node;
        return Serialization.unmarshal(PROBED_POD.replace("NAME", name).replace("NODE", placement), Pod.class);
    }
}
