package dev.peapod.store;

import org.apiguardian.api.API;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/** A running watch; closing it stops delivery. It is safe to close a watch more than once. */
@API(status = EXPERIMENTAL, since = "0.1")
public interface Watch extends AutoCloseable {
    @Override
    void close();
}
