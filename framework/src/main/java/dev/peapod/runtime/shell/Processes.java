package dev.peapod.runtime.shell;

import java.util.List;

/** ps and kill on the shell's own process table: PID 1, its background jobs, and ps itself. */
final class Processes {
    private Processes() {
    }

    /**
     * busybox ps (procps/ps.c, default columns pid,user,time,args): "PID   USER     TIME  COMMAND",
     * then "    1 root      0:00 sh -c ..." for every process of the container's PID namespace (the
     * pod's with shareProcessNamespace, as the seeds' {@code ps ax} shows), ps itself last; options
     * are ignored.
     */
    static int ps(Job job, List<String> argv, Io io) {
        var table = job.shell.host.processes();
        // its own command line, as /proc/<pid>/cmdline reads; an exec'd "ps ax" is that process already
        boolean execd = job.shell.commandLine.equals(argv);
        int self = execd ? -1 : table.spawn("root", String.join(" ", argv));
        StringBuilder out = new StringBuilder("PID   USER     TIME  COMMAND\n");
        for (var entry : table.list()) {
            out.append(row(entry.pid(), entry.user(), entry.command()));
        }
        table.exit(self);
        io.out().write(out.toString());
        return 0;
    }

    private static String row(int pid, String user, String command) {
        return String.format("%5d %-8.8s %5s %s%n", pid, user, "0:00", command).replace("\r", "");
    }

    /** kill [-s SIG | -SIG | -N] pid...: TERM by default. */
    static int kill(Job job, List<String> args, Io io) {
        String signal = "TERM";
        int i = 0;
        if (i < args.size() && args.get(i).equals("-s") && i + 1 < args.size()) {
            signal = Signals.name(args.get(i + 1));
            i += 2;
        } else if (i < args.size() && args.get(i).startsWith("-") && args.get(i).length() > 1) {
            signal = args.get(i).equals("-0") ? "0" : Signals.name(args.get(i).substring(1));
            i++;
        }
        if (signal == null) {
            io.err().write(job.shell.name + ": kill: bad signal name '" + args.get(i - 1) + "'\n");
            return 1;
        }
        if (i >= args.size()) {
            io.err().write(job.shell.name + ": kill: usage: kill [-s sigspec | -signum | -sigspec] pid...\n");
            return 2;
        }
        int status = 0;
        for (String target : args.subList(i, args.size())) {
            if (target.startsWith("%")) {
                io.err().write(job.shell.name + ": kill: job specs (" + target + ") are not supported by Peapod's shell; use $!\n");
                status = 1;
                continue;
            }
            int pid = Commands.number(target, -1);
            Shell shell = job.shell;
            if (pid == shell.pid) {
                // the kernel delivers to PID 1 only signals it has a handler for; SIGKILL from inside is ignored
                if (!signal.equals("0") && !(shell.pid1 && signal.equals("KILL"))) {
                    shell.signal(signal);
                }
            } else if (shell.background.containsKey(pid)) {
                if (!signal.equals("0")) {
                    shell.background.get(pid).kill(128 + Signals.number(signal));
                }
            } else if (signal.equals("0") ? shell.host.processes().get(pid).isPresent() : shell.host.processes().signal(pid, signal)) {
                // another process of the namespace: another container's, with shareProcessNamespace
            } else {
                io.err().write(job.shell.name + ": can't kill pid " + target + ": No such process\n");
                status = 1;
            }
        }
        return status;
    }
}
