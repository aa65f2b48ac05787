package dev.peapod.controllers;

import dev.peapod.spi.ClusterContext;
import dev.peapod.store.ApiException;
import dev.peapod.store.Copies;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A StatefulSet's writes (kubernetes: pkg/controller/statefulset/stateful_pod_control.go): claims
 * before their pod, the pod, identity and storage repairs, and the claims' ownerReferences by the
 * persistentVolumeClaimRetentionPolicy (StatefulSetAutoDeletePVC, GA and always on in v1.32+),
 * each with recordPodEvent's or recordClaimEvent's event:
 * {@code SuccessfulCreate "create Pod web-0 in StatefulSet web successful"},
 * {@code SuccessfulCreate "create Claim www-web-0 Pod web-0 in StatefulSet web success"}.
 */
final class StatefulPodControl {
    private final ClusterContext context;
    private final ControllerEvents events;

    StatefulPodControl(ClusterContext context, ControllerEvents events) {
        this.context = context;
        this.events = events;
    }

    /**
     * CreateStatefulPod: the pod's missing claims first; a claim failure fails the pod's create (and
     * says so in a FailedCreate event). An AlreadyExists pod is an error without an event. Then the
     * claims' ownerReferences by the retention policy.
     */
    Optional<ApiException> create(StatefulSet set, Pod pod) {
        Optional<ApiException> claims = createClaims(set, pod);
        if (claims.isPresent()) {
            podEvent("create", set, pod, claims.get());
            return claims;
        }
        try {
            context.store().shared().create(pod);
        } catch (ApiException refused) {
            if (refused.code() == 409 && "AlreadyExists".equals(refused.reason())) {
                return Optional.of(refused); // "sink already exists errors"
            }
            podEvent("create", set, pod, refused);
            return Optional.of(refused);
        }
        Optional<ApiException> retention = updateClaimsForRetentionPolicy(set, pod);
        if (retention.isPresent()) {
            podEvent("update", set, pod, retention.get());
            return retention;
        }
        podEvent("create", set, pod, null);
        return Optional.empty();
    }

    /** DeleteStatefulPod: the pod only; its claims stay unless their ownerReferences say otherwise. */
    Optional<ApiException> delete(StatefulSet set, Pod pod) {
        try {
            context.store().shared().delete(Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName());
            podEvent("delete", set, pod, null);
            return Optional.empty();
        } catch (ApiException failed) {
            podEvent("delete", set, pod, failed);
            return Optional.of(failed);
        }
    }

    /**
     * UpdateStatefulPod: a pod whose identity or storage no longer conforms to the set is repaired
     * (its missing claims are created first), and its claims' ownerReferences follow the policy.
     */
    Optional<ApiException> update(StatefulSet set, Pod stored) {
        Pod pod = Copies.copy(stored);
        boolean consistent = true;
        if (!StatefulSets.identityMatches(set, pod)) {
            StatefulSets.updateIdentity(set, pod);
            consistent = false;
        }
        if (!StatefulSets.storageMatches(set, pod)) {
            StatefulSets.updateStorage(set, pod);
            consistent = false;
            Optional<ApiException> claims = createClaims(set, pod);
            if (claims.isPresent()) {
                podEvent("update", set, pod, claims.get());
                return claims;
            }
        }
        // "if the Pod's PVCs are not consistent with the StatefulSet's PVC deletion policy, update the PVC
        // and dirty the pod" (stateful_pod_control.go UpdateStatefulPod): a changed retention policy
        // updates the claims, then the pod, with its SuccessfulUpdate event
        boolean podChanged = !consistent;
        if (!claimsMatchRetentionPolicy(set, pod)) {
            Optional<ApiException> retention = updateClaimsForRetentionPolicy(set, pod);
            if (retention.isPresent()) {
                podEvent("update", set, pod, retention.get());
                return retention;
            }
            consistent = false;
        }
        if (consistent) {
            return Optional.empty();
        }
        if (!podChanged) {
            // the pod's update carries no change: the API server writes nothing (no new
            // resourceVersion, no watch event), but the update was attempted and succeeded
            podEvent("update", set, pod, null);
            return Optional.empty();
        }
        try {
            pod.getMetadata().setResourceVersion(null);
            context.store().shared().update(pod);
            podEvent("update", set, pod, null);
            return Optional.empty();
        } catch (ApiException failed) {
            podEvent("update", set, pod, failed);
            return Optional.of(failed);
        }
    }

