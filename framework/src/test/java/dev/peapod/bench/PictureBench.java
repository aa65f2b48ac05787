package dev.peapod.bench;

import dev.peapod.FakeCluster;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Issue #15's picture case ({@code -Dexec.args=picture}): how long {@code Timeline.html()} takes and how
 * large the page is, for one pod in CrashLoopBackOff for 24 virtual hours (its liveness probe fails every
 * 10 s, each restart waits out the back-off) and for 100 probed pods of a Deployment on 4 nodes for a
 * virtual hour. The story is run once; the picture is drawn 5 times, the first (cold) and the best printed.
 */
final class PictureBench {
    private PictureBench() {
    }

    static void run() {
        measure("1 pod in CrashLoopBackOff x 24 virtual hours", PictureBench::crashLoopDay);
        measure("100 probed pods on 4 nodes x 1 virtual hour", PictureBench::hundredPods);
    }

    private static void measure(String name, Supplier<FakeCluster> story) {
        try (FakeCluster cluster = story.get()) {
            long first = 0;
            long best = Long.MAX_VALUE;
            int bytes = 0;
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                String page = cluster.timeline().html();
                long nanos = System.nanoTime() - start;
                first = i == 0 ? nanos : first;
                best = Math.min(best, nanos);
                bytes = page.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            }
            System.out.printf(Locale.ROOT, "%-48s %,9d entries  first %7.1f ms  best %7.1f ms  %,10d bytes%n", name,
                    cluster.timeline().entries().size(), first / 1e6, best / 1e6, bytes);
        }
    }

    private static FakeCluster crashLoopDay() {
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.container("crashy", "app").httpReturns(8080, "/healthz", 500);
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: crashy
                spec:
                  initContainers:
                  - name: init-db
                    image: busybox:1.36
                    command: [sh, -c, "true"]
                  containers:
                  - name: app
                    image: registry.k8s.io/e2e-test-images/agnhost:2.40
                    args: [liveness]
                    livenessProbe:
                      httpGet: {path: /healthz, port: 8080}
                      periodSeconds: 10
                    readinessProbe:
                      httpGet: {path: /healthz, port: 8080}
                      periodSeconds: 10
                """);
        cluster.advance(Duration.ofHours(24));
        return cluster;
    }

    private static FakeCluster hundredPods() {
        FakeCluster cluster = FakeCluster.withNodes("node-1", "node-2", "node-3", "node-4");
        cluster.applyYaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 100
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                      - name: app
                        image: nginx:1.25
                        readinessProbe:
                          httpGet: {path: /, port: 80}
                          periodSeconds: 10
                """);
        cluster.advance(Duration.ofHours(1));
        return cluster;
    }
}
