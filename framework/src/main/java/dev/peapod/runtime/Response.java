package dev.peapod.runtime;

import org.apiguardian.api.API;

import java.time.Duration;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * How a container answered one request, before the kubelet's prober turns it into a probe result:
 * refused, never answered, an HTTP status, an exec exit code and output, a gRPC health status.
 */
@API(status = INTERNAL, since = "0.1")
public record Response(boolean refused, boolean hangs, int httpStatus, int exitCode, String output, String grpcStatus,
                       Duration delay) {
    static Response of(Answer answer) {
        return new Response(answer.refuse(), answer.hang(), answer.httpStatus(), answer.exitCode(), answer.output(),
                answer.grpcStatus(), answer.delay());
    }
}
