package dev.peapod.store;

import org.apiguardian.api.API;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * A running watch; closing it stops delivery. Events are delivered on the store's thread (the
 * cluster's loop thread). It is safe to close a watch more than once, and from any thread.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface Watch extends AutoCloseable {
    @Override
    void close();
}
