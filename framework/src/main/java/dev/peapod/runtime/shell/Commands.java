package dev.peapod.runtime.shell;

import dev.peapod.runtime.shell.Ast.Node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The commands a script can run: shell builtins and the busybox applets manifests use, with
 * busybox's messages and exit codes. Everything acts on the container's own files (Jimfs) and the
 * simulated network; nothing reaches the host.
 */
final class Commands {
    /** The command pushed a frame or made the job wait: its status arrives later. */
    static final int LATER = -1;

    static final Set<String> BIN_DIRS = Set.of("/bin", "/usr/bin", "/sbin", "/usr/sbin", "/usr/local/bin", "/bin/busybox");

    /** Every command this shell runs itself; other names are unknown programs (exit 127). */
    static final Set<String> KNOWN = Set.of("sh", "bash", "ash", "echo", "printf", "cat", "touch", "rm", "mkdir", "cp", "mv", "ls",
            "test", "[", "true", "false", ":", "exit", "sleep", "date", "hostname", "env", "export", "unset", "read", "ps",
            "kill", "grep", "head", "tail", "wc", "wget", "curl", "cd", "pwd", "wait", "trap", "exec", "set", "shift", "eval",
            "break", "continue", "return", "local", "seq", "busybox", ".", "source", "chmod", "printenv", "uname", "id", "whoami");