    /**
     * createPersistentVolumeClaims: each of the pod's claims that does not exist is created, with a
     * claim event; one being deleted is an error ("pvc www-web-0 is being deleted").
     */
    Optional<ApiException> createClaims(StatefulSet set, Pod pod) {
        List<String> errors = new ArrayList<>();
        ApiException first = null;
        for (PersistentVolumeClaim claim : StatefulSets.claims(set, pod).values()) {
            PersistentVolumeClaim existing = context.store().peek(PersistentVolumeClaim.class,
                    claim.getMetadata().getNamespace(), claim.getMetadata().getName());
            if (existing == null) {
                try {
                    context.store().shared().create(claim);
                    claimEvent("create", set, pod, claim, null);
                } catch (ApiException refused) {
                    errors.add("failed to create PVC " + claim.getMetadata().getName() + ": " + refused.getMessage());
                    first = first == null ? refused : first;
                    if (!"AlreadyExists".equals(refused.reason())) {
                        claimEvent("create", set, pod, claim, refused);
                    }
                }
            } else if (existing.getMetadata().getDeletionTimestamp() != null) {
                errors.add("pvc " + claim.getMetadata().getName() + " is being deleted");
            }
        }
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        // errutil.NewAggregate: one error as itself, several as "[a, b]"
        String message = errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]";
        return Optional.of(new ApiException(first == null ? 500 : first.code(), first == null ? "InternalError" : first.reason(),
                message, List.of()));
    }

    /** ClaimsMatchRetentionPolicy: every existing claim of the pod has the ownerReferences the policy wants. */
    boolean claimsMatchRetentionPolicy(StatefulSet set, Pod pod) {
        for (PersistentVolumeClaim claim : StatefulSets.claims(set, pod).values()) {
            PersistentVolumeClaim stored = context.store().peek(PersistentVolumeClaim.class,
                    claim.getMetadata().getNamespace(), claim.getMetadata().getName());
            if (stored != null && !isClaimOwnerUpToDate(stored, set, pod)) {
                return false;
            }
        }
        return true;
    }

    /**
     * UpdatePodClaimForRetentionPolicy: each existing claim of the pod gets the ownerReferences the
     * policy wants (updateClaimOwnerRefForSetAndPod), written only when they differ.
     */
    Optional<ApiException> updateClaimsForRetentionPolicy(StatefulSet set, Pod pod) {
        Pod owner = context.store().peek(Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        Pod withUid = owner != null ? owner : pod;
        for (PersistentVolumeClaim claim : StatefulSets.claims(set, pod).values()) {
            PersistentVolumeClaim stored = context.store().peek(PersistentVolumeClaim.class,
                    claim.getMetadata().getNamespace(), claim.getMetadata().getName());
            if (stored == null) {
                // "could not retrieve claim ... when checking PVC deletion policy": upstream errs; the
                // claim is made again at the pod's next create, so it is skipped here
                continue;
            }
            if (isClaimOwnerUpToDate(stored, set, withUid)) {
                continue;
            }
            PersistentVolumeClaim copy = Copies.copy(stored);
            copy.getMetadata().setOwnerReferences(ownerRefsByPolicy(stored, set, withUid));
            copy.getMetadata().setResourceVersion(null);
            try {
                context.store().shared().update(copy);
            } catch (ApiException failed) {
                return Optional.of(new ApiException(failed.code(), failed.reason(), "could not update claim "
                        + claim.getMetadata().getName() + " for delete policy ownerRefs: " + failed.getMessage(), List.of()));
            }
        }
        return Optional.empty();
    }

    /**
     * isClaimOwnerUpToDate (stateful_set_utils.go): Retain/Retain wants no reference to set or pod;
     * WhenDeleted Delete a controller reference to the set; WhenScaled Delete one to the pod once it
     * is scaled down (and then none to the set).
     */
    static boolean isClaimOwnerUpToDate(PersistentVolumeClaim claim, StatefulSet set, Pod pod) {
        if (hasStaleOwnerRef(claim, set) || hasStaleOwnerRef(claim, pod)) {
            return true;
        }
        if (hasUnexpectedController(claim, set, pod)) {
            return !(StatefulSets.hasOwnerRef(claim, set) || StatefulSets.hasOwnerRef(claim, pod));
        }
        for (OwnerReference ref : StatefulSets.ownerRefs(claim)) {
            if ((Objects.equals(ref.getUid(), set.getMetadata().getUid()) || Objects.equals(ref.getUid(), pod.getMetadata().getUid()))
                    && !Boolean.TRUE.equals(ref.getController())) {
                return false; // hasNonControllerOwner
            }
        }
        var policy = StatefulSets.retentionPolicy(set);
        boolean scaledDelete = "Delete".equals(policy.getWhenScaled());
        boolean deletedDelete = "Delete".equals(policy.getWhenDeleted());
        boolean setRef = StatefulSets.hasOwnerRef(claim, set);
        boolean podRef = StatefulSets.hasOwnerRef(claim, pod);
        boolean scaledDown = !StatefulSets.inOrdinalRange(pod, set);
        if (!scaledDelete && !deletedDelete) {
            return !setRef && !podRef;
        }
        if (!scaledDelete) {
            return setRef && !podRef;
        }
        if (!deletedDelete) {
            return !setRef && scaledDown == podRef;
        }
        return scaledDown != setRef && scaledDown == podRef;
    }

    /** updateClaimOwnerRefForSetAndPod: our references scrubbed, then the policy's controller references added. */
    static List<OwnerReference> ownerRefsByPolicy(PersistentVolumeClaim claim, StatefulSet set, Pod pod) {
        boolean unexpected = hasUnexpectedController(claim, set, pod);
        List<OwnerReference> refs = new ArrayList<>(StatefulSets.ownerRefs(claim));
        refs.removeIf(ref -> matchesRef(ref, set) || matchesRef(ref, pod));
        if (unexpected) {
            return refs;
        }
        var policy = StatefulSets.retentionPolicy(set);
        boolean scaledDelete = "Delete".equals(policy.getWhenScaled());
        boolean deletedDelete = "Delete".equals(policy.getWhenDeleted());
        boolean scaledDown = !StatefulSets.inOrdinalRange(pod, set);
        if (scaledDelete && scaledDown) {
            refs.add(podRef(pod));
        }
        if (deletedDelete && !(scaledDelete && scaledDown)) {
            refs.add(ControllerRefs.newControllerRef(set));
        }
        return refs;
    }

    /** metav1.NewControllerRef(pod, podKind). */
    private static OwnerReference podRef(Pod pod) {
        return new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder().withApiVersion("v1").withKind("Pod")
                .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    private static boolean hasUnexpectedController(PersistentVolumeClaim claim, StatefulSet set, Pod pod) {
        var policy = StatefulSets.retentionPolicy(set);
        if ("Retain".equals(policy.getWhenScaled()) && "Retain".equals(policy.getWhenDeleted())) {
            return false;
        }
        for (OwnerReference ref : StatefulSets.ownerRefs(claim)) {
            if (matchesRef(ref, set)) {
                if (!Objects.equals(ref.getUid(), set.getMetadata().getUid())) {
                    return true;
                }
                continue;
            }
            if (matchesRef(ref, pod)) {
                if (!Objects.equals(ref.getUid(), pod.getMetadata().getUid())) {
                    return true;
                }
                continue;
            }
            if (Boolean.TRUE.equals(ref.getController())) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasStaleOwnerRef(PersistentVolumeClaim claim, io.fabric8.kubernetes.api.model.HasMetadata owner) {
        for (OwnerReference ref : StatefulSets.ownerRefs(claim)) {
            if (matchesRef(ref, owner)) {
                return !Objects.equals(ref.getUid(), owner.getMetadata().getUid());
            }
        }
        return false;
    }

    /** matchesRef: same apiVersion, kind and name. */
    private static boolean matchesRef(OwnerReference ref, io.fabric8.kubernetes.api.model.HasMetadata owner) {
        String apiVersion = owner instanceof Pod ? "v1" : "apps/v1";
        String kind = owner instanceof Pod ? "Pod" : "StatefulSet";
        return apiVersion.equals(ref.getApiVersion()) && kind.equals(ref.getKind())
                && Objects.equals(ref.getName(), owner.getMetadata().getName());
    }

    // ---------------------------------------------------------------- events

    /** recordPodEvent: {@code SuccessfulCreate "create Pod web-0 in StatefulSet web successful"}, or Failed... with the error. */
    void podEvent(String verb, StatefulSet set, Pod pod, ApiException err) {
        String title = Character.toUpperCase(verb.charAt(0)) + verb.substring(1);
        if (err == null) {
            events.normal(set, "Successful" + title, verb + " Pod " + pod.getMetadata().getName() + " in StatefulSet "
                    + set.getMetadata().getName() + " successful");
        } else {
            events.warning(set, "Failed" + title, verb + " Pod " + pod.getMetadata().getName() + " in StatefulSet "
                    + set.getMetadata().getName() + " failed error: " + err.getMessage());
        }
    }

    /** recordClaimEvent: {@code "create Claim www-web-0 Pod web-0 in StatefulSet web success"}. */
    void claimEvent(String verb, StatefulSet set, Pod pod, PersistentVolumeClaim claim, ApiException err) {
        String title = Character.toUpperCase(verb.charAt(0)) + verb.substring(1);
        if (err == null) {
            events.normal(set, "Successful" + title, verb + " Claim " + claim.getMetadata().getName() + " Pod "
                    + pod.getMetadata().getName() + " in StatefulSet " + set.getMetadata().getName() + " success");
        } else {
            events.warning(set, "Failed" + title, verb + " Claim " + claim.getMetadata().getName() + " for Pod "
                    + pod.getMetadata().getName() + " in StatefulSet " + set.getMetadata().getName() + " failed error: "
                    + err.getMessage());
        }
    }
}
