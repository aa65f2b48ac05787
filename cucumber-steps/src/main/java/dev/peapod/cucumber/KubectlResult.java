package dev.peapod.cucumber;

/**
 * What a kubectl command printed.
 *
 * @param stdout   its standard output
 * @param stderr   its standard error: warnings, {@code No resources found ...}, the error of a failed command
 * @param output   both, in the order printed, as a terminal shows them
 * @param exitCode 0, or 1 for a failed command, as kubectl exits
 */
record KubectlResult(String command, String stdout, String stderr, String output, int exitCode) {
    boolean failed() {
        return exitCode != 0;
    }

    /** For an assertion's message: the command, its exit code and what it printed. */
    String describe() {
        return "\"" + command + "\" exited with " + exitCode + " and printed:\n" + (output.isEmpty() ? "(nothing)\n" : output);
    }
}
