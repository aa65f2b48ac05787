package dev.peapod.assertions;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.Pod;
import org.apiguardian.api.API;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Entry point of Peapod's assertions, beside AssertJ's own:
 * <pre>{@code
 * import static dev.peapod.assertions.PeapodAssertions.assertThat;
 *
 * PodAssert web = assertThat(cluster).pod("web");
 * cluster.advance(Duration.ofMinutes(2));
 * web.hasRestarted(1).isStillOnTheSameNode().isReady();
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class PeapodAssertions {

    private PeapodAssertions() {
    }

    /**
     * Checks on the cluster's objects; failures carry the pod's timeline. The main entry. A null
     * cluster is a mistake in the test, not a failed check: {@code cluster must not be null}.
     */
    public static ClusterAssert assertThat(FakeCluster cluster) {
        return new ClusterAssert(dev.peapod.core.Checks.notNull(cluster, "cluster"));
    }

    /**
     * Checks on one Pod object as it is. A Pod object has no clock, timeline or events, so messages
     * carry no timeline and the checks that need the cluster (events, kubectl, waits, identity) tell
     * you to use {@code assertThat(cluster).pod(name)} instead.
     */
    public static PodAssert assertThat(Pod pod) {
        return new PodAssert(PodSource.snapshot(pod), new FirstSeen());
    }
}
