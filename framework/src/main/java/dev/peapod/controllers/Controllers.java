package dev.peapod.controllers;

import dev.peapod.spi.Component;
import org.apiguardian.api.API;

import java.util.List;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The controllers every cluster runs, in the order they start (after the scheduler, before the
 * kubelets): work they schedule at the same instant runs in this order, so the order is part of
 * the timeline. Upstream's kube-controller-manager starts them concurrently; one fixed order keeps
 * the timeline the same on every run.
 */
@API(status = INTERNAL, since = "0.1")
public final class Controllers {
    private Controllers() {
    }

    /**
     * A fresh set of the built-in controllers for one cluster, sharing one {@link PodCache} as
     * kube-controller-manager's controllers share one pod informer.
     */
    public static List<Component> builtIn() {
        PodCache pods = new PodCache();
        return List.of(
                new ReplicaSetController(pods),
                ReplicaSetController.replicationManager(pods),
                new DeploymentController(pods),
                new StatefulSetController(pods),
                new DaemonSetController(pods),
                new JobController(pods),
                new CronJobController(),
                new TtlAfterFinishedController(),
                new GarbageCollector(),
                new PodGarbageCollector(),
                new EndpointsController(pods),
                new EndpointSliceController(pods),
                new VolumeBinder(),
                new NodeLifecycleController(),
                new TaintEvictionController(pods),
                new NamespaceController(),
                new DisruptionController());
    }
}
