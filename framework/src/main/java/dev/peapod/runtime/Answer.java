package dev.peapod.runtime;

import java.time.Duration;

/**
 * What a container answers: an HTTP status, a refused or silent port, an exec exit code and its
 * output, a gRPC health status; after {@code delay} (a delay past the probe's timeout is a timeout).
 */
record Answer(int httpStatus, boolean refuse, boolean hang, int exitCode, String output, String grpcStatus, Duration delay) {
    static Answer http(int status) {
        return new Answer(status, false, false, 0, "", "SERVING", Duration.ZERO);
    }

    static Answer refused() {
        return new Answer(0, true, false, 0, "", "", Duration.ZERO);
    }

    static Answer hangs() {
        return new Answer(0, false, true, 0, "", "", Duration.ZERO);
    }

    static Answer exec(int exitCode, String output) {
        return new Answer(0, false, false, exitCode, output, "", Duration.ZERO);
    }

    static Answer grpc(String status) {
        return new Answer(0, false, false, 0, "", status, Duration.ZERO);
    }

    static Answer ok() {
        return new Answer(200, false, false, 0, "", "SERVING", Duration.ZERO);
    }

    Answer delayed(Duration by) {
        return new Answer(httpStatus, refuse, hang, exitCode, output, grpcStatus, by);
    }
}
