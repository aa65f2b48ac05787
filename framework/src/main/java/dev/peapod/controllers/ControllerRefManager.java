package dev.peapod.controllers;

import dev.peapod.spi.ClusterContext;
import dev.peapod.store.ApiException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One owner's claim over the objects it may control (pkg/controller/controller_ref_manager.go
 * BaseControllerRefManager.ClaimObject, as ClaimPods and ClaimReplicaSets use it): objects it controls
 * and still matches are kept; objects it controls that no longer match are released (their reference
 * to the owner removed), unless the owner is being deleted; matching orphans not being deleted are
 * adopted (the owner's controller reference added) once {@link #canAdopt()}'s fresh read of the owner
 * (controller.RecheckDeletionTimestamp) finds it with its uid and not being deleted. Objects
 * controlled by another owner are ignored.
 *
 * <p>{@code owner} is what the controller reference is made from ({@link ControllerRefs#newControllerRef}),
 * {@code stored} the owner's kind as stored, for the fresh read.
 */
final class ControllerRefManager<T extends HasMetadata> {
    private final ClusterContext context;
    private final HasMetadata owner;
    private final Class<? extends HasMetadata> ownerType;
    private final Class<T> type;
    private final Predicate<T> match;
    /** CanAdopt is a sync.Once in upstream: the fresh read happens at most once per claim. */
    private Boolean canAdopt;

    ControllerRefManager(ClusterContext context, HasMetadata owner, Class<? extends HasMetadata> ownerType, Class<T> type,
                         Predicate<T> match) {
        this.context = context;
        this.owner = owner;
        this.ownerType = ownerType;
        this.type = type;
        this.match = match;
    }

    /**
     * ClaimPods / ClaimReplicaSets: the claimed objects in the given order (an adopted one as stored
     * after the adoption). Every object is tried; the first failure (other than the object being gone)
     * is thrown at the end, as upstream aggregates the errors and the controller requeues the key.
     */
    List<T> claim(List<T> objects) {
        boolean deleting = owner.getMetadata().getDeletionTimestamp() != null;
        List<T> claimed = new ArrayList<>();
        ApiException first = null;
        for (T object : objects) {
            Optional<OwnerReference> ref = ControllerRefs.controllerOf(object);
            if (ref.isPresent()) {
                if (!Objects.equals(ref.get().getUid(), owner.getMetadata().getUid())) {
                    continue; // "Owned by someone else. Ignore."
                }
                if (match.test(object)) {
                    claimed.add(object);
                } else if (!deleting) {
                    first = first != null ? first : release(object);
                }
                continue;
            }
            // "It's an orphan." Ignored if we're being deleted, the selector doesn't match, or it is being deleted.
            if (deleting || !match.test(object) || object.getMetadata().getDeletionTimestamp() != null
                    || !Objects.equals(object.getMetadata().getNamespace(), owner.getMetadata().getNamespace())) {
                continue;
            }
            // Upstream's AdoptPod/AdoptReplicaSet return "can't adopt ..." when the recheck fails, and the
            // controller requeues the key; the next sync finds the owner gone or being deleted and adopts
            // nothing, so skipping here leaves the same objects.
            if (!canAdopt()) {
                continue;
            }
            try {
                claimed.add(adopt(object));
            } catch (ApiException e) {
                if (e.code() != 404) { // "If the pod no longer exists, ignore the error."
                    first = first != null ? first : e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return claimed;
    }

    /** RecheckDeletionTimestamp with a fresh read: the owner still exists with its uid and is not being deleted. */
    private boolean canAdopt() {
        if (canAdopt == null) {
            HasMetadata fresh = context.store().peek(ownerType, owner.getMetadata().getNamespace(), owner.getMetadata().getName());
            canAdopt = fresh != null && Objects.equals(fresh.getMetadata().getUid(), owner.getMetadata().getUid())
                    && fresh.getMetadata().getDeletionTimestamp() == null;
        }
        return canAdopt;
    }

    /** AdoptPod / AdoptReplicaSet: the owner's controller reference added to ownerReferences (a patch keyed by uid). */
    private T adopt(T object) {
        return context.store().edit(type, object.getMetadata().getNamespace(), object.getMetadata().getName(), o -> {
            List<OwnerReference> refs = o.getMetadata().getOwnerReferences() == null
                    ? new ArrayList<>() : new ArrayList<>(o.getMetadata().getOwnerReferences());
            refs.add(ControllerRefs.newControllerRef(owner));
            o.getMetadata().setOwnerReferences(refs);
        });
    }

    /**
     * ReleasePod / ReleaseReplicaSet: the owner's references removed (a patch deleting the reference
     * with the owner's uid). NotFound ("the object no longer exists") and Invalid (already released)
     * are no error.
     */
    private ApiException release(T object) {
        try {
            context.store().shared().edit(type, object.getMetadata().getNamespace(), object.getMetadata().getName(), o -> {
                List<OwnerReference> refs = new ArrayList<>(o.getMetadata().getOwnerReferences());
                refs.removeIf(r -> Objects.equals(r.getUid(), owner.getMetadata().getUid()));
                o.getMetadata().setOwnerReferences(refs);
            });
            return null;
        } catch (ApiException e) {
            return e.code() == 404 || e.code() == 422 ? null : e;
        }
    }
}
