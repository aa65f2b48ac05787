package dev.peapod.runtime.shell;

import dev.peapod.runtime.shell.Ast.Assign;
import dev.peapod.runtime.shell.Ast.Simple;
import dev.peapod.runtime.shell.Ast.Word;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A simple command: expand, redirect, run a builtin, a function or a script; then put prefix assignments back. */
final class SimpleFrame extends Frames.Frame {
    private final Simple simple;
    private final Map<String, String> savedPrefix = new LinkedHashMap<>();

    SimpleFrame(Simple simple, Io io) {
        super(io);
        this.simple = simple;
    }

    @Override
    void step(Job job) {
        if (phase > 0) {
            restorePrefix(job);
            job.complete(job.status);
            return;
        }
        phase = 1;
        try {
            Expander expander = new Expander(job, io);
            List<String> argv = new ArrayList<>();
            for (Word word : simple.words()) {
                argv.addAll(expander.fields(word));
            }
            if (argv.isEmpty()) {
                for (Assign assign : simple.assigns()) {
                    job.env.set(assign.name(), expander.string(assign.value()));
                }
                int status = Math.max(expander.substitutionStatus, 0); // the last command substitution's, else 0
                if (Redirections.apply(job, simple.redirs(), io) == null) {
                    status = 1;
                }
                job.setStatus(status);
                return;
            }
            Io commandIo = Redirections.apply(job, simple.redirs(), io);
            if (commandIo == null) {
                job.setStatus(1);
                return;
            }
            for (Assign assign : simple.assigns()) {
                String value = expander.string(assign.value());
                savedPrefix.put(assign.name(), job.env.get(assign.name()));
                job.env.set(assign.name(), value);
                job.env.exported.add(assign.name());
            }
            int status = Commands.run(job, argv, commandIo, simple.pos().line());
            if (status >= 0) {
                job.setStatus(status);
            }
        } catch (Expander.Abort abort) {
            job.exit(abort.status); // sh exits on an expansion error (XCU 2.8.1)
        }
    }

    private void restorePrefix(Job job) {
        savedPrefix.forEach((name, value) -> {
            if (value == null) {
                job.env.unset(name);
            } else {
                job.env.set(name, value);
            }
        });
    }
}
