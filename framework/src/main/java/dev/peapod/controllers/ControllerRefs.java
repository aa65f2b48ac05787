package dev.peapod.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import org.apiguardian.api.API;

import java.util.List;
import java.util.Optional;

import static org.apiguardian.api.API.Status.INTERNAL;

/** Controller references (apimachinery/pkg/apis/meta/v1/controller_ref.go). */
@API(status = INTERNAL, since = "0.1")
public final class ControllerRefs {
    private ControllerRefs() {
    }

    /** metav1.GetControllerOf: the owner reference with {@code controller: true}, if any. */
    public static Optional<OwnerReference> controllerOf(HasMetadata object) {
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        if (refs == null) {
            return Optional.empty();
        }
        return refs.stream().filter(ref -> Boolean.TRUE.equals(ref.getController())).findFirst();
    }

    /** Whether {@code object} is controlled by {@code owner} (same uid). */
    public static boolean isControlledBy(HasMetadata object, HasMetadata owner) {
        return controllerOf(object).map(ref -> ref.getUid() != null && ref.getUid().equals(owner.getMetadata().getUid()))
                .orElse(false);
    }

    /** metav1.NewControllerRef: controller and blockOwnerDeletion set. */
    public static OwnerReference newControllerRef(HasMetadata owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }
}
