package dev.peapod.store;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.List;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * A delete's {@code propagationPolicy}: what happens to the deleted object's dependents, the objects
 * whose {@code ownerReferences} name it (apimachinery/pkg/apis/meta/v1/types.go DeletionPropagation).
 * {@code kubectl delete} sends {@link #BACKGROUND} unless told {@code --cascade=foreground|orphan}.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public enum Propagation {
    /** The object goes at once; the garbage collector deletes its dependents afterwards. */
    BACKGROUND,
    /**
     * The object stays, with a deletionTimestamp and the {@code foregroundDeletion} finalizer, until
     * the garbage collector has deleted its dependents that block owner deletion.
     */
    FOREGROUND,
    /**
     * The object stays, with a deletionTimestamp and the {@code orphan} finalizer, until the garbage
     * collector has removed it from its dependents' ownerReferences; the dependents stay.
     */
    ORPHAN;

    /** metav1.FinalizerOrphanDependents. */
    public static final String ORPHAN_FINALIZER = "orphan";
    /** metav1.FinalizerDeleteDependents. */
    public static final String FOREGROUND_FINALIZER = "foregroundDeletion";

    /**
     * The policy the API server applies when a delete names none and the object carries neither GC
     * finalizer (the strategies' DefaultGarbageCollectionPolicy): core/v1 ReplicationController and
     * batch/v1 Job orphan their dependents "for backwards compatibility"
     * (pkg/registry/core/replicationcontroller/strategy.go, pkg/registry/batch/job/strategy.go);
     * every other kind, apps/v1 ones included (pkg/registry/apps/replicaset/strategy.go:
     * DeleteDependents), deletes them in the background.
     */
    static Propagation defaultFor(HasMetadata object) {
        return object instanceof ReplicationController || object instanceof Job ? ORPHAN : BACKGROUND;
    }

    /**
     * generic/registry/store.go deletionFinalizersForGarbageCollection with shouldOrphanDependents and
     * shouldDeleteDependents: the object's finalizers after a delete with {@code requested} (null: none
     * named), or the stored list itself (possibly null) when it does not change them. The request wins over the object's own GC finalizer, which wins over the kind's default.
     */
    static List<String> finalizersAfterDelete(HasMetadata object, Propagation requested) {
        List<String> stored = object.getMetadata().getFinalizers();
        List<String> current = stored == null ? List.of() : stored;
        boolean orphan;
        boolean foreground;
        if (requested != null) {
            orphan = requested == ORPHAN;
            foreground = requested == FOREGROUND;
        } else if (firstGcFinalizer(current) != null) {
            orphan = ORPHAN_FINALIZER.equals(firstGcFinalizer(current));
            foreground = !orphan;
        } else {
            orphan = defaultFor(object) == ORPHAN;
            foreground = false;
        }
        List<String> updated = new ArrayList<>();
        for (String finalizer : current) {
            if (!ORPHAN_FINALIZER.equals(finalizer) && !FOREGROUND_FINALIZER.equals(finalizer)) {
                updated.add(finalizer);
            }
        }
        if (orphan) {
            updated.add(ORPHAN_FINALIZER);
        }
        if (foreground) {
            updated.add(FOREGROUND_FINALIZER);
        }
        // Unchanged as a set: the stored list itself (possibly null), so that callers can tell no write is needed.
        return new java.util.HashSet<>(current).equals(new java.util.HashSet<>(updated)) ? stored : updated;
    }

    private static String firstGcFinalizer(List<String> finalizers) {
        for (String finalizer : finalizers) {
            if (ORPHAN_FINALIZER.equals(finalizer) || FOREGROUND_FINALIZER.equals(finalizer)) {
                return finalizer;
            }
        }
        return null;
    }
}
