package dev.peapod.assertions;

import org.apiguardian.api.API;

import java.time.Duration;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * A check on a pod, or one of its containers, that may take virtual time:
 * {@code assertThat(cluster).pod("web").becomesReady().within(ofSeconds(30))}. {@link #within} runs the
 * cluster event by event to the first instant the pod gets there, and never sleeps.
 *
 * @param <A> what {@link #within} returns to go on checking: a {@link PodAssert} or a {@link ContainerAssert}
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class PodWait<A> {
    /** Runs the wait, and the check that follows it if any; throws when the time runs out. */
    @FunctionalInterface
    interface Run {
        void within(Duration limit);
    }

    private final Run run;
    private final A then;

    PodWait(Run run, A then) {
        this.run = run;
        this.then = then;
    }

    /**
     * Lets at most {@code limit} of virtual time pass, stopping at the first instant the pod is in
     * the state (at once if it already is). Fails with the pod's timeline if the time runs out; the
     * clock then stands at the limit.
     */
    public A within(Duration limit) {
        run.within(limit);
        return then;
    }
}
