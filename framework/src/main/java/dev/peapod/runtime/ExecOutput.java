package dev.peapod.runtime;

import org.apiguardian.api.API;

import java.util.Objects;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * What {@code kubectl exec} shows of a command run in a container: its exit code, and its stdout
 * and stderr apart, each as the command wrote it.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ExecOutput(int exitCode, String stdout, String stderr) {
    public ExecOutput {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }
}
