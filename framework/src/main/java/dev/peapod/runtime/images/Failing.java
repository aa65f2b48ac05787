package dev.peapod.runtime.images;

import dev.peapod.runtime.ProcessContext;
import dev.peapod.runtime.Program;

import java.util.List;

/** A program that fails as it starts: it prints its lines on stderr and exits with its code. */
final class Failing implements Program {
    private final List<String> lines;
    private final int exitCode;

    Failing(List<String> lines, int exitCode) {
        this.lines = List.copyOf(lines);
        this.exitCode = exitCode;
    }

    /**
     * An agnhost subcommand whose flags cobra refused: "Error: ..." and, because agnhost.go ignores
     * rootCmd.Execute()'s error, exit 0. (Cobra prints the usage after the error; Peapod only the error.)
     */
    static Failing cobra(String error) {
        return new Failing(List.of("Error: " + error), 0);
    }

    @Override
    public void onStart(ProcessContext process) {
        lines.forEach(process::stderr);
        process.exit(exitCode);
    }
}
