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

    // ---- cronjob

    /** Checks on the CronJob of this name in the cluster's namespace; it need not exist yet. */
    public CronJobAssert cronJob(String name) {
        isNotNull();
        return cronJob(actual.namespace(), name);
    }

    /** Checks on a CronJob, read from the cluster at every check. */
    public CronJobAssert cronJob(String namespace, String name) {
        isNotNull();
        CronJobAssert cronJob = new CronJobAssert(actual, Arguments.requireText(namespace, "namespace"),
                Arguments.requireText(name, "name"));
        return info.hasDescription() ? cronJob.as(info.description()) : cronJob;
    }

    /** Checks on the Deployment of this name in the cluster's namespace; it need not exist yet. */
    public DeploymentAssert deployment(String name) {
        isNotNull();
        return deployment(actual.namespace(), name);
    }

    /** Checks on a Deployment, read from the cluster at every check. */
    public DeploymentAssert deployment(String namespace, String name) {
        isNotNull();
        DeploymentAssert deployment = new DeploymentAssert(actual, actual.deployment(Arguments.requireText(namespace, "namespace"),
                Arguments.requireText(name, "name")));
        return info.hasDescription() ? deployment.as(info.description()) : deployment;
    }

    /** Checks on the Job of this name in the cluster's namespace; it need not exist yet. */
    public JobAssert job(String name) {
        isNotNull();
        return job(actual.namespace(), name);
    }

    /** Checks on a Job, read from the cluster at every check. */
    public JobAssert job(String namespace, String name) {
        isNotNull();
        JobAssert job = new JobAssert(actual, Arguments.requireText(namespace, "namespace"), Arguments.requireText(name, "name"));
        return info.hasDescription() ? job.as(info.description()) : job;
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

    /** Checks on the DaemonSet of this name in the cluster's namespace; read from the cluster at every check. */
    public DaemonSetAssert daemonSet(String name) {
        isNotNull();
        return daemonSet(actual.namespace(), name);
    }

    /** Checks on the DaemonSet of this name in {@code namespace}; read from the cluster at every check. */
    public DaemonSetAssert daemonSet(String namespace, String name) {
        isNotNull();
        return new DaemonSetAssert(actual, actual.daemonSet(Arguments.requireText(namespace, "namespace"),
                Arguments.requireText(name, "name")));
    }

    /** Checks on the Service of this name in the cluster's namespace; it need not exist yet. */
    public ServiceAssert service(String name) {
        isNotNull();
        return service(actual.namespace(), name);
    }

    /** Checks on a node (its taints, conditions, kubectl's STATUS), read from the cluster at every check. */
    public NodeAssert node(String name) {
        isNotNull();
        NodeAssert node = new NodeAssert(actual, Arguments.requireText(name, "name"));
        return info.hasDescription() ? node.as(info.description()) : node;
    }

    /** Checks on a Service and its endpoints, read from the cluster at every check. */
    public ServiceAssert service(String namespace, String name) {
        isNotNull();
        ServiceAssert service = new ServiceAssert(actual, Arguments.requireText(namespace, "namespace"),
                Arguments.requireText(name, "name"));
        return info.hasDescription() ? service.as(info.description()) : service;
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
