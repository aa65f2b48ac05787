package dev.peapod.runtime;

import dev.peapod.time.Timer;
import io.fabric8.kubernetes.api.model.Container;
import org.apiguardian.api.API;

import java.nio.file.FileSystem;
import java.time.Duration;
import java.time.Instant;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * What a {@link Program} may use: the virtual clock, its own exit, the pod's shared port space, a
 * file-system view that is never the host's, and a log sink. Everything happens on the cluster's
 * event loop, in virtual time.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface ProcessContext {
    /** The current virtual instant. */
    Instant now();

    /** When this run of the container started. */
    Instant startedAt();

    /** 1 for the first run, 2 for the first restart, ... */
    int startNumber();

    /** The container as the pod spec declares it. */
    Container spec();

    /** The pod's IP, shared by all its containers. */
    String podIp();

    /** Runs {@code action} after {@code delay} of virtual time, if the process still runs then. */
    Timer scheduleAfter(Duration delay, Runnable action);

    /** The process exits with this code now (the exit is reported once everything due now has run). */
    void exit(int exitCode);

    /** The process exits with this code after {@code delay}, unless something ends it earlier. */
    void exitAfter(Duration delay, int exitCode);

    /**
     * Listens on a port of the pod's shared port space. False when another container of the pod
     * already holds it (EADDRINUSE in a real pod).
     */
    boolean listen(int port);

    /** This container's files: an in-memory file system of its own (image files and volumes: issue #9). */
    FileSystem files();

    /** A line on stdout, kept as the container's log. */
    void stdout(String line);

    /** A line on stderr, kept as the container's log. */
    void stderr(String line);
}
