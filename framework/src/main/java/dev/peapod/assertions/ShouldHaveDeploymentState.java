package dev.peapod.assertions;

import java.time.Duration;

/**
 * A Deployment check that failed, or a wait for one that used up its virtual time: what was expected,
 * the Deployment as {@code kubectl get deploy} and {@code kubectl rollout status} show it, its
 * ReplicaSet sizes, and its timeline.
 */
final class ShouldHaveDeploymentState extends PodFailure {

    private ShouldHaveDeploymentState(String deployment, String expected, String within, String actual, String timeline) {
        super("Expecting deployment %s to %s%s, but %s", timeline, unquoted(deployment), unquoted(expected),
                unquoted(within), unquoted(actual));
    }

    static ShouldHaveDeploymentState shouldHaveDeploymentState(String deployment, String expected, Duration limit,
                                                               String actual, String timeline) {
        String within = limit == null || limit.isZero() ? "" : " within " + VirtualTime.length(limit) + " of virtual time";
        return new ShouldHaveDeploymentState(deployment, expected, within, actual, timeline);
    }
}
