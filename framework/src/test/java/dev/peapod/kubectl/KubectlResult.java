package dev.peapod.kubectl;

import java.util.List;

/**
 * What one kubectl run gave: its exit code, everything it wrote, and whether it was killed at its timeout (then the
 * output is what it had written until then, and the exit code that of the killed process).
 */
record KubectlResult(List<String> command, int exitCode, String stdout, String stderr, boolean timedOut) {

    KubectlResult {
        command = List.copyOf(command);
    }

    /** The command and all it gave, for an assertion's description. */
    String describe() {
        return String.join(" ", command) + (timedOut ? " (killed at its timeout)" : "") + " exited " + exitCode
                + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}
