package dev.peapod.kubectl;

import dev.peapod.FakeCluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One live fake cluster and the kubectl that talks to it over HTTP, for the kubectl suite: the test's thread runs
 * kubectl and moves the cluster's virtual time between commands. A command that waits ({@code wait}, {@code get -w},
 * {@code rollout status}, {@code delete}) runs in the background with {@code -v=6}, so that its request log says
 * when its watch is open; only then does the test move time, so what it prints does not depend on how fast the
 * host is. {@link #withoutRequestLog} takes that log out again before the test compares standard error.
 */
final class KubectlSession {
    /** Wall time a command that does not wait may take: kubectl answers in well under a second. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    // klog's header: I1205 08:30:00.123456   12345 round_trippers.go:445] GET http://... 200 OK in 1 milliseconds
    private static final Pattern KLOG = Pattern.compile("^[IWEF]\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\s+\\d+ [^ ]+:\\d+\\] .*$");
    private static final Pattern WATCH_OPEN = Pattern.compile("(?m)^.*\\] GET http://[^ ]*[?&]watch=true[^ ]* 200 OK in .*$");

    private final FakeCluster cluster;
    private final Kubectl kubectl;
    private final Path kubeconfig;

    KubectlSession(FakeCluster cluster, Kubectl kubectl) {
        this.cluster = cluster;
        this.kubectl = kubectl;
        this.kubeconfig = cluster.kubeconfig();
    }

    FakeCluster cluster() {
        return cluster;
    }

    /** {@code kubectl args...}, waited for. */
    KubectlResult run(String... args) {
        return kubectl.run(kubeconfig, TIMEOUT, args);
    }

    /**
     * {@code kubectl apply --validate=false -f -} with the manifest on standard input. {@code --validate=false}:
     * Peapod serves no OpenAPI document ({@code /openapi/v2} is a 404), which kubectl's client-side validation reads.
     */
    KubectlResult apply(String manifest, String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "apply";
        args[1] = "--validate=false";
        System.arraycopy(more, 0, args, 2, more.length);
        args[2 + more.length] = "-f";
        args[3 + more.length] = "-";
        return kubectl.runWithInput(kubeconfig, TIMEOUT, manifest, args);
    }

    /** Starts {@code kubectl -v=6 args...} and returns once its watch is open (the server answered it 200). */
    Kubectl.Background startWatching(String... args) {
        String[] verbose = new String[args.length + 1];
        System.arraycopy(args, 0, verbose, 0, args.length);
        verbose[args.length] = "-v=6";
        Kubectl.Background background = kubectl.start(kubeconfig, verbose);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!WATCH_OPEN.matcher(background.stderrSoFar()).find()) {
            if (!background.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("kubectl opened no watch: " + background.await(Duration.ZERO).describe());
            }
            sleep(20);
        }
        return background;
    }

    /**
     * Moves the cluster's time a {@code step} at a time (letting kubectl read what each step wrote) until kubectl
     * exits, at most {@code limit} of virtual time; then waits for it.
     */
    KubectlResult advanceUntilExit(Kubectl.Background background, Duration step, Duration limit) {
        Duration moved = Duration.ZERO;
        while (background.isAlive() && moved.compareTo(limit) < 0) {
            cluster.advance(step);
            moved = moved.plus(step);
            sleep(50);
        }
        return background.await(TIMEOUT);
    }

    /** Standard error without kubectl's {@code -v} request log. */
    static String withoutRequestLog(String stderr) {
        return stderr.lines().filter(line -> !KLOG.matcher(line).matches())
                .map(line -> line + "\n").collect(Collectors.joining());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while kubectl ran", e);
        }
    }
}
