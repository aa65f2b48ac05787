package dev.peapod.apiserver;

import dev.peapod.runtime.ExecOutput;
import org.apiguardian.api.API;

import java.util.List;
import java.util.function.Consumer;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * Where {@code pods/exec} runs a command: in the running container, through the simulated runtime,
 * as {@code kubectl exec} reaches the kubelet and the kubelet the container runtime. Called with the
 * engine held; never on the host.
 */
@API(status = INTERNAL, since = "0.1")
@FunctionalInterface
public interface PodExecSource {
    /** Runs nothing: a server without nodes' runtimes (a test of the server alone). */
    PodExecSource NONE = (namespace, pod, container, command, done) -> {
        throw new dev.peapod.core.PeapodException("this cluster's HTTP API has no container runtimes to run commands in");
    };

    /**
     * Checks that the container runs, as the kubelet does before it upgrades the connection, and returns
     * what starts {@code command} in it (run later, with the engine held, once the connection is upgraded;
     * it fails the same way if the container stopped meanwhile). {@code done} hears the output when the
     * command ends, at once or later in virtual time (on the engine's thread: it must not block), or 137
     * when the container's run ends first. A refusal is a {@link dev.peapod.core.PeapodException} in the
     * kubelet's words ({@code container not found ("web")}).
     */
    Runnable prepare(String namespace, String pod, String container, List<String> command, Consumer<ExecOutput> done);
}
