package dev.peapod.controllers;

import dev.peapod.core.PeapodException;
import dev.peapod.spi.ClusterContext;
import dev.peapod.store.ListOptions;
import dev.peapod.store.WatchEvent;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pods as the controllers' shared pod informer holds them, with its indexes: by controller uid
 * and, for pods with no controller, by namespace (pkg/controller/controller_utils.go
 * AddPodControllerUIDIndexer and FilterPodsByOwner: the owner's uid key then the namespace's orphan
 * key) and by namespace (cache.NamespaceIndex). A sync reads its own pods instead of copying every pod of the namespace:
 * with 10,000 pods that copy was the cost of a sync.
 *
 * <p>One per cluster ({@link Controllers#builtIn()}), shared by the controllers; the first one to
 * start opens its one pod watch, on the loop's thread, before any controller opens its own, so a
 * controller's pod handler always finds the cache at the event it handles (the store delivers each
 * change to every watcher, in the order they watch, before the next change). Outside a delivery the
 * cache is the store. It hands out the stored objects themselves ({@code ObjectStore.peek}'s): they
 * must not be modified; copy one before changing it. Every list is a fresh snapshot, in the store's
 * listing order ({@code namespace/name} compared as strings), so a caller may write while it walks one.
 */
final class PodCache {
    private final Map<String, Pod> byKey = new HashMap<>();
    /** Lookups only: every bucket is sorted by key, as the store lists. By {@code namespace/uid}: see {@link #controlledBy}. */
    private final Map<String, TreeMap<String, Pod>> byController = new HashMap<>();
    private final Map<String, TreeMap<String, Pod>> orphansByNamespace = new HashMap<>();
    private final Map<String, TreeMap<String, Pod>> byNamespace = new HashMap<>();
    /** The event being delivered and the object it replaced: the informer's old object for update handlers. */
    private WatchEvent<Pod> lastEvent;
    private Pod lastOld;
    private boolean started;

    /** Opens the pod watch once; later calls (every controller's start calls it) do nothing. */
    void start(ClusterContext context) {
        if (started) {
            return;
        }
        started = true;
        context.store().watch(Pod.class, ListOptions.all(), null, this::onPod);
    }

    private void onPod(WatchEvent<Pod> event) {
        Pod pod = event.object();
        String key = Pods.key(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        Pod old = event.type() == WatchEvent.Type.DELETED ? byKey.remove(key) : byKey.put(key, pod);
        if (old != null) {
            unindex(key, old);
        }
        if (event.type() != WatchEvent.Type.DELETED) {
            index(key, pod);
        }
        lastEvent = event;
        lastOld = old;
    }

    private void index(String key, Pod pod) {
        String namespace = pod.getMetadata().getNamespace();
        add(byNamespace, namespace, key, pod);
        OwnerReference ref = ControllerRefs.controllerOf(pod).orElse(null);
        if (ref == null) {
            add(orphansByNamespace, namespace, key, pod);
        } else if (ref.getUid() != null) {
            add(byController, namespace + "/" + ref.getUid(), key, pod);
        }
    }

    private void unindex(String key, Pod pod) {
        String namespace = pod.getMetadata().getNamespace();
        remove(byNamespace, namespace, key);
        OwnerReference ref = ControllerRefs.controllerOf(pod).orElse(null);
        if (ref == null) {
            remove(orphansByNamespace, namespace, key);
        } else if (ref.getUid() != null) {
            remove(byController, namespace + "/" + ref.getUid(), key);
        }
    }

    private static void add(Map<String, TreeMap<String, Pod>> index, String bucket, String key, Pod pod) {
        index.computeIfAbsent(bucket, b -> new TreeMap<>()).put(key, pod);
    }

    private static void remove(Map<String, TreeMap<String, Pod>> index, String bucket, String key) {
        TreeMap<String, Pod> pods = index.get(bucket);
        if (pods != null) {
            pods.remove(key);
            if (pods.isEmpty()) {
                index.remove(bucket);
            }
        }
    }

    // ---------------------------------------------------------------- reads

    /** The pod as last seen, or null. */
    Pod get(String namespace, String name) {
        return byKey.get(Pods.key(namespace, name));
    }

    /**
     * The pods of the owner's namespace whose controller reference has the owner's uid, in key order
     * (FilterPodsByOwner also skips a pod of another namespace that names the uid).
     */
    List<Pod> controlledBy(HasMetadata owner) {
        return snapshot(byController.get(ownerKey(owner)));
    }

    private static String ownerKey(HasMetadata owner) {
        return owner.getMetadata().getNamespace() + "/" + owner.getMetadata().getUid();
    }

    /** The pods of the namespace with no controller reference, in key order. */
    List<Pod> orphans(String namespace) {
        return snapshot(orphansByNamespace.get(namespace));
    }

    /**
     * FilterPodsByOwner with its orphans: the pods this uid controls and the namespace's orphans,
     * merged in key order, the order the store lists the namespace's pods in (upstream gives the
     * owner's then the orphans, each in map order).
     */
    List<Pod> controlledByOrOrphans(HasMetadata owner) {
        TreeMap<String, Pod> owned = byController.get(ownerKey(owner));
        TreeMap<String, Pod> orphans = orphansByNamespace.get(owner.getMetadata().getNamespace());
        if (owned == null || orphans == null) {
            return snapshot(owned == null ? orphans : owned);
        }
        List<Pod> merged = new ArrayList<>(owned.size() + orphans.size());
        Iterator<Map.Entry<String, Pod>> a = owned.entrySet().iterator();
        Iterator<Map.Entry<String, Pod>> b = orphans.entrySet().iterator();
        Map.Entry<String, Pod> x = a.next();
        Map.Entry<String, Pod> y = b.next();
        while (x != null && y != null) {
            if (x.getKey().compareTo(y.getKey()) <= 0) {
                merged.add(x.getValue());
                x = a.hasNext() ? a.next() : null;
            } else {
                merged.add(y.getValue());
                y = b.hasNext() ? b.next() : null;
            }
        }
        for (; x != null; x = a.hasNext() ? a.next() : null) {
            merged.add(x.getValue());
        }
        for (; y != null; y = b.hasNext() ? b.next() : null) {
            merged.add(y.getValue());
        }
        return merged;
    }

    /** The pods of the namespace, in key order. */
    List<Pod> inNamespace(String namespace) {
        return snapshot(byNamespace.get(namespace));
    }

    /**
     * The object a MODIFIED event replaced, as the informer hands update handlers their old object;
     * for the event being delivered only (the cache sees each event before the controllers do).
     */
    Pod previous(WatchEvent<Pod> event) {
        if (event != lastEvent) {
            throw new PeapodException("PodCache.previous: the cache did not see this event last ("
                    + event.type() + " " + Pods.key(event.object().getMetadata().getNamespace(), event.object().getMetadata().getName())
                    + "); start the cache before the controller opens its pod watch, and ask only while the event is delivered");
        }
        return lastOld;
    }

    private static List<Pod> snapshot(TreeMap<String, Pod> bucket) {
        return bucket == null ? new ArrayList<>() : new ArrayList<>(bucket.values());
    }

    /** How many pods the cache holds (tests). */
    int size() {
        return byKey.size();
    }
}
