package dev.peapod.runtime.shell;

import dev.peapod.runtime.ContainerFiles;
import java.time.Duration;
import java.time.Instant;

/** What a script may touch: the virtual clock, the container's own files, its name and the simulated network. */
interface ShellHost {
    Instant now();

    /** The container's files (its root and its mounts, in memory): never the host's. */
    ContainerFiles files();

    /** Runs {@code action} after {@code delay} of virtual time; the returned handle cancels it. */
    Runnable after(Duration delay, Runnable action);

    String hostname();

    /** The container's PID namespace: its own, or the pod's with shareProcessNamespace. */
    dev.peapod.runtime.ProcessTable processes();

    Network network();
}
