package dev.peapod.apiserver;

import dev.peapod.runtime.LogLine;
import org.apiguardian.api.API;

import java.util.List;
import java.util.function.Consumer;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * Where {@code pods/log} reads a container's lines: the façade knows each node's runtime and which
 * run of a container is current, as the kubelet does. Called with the engine held.
 */
@API(status = INTERNAL, since = "0.1")
@FunctionalInterface
public interface PodLogSource {
    /** Reads nothing: a server without nodes' runtimes (a test of the server alone). */
    PodLogSource NONE = (namespace, pod, container, previous) -> {
        throw new dev.peapod.core.PeapodException("this cluster's HTTP API has no container runtimes to read logs from");
    };

    /**
     * The lines of the container's current run, or of the run before it; a refusal is a
     * {@link dev.peapod.core.PeapodException} in the kubelet's words (validateContainerLogStatus).
     */
    List<LogLine> lines(String namespace, String pod, String container, boolean previous);

    /**
     * {@code follow=true}: the lines so far of the run {@link #lines} reads, and each new line it
     * writes to {@code line} until it ends, then {@code ended} once (at once for a run that is over,
     * as a previous one is). Both run on the engine's thread and must not wait. Refusals as in
     * {@link #lines}.
     */
    default Following follow(String namespace, String pod, String container, boolean previous, Consumer<LogLine> line,
                             Runnable ended) {
        throw new dev.peapod.core.PeapodException("this cluster's HTTP API has no container runtimes to follow logs in");
    }

    /** The lines written so far, and how to stop hearing the new ones (a client that went away). */
    record Following(List<LogLine> lines, Runnable stop) {
    }
}
