package dev.peapod.runtime.shell;

import dev.peapod.runtime.shell.Ast.Arith;
import dev.peapod.runtime.shell.Ast.CmdSub;
import dev.peapod.runtime.shell.Ast.Lit;
import dev.peapod.runtime.shell.Ast.Param;
import dev.peapod.runtime.shell.Ast.Part;
import dev.peapod.runtime.shell.Ast.Word;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Word expansion (XCU 2.6): parameters, command substitution, arithmetic, then field splitting on
 * blanks and pathname expansion of unquoted {@code * ? [}, against the container's files.
 */
final class Expander {
    /** Expansion stopped the command: {@code ${X:?}}, a bad arithmetic expression. The message is already on stderr. */
    static final class Abort extends RuntimeException {
        final int status;

        Abort(int status) {
            super(null, null, false, false);
            this.status = status;
        }
    }

    private final Job job;
    private final Io io;
    /** The status of the last command substitution, -1 when there was none ("X=$(false)" has status 1). */
    int substitutionStatus = -1;

    Expander(Job job, Io io) {
        this.job = job;
        this.io = io;
    }

    /** The fields a word expands to: none, one, or several. */
    List<String> fields(Word word) {
        Fields fields = new Fields();
        List<Part> parts = word.parts();
        for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            if (part instanceof Lit lit) {
                String text = lit.text();
                if (i == 0 && !lit.quoted() && (text.equals("~") || text.startsWith("~/"))) {
                    text = job.env.vars.getOrDefault("HOME", "/root") + text.substring(1);
                }
                fields.literal(text, lit.quoted());
            } else if (part instanceof Param param && param.quoted() && param.name().equals("@") && param.op().isEmpty()) {
                List<String> args = job.env.positional;
                for (int a = 0; a < args.size(); a++) {
                    if (a > 0) {
                        fields.cut();
                    }
                    fields.literal(args.get(a), true);
                }
            } else {
                String value = value(part);
                if (quoted(part)) {
                    fields.literal(value, true);
                } else {
                    fields.split(value);
                }
            }
        }
        return fields.finish();
    }

    /** The word as one string: no field splitting, no pathname expansion (assignments, redirection targets). */
    String string(Word word) {
        StringBuilder out = new StringBuilder();
        for (Part part : word.parts()) {
            out.append(part instanceof Lit lit ? lit.text() : value(part));
        }
        return out.toString();
    }

    /** The word as a case pattern: quoted characters match themselves. */
    String pattern(Word word) {
        StringBuilder out = new StringBuilder();
        for (Part part : word.parts()) {
            if (part instanceof Lit lit && !lit.quoted()) {
                out.append(lit.text());
            } else {
                String text = part instanceof Lit lit ? lit.text() : value(part);
                out.append(quoted(part) || part instanceof Lit ? escape(text) : text);
            }
        }
        return out.toString();
    }

    private static boolean quoted(Part part) {
        if (part instanceof Lit lit) {
            return lit.quoted();
        }
        if (part instanceof Param param) {
            return param.quoted();
        }
        if (part instanceof CmdSub sub) {
            return sub.quoted();
        }
        return ((Arith) part).quoted();
    }

    private String value(Part part) {
        if (part instanceof Param param) {
            return param(param);
        }
        if (part instanceof CmdSub sub) {
            return substitute(sub);
        }
        if (part instanceof Arith arith) {
            String expression = string(arith.expression());
            try {
                return Long.toString(Arithmetic.eval(expression, job.env));
            } catch (IllegalArgumentException e) {
                io.err().write(job.shell.name + ": arithmetic syntax error: " + e.getMessage() + "\n");
                throw new Abort(2);
            }
        }
        return ((Lit) part).text();
    }

    private String param(Param param) {
        String name = param.name();
        String value = lookup(name);
        if (param.op().equals("#")) {
            return Integer.toString(value == null ? 0 : value.length());
        }
        boolean colon = param.op().startsWith(":");
        boolean missing = value == null || (colon && value.isEmpty());
        switch (param.op().replace(":", "")) {
            case "-" -> {
                return missing ? string(param.arg()) : value;
            }
            case "=" -> {
                if (missing) {
                    value = string(param.arg());
                    job.env.set(name, value);
                }
                return value;
            }
            case "+" -> {
                return missing ? "" : string(param.arg());
            }
            case "?" -> {
                if (missing) {
                    String message = string(param.arg());
                    io.err().write(job.shell.name + ": " + name + ": " + (message.isEmpty() ? "parameter not set" : message) + "\n");
                    throw new Abort(2);
                }
                return value;
            }
            default -> {
                return value == null ? "" : value;
            }
        }
    }

    /** A variable or special parameter; null when unset. */
    String lookup(String name) {
        Env env = job.env;
        switch (name) {
            case "?" -> {
                return Integer.toString(env.lastStatus);
            }
            case "$" -> {
                return Integer.toString(job.shell.main == null ? job.pid : job.shell.main.pid);
            }
            case "#" -> {
                return Integer.toString(env.positional.size());
            }
            case "!" -> {
                return env.lastBackground < 0 ? null : Integer.toString(env.lastBackground);
            }
            case "@", "*" -> {
                return String.join(" ", env.positional);
            }
            case "-" -> {
                return env.errexit ? "e" : "";
            }
            case "0" -> {
                return env.arg0;
            }
            default -> {
                if (Character.isDigit(name.charAt(0))) {
                    int n = Integer.parseInt(name);
                    return n <= env.positional.size() ? env.positional.get(n - 1) : null;
                }
                return env.get(name);
            }
        }
    }

    /**
     * {@code $(...)}: runs at once in a subshell, its output with trailing newlines removed. A
     * substitution that would wait in virtual time ({@code $(sleep 1)}) is not supported: it fails
     * with a message rather than blocking the event loop.
     */
    private String substitute(CmdSub sub) {
        StringBuilder out = new StringBuilder();
        Io subIo = new Io(io.in(), out::append, io.err());
        Job child = new Job(job.shell, job.env.copy(), job.pid, subIo, status -> { });
        child.push(Frames.of(sub.body(), subIo));
        child.run();
        if (child.waiting()) {
            child.kill(2);
            io.err().write(job.shell.name + ": a command substitution $(...) that waits (sleep, wait, tail -f) is not supported by Peapod's shell\n");
            throw new Abort(2);
        }
        substitutionStatus = child.status;
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == '\n') {
            end--;
        }
        return out.substring(0, end);
    }

    /** Fields being built: text, and a glob pattern where quoted characters are escaped. */
    private final class Fields {
        private final List<String> done = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private final StringBuilder glob = new StringBuilder();
        private boolean has;
        private boolean globbing;

        void literal(String s, boolean quoted) {
            text.append(s);
            if (quoted) {
                glob.append(escape(s));
                has = true;
            } else {
                glob.append(s);
                has |= !s.isEmpty();
                globbing |= s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
            }
        }

        void split(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == ' ' || c == '\t' || c == '\n') {
                    cut();
                } else {
                    text.append(c);
                    glob.append(escape(String.valueOf(c)));
                    has = true;
                }
            }
        }

        void cut() {
            if (has) {
                add();
            }
            text.setLength(0);
            glob.setLength(0);
            has = false;
            globbing = false;
        }

        private void add() {
            List<String> matches = globbing ? expandPath(glob.toString()) : List.of();
            if (matches.isEmpty()) {
                done.add(text.toString());
            } else {
                done.addAll(matches);
            }
        }

        List<String> finish() {
            cut();
            return done;
        }
    }

    /** Pathname expansion in the last component only; sorted, hidden files only for a leading dot. */
    private List<String> expandPath(String pattern) {
        int slash = pattern.lastIndexOf('/');
        String dir = slash < 0 ? "" : pattern.substring(0, slash + 1);
        String last = pattern.substring(slash + 1);
        if (dir.contains("*") || dir.contains("?") || dir.contains("[")) {
            return List.of();
        }
        String dirText = unescape(dir);
        Path base = Paths.resolve(job, dirText.isEmpty() ? "." : dirText);
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(base)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith(".") || last.startsWith("."))
                    .filter(name -> matches(last, name))
                    .sorted()
                    .map(name -> dirText + name)
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if ("*?[]\\".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    private static String unescape(String s) {
        return s.replaceAll("\\\\(.)", "$1");
    }

    /** sh's pattern matching (XCU 2.13): * ? [...] and backslash for a literal character. */
    static boolean matches(String glob, String s) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '\\' && i + 1 < glob.length()) {
                regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
            } else if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else if (c == '[' && glob.indexOf(']', i + 2) > 0) {
                int close = glob.indexOf(']', i + 2);
                String set = glob.substring(i + 1, close);
                if (set.startsWith("!")) {
                    set = "^" + set.substring(1);
                }
                regex.append('[').append(set.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                i = close;
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return s.matches(regex.toString());
    }
}
