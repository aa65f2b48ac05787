package dev.peapod.runtime;

import dev.peapod.time.Timer;
import io.fabric8.kubernetes.api.model.Container;
import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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

    /** This container's files: its own root file system and the pod's volume mounts, in memory, never the host's. */
    ContainerFiles files();

    /** The environment the kubelet gave the container, in its order. */
    Map<String, String> env();

    /** The container's PID namespace: its own, the pod's with shareProcessNamespace, the node's with hostPID. */
    ProcessTable processes();

    /** The container's main process in its PID namespace: 1 unless the namespace is shared. */
    int pid();

    /** What runs: command then args, with {@code $(VAR)} expanded by the kubelet. */
    List<String> commandLine();

    /** A line on stdout, kept as the container's log. */
    void stdout(String line);

    /** A line on stderr, kept as the container's log. */
    void stderr(String line);
}
