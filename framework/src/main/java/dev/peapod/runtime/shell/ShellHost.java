package dev.peapod.runtime.shell;

import java.nio.file.FileSystem;
import java.time.Duration;
import java.time.Instant;

/** What a script may touch: the virtual clock, the container's own files, its name and the simulated network. */
interface ShellHost {
    Instant now();

    /** The container's file system (Jimfs): never the host's. */
    FileSystem files();

    /** Runs {@code action} after {@code delay} of virtual time; the returned handle cancels it. */
    Runnable after(Duration delay, Runnable action);

    String hostname();

    Network network();
}
