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

    /** Checks on the Service of this name in the cluster's namespace; it need not exist yet. */
    public ServiceAssert service(String name) {
        isNotNull();
        return service(actual.namespace(), name);
    }

    /** Checks on a Service and its endpoints, read from the cluster at every check. */
    public ServiceAssert service(String namespace, String name) {
        isNotNull();
        ServiceAssert service = new ServiceAssert(actual, Arguments.requireText(namespace, "namespace"),
                Arguments.requireText(name, "name"));
        return info.hasDescription() ? service.as(info.description()) : service;
    }
}
