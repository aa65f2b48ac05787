package dev.peapod.runtime;

import org.apiguardian.api.API;

import java.time.Duration;
import java.util.Objects;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * How a container answered one request, before the kubelet's prober turns it into a probe result:
 * refused, never answered, an HTTP status, an exec exit code and output, a gRPC health status;
 * after {@code delay} (a delay past the probe's timeout is a timeout).
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Response(boolean refused, boolean hangs, int httpStatus, int exitCode, String output, String grpcStatus,
                       Duration delay) {
    public Response {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(grpcStatus, "grpcStatus");
        Objects.requireNonNull(delay, "delay");
    }

    /** Answers are values: the two every probe of a healthy or closed port gets are made once. */
    private static final Response OK = new Response(false, false, 200, 0, "", "SERVING", Duration.ZERO);
    private static final Response REFUSING = new Response(true, false, 0, 0, "", "", Duration.ZERO);

    /** HTTP 200, exec exit 0, gRPC SERVING: what a healthy server answers. */
    public static Response ok() {
        return OK;
    }

    /** An HTTP answer with this status. */
    public static Response http(int status) {
        return new Response(false, false, status, 0, "", "SERVING", Duration.ZERO);
    }

    /** Nothing listens: the connection is refused. */
    public static Response refusing() {
        return REFUSING;
    }

    /** The connection is accepted (or the command runs) but no answer ever comes. */
    public static Response hanging() {
        return new Response(false, true, 0, 0, "", "", Duration.ZERO);
    }

    /** An exec command's exit code and output. */
    public static Response exec(int exitCode, String output) {
        return new Response(false, false, 0, exitCode, output == null ? "" : output, "", Duration.ZERO);
    }

    /** A gRPC health status: SERVING, NOT_SERVING, ... */
    public static Response grpc(String status) {
        return new Response(false, false, 0, 0, "", status, Duration.ZERO);
    }

    /** The same answer, given only after {@code by}. */
    public Response delayed(Duration by) {
        return new Response(refused, hangs, httpStatus, exitCode, output, grpcStatus, by);
    }
}
