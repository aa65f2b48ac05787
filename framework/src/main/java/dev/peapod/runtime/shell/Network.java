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

    /**
     * Whether a host name resolves at all (an IP address always does); a name that does not is
     * busybox wget's "bad address" and curl's exit 6, not a refused connection.
     */
    default boolean resolves(String host) {
        return true;
    }

    /** An HTTP answer. */
    record Reply(int status, String body) {
    }

    /** A network where nothing listens. */
    static Network none() {
        return (host, port, path) -> Optional.empty();
    }
}
