package dev.peapod.runtime.images;

import dev.peapod.runtime.ExecResult;
import dev.peapod.runtime.ProcessContext;
import dev.peapod.runtime.Program;
import dev.peapod.runtime.Signal;
import dev.peapod.runtime.shell.ShellProgram;

import java.util.List;

/**
 * {@code agnhost pause} (kubernetes: test/images/agnhost/pause/pause.go): prints "Paused" and waits;
 * it handles SIGTERM itself with {@code os.Exit(2)} (SIGINT exits 1), unlike the pause image's 0.
 */
final class AgnhostPause implements Program {
    private final ShellProgram shell;

    AgnhostPause(ShellProgram shell) {
        this.shell = shell;
    }

    @Override
    public void onStart(ProcessContext process) {
        process.stdout("Paused");
    }

    @Override
    public void onSignal(ProcessContext process, Signal signal) {
        process.exit(2);
    }

    @Override
    public ExecResult onExec(ProcessContext process, List<String> command) {
        return shell.onExec(process, command);
    }
}
