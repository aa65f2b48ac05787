package dev.peapod.runtime;

import org.apiguardian.api.API;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * The signals of the termination sequence: the image's stop signal (SIGTERM unless its config says
 * STOPSIGNAL: SIGQUIT for nginx, SIGWINCH for httpd), which reaches the {@link Program}, then SIGKILL,
 * which cannot be caught: the runtime ends the process with exit code 137 (128 + 9).
 */
@API(status = EXPERIMENTAL, since = "0.1")
public enum Signal {
    SIGTERM,
    SIGKILL,
    /** nginx's graceful quit, its image's STOPSIGNAL. */
    SIGQUIT,
    /** httpd's graceful stop, its image's STOPSIGNAL. */
    SIGWINCH
}
