package dev.peapod.runtime;

import org.apiguardian.api.API;

import java.util.Objects;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/** What a command run in a container ended with: its exit code and its combined output. */
@API(status = EXPERIMENTAL, since = "0.1")
public record ExecResult(int exitCode, String output) {
    public ExecResult {
        Objects.requireNonNull(output, "output");
    }

    public static ExecResult of(int exitCode, String output) {
        return new ExecResult(exitCode, output == null ? "" : output);
    }
}
