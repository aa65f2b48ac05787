package dev.peapod.runtime.shell;

import dev.peapod.runtime.shell.Ast.Node;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** {@code sh -c 'script' [arg0 [args]]}, {@code sh file}, {@code ... | sh}, and {@code eval} / {@code .}. */
final class Sh {
    private Sh() {
    }

    /** How a shell's command line reads: its script, its positional parameters and -e. */
    record Invocation(String script, List<String> args, boolean errexit, String error) {
    }

    /** Reads {@code sh [-e] [-x] -c script [arg0 args]} or {@code sh file args}; script null means "from stdin". */
    static Invocation parse(Job job, List<String> argv) {
        boolean errexit = false;
        boolean command = false;
        int i = 1;
        for (; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (arg.equals("--")) {
                i++;
                break;
            }
            if (!arg.matches("-[a-z]+")) {
                break;
            }
            for (char c : arg.substring(1).toCharArray()) {
                switch (c) {
                    case 'c' -> command = true;
                    case 'e' -> errexit = true;
                    case 'x', 'u', 's', 'l' -> {
                        // tracing, nounset, stdin, login: no effect on what the script does here
                    }
                    default -> {
                        return new Invocation(null, List.of(), false, argv.get(0) + ": -" + c + ": invalid option");
                    }
                }
            }
        }
        List<String> rest = argv.subList(i, argv.size());
        if (command) {
            if (rest.isEmpty()) {
                return new Invocation(null, List.of(), false, argv.get(0) + ": -c requires an argument");
            }
            List<String> args = new ArrayList<>();
            args.add(rest.size() > 1 ? rest.get(1) : argv.get(0));
            if (rest.size() > 2) {
                args.addAll(rest.subList(2, rest.size()));
            }
            return new Invocation(rest.get(0), args, errexit, null);
        }
        if (rest.isEmpty()) {
            return new Invocation(null, List.of(argv.get(0)), errexit, null);
        }
        try {
            String text = java.nio.file.Files.readString(Paths.resolve(job, rest.get(0)));
            return new Invocation(text, List.copyOf(rest), errexit, null);
        } catch (IOException | java.io.UncheckedIOException e) {
            return new Invocation(null, List.of(), false, argv.get(0) + ": can't open '" + rest.get(0) + "': No such file or directory");
        }
    }

    /** A nested shell: a subshell of this job with its own positional parameters. */
    static int run(Job job, List<String> argv, Io io) {
        Invocation invocation = parse(job, argv);
        if (invocation.error() != null) {
            io.err().write(invocation.error() + "\n");
            return 2;
        }
        String script = invocation.script() == null ? io.in().rest() : invocation.script();
        Node node;
        try {
            node = Parser.parse(script);
        } catch (ShellException e) {
            io.err().write(argv.get(0) + ": " + e.getMessage() + "\n");
            return 2;
        }
        job.push(new Frames.SubshellFrame(node, io, invocation.args(), invocation.errexit()));
        return Commands.LATER;
    }

    /** eval and {@code .}: the text runs in this shell, with its variables. */
    static int source(Job job, String text, Io io, String what) {
        try {
            job.push(new Frames.BodyFrame(Parser.parse(text), io));
            return Commands.LATER;
        } catch (ShellException e) {
            io.err().write(job.shell.name + ": " + what + ": " + e.getMessage() + "\n");
            return 2;
        }
    }
}
