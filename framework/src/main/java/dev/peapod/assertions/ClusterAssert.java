package dev.peapod.assertions;

import dev.peapod.FakeCluster;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/** The way into checks on a cluster's objects: {@code assertThat(cluster).pod("web")}. */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ClusterAssert extends AbstractAssert<ClusterAssert, FakeCluster> {

    ClusterAssert(FakeCluster cluster) {
        super(cluster, ClusterAssert.class);
    }

    /** Checks on the pod of this name in the cluster's namespace ({@link FakeCluster#namespace()}); it need not exist yet. */
    public PodAssert pod(String name) {
        isNotNull();
        return pod(actual.namespace(), name);
    }

    /**
     * Checks on a pod, read from the cluster at every check. The pod's identity is remembered now,
     * for {@link PodAssert#isStillOnTheSameNode()}.
     */
    public PodAssert pod(String namespace, String name) {
        isNotNull();
        PodAssert pod = new PodAssert(PodSource.live(actual, Arguments.requireText(namespace, "namespace"), Arguments.requireText(name, "name")),
                new FirstSeen());
        return info.hasDescription() ? pod.as(info.description()) : pod;
    }

    /** Checks on the StatefulSet of this name in the cluster's namespace; it need not exist yet. */
    public StatefulSetAssert statefulSet(String name) {
        isNotNull();
        return statefulSet(actual.namespace(), name);
    }

    /** Checks on a StatefulSet, read from the cluster at every check. */
    public StatefulSetAssert statefulSet(String namespace, String name) {
        isNotNull();
        StatefulSetAssert set = new StatefulSetAssert(actual, actual.statefulSet(Arguments.requireText(namespace, "namespace"),
                Arguments.requireText(name, "name")));
        return info.hasDescription() ? set.as(info.description()) : set;
    }
}
