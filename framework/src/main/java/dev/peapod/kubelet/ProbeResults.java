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

    /**
     * Counts the changes of one pod's caches, every probe type's together: the status generator's inputs
     * changed when it moved (equal counts, equal contents).
     */
    static final class Changes {
        private long count;

        long count() {
            return count;
        }
    }

    private final ProbeType type;
    private final Listener listener;
    private final Changes changes;
    private final List<String> ids = new ArrayList<>(2);
    private final List<ProbeResult> values = new ArrayList<>(2);
    /**
     * An entry the cache holds, the last one set: a steady probe sets the same result at every run, and
     * that set is answered from here without searching the lists. Null after a removal.
     */
    private String lastId;
    private ProbeResult lastValue;

    ProbeResults(ProbeType type, Listener listener, Changes changes) {
        this.type = type;
        this.listener = listener;
        this.changes = changes;
    }

    /** The cached result of that container; null when there is none (upstream's {@code found == false}). */
    ProbeResult get(String containerId) {
        int i = indexOf(containerId);
        return i < 0 ? null : values.get(i);
    }

    /** Caches a result; tells the listener only when it changed (results_manager.go setInternal). */
    void set(String containerId, ProbeResult result) {
        if (containerId == lastId && result == lastValue && containerId != null) {
            return; // the entry holds this result already
        }
        int i = indexOf(containerId);
        ProbeResult old = i < 0 ? null : values.get(i);
        lastId = containerId;
        lastValue = result;
        if (old == result) {
            return;
        }
        if (i < 0) {
            ids.add(containerId);
            values.add(result);
        } else {
            values.set(i, result);
        }
        changes.count++;
        listener.updated(type, containerId, result); // may set again (a trigger): lastId and lastValue follow
    }

    void remove(String containerId) {
        int i = indexOf(containerId);
        if (i >= 0) {
            ids.remove(i);
            values.remove(i);
            changes.count++;
            lastId = null;
            lastValue = null;
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
