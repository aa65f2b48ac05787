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

    /** A fresh set of the built-in controllers for one cluster. */
    public static List<Component> builtIn() {
        return List.of(
                new ReplicaSetController(),
                ReplicaSetController.replicationManager(),
                new DeploymentController(),
                new StatefulSetController(),
                new DaemonSetController(),
                new JobController(),
                new CronJobController(),
                new TtlAfterFinishedController(),
                new GarbageCollector(),
                new PodGarbageCollector(),
                new EndpointsController(),
                new EndpointSliceController(),
                new VolumeBinder());
    }
}
