package dev.peapod.assertions;

import org.apiguardian.api.API;

import java.time.Duration;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * A pod check that may take virtual time: {@code assertThat(cluster).pod("web").becomesReady().within(ofSeconds(30))}.
 * {@link #within} runs the cluster event by event to the first instant the pod gets there, and never
 * sleeps.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class PodWait {
    private final PodAssert pod;
    private final String method;       // how the user asked for it, for errors
    private final String container;    // what the state is about; null for the pod
    private final PodState state;
    private final Runnable afterwards; // a check once the state holds; null for none

    PodWait(PodAssert pod, String method, String container, PodState state, Runnable afterwards) {
        this.pod = pod;
        this.method = method;
        this.container = container;
        this.state = state;
        this.afterwards = afterwards;
    }

    /**
     * Lets at most {@code limit} of virtual time pass, stopping at the first instant the pod is in
     * the state (at once if it already is). Fails with the pod's timeline if the time runs out; the
     * clock then stands at the limit.
     */
    public PodAssert within(Duration limit) {
        pod.awaitState(method, container, state, limit);
        if (afterwards != null) {
            afterwards.run();
        }
        return pod;
    }
}
