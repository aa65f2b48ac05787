package dev.peapod.time;

import dev.peapod.core.PeapodException;
import org.apiguardian.api.API;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * The engine was called from a thread that does not own it. A cluster's engine (its event loop and
 * the writes and watches of its store) runs on the one thread that created it (DESIGN §2); other
 * threads read the store, or hand work to the {@link Inbox}.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class WrongThreadException extends PeapodException {
    private final String owner;
    private final String caller;

    public WrongThreadException(String what, Thread owner, Thread caller) {
        super(what + " was called on thread \"" + caller.getName() + "\", but the cluster's engine belongs to thread \""
                + owner.getName() + "\", which created it, and runs only there. Call it from \"" + owner.getName()
                + "\"; from any other thread, submit the work with cluster.inbox().submit(..), which runs it on \""
                + owner.getName() + "\" at the loop's next step and returns a CompletableFuture.");
        this.owner = owner.getName();
        this.caller = caller.getName();
    }

    /** The name of the thread that owns the engine. */
    public String owner() {
        return owner;
    }

    /** The name of the thread that made the call. */
    public String caller() {
        return caller;
    }
}
