package dev.peapod.kubelet;

import java.util.HashMap;
import java.util.Map;

/**
 * The results cache of one probe type, keyed by container ID (pkg/kubelet/prober/results/results_manager.go):
 * {@code Get}, {@code Set}, {@code Remove}. A {@code Set} that changes the cached result tells the
 * listener, as upstream's manager sends an {@code Update} on its channel; the kubelet's sync loop
 * decides what an update does ({@link PodWorker#probeUpdated}). A new container has a new ID, so it
 * starts with no result. Lookups are by key only: the map's order is never observable.
 */
final class ProbeResults {
    /** What upstream's {@code Updates()} channel delivers. */
    interface Listener {
        void updated(ProbeType type, String containerId, ProbeResult result);
    }

    private final ProbeType type;
    private final Listener listener;
    private final Map<String, ProbeResult> cache = new HashMap<>();

    ProbeResults(ProbeType type, Listener listener) {
        this.type = type;
        this.listener = listener;
    }

    /** The cached result of that container; null when there is none (upstream's {@code found == false}). */
    ProbeResult get(String containerId) {
        return containerId == null ? null : cache.get(containerId);
    }

    /** Caches a result; tells the listener only when it changed (results_manager.go setInternal). */
    void set(String containerId, ProbeResult result) {
        ProbeResult old = cache.put(containerId, result);
        if (old != result) {
            listener.updated(type, containerId, result);
        }
    }

    void remove(String containerId) {
        if (containerId != null) {
            cache.remove(containerId);
        }
    }
}
