package dev.peapod.kubelet;

import java.util.ArrayList;
import java.util.List;

/**
 * The results cache of one probe type, keyed by container ID (pkg/kubelet/prober/results/results_manager.go):
 * {@code Get}, {@code Set}, {@code Remove}. A {@code Set} that changes the cached result tells the
 * listener, as upstream's manager sends an {@code Update} on its channel; the kubelet's sync loop
 * decides what an update does ({@link PodWorker#probeUpdated}). A new container has a new ID, so it
 * starts with no result. One pod's cache holds an entry per container at most (a worker removes the old
 * run's when it sees the new one), so it is a short list searched by ID, not a hash map: the probe path
 * sets a result at every probe.
 */
final class ProbeResults {
    /** What upstream's {@code Updates()} channel delivers. */
    interface Listener {
        void updated(ProbeType type, String containerId, ProbeResult result);
    }

    private final ProbeType type;
    private final Listener listener;
    /** Told of every change of the cache, a removal too: the pod's count of its caches' changes, which the status reuse reads. */
    private final Runnable changed;
    private final List<String> ids = new ArrayList<>(2);
    private final List<ProbeResult> values = new ArrayList<>(2);

    ProbeResults(ProbeType type, Listener listener, Runnable changed) {
        this.type = type;
        this.listener = listener;
        this.changed = changed;
    }

    /** The cached result of that container; null when there is none (upstream's {@code found == false}). */
    ProbeResult get(String containerId) {
        int i = indexOf(containerId);
        return i < 0 ? null : values.get(i);
    }

    /** Caches a result; tells the listener only when it changed (results_manager.go setInternal). */
    void set(String containerId, ProbeResult result) {
        int i = indexOf(containerId);
        ProbeResult old = i < 0 ? null : values.get(i);
        if (old == result) {
            return;
        }
        if (i < 0) {
            ids.add(containerId);
            values.add(result);
        } else {
            values.set(i, result);
        }
        changed.run();
        listener.updated(type, containerId, result);
    }

    void remove(String containerId) {
        int i = indexOf(containerId);
        if (i >= 0) {
            ids.remove(i);
            values.remove(i);
            changed.run();
        }
    }

    private int indexOf(String containerId) {
        if (containerId == null) {
            return -1;
        }
        for (int i = 0; i < ids.size(); i++) {
            if (containerId.equals(ids.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
