package dev.peapod.runtime.images;

import dev.peapod.runtime.Program;
import dev.peapod.runtime.shell.ShellProgram;

import java.util.List;
import java.util.Optional;

/** Peapod's shell where an image has one: the shell command lines of busybox, alpine, debian, and the exec commands of servers built on them. */
final class Shells {
    private Shells() {
    }

    /**
     * The shell for a command line it runs itself: {@code sh}, {@code bash}, {@code sh -c '...'}, or a
     * command it knows ({@code sleep 3600}). Empty for another program, and for a {@code sh -c} script
     * that runs a program the shell does not know ({@code exec java -jar app.jar}): the caller falls back.
     *
     * @throws dev.peapod.runtime.shell.ShellException when the script is broken or uses what the shell does not support
     */
    static Optional<Program> program(Launch launch) {
        List<String> line = launch.commandLine();
        if (!ShellProgram.understands(line) || ShellProgram.unknownProgram(line).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new ShellProgram(line, launch.hostname(), launch.network()));
    }

    /** What runs a server's exec commands ({@code cat /tmp/ready}, {@code sh -c '...'}) on its container's files. */
    static ShellProgram forExec(Launch launch) {
        return new ShellProgram(List.of("sh"), launch.hostname(), launch.network());
    }
}
