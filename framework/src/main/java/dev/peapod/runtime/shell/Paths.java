package dev.peapod.runtime.shell;

import java.nio.file.Path;

/** Paths in the container's own file system, relative to the script's working directory. */
final class Paths {
    private Paths() {
    }

    static Path resolve(Job job, String path) {
        Path cwd = job.shell.host.files().getPath(job.env.cwd);
        return cwd.resolve(path).normalize();
    }
}
