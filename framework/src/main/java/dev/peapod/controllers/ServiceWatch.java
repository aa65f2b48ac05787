package dev.peapod.controllers;

import dev.peapod.spi.ClusterContext;
import dev.peapod.store.ListOptions;
import dev.peapod.store.WatchEvent;
import dev.peapod.time.WorkQueue;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Service and Pod watches the Endpoints and EndpointSlice controllers share
 * (endpoints_controller.go and endpointslice_controller.go register the same handlers): a Service's
 * event queues it; a pod's event queues every Service selecting it now and every Service it was an
 * endpoint of at their last sync (so a relabelled pod leaves them); plus each Service's trigger times.
 */
final class ServiceWatch {
    /** The selected pods of a Service at one sync, and its {@code last-change-trigger-time} (null: none). */
    record Selected(List<Pod> pods, Instant triggerTime) {
    }

    private final ClusterContext context;
    private final WorkQueue<String> queue;
    private final ServicePods.TriggerTimes triggerTimes = new ServicePods.TriggerTimes();
    /** The Services (namespace/name) each pod (namespace/name) was an endpoint of at their last sync. */
    private final Map<String, Set<String>> servicesOfPod = new TreeMap<>();

    /** The cluster's shared pod informer: a sync reads the selected pods there. */
    private final PodCache podCache;

    private ServiceWatch(ClusterContext context, WorkQueue<String> queue, PodCache podCache) {
        this.context = context;
        this.queue = queue;
        this.podCache = podCache;
    }

    /** Registers the Service and Pod watches, which feed {@code queue} with Service keys. */
    static ServiceWatch start(ClusterContext context, WorkQueue<String> queue, PodCache podCache) {
        ServiceWatch watch = new ServiceWatch(context, queue, podCache);
        context.store().watch(Service.class, ListOptions.all(), null, watch::onService);
        context.store().watch(Pod.class, ListOptions.all(), null, watch::onPod);
        return watch;
    }

    private void onService(WatchEvent<Service> event) {
        queue.add(Pods.key(event.object().getMetadata().getNamespace(), event.object().getMetadata().getName()));
    }

    /** addPod / updatePod / deletePod: every Service selecting the pod now, and those it was an endpoint of. */
    private void onPod(WatchEvent<Pod> event) {
        Pod pod = event.object();
        String namespace = pod.getMetadata().getNamespace();
        Set<String> keys = new TreeSet<>(servicesOfPod.getOrDefault(Pods.key(namespace, pod.getMetadata().getName()), Set.of()));
        for (Service service : context.store().list(Service.class, ListOptions.inNamespace(namespace))) {
            if (ServicePods.selects(service, ServicePods.labels(pod))) {
                keys.add(Pods.key(namespace, service.getMetadata().getName()));
            }
        }
        keys.forEach(queue::add);
    }

    /** The Service (namespace/name) is gone: its trigger times and endpoint memberships are forgotten. */
    void forget(String key) {
        triggerTimes.forget(key);
        servicesOfPod.values().forEach(set -> set.remove(key));
    }

    /** The pods the Service selects now, remembered as its endpoints, with its trigger time. */
    Selected select(Service service) {
        String namespace = service.getMetadata().getNamespace();
        String key = Pods.key(namespace, service.getMetadata().getName());
        List<Pod> pods = ServicePods.selected(podCache, service);
        Instant triggerTime = triggerTimes.compute(service, pods);
        servicesOfPod.values().forEach(set -> set.remove(key));
        for (Pod pod : pods) {
            servicesOfPod.computeIfAbsent(Pods.key(namespace, pod.getMetadata().getName()), k -> new TreeSet<>()).add(key);
        }
        return new Selected(pods, triggerTime);
    }
}
