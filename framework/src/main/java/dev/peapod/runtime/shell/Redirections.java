package dev.peapod.runtime.shell;

import dev.peapod.runtime.shell.Ast.Redir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * {@code > >> < >& <&} on the container's files. A file sink writes through at once, so a file a
 * sleeping script wrote to is there for an exec probe to read.
 */
final class Redirections {
    private Redirections() {
    }

    /** The streams after the redirections; null (after a message on stderr) when a file cannot be opened. */
    static Io apply(Job job, List<Redir> redirs, Io io) {
        Expander expander = new Expander(job, io);
        Io result = io;
        for (Redir redir : redirs) {
            String target = expander.string(redir.target());
            if (redir.op().endsWith("&")) {
                Io.Sink sink = switch (target) {
                    case "1" -> result.out();
                    case "2" -> result.err();
                    default -> null;
                };
                if (redir.op().equals("<&") || sink == null) {
                    if (target.equals("-")) {
                        sink = text -> { };
                    } else {
                        io.err().write(job.shell.name + ": " + target + ": bad file descriptor\n");
                        return null;
                    }
                }
                result = redir.fd() == 2 ? result.withErr(sink) : result.withOut(sink);
                continue;
            }
            if (redir.op().equals("<")) {
                if (target.equals("/dev/null")) {
                    result = result.withIn(Io.Input.empty());
                    continue;
                }
                try {
                    result = result.withIn(new Io.Input(Files.readString(Paths.resolve(job, target), StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    io.err().write(job.shell.name + ": can't open " + target + ": no such file\n");
                    return null;
                }
                continue;
            }
            Io.Sink sink;
            if (target.equals("/dev/null")) {
                sink = text -> { };
            } else if (target.equals("/dev/stdout")) {
                sink = io.out();
            } else if (target.equals("/dev/stderr")) {
                sink = io.err();
            } else {
                Path path;
                BasicFileAttributes attributes;
                try {
                    path = Paths.writable(job, target);
                    attributes = attributes(path); // one look-up for both questions below
                    if (attributes != null && attributes.isDirectory()) {
                        io.err().write(job.shell.name + ": can't create " + target + ": Is a directory\n");
                        return null;
                    }
                    if (redir.op().equals(">")) {
                        Files.write(path, new byte[0]);
                    } else if (attributes == null) {
                        Files.createFile(path);
                    }
                } catch (NoSuchFileException e) {
                    // busybox ash: "sh: can't create /x/y: nonexistent directory"
                    io.err().write(job.shell.name + ": can't create " + target + ": nonexistent directory\n");
                    return null;
                } catch (IOException e) {
                    io.err().write(job.shell.name + ": can't create " + target + ": " + Paths.reason(e, e.getMessage()) + "\n");
                    return null;
                }
                if (attributes == null || redir.op().equals(">")) {
                    Commands.touchTime(job, path); // made or truncated now; an append dates the file as it writes
                }
                var files = job.shell.host.files();
                String at = files.resolve(job.env.cwd, target);
                // the disk dates each write by the virtual clock; the path is asked for again at each write, as
                // that applies the node disk's pending writes first (NodeDisk.later): a write after a sleep comes after them
                sink = text -> append(files.path(at), text);
            }
            result = redir.fd() == 2 ? result.withErr(sink) : result.withOut(sink);
        }
        return result;
    }

    /** What Files.isDirectory and Files.exists read (following links); null where they say false for a missing file. */
    private static BasicFileAttributes attributes(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            return null;
        }
    }

    private static void append(Path path, String text) {
        try {
            Files.writeString(path, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the file went away under the script (rm of an open file): the write is lost, as with an unlinked inode
        }
    }
}
