package dev.peapod.runtime;

import org.apiguardian.api.API;

import java.time.Duration;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The CRI's ExecSyncResponse: exit code and output, how long the command took, and whether it ran
 * past the timeout (then {@code took} is the timeout and the kubelet reports a timeout error,
 * remote_runtime.go ExecSync).
 */
@API(status = INTERNAL, since = "0.1")
public record ExecSyncResponse(int exitCode, String output, Duration took, boolean timedOut) {
}
