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

    // ---- replicaset

    /** Checks on the ReplicaSet of this name in the cluster's namespace; it need not exist yet. */
    public ReplicaSetAssert replicaSet(String name) {
        isNotNull();
        return replicaSet(actual.namespace(), name);
    }

    /** Checks on a ReplicaSet, read from the cluster at every check. */
    public ReplicaSetAssert replicaSet(String namespace, String name) {
        isNotNull();
        ReplicaSetAssert rs = new ReplicaSetAssert(actual, Arguments.requireText(namespace, "namespace"), Arguments.requireText(name, "name"));
        return info.hasDescription() ? rs.as(info.description()) : rs;
    }
}
