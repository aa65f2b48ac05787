package dev.peapod.kubectl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A kubectl executable that tests run against a given kubeconfig. Each run sees only what the test gives it: the
 * environment is emptied, then {@code KUBECONFIG} is the given file and {@code HOME} a temporary folder of this
 * object's own (kubectl's discovery cache lands there), so the host's {@code ~/.kube/config}, proxies and
 * in-cluster variables never reach it; {@code TZ} is UTC, so times kubectl prints in the local zone are the same on
 * every host. A run past its timeout is killed, with the processes it started; a run started in the background
 * ({@link #start}) is waited for when the test says. Closing deletes the temporary folder.
 */
final class Kubectl implements AutoCloseable {
    private final Path executable;
    private final String source;  // which lookup rule found it, for the printed line
    private final Path home;
    private final AtomicInteger runs = new AtomicInteger();

    Kubectl(Path executable, String source) {
        this.executable = executable;
        this.source = source;
        try {
            this.home = Files.createTempDirectory("peapod-kubectl-home-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary HOME for kubectl", e);
        }
    }

    Path executable() {
        return executable;
    }

    String source() {
        return source;
    }

    /** The temporary folder that is kubectl's {@code HOME}. */
    Path home() {
        return home;
    }

    /** Runs {@code kubectl args...} with standard input empty. */
    KubectlResult run(Path kubeconfig, Duration timeout, String... args) {
        return runWithInput(kubeconfig, timeout, "", args);
    }

    /** Runs {@code kubectl args...} with {@code input} as standard input (for {@code apply -f -}). */
    KubectlResult runWithInput(Path kubeconfig, Duration timeout, String input, String... args) {
        return startWithInput(kubeconfig, input, args).await(timeout);
    }

    /**
     * Starts {@code kubectl args...} in the background with standard input empty, for the commands that wait
     * ({@code wait}, {@code get -w}, {@code rollout status}, {@code delete}) while the test moves the cluster's time.
     */
    Background start(Path kubeconfig, String... args) {
        return startWithInput(kubeconfig, "", args);
    }

    private Background startWithInput(Path kubeconfig, String input, String... args) {
        List<String> command = new ArrayList<>(args.length + 1);
        command.add(executable.toString());
        command.addAll(List.of(args));
        Path dir = home.resolve("run-" + runs.incrementAndGet());
        try {
            Files.createDirectories(dir);
            Path in = Files.writeString(dir.resolve("stdin"), input);
            Path out = dir.resolve("stdout");
            Path err = dir.resolve("stderr");
            ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                    .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
            Map<String, String> env = builder.environment();
            env.clear();
            env.put("HOME", home.toString());
            env.put("KUBECONFIG", kubeconfig.toAbsolutePath().toString());
            env.put("PATH", "/usr/bin:/bin");
            // describe prints times in the local zone (Start Time, a container's Started): the same on every host
            env.put("TZ", "UTC");
            return new Background(command, builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        }
    }

    /** A kubectl run that has started and may still run; its output goes to files read at any time. */
    static final class Background {
        private final List<String> command;
        private final Process process;
        private final Path out;
        private final Path err;

        private Background(List<String> command, Process process, Path out, Path err) {
            this.command = command;
            this.process = process;
            this.out = out;
            this.err = err;
        }

        boolean isAlive() {
            return process.isAlive();
        }

        /** What it has written to standard output so far. */
        String stdoutSoFar() {
            try {
                return Files.readString(out, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + out, e);
            }
        }

        /** What it has written to standard error so far. */
        String stderrSoFar() {
            try {
                return Files.readString(err, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + err, e);
            }
        }

        /** Waits for it to exit, killing it (and what it started) past the timeout. */
        KubectlResult await(Duration timeout) {
            boolean timedOut = !waitFor(process, timeout);
            try {
                return new KubectlResult(command, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8), timedOut);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the output of " + String.join(" ", command), e);
            }
        }
    }

    /** False when the timeout passed and the process was killed. */
    private static boolean waitFor(Process process, Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) return true;
            kill(process);
            return false;
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while kubectl ran; it was killed", e);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.onExit().join();
    }

    @Override
    public void close() throws IOException {
        if (!Files.exists(home)) return;
        try (Stream<Path> paths = Files.walk(home)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(path);
        }
    }

    @Override
    public String toString() {
        return executable + " (from " + source + ")";
    }
}
