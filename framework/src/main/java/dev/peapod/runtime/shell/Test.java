package dev.peapod.runtime.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/** test(1) and {@code [ ]}: 0 true, 1 false, 2 on a malformed expression (with busybox's message). */
final class Test {
    private final Job job;
    private final List<String> args;
    private int at;

    private Test(Job job, List<String> args) {
        this.job = job;
        this.args = args;
    }

    static int run(Job job, List<String> args, Io io, String name) {
        if (args.isEmpty()) {
            return 1;
        }
        Test test = new Test(job, args);
        try {
            boolean result = test.or();
            if (test.at < args.size()) {
                throw new IllegalArgumentException(args.get(test.at) + ": unknown operand");
            }
            return result ? 0 : 1;
        } catch (IllegalArgumentException e) {
            io.err().write(job.shell.name + ": " + name + ": " + e.getMessage() + "\n");
            return 2;
        }
    }

    private boolean or() {
        boolean value = and();
        while (at < args.size() && args.get(at).equals("-o")) {
            at++;
            value |= and();
        }
        return value;
    }

    private boolean and() {
        boolean value = not();
        while (at < args.size() && args.get(at).equals("-a")) {
            at++;
            value &= not();
        }
        return value;
    }

    private boolean not() {
        if (at < args.size() && args.get(at).equals("!") && at + 1 < args.size()) {
            at++;
            return !not();
        }
        return primary();
    }

    private boolean primary() {
        if (at >= args.size()) {
            throw new IllegalArgumentException("argument expected");
        }
        String first = args.get(at);
        if (first.equals("(")) {
            at++;
            boolean value = or();
            if (at >= args.size() || !args.get(at).equals(")")) {
                throw new IllegalArgumentException("missing )");
            }
            at++;
            return value;
        }
        if (at + 2 < args.size() && isBinary(args.get(at + 1))) {
            String op = args.get(at + 1);
            String right = args.get(at + 2);
            at += 3;
            return binary(first, op, right);
        }
        if (first.startsWith("-") && first.length() == 2 && at + 1 < args.size()) {
            String operand = args.get(at + 1);
            at += 2;
            return unary(first, operand);
        }
        at++;
        return !first.isEmpty();
    }

    private static boolean isBinary(String op) {
        return List.of("=", "==", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "<", ">", "-nt", "-ot").contains(op);
    }

    private boolean binary(String left, String op, String right) {
        switch (op) {
            case "=", "==" -> {
                return left.equals(right);
            }
            case "!=" -> {
                return !left.equals(right);
            }
            case "<" -> {
                return left.compareTo(right) < 0;
            }
            case ">" -> {
                return left.compareTo(right) > 0;
            }
            case "-nt", "-ot" -> {
                try {
                    int cmp = Files.getLastModifiedTime(path(left)).compareTo(Files.getLastModifiedTime(path(right)));
                    return op.equals("-nt") ? cmp > 0 : cmp < 0;
                } catch (IOException e) {
                    return false;
                }
            }
            default -> {
                long a = integer(left);
                long b = integer(right);
                return switch (op) {
                    case "-eq" -> a == b;
                    case "-ne" -> a != b;
                    case "-lt" -> a < b;
                    case "-le" -> a <= b;
                    case "-gt" -> a > b;
                    default -> a >= b;
                };
            }
        }
    }

    private static long integer(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number");
        }
    }

    private boolean unary(String op, String operand) {
        Path p = operand.isEmpty() ? null : path(operand);
        switch (op) {
            case "-z" -> {
                return operand.isEmpty();
            }
            case "-n" -> {
                return !operand.isEmpty();
            }
            case "-e" -> {
                return p != null && Files.exists(p);
            }
            case "-f" -> {
                return p != null && Files.isRegularFile(p);
            }
            case "-d" -> {
                return p != null && Files.isDirectory(p);
            }
            case "-s" -> {
                try { // one look-up: isRegularFile and size read the same attributes
                    BasicFileAttributes attributes = p == null ? null : Files.readAttributes(p, BasicFileAttributes.class);
                    // busybox: st_size > 0, which a directory's 4096 always is
                    return attributes != null && (attributes.isDirectory() || attributes.size() > 0);
                } catch (IOException e) {
                    return false;
                }
            }
            case "-L", "-h" -> {
                return p != null && Files.isSymbolicLink(p);
            }
            case "-r", "-w" -> {
                return p != null && Files.exists(p); // the script runs as root: it may read and write what exists
            }
            case "-x" -> {
                return p != null && Files.exists(p) && (Files.isDirectory(p) || Files.isExecutable(p));
            }
            default -> throw new IllegalArgumentException(op + ": unknown operand");
        }
    }

    private Path path(String name) {
        return Paths.resolve(job, name);
    }
}
