package dev.peapod.runtime.shell;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** busybox's file applets on the container's files: cat touch rm mkdir cp mv ls grep head tail wc. */
final class FileCommands {
    private static final Set<String> NAMES = Set.of("cat", "touch", "rm", "mkdir", "cp", "mv", "ls", "grep", "head", "tail", "wc",
            "chmod");

    private static final Pattern CAT_OPTIONS = Pattern.compile("-[uA-Za-z]+");

    private FileCommands() {
    }

    static boolean handles(String command) {
        return NAMES.contains(command);
    }

    /** Flags ("-rf" is -r and -f) and operands; "--" ends the flags. */
    private record Args(Set<Character> flags, List<String> operands) {
        static Args of(List<String> args) {
            Set<Character> flags = new java.util.TreeSet<>();
            List<String> operands = new ArrayList<>();
            boolean done = false;
            for (String arg : args) {
                if (!done && arg.equals("--")) {
                    done = true;
                } else if (!done && arg.startsWith("-") && arg.length() > 1) {
                    arg.substring(1).chars().forEach(c -> flags.add((char) c));
                } else {
                    operands.add(arg);
                }
            }
            return new Args(flags, operands);
        }

        boolean has(char flag) {
            return flags.contains(flag);
        }
    }

    static int run(Job job, String command, List<String> args, Io io) {
        return switch (command) {
            case "cat" -> cat(job, args, io);
            case "touch" -> touch(job, args, io);
            case "rm" -> rm(job, Args.of(args), io);
            case "mkdir" -> mkdir(job, Args.of(args), io);
            case "cp", "mv" -> copy(job, command, Args.of(args), io);
            case "ls" -> Listing.ls(job, Args.of(args).flags(), Args.of(args).operands(), io);
            case "grep" -> grep(job, args, io);
            case "chmod" -> chmod(job, args, io);
            case "head", "tail" -> headTail(job, command, args, io);
            default -> wc(job, Args.of(args), io);
        };
    }

    /** The text of a file operand, or null after busybox's message ("cat: can't open 'x': No such file or directory"). */
    private static String read(Job job, String tool, String name, Io io) {
        if (name.equals("-")) {
            return io.in().rest();
        }
        Path path = Paths.resolve(job, name);
        try {
            return text(path);
        } catch (IOException e) {
            // asked only now: reading a directory fails too, and a probe's cat reads a file every few seconds
            if (Files.isDirectory(path)) {
                io.err().write(tool + ": read error: Is a directory\n");
            } else {
                io.err().write(tool + ": can't open '" + name + "': No such file or directory\n");
            }
            return null;
        }
    }