    /** busybox date's default output; built once, a logging loop runs date every few seconds. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss 'UTC' yyyy", Locale.ROOT);
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}; // DayOfWeek order
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    private static final Pattern ECHO_OPTIONS = Pattern.compile("-[neE]+");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]*\\.?[0-9]*");

    private Commands() {
    }

    static int run(Job job, List<String> argv, Io io, int line) {
        String name = argv.get(0);
        List<String> args = argv.subList(1, argv.size());
        Node function = job.shell.functions.get(name);
        if (function != null) {
            job.push(new Frames.FunctionFrame(function, io, args));
            return LATER;
        }
        String command = name;
        if (name.contains("/")) {
            int slash = name.lastIndexOf('/');
            String dir = name.substring(0, slash);
            if (BIN_DIRS.contains(dir) && KNOWN.contains(name.substring(slash + 1))) {
                command = name.substring(slash + 1);
            } else {
                Path script = Paths.resolve(job, name);
                if (Files.isRegularFile(script) && isShellScript(script)) {
                    List<String> shArgs = new ArrayList<>(List.of("sh", name));
                    shArgs.addAll(args);
                    return Sh.run(job, shArgs, io);
                }
                return notFound(job, io, name, line);
            }
        }
        switch (command) {
            case "sh", "bash", "ash" -> {
                return Sh.run(job, argv, io);
            }
            case "busybox" -> {
                return args.isEmpty() ? 0 : run(job, args, io, line);
            }
            case "echo" -> {
                return echo(args, io);
            }
            case "printf" -> {
                return Printf.run(job, args, io);
            }
            case "true", ":" -> {
                return 0;
            }
            case "false" -> {
                return 1;
            }
            case "test" -> {
                return Test.run(job, args, io, "test");
            }
            case "[" -> {
                if (args.isEmpty() || !args.get(args.size() - 1).equals("]")) {
                    io.err().write(job.shell.name + ": [: missing ]\n");
                    return 2;
                }
                return Test.run(job, args.subList(0, args.size() - 1), io, "[");
            }
            case "exit" -> {
                int code = args.isEmpty() ? job.env.lastStatus : number(args.get(0), 2) & 0xff;
                job.exit(code);
                return LATER;
            }
            case "sleep" -> {
                return sleep(job, args, io);
            }
            case "wait" -> {
                if (!args.isEmpty() && args.stream().allMatch(a -> job.shell.finished.containsKey(number(a, -1)))) {
                    return job.shell.finished.get(number(args.get(args.size() - 1), -1)); // wait PID: the job's status
                }
                if (!job.shell.background.isEmpty() && job == job.shell.main) {
                    job.waitForBackground();
                    return LATER;
                }
                return 0;
            }
            case "trap" -> {
                return trap(job, args, io);
            }
            case "exec" -> {
                if (args.isEmpty()) {
                    io.err().write(job.shell.name + ": exec: redirections without a command (exec > file) are not supported by Peapod's shell\n");
                    return 2;
                }
                job.shell.traps.clear(); // the command replaces the shell, and its traps with it
                job.push(new Frames.ExecFrame(io));
                int status = run(job, args, io, line);
                if (status >= 0) {
                    job.setStatus(status);
                }
                return LATER;
            }
            case "break", "continue" -> {
                return loopControl(job, command, args, io);
            }
            case "return" -> {
                Frames.Frame function2 = job.unwind(f -> f instanceof Frames.FunctionFrame);
                int code = args.isEmpty() ? job.env.lastStatus : number(args.get(0), 2);
                if (function2 == null) {
                    job.exit(code);
                } else {
                    ((Frames.FunctionFrame) function2).finish(job, code);
                }
                return LATER;
            }
            case "eval" -> {
                return Sh.source(job, String.join(" ", args), io, "eval");
            }
            case ".", "source" -> {
                if (args.isEmpty()) {
                    io.err().write(job.shell.name + ": .: filename argument required\n");
                    return 2;
                }
                try {
                    return Sh.source(job, Files.readString(Paths.resolve(job, args.get(0))), io, ".");
                } catch (IOException e) {
                    io.err().write(job.shell.name + ": .: can't open '" + args.get(0) + "'\n");
                    return 2;
                }
            }
            case "set" -> {
                return set(job, args, io);
            }
            case "shift" -> {
                int n = args.isEmpty() ? 1 : number(args.get(0), 1);
                if (n > job.env.positional.size()) {
                    io.err().write(job.shell.name + ": shift: can't shift that many\n");
                    return 2;
                }
                job.env.positional = new ArrayList<>(job.env.positional.subList(n, job.env.positional.size()));
                return 0;
            }
            case "export", "local" -> {
                for (String arg : args) {
                    int eq = arg.indexOf('=');
                    String var = eq < 0 ? arg : arg.substring(0, eq);
                    if (arg.equals("-p") || arg.equals("-n")) {
                        continue;
                    }
                    if (eq >= 0) {
                        job.env.set(var, arg.substring(eq + 1));
                    }
                    if (command.equals("export")) {
                        job.env.exported.add(var);
                    }
                }
                return 0;
            }
            case "unset" -> {
                args.stream().filter(a -> !a.startsWith("-")).forEach(job.env::unset);
                return 0;
            }
            case "read" -> {
                return read(job, args, io);
            }
            case "cd" -> {
                String target = args.isEmpty() ? job.env.vars.getOrDefault("HOME", "/") : args.get(0);
                Path dir = Paths.resolve(job, target);
                if (!Files.isDirectory(dir)) {
                    io.err().write(job.shell.name + ": cd: can't cd to " + target + ": No such file or directory\n");
                    return 2;
                }
                job.env.cwd = job.shell.host.files().resolve(job.env.cwd, target);
                job.env.set("PWD", job.env.cwd);
                return 0;
            }
            case "pwd" -> {
                io.out().write(job.env.cwd + "\n");
                return 0;
            }
            case "hostname" -> {
                io.out().write(job.shell.host.hostname() + "\n");
                return 0;
            }
            case "printenv" -> {
                // printenv NAME...: each value, exit 1 when one is unset; alone, as env
                if (args.isEmpty()) {
                    return env(job, args, io, line);
                }
                int status = 0;
                for (String variable : args) {
                    String value = job.env.exported.contains(variable) ? job.env.vars.get(variable) : null;
                    if (value == null) {
                        status = 1;
                    } else {
                        io.out().write(value + "\n");
                    }
                }
                return status;
            }
            case "uname" -> {
                // the node's kernel (NodeObjects: kernelVersion 6.1.0, amd64), as coreutils/uname.c orders the fields
                String kernel = "Linux";
                if (args.isEmpty() || args.equals(List.of("-s"))) {
                    io.out().write(kernel + "\n");
                } else if (args.contains("-a")) {
                    io.out().write(kernel + " " + job.shell.host.hostname() + " 6.1.0 #1 SMP PREEMPT_DYNAMIC x86_64 GNU/Linux\n");
                } else {
                    List<String> parts = new ArrayList<>();
                    for (String arg : args) {
                        switch (arg) {
                            case "-s" -> parts.add(kernel);
                            case "-n" -> parts.add(job.shell.host.hostname());
                            case "-r" -> parts.add("6.1.0");
                            case "-m" -> parts.add("x86_64");
                            default -> {
                                io.err().write("uname: unrecognized option '" + arg + "' (Peapod's uname knows -a -s -n -r -m)\n");
                                return 1;
                            }
                        }
                    }
                    io.out().write(String.join(" ", parts) + "\n");
                }
                return 0;
            }
            case "whoami" -> {
                io.out().write("root\n");
                return 0;
            }
            case "id" -> {
                // busybox's image: root, in the groups /etc/group gives it
                io.out().write("uid=0(root) gid=0(root) groups=0(root),10(wheel)\n");
                return 0;
            }
            case "env" -> {
                return env(job, args, io, line);
            }
            case "date" -> {
                return date(job, args, io);
            }
            case "seq" -> {
                return seq(job, args, io);
            }
            case "ps" -> {
                return Processes.ps(job, argv, io);
            }
            case "kill" -> {
                return Processes.kill(job, args, io);
            }
            case "wget", "curl" -> {
                return Web.run(job, command, args, io);
            }
            default -> {
                if (FileCommands.handles(command)) {
                    return FileCommands.run(job, command, args, io);
                }
                return notFound(job, io, name, line);
            }
        }
    }

    /** busybox ash: "sh: foo: not found"; bash: "bash: line 1: foo: command not found". Both exit 127. */
    static int notFound(Job job, Io io, String name, int line) {
        if (job.shell.name.equals("bash")) {
            io.err().write("bash: line " + line + ": " + name + ": command not found\n");
        } else {
            io.err().write(job.shell.name + ": " + name + ": not found\n");
        }
        return 127;
    }

