package dev.peapod.runtime.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * busybox ls (coreutils/ls.c): one name a line, or with -l {@code "%-10s %4lu %-8.8s %-8.8s %9llu "}
 * then the date and the name ({@code -> target} for links); -a adds . and .., -A the hidden files.
 */
final class Listing {
    private Listing() {
    }

    static int ls(Job job, Set<Character> flags, List<String> operands, Io io) {
        for (char flag : flags) {
            if ("laA1".indexOf(flag) < 0) {
                io.err().write("ls: option -" + flag + " is not supported by Peapod's shell (it knows -l -a -A -1)\n");
                return 2;
            }
        }
        boolean longFormat = flags.contains('l');
        List<String> names = operands.isEmpty() ? List.of(".") : operands;
        StringBuilder out = new StringBuilder();
        int status = 0;
        List<String> dirs = new ArrayList<>();
        for (String name : names) {
            Path path = Paths.resolve(job, name);
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                io.err().write("ls: " + name + ": No such file or directory\n");
                status = 1;
            } else if (Files.isDirectory(path)) {
                dirs.add(name);
            } else {
                out.append(entry(job, path, name, longFormat));
            }
        }
        for (String dir : dirs) {
            if (names.size() > 1) {
                out.append(out.isEmpty() ? "" : "\n").append(dir).append(":\n");
            }
            Path path = Paths.resolve(job, dir);
            List<String> entries = new ArrayList<>();
            if (flags.contains('a')) {
                entries.add(".");
                entries.add("..");
            }
            try (Stream<Path> list = Files.list(path)) {
                list.map(p -> p.getFileName().toString())
                        .filter(n -> !n.startsWith(".") || flags.contains('a') || flags.contains('A'))
                        .sorted()
                        .forEach(entries::add);
            } catch (IOException e) {
                io.err().write("ls: " + dir + ": " + e.getMessage() + "\n");
                status = 1;
                continue;
            }
            if (longFormat) {
                out.append("total ").append(blocks(path, entries)).append('\n');
            }
            for (String entry : entries) {
                // ".." is the parent the container sees, which for a mount point is not the volume's parent on the node
                // "." is the directory itself: listing a link to one (..data/) shows the directory, not the link
                Path p = entry.equals(".") ? followed(path) : entry.equals("..") ? Paths.resolve(job, dir.endsWith("/") ? dir + ".." : dir + "/..")
                        : path.resolve(entry);
                out.append(entry(job, p, entry, longFormat));
            }
        }
        io.out().write(out.toString());
        return status;
    }

    private static Path followed(Path path) {
        try {
            return Files.isSymbolicLink(path) ? path.toRealPath() : path;
        } catch (IOException e) {
            return path;
        }
    }

    /** 1K blocks as a 4K-block file system counts them: 4 per started 4 KiB of a regular file. */
    private static long blocks(Path dir, List<String> entries) {
        long total = 0;
        for (String entry : entries) {
            Path p = dir.resolve(entry);
            try {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    total += (Files.size(p) + 4095) / 4096 * 4;
                }
            } catch (IOException e) {
                // gone while listing
            }
        }
        return total;
    }

    private static String entry(Job job, Path path, String name, boolean longFormat) {
        if (!longFormat) {
            return name + "\n";
        }
        try {
            boolean link = Files.isSymbolicLink(path);
            long size = link ? Files.readSymbolicLink(path).toString().length()
                    : Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? 4096 : Files.size(path);
            Instant modified = Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toInstant();
            int links = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? 2 : 1;
            String line = String.format("%-10s %4d %-8.8s %-8.8s %9d %s %s", FileCommands.mode(path), links, "root", "root", size,
                    FileCommands.when(modified, job.shell.host.now()), name);
            return line + (link ? " -> " + Files.readSymbolicLink(path) : "") + "\n";
        } catch (IOException e) {
            return name + "\n";
        }
    }
}
