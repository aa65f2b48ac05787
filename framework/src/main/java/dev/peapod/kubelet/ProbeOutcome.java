package dev.peapod.kubelet;

import java.time.Duration;

/**
 * What one probe run gave: a result, the handler's output (used in events), how long it took, and
 * whether the handler errored (an errored probe is not counted, worker.go "throw away the result").
 */
record ProbeOutcome(ProbeResult result, boolean warning, boolean errored, String output, Duration took) {
    /** The common outcome, an immediate success with no output: shared, so a steady probe allocates none. */
    private static final ProbeOutcome QUIET_SUCCESS = new ProbeOutcome(ProbeResult.SUCCESS, false, false, "", Duration.ZERO);

    static ProbeOutcome success(String output, Duration took) {
        if (output.isEmpty() && took.isZero()) {
            return QUIET_SUCCESS;
        }
        return new ProbeOutcome(ProbeResult.SUCCESS, false, false, output, took);
    }

    static ProbeOutcome failure(String output, Duration took) {
        return new ProbeOutcome(ProbeResult.FAILURE, false, false, output, took);
    }

    static ProbeOutcome error(String message) {
        return new ProbeOutcome(ProbeResult.UNKNOWN, false, true, message, Duration.ZERO);
    }
}
