package dev.peapod.kubelet;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Test helpers: an in-memory file system, and an {@code ls -lR}-like listing of a directory (type, mode, path, link target). */
final class VolumeListing {
    private VolumeListing() {
    }

    static FileSystem jimfs() {
        return Jimfs.newFileSystem(Configuration.unix().toBuilder()
                .setAttributeViews("basic", "owner", "posix", "unix").build());
    }

    /** One line per entry under {@code dir}, sorted by path: {@code lrwxrwxrwx ..data -> ..2025_...}, {@code -rw-r--r-- ..2025_.../a}. */
    static String list(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !p.equals(dir)).sorted().map(p -> line(dir, p)).collect(Collectors.joining("\n", "", "\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String line(Path dir, Path p) {
        try {
            String name = dir.relativize(p).toString();
            if (Files.isSymbolicLink(p)) {
                return "l" + "rwxrwxrwx" + " " + name + " -> " + Files.readSymbolicLink(p);
            }
            String type = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "d" : "-";
            return type + PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)) + " " + name;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