    private static boolean isShellScript(Path script) {
        try {
            String text = Files.readString(script, StandardCharsets.UTF_8);
            String first = text.lines().findFirst().orElse("");
            return first.startsWith("#!") && (first.endsWith("sh") || first.contains("/sh ") || first.contains("bash"));
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    static int number(String text, int fallback) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** busybox echo: -n drops the newline, -e reads backslash escapes (off by default). */
    private static int echo(List<String> args, Io io) {
        boolean newline = true;
        boolean escapes = false;
        int i = 0;
        while (i < args.size() && ECHO_OPTIONS.matcher(args.get(i)).matches()) {
            for (char c : args.get(i).substring(1).toCharArray()) {
                if (c == 'n') {
                    newline = false;
                } else {
                    escapes = c == 'e';
                }
            }
            i++;
        }
        String text = String.join(" ", args.subList(i, args.size()));
        if (escapes) {
            StringBuilder out = new StringBuilder();
            if (Printf.escapes(text, out)) {
                newline = false;
            }
            text = out.toString();
        }
        io.out().write(newline ? text + "\n" : text);
        return 0;
    }

    /** sleep N, 0.5, 1m, infinity: the job waits in virtual time. */
    private static int sleep(Job job, List<String> args, Io io) {
        if (args.isEmpty()) {
            io.err().write("sleep: missing operand\n");
            return 1;
        }
        Duration total = Duration.ZERO;
        for (String arg : args) {
            if (arg.equals("infinity")) {
                job.sleep(null);
                return LATER;
            }
            Duration d = duration(arg);
            if (d == null) {
                io.err().write("sleep: invalid number '" + arg + "'\n");
                return 1;
            }
            total = total.plus(d);
        }
        job.sleep(total);
        return LATER;
    }

    static Duration duration(String text) {
        long unit = 1000;
        String number = text;
        if (!text.isEmpty() && "smhd".indexOf(text.charAt(text.length() - 1)) >= 0) {
            char u = text.charAt(text.length() - 1);
            unit = switch (u) {
                case 'm' -> 60_000;
                case 'h' -> 3_600_000;
                case 'd' -> 86_400_000;
                default -> 1000;
            };
            number = text.substring(0, text.length() - 1);
        }
        try {
            double value = Double.parseDouble(number);
            if (value < 0 || !DECIMAL.matcher(number).matches()) {
                return null;
            }
            return Duration.ofMillis(Math.round(value * unit));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int trap(Job job, List<String> args, Io io) {
        if (args.isEmpty()) {
            job.shell.traps.forEach((signal, handler) ->
                    io.out().write("trap -- '" + handler.replace("'", "'\\''") + "' " + signal + "\n"));
            return 0;
        }
        if (args.size() == 1) {
            io.err().write(job.shell.name + ": trap: a handler and a signal are needed (trap 'cmd' TERM, or trap - TERM)\n");
            return 1;
        }
        String handler = args.get(0);
        if (!handler.equals("-")) {
            try {
                Parser.parse(handler);
            } catch (ShellException e) {
                io.err().write(job.shell.name + ": trap: " + e.getMessage() + "\n");
                return 2;
            }
        }
        int status = 0;
        for (String spec : args.subList(1, args.size())) {
            String signal = Signals.name(spec);
            if (signal == null) {
                io.err().write(job.shell.name + ": trap: " + spec + ": bad trap\n");
                status = 1;
            } else if (handler.equals("-")) {
                job.shell.traps.remove(signal);
            } else {
                job.shell.traps.put(signal, handler);
            }
        }
        return status;
    }

    private static int loopControl(Job job, String command, List<String> args, Io io) {
        int levels = args.isEmpty() ? 1 : number(args.get(0), 1);
        if (!job.has(f -> f instanceof Frames.LoopingFrame)) {
            return 0; // busybox ash ignores break and continue outside a loop
        }
        for (int i = 1; i <= levels; i++) {
            Frames.Frame loop = job.unwind(f -> f instanceof Frames.LoopingFrame);
            if (loop == null) {
                return LATER;
            }
            boolean last = i == levels || !job.has(f -> f instanceof Frames.LoopingFrame && f != loop);
            if (last && command.equals("continue")) {
                ((Frames.LoopingFrame) loop).nextRound();
                return LATER;
            }
            job.complete(0);
            if (last) {
                return LATER;
            }
        }
        return LATER;
    }

    private static int set(Job job, List<String> args, Io io) {
        int i = 0;
        while (i < args.size()) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                job.env.positional = new ArrayList<>(args.subList(i + 1, args.size()));
                return 0;
            }
            if (arg.equals("-o") || arg.equals("+o")) {
                String option = i + 1 < args.size() ? args.get(i + 1) : "";
                if (!option.equals("errexit")) {
                    io.err().write(job.shell.name + ": set: " + arg + " " + option + " is not supported by Peapod's shell\n");
                    return 2;
                }
                job.env.errexit = arg.equals("-o");
                i += 2;
                continue;
            }
            if (arg.matches("[-+][a-zA-Z]+")) {
                for (char c : arg.substring(1).toCharArray()) {
                    if (c == 'e') {
                        job.env.errexit = arg.charAt(0) == '-';
                    } else if (c != 'x' && c != 'u') {
                        io.err().write(job.shell.name + ": set: " + arg.charAt(0) + c + " is not supported by Peapod's shell\n");
                        return 2;
                    }
                }
                i++;
                continue;
            }
            job.env.positional = new ArrayList<>(args.subList(i, args.size()));
            return 0;
        }
        return 0;
    }

    /** read [-r] VAR...: one line from standard input, split on blanks; 1 at the end of input. */
    private static int read(Job job, List<String> args, Io io) {
        List<String> names = args.stream().filter(a -> !a.startsWith("-")).toList();
        String line = io.in().readLine();
        if (line == null) {
            names.forEach(n -> job.env.set(n, ""));
            return 1;
        }
        if (names.isEmpty()) {
            job.env.set("REPLY", line);
            return 0;
        }
        String rest = line.strip();
        for (int i = 0; i < names.size(); i++) {
            if (i == names.size() - 1) {
                job.env.set(names.get(i), rest);
            } else {
                String[] split = rest.split("[ \t]+", 2);
                job.env.set(names.get(i), split[0]);
                rest = split.length > 1 ? split[1] : "";
            }
        }
        return 0;
    }

    private static int env(Job job, List<String> args, Io io, int line) {
        int i = 0;
        Map<String, String> extra = new java.util.LinkedHashMap<>();
        while (i < args.size() && args.get(i).contains("=") && Parser.isName(args.get(i).substring(0, args.get(i).indexOf('=')))) {
            String a = args.get(i++);
            extra.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        if (i < args.size()) {
            extra.forEach((k, v) -> {
                job.env.set(k, v);
                job.env.exported.add(k);
            });
            return run(job, args.subList(i, args.size()), io, line);
        }
        StringBuilder out = new StringBuilder();
        for (String var : job.env.exported) {
            String value = extra.containsKey(var) ? extra.get(var) : job.env.get(var);
            if (value != null) {
                out.append(var).append('=').append(value).append('\n');
            }
        }
        extra.forEach((k, v) -> {
            if (!job.env.exported.contains(k)) {
                out.append(k).append('=').append(v).append('\n');
            }
        });
        io.out().write(out.toString());
        return 0;
    }

    /** busybox date's default format, "Fri Dec  4 08:58:39 UTC 2026", or +FORMAT; the clock is virtual, the zone UTC. */
    private static int date(Job job, List<String> args, Io io) {
        ZonedDateTime now = job.shell.host.now().atZone(ZoneOffset.UTC);
        for (String arg : args) { // -r FILE, -d STRING or setting the clock would otherwise print the time, silently wrong
            if (!arg.startsWith("+") && !arg.equals("-u")) {
                io.err().write("date: " + (arg.startsWith("-") ? "option " + arg : "operand " + arg)
                        + " is not supported by Peapod's shell (it knows +FORMAT and -u; ls -l shows a file's time)\n");
                return 2;
            }
        }
        String format = args.stream().filter(a -> a.startsWith("+")).findFirst().orElse(null);
        if (format == null) {
            io.out().write(defaultDate(now) + "\n");
            return 0;
        }
        StringBuilder out = new StringBuilder();
        String f = format.substring(1);
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c != '%' || i + 1 >= f.length()) {
                out.append(c);
                continue;
            }
            char d = f.charAt(++i);
            out.append(switch (d) {
                case 'Y' -> String.format("%04d", now.getYear());
                case 'm' -> String.format("%02d", now.getMonthValue());
                case 'd' -> String.format("%02d", now.getDayOfMonth());
                case 'e' -> String.format("%2d", now.getDayOfMonth());
                case 'H' -> String.format("%02d", now.getHour());
                case 'M' -> String.format("%02d", now.getMinute());
                case 'S' -> String.format("%02d", now.getSecond());
                case 's' -> Long.toString(now.toEpochSecond());
                case 'N' -> String.format("%09d", now.getNano());
                case 'T' -> DateTimeFormatter.ofPattern("HH:mm:ss").format(now);
                case 'F' -> DateTimeFormatter.ISO_LOCAL_DATE.format(now);
                case 'Z' -> "UTC";
                case 'z' -> "+0000";
                case 'a' -> DateTimeFormatter.ofPattern("EEE", Locale.ROOT).format(now);
                case 'b' -> DateTimeFormatter.ofPattern("MMM", Locale.ROOT).format(now);
                case '%' -> "%";
                default -> "%" + d;
            });
        }
        io.out().write(out + "\n");
        return 0;
    }

    /**
     * {@link #DATE}'s text, written out by hand for years 1000 to 9999 ({@code Fri Dec  4 08:58:39 UTC 2026}):
     * a logging loop runs date every few seconds, and the formatter is slow.
     */
    static String defaultDate(ZonedDateTime now) {
        int year = now.getYear();
        if (year < 1000 || year > 9999) {
            return DATE.format(now);
        }
        StringBuilder out = new StringBuilder(28);
        out.append(DAYS[now.getDayOfWeek().ordinal()]).append(' ').append(MONTHS[now.getMonthValue() - 1]).append(' ');
        int day = now.getDayOfMonth();
        out.append(day < 10 ? " " : "").append(day).append(' ');
        twoDigits(out, now.getHour()).append(':');
        twoDigits(out, now.getMinute()).append(':');
        twoDigits(out, now.getSecond()).append(" UTC ").append(year);
        return out.toString();
    }

    private static StringBuilder twoDigits(StringBuilder out, int value) {
        return out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    private static int seq(Job job, List<String> args, Io io) {
        try {
            long first = args.size() > 1 ? Long.parseLong(args.get(0)) : 1;
            long step = args.size() > 2 ? Long.parseLong(args.get(1)) : 1;
            long last = Long.parseLong(args.get(args.size() - 1));
            StringBuilder out = new StringBuilder();
            for (long v = first; step > 0 ? v <= last : v >= last; v += step) {
                out.append(v).append('\n');
            }
            io.out().write(out.toString());
            return 0;
        } catch (RuntimeException e) {
            io.err().write("seq: invalid number\n");
            return 1;
        }
    }

    /** Dates a file and its directory by the virtual clock (Jimfs would use the host's). */
    static void touchTime(Job job, Path path) {
        if (path == null) {
            return;
        }
        try {
            FileTime now = FileTime.from(job.shell.host.now());
            Files.setLastModifiedTime(path, now);
            if (path.getParent() != null) {
                Files.setLastModifiedTime(path.getParent(), now);
            }
        } catch (IOException e) {
            // the file is gone again: nothing to date
        }
    }

    /** Recursive delete, deepest first; the root directory itself stays (it cannot go). */
    static void deleteTree(Path path) throws IOException {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(path)) {
            all = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : all) {
            if (p.getParent() == null) {
                continue;
            }
            try {
                Files.delete(p);
            } catch (NoSuchFileException | DirectoryNotEmptyException e) {
                // gone already, or a mount point's contents that could not go
            }
        }
    }

    static void copy(Path from, Path to, boolean move) throws IOException {
        if (move) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