    /**
     * A file's text, as Files.readString reads it (malformed UTF-8 is an IOException), through a plain
     * input stream rather than a channel, and copied once when it is ASCII: a probe's cat reads a
     * growing log every few seconds.
     */
    static String text(Path path) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = new byte[in.available()]; // Jimfs: what is left of the file, all of it here; read in one go
            int read = in.readNBytes(bytes, 0, bytes.length);
            if (read < bytes.length || in.read() >= 0) {
                bytes = Files.readAllBytes(path); // the stream's size was not the file's after all: read it as Files does
            }
        }
        if (!isAscii(bytes)) {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString(); // REPORTs malformed input
        }
        return new String(bytes, StandardCharsets.ISO_8859_1); // ASCII: one byte, one char
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** No byte with its high bit set, tested eight at a time. */
    private static boolean isAscii(byte[] bytes) {
        int i = 0;
        for (; i + 8 <= bytes.length; i += 8) {
            if (((long) LONGS.get(bytes, i) & 0x8080808080808080L) != 0) {
                return false;
            }
        }
        for (; i < bytes.length; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static int cat(Job job, List<String> args, Io io) {
        List<String> files = args.stream().filter(a -> !CAT_OPTIONS.matcher(a).matches()).toList();
        if (files.isEmpty()) {
            io.out().write(io.in().rest());
            return 0;
        }
        int status = 0;
        for (String file : files) {
            String text = read(job, "cat", file, io);
            if (text == null) {
                status = 1;
            } else {
                io.out().write(text);
            }
        }
        return status;
    }

    private static int touch(Job job, List<String> args, Io io) {
        int status = 0;
        for (String name : Args.of(args).operands()) {
            try {
                Path path = Paths.writable(job, name);
                if (!Files.exists(path)) {
                    Files.createFile(path);
                }
                Commands.touchTime(job, path);
            } catch (IOException e) {
                io.err().write("touch: " + name + ": " + Paths.reason(e, "No such file or directory") + "\n");
                status = 1;
            }
        }
        return status;
    }

    private static int rm(Job job, Args args, Io io) {
        boolean force = args.has('f');
        boolean recursive = args.has('r') || args.has('R');
        int status = 0;
        for (String name : args.operands()) {
            Path path = Paths.resolve(job, name);
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                if (!force) {
                    io.err().write("rm: can't remove '" + name + "': No such file or directory\n");
                    status = 1;
                }
                continue;
            }
            try {
                Paths.writable(job, name);
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    if (!recursive) {
                        io.err().write("rm: '" + name + "' is a directory\n");
                        status = 1;
                        continue;
                    }
                    String at = job.shell.host.files().resolve(job.env.cwd, name);
                    if (!removeTree(job, at, name, io)) {
                        status = 1;
                    }
                    continue;
                } else {
                    Files.delete(path);
                }
                Commands.touchTime(job, path.getParent());
            } catch (IOException e) {
                io.err().write("rm: can't remove '" + name + "': " + Paths.reason(e, e.getMessage()) + "\n");
                status = 1;
            }
        }
        return status;
    }

    /**
     * rm -r in the container's paths: what a mount holds goes too, but a mount point (or the root)
     * stays, as the kernel refuses to remove it (EBUSY, "Device or resource busy"), and a read-only
     * mount keeps its files (EROFS). False when something could not be removed.
     */
    private static boolean removeTree(Job job, String at, String shown, Io io) {
        var files = job.shell.host.files();
        Path path = files.path(at);
        boolean removed = true;
        try {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                List<String> children;
                try (var list = Files.list(path)) {
                    children = list.map(p -> p.getFileName().toString()).sorted().toList();
                }
                for (String child : children) {
                    String childAt = at.endsWith("/") ? at + child : at + "/" + child;
                    String childShown = shown.endsWith("/") ? shown + child : shown + "/" + child;
                    removed &= removeTree(job, childAt, childShown, io);
                }
            }
            files.writable(at);
            if (files.isMountPoint(at)) {
                io.err().write("rm: can't remove '" + shown + "': Device or resource busy\n");
                return false;
            }
            if (removed) {
                Files.delete(path);
                Commands.touchTime(job, path.getParent());
            }
        } catch (IOException e) {
            io.err().write("rm: can't remove '" + shown + "': " + Paths.reason(e, "Directory not empty") + "\n");
            return false;
        }
        return removed;
    }

    private static int mkdir(Job job, Args args, Io io) {
        int status = 0;
        for (String name : args.operands()) {
            try {
                Path path = Paths.writable(job, name);
                if (args.has('p')) {
                    Path made = path.getRoot();
                    for (Path part : path) {
                        made = made.resolve(part);
                        if (!Files.isDirectory(made)) {
                            Files.createDirectory(made);
                            directoryMode(made);
                            Commands.touchTime(job, made);
                        }
                    }
                } else {
                    Files.createDirectory(path);
                    directoryMode(path);
                    Commands.touchTime(job, path);
                }
            } catch (FileAlreadyExistsException e) {
                io.err().write("mkdir: can't create directory '" + name + "': File exists\n");
                status = 1;
            } catch (IOException e) {
                io.err().write("mkdir: can't create directory '" + name + "': " + Paths.reason(e, "No such file or directory") + "\n");
                status = 1;
            }
        }
        return status;
    }

    private static int copy(Job job, String tool, Args args, Io io) {
        List<String> names = args.operands();
        if (names.size() < 2) {
            io.err().write(tool + ": missing destination file operand\n");
            return 1;
        }
        boolean recursive = args.has('r') || args.has('R') || args.has('a');
        Path target = Paths.resolve(job, names.get(names.size() - 1));
        int status = 0;
        for (String name : names.subList(0, names.size() - 1)) {
            Path source = Paths.resolve(job, name);
            Path to = Files.isDirectory(target) ? target.resolve(source.getFileName().toString()) : target;
            try {
                if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                    throw new NoSuchFileException(name);
                }
                Paths.writable(job, names.get(names.size() - 1));
                if (tool.equals("mv")) {
                    Paths.writable(job, name);
                }
                if (tool.equals("cp") && Files.isDirectory(source)) {
                    if (!recursive) {
                        io.err().write("cp: omitting directory '" + name + "'\n");
                        status = 1;
                        continue;
                    }
                    // cp -r dir/. target copies what dir holds into target; cp -r dir target makes target/dir when target exists
                    copyTree(job, source, name.endsWith("/.") || !Files.isDirectory(target) ? target : to);
                    continue;
                }
                Commands.copy(source, to, tool.equals("mv"));
                if (tool.equals("cp")) {
                    Commands.touchTime(job, to);
                }
            } catch (NoSuchFileException e) {
                io.err().write(tool + ": can't stat '" + name + "': No such file or directory\n");
                status = 1;
            } catch (IOException e) {
                io.err().write(tool + ": can't create '" + names.get(names.size() - 1) + "': " + Paths.reason(e, "No such file or directory") + "\n");
                status = 1;
            }
        }
        return status;
    }

    /** mkdir's 0777 under umask 022. */
    private static void directoryMode(Path dir) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException e) {
            // a file system without permissions: ls shows a directory's usual mode anyway
        }
    }

    private static void copyTree(Job job, Path source, Path target) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(source)) {
            paths = walk.toList();
        }
        for (Path from : paths) {
            Path to = target.resolve(source.relativize(from).toString());
            if (Files.isDirectory(from)) {
                if (!Files.isDirectory(to)) {
                    Files.createDirectories(to);
                }
            } else {
                Commands.copy(from, to, false);
            }
            Commands.touchTime(job, to);
        }
    }

    /** chmod MODE FILE...: octal (755) or symbolic ([ugoa]*[+-=][rwx]*, comma-separated) on the file's POSIX permissions. */
    private static int chmod(Job job, List<String> args, Io io) {
        List<String> operands = args.stream().filter(a -> !a.equals("-R") && !a.equals("-f")).toList();
        if (operands.size() < 2) {
            io.err().write("chmod: missing operand\n");
            return 1;
        }
        String mode = operands.get(0);
        int status = 0;
        for (String name : operands.subList(1, operands.size())) {
            try {
                Path path = Paths.writable(job, name);
                Set<PosixFilePermission> permissions = new java.util.TreeSet<>(Files.getPosixFilePermissions(path));
                if (!applyMode(mode, permissions)) {
                    io.err().write("chmod: invalid mode '" + mode + "'\n");
                    return 1;
                }
                Files.setPosixFilePermissions(path, permissions);
            } catch (NoSuchFileException e) {
                io.err().write("chmod: " + name + ": No such file or directory\n");
                status = 1;
            } catch (UnsupportedOperationException e) {
                io.err().write("chmod: " + name + ": this container's file system keeps no permissions (Jimfs without the posix view)\n");
                status = 1;
            } catch (IOException e) {
                io.err().write("chmod: " + name + ": " + Paths.reason(e, e.getMessage()) + "\n");
                status = 1;
            }
        }
        return status;
    }

    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
        PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE,
    };

    private static boolean applyMode(String mode, Set<PosixFilePermission> permissions) {
        if (mode.matches("[0-7]{1,4}")) {
            int bits = Integer.parseInt(mode, 8);
            permissions.clear();
            for (int i = 0; i < 9; i++) {
                if ((bits & (0400 >> i)) != 0) {
                    permissions.add(BITS[i]);
                }
            }
            return true;
        }
        for (String clause : mode.split(",")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("([ugoa]*)([-+=])([rwx]*)").matcher(clause);
            if (!m.matches()) {
                return false;
            }
            String who = m.group(1).isEmpty() || m.group(1).contains("a") ? "ugo" : m.group(1);
            for (char w : who.toCharArray()) {
                int base = "ugo".indexOf(w) * 3;
                if (m.group(2).equals("=")) {
                    for (int i = 0; i < 3; i++) {
                        permissions.remove(BITS[base + i]);
                    }
                }
                for (char p : m.group(3).toCharArray()) {
                    PosixFilePermission bit = BITS[base + "rwx".indexOf(p)];
                    if (m.group(2).equals("-")) {
                        permissions.remove(bit);
                    } else {
                        permissions.add(bit);
                    }
                }
            }
        }
        return true;
    }

    /** grep [-q -v -i -c -E -F -n -w -x] PATTERN [FILE...]: 0 a line matched, 1 none did, 2 an error. */
    private static int grep(Job job, List<String> args, Io io) {
        Set<Character> flags = new java.util.TreeSet<>();
        List<String> operands = new ArrayList<>();
        String given = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-e") && i + 1 < args.size() && given == null) {
                given = args.get(++i);
            } else if (arg.startsWith("-") && arg.length() > 1 && operands.isEmpty()) {
                arg.substring(1).chars().forEach(c -> flags.add((char) c));
            } else {
                operands.add(arg);
            }
        }
        if (given != null) {
            operands.add(0, given);
        }
        for (char flag : flags) {
            if ("qvicEFsnwx".indexOf(flag) < 0) {
                io.err().write("grep: option -" + flag + " is not supported by Peapod's shell (it knows -e -q -v -i -c -E -F -s -n -w -x)\n");
                return 2;
            }
        }
        if (operands.isEmpty()) {
            io.err().write("grep: no pattern given\n");
            return 2;
        }
        String pattern = operands.get(0);
        java.util.regex.Pattern regex;
        try {
            String source = flags.contains('F') ? java.util.regex.Pattern.quote(pattern) : basicToJava(pattern, flags.contains('E'));
            if (flags.contains('w')) {
                source = "\\b(?:" + source + ")\\b";
            }
            if (flags.contains('x')) {
                source = "^(?:" + source + ")$"; // the whole line
            }
            regex = java.util.regex.Pattern.compile(source, flags.contains('i') ? java.util.regex.Pattern.CASE_INSENSITIVE : 0);
        } catch (java.util.regex.PatternSyntaxException e) {
            io.err().write("grep: bad regex '" + pattern + "'\n");
            return 2;
        }
        List<String> files = operands.subList(1, operands.size());
        boolean error = false;
        boolean matched = false;
        StringBuilder out = new StringBuilder();
        for (String file : files.isEmpty() ? List.of("-") : files) {
            String text = file.equals("-") ? io.in().rest() : readQuiet(job, file, flags.contains('s') ? null : io);
            if (text == null) {
                error = true;
                continue;
            }
            int count = 0;
            int lineNumber = 0;
            for (String line : text.lines().toList()) {
                lineNumber++;
                if (regex.matcher(line).find() != flags.contains('v')) {
                    count++;
                    matched = true;
                    if (!flags.contains('c') && !flags.contains('q')) {
                        out.append(files.size() > 1 ? file + ":" : "").append(flags.contains('n') ? lineNumber + ":" : "").append(line).append('\n');
                    }
                }
            }
            if (flags.contains('c')) {
                out.append(files.size() > 1 ? file + ":" : "").append(count).append('\n');
            }
            if (matched && flags.contains('q')) {
                return 0;
            }
        }
        if (!flags.contains('q')) {
            io.out().write(out.toString());
        }
        return error && !(matched && flags.contains('q')) ? 2 : matched ? 0 : 1;
    }

    private static String readQuiet(Job job, String name, Io io) {
        try {
            return Files.readString(Paths.resolve(job, name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            if (io != null) {
                io.err().write("grep: " + name + ": No such file or directory\n");
            }
            return null;
        }
    }

    /** A POSIX basic regular expression as a Java one: \( \) \| \{ \} are the operators, ( ) | { } + ? literal. */
    private static String basicToJava(String pattern, boolean extended) {
        if (extended) {
            return pattern;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length() && "(){}|+?".indexOf(pattern.charAt(i + 1)) >= 0) {
                out.append(pattern.charAt(++i));
            } else if ("(){}|+?".indexOf(c) >= 0) {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** head/tail [-n N | -N] [-f] [FILE]; tail -f prints the end, then waits for ever (it never returns). */
    private static int headTail(Job job, String tool, List<String> args, Io io) {
        int count = 10;
        boolean follow = false;
        String file = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-n") && i + 1 < args.size()) {
                count = Commands.number(args.get(++i).replace("+", ""), 10);
            } else if (arg.startsWith("-n")) {
                count = Commands.number(arg.substring(2), 10);
            } else if (arg.equals("-f") || arg.equals("-F")) {
                follow = true;
            } else if (arg.matches("-[0-9]+")) {
                count = Integer.parseInt(arg.substring(1));
            } else {
                file = arg;
            }
        }
        String text = file == null ? io.in().rest() : read(job, tool, file, io);
        if (text == null) {
            return 1;
        }
        List<String> lines = text.lines().toList();
        List<String> chosen = tool.equals("head") ? lines.subList(0, Math.min(count, lines.size()))
                : lines.subList(Math.max(0, lines.size() - count), lines.size());
        StringBuilder out = new StringBuilder();
        chosen.forEach(line -> out.append(line).append('\n'));
        io.out().write(out.toString());
        if (follow && tool.equals("tail")) {
            job.sleep(null);
            return Commands.LATER;
        }
        return 0;
    }

    /** wc [-l -w -c] [FILE]: one count alone when reading stdin with one flag (busybox), else counts and the name. */
    private static int wc(Job job, Args args, Io io) {
        Set<Character> flags = args.flags().isEmpty() ? Set.of('l', 'w', 'c') : args.flags();
        List<String> files = args.operands();
        int status = 0;
        StringBuilder out = new StringBuilder();
        for (String file : files.isEmpty() ? List.of("-") : files) {
            String text = read(job, "wc", file, io);
            if (text == null) {
                status = 1;
                continue;
            }
            List<String> counts = new ArrayList<>();
            if (flags.contains('l')) {
                counts.add(Long.toString(text.chars().filter(c -> c == '\n').count()));
            }
            if (flags.contains('w')) {
                counts.add(Long.toString(text.isBlank() ? 0 : text.strip().split("\\s+").length));
            }
            if (flags.contains('c')) {
                counts.add(Integer.toString(text.getBytes(StandardCharsets.UTF_8).length));
            }
            if (counts.size() == 1 && file.equals("-")) {
                out.append(counts.get(0)).append('\n');
            } else {
                // busybox coreutils/wc.c print_counts: each count "%7d", separated by a space, then " name"
                StringBuilder row = new StringBuilder();
                for (int i = 0; i < counts.size(); i++) {
                    row.append(i == 0 ? "" : " ").append(String.format("%7s", counts.get(i)));
                }
                out.append(row).append(file.equals("-") ? "" : " " + file).append('\n');
            }
        }
        io.out().write(out.toString());
        return status;
    }

    /** ls -l's mode column: "drwxr-xr-x", "-rw-r--r--", "lrwxrwxrwx". */
    static String mode(Path path) {
        String type = Files.isSymbolicLink(path) ? "l" : Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? "d" : "-";
        if (type.equals("l")) {
            return "lrwxrwxrwx";
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
            return type + PosixFilePermissions.toString(permissions);
        } catch (IOException | UnsupportedOperationException e) {
            return type + (type.equals("d") ? "rwxr-xr-x" : "rw-r--r--");
        }
    }

    /** busybox ls: "Mmm dd HH:MM" within six months of now, else "Mmm dd  YYYY". */
    static String when(Instant modified, Instant now) {
        Duration age = Duration.between(modified, now);
        boolean recent = age.compareTo(Duration.ofDays(365 / 2)) < 0 && age.compareTo(Duration.ofMinutes(-15)) > 0;
        return DateTimeFormatter.ofPattern(recent ? "MMM ppd HH:mm" : "MMM ppd  yyyy", Locale.ROOT).format(modified.atZone(ZoneOffset.UTC));
    }
}
