package dev.peapod.runtime.shell;

import org.apiguardian.api.API;

import java.util.Optional;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * How {@code wget} and {@code curl} reach the pod's own ports and other pods: the caller answers from
 * the simulated cluster, never from the host's network.
 */
@API(status = EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface Network {
    /** An HTTP GET; empty when nothing listens there (connection refused). */
    Optional<Reply> get(String host, int port, String path);

    /** An HTTP answer. */
    record Reply(int status, String body) {
    }

    /** A network where nothing listens. */
    static Network none() {
        return (host, port, path) -> Optional.empty();
    }
}
