package dev.peapod.runtime.shell;

import java.nio.file.FileSystemException;
import java.nio.file.Path;

/** Container paths, relative to the script's working directory, seen through the container's mounts. */
final class Paths {
    private Paths() {
    }

    /** The file a name means, to read or list. */
    static Path resolve(Job job, String path) {
        var files = job.shell.host.files();
        return files.path(files.resolve(job.env.cwd, path));
    }

    /** The file a name means, to create, change or remove: a read-only mount refuses ("Read-only file system"). */
    static Path writable(Job job, String path) throws FileSystemException {
        var files = job.shell.host.files();
        return files.writable(files.resolve(job.env.cwd, path));
    }

    /** What a tool prints for a failed file operation: the reason the file system gave, else {@code fallback}. */
    static String reason(java.io.IOException e, String fallback) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return fallback;
    }
}
