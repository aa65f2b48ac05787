package dev.peapod.controllers;

import dev.peapod.core.PeapodException;
import dev.peapod.spi.ClusterContext;
import dev.peapod.store.ApiException;
import dev.peapod.store.Copies;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Creating and deleting a controller's pods (pkg/controller/controller_utils.go RealPodControl),
 * with its events: {@code SuccessfulCreate "Created pod: web-x7k2p"}, {@code FailedCreate
 * "Error creating: ..."}, {@code SuccessfulDelete "Deleted pod: web-x7k2p"}, {@code FailedDelete}.
 */
final class PodControl {
    static final String SUCCESSFUL_CREATE = "SuccessfulCreate";
    static final String FAILED_CREATE = "FailedCreate";
    static final String SUCCESSFUL_DELETE = "SuccessfulDelete";
    static final String FAILED_DELETE = "FailedDelete";

    private final ClusterContext context;
    private final ControllerEvents events;

    PodControl(ClusterContext context, ControllerEvents events) {
        this.context = context;
        this.events = events;
    }

    /**
     * GetPodFromTemplate: the template's labels, annotations, finalizers and spec, generateName
     * {@code <owner>-}, and the owner's controller reference.
     */
    static Pod podFromTemplate(PodTemplateSpec template, HasMetadata owner, OwnerReference controllerRef) {
        Pod pod = new Pod();
        ObjectMeta meta = new ObjectMeta();
        ObjectMeta templateMeta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        meta.setLabels(templateMeta.getLabels() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(templateMeta.getLabels()));
        meta.setAnnotations(templateMeta.getAnnotations() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(templateMeta.getAnnotations()));
        meta.setFinalizers(templateMeta.getFinalizers() == null ? new ArrayList<>() : new ArrayList<>(templateMeta.getFinalizers()));
        meta.setGenerateName(owner.getMetadata().getName() + "-"); // getPodsPrefix
        meta.setNamespace(owner.getMetadata().getNamespace());
        List<OwnerReference> refs = new ArrayList<>();
        if (controllerRef != null) {
            refs.add(controllerRef);
        }
        meta.setOwnerReferences(refs);
        pod.setMetadata(meta);
        pod.setSpec(Copies.copy(template.getSpec()));
        return pod;
    }

    /**
     * CreatePodsWithGenerateName: creates the pod and records SuccessfulCreate; when the API server
     * refuses it, records FailedCreate with its message and returns the refusal.
     */
    Optional<ApiException> create(Pod pod, HasMetadata owner) {
        if (pod.getMetadata().getLabels() == null || pod.getMetadata().getLabels().isEmpty()) {
            throw new PeapodException("unable to create pods, no labels"); // validation makes this unreachable
        }
        try {
            Pod created = context.store().create(pod);
            events.normal(owner, SUCCESSFUL_CREATE, "Created pod: " + created.getMetadata().getName());
            return Optional.empty();
        } catch (ApiException refused) {
            if (refused.hasStatusCause(dev.peapod.store.NamespaceLifecycle.TERMINATING_CAUSE)) {
                // "if the namespace is being terminated, we don't have to do anything because any creation
                // will fail": no event (RealPodControl.createPods), no error (the callers' HasStatusCause checks)
                return Optional.empty();
            }
            events.warning(owner, FAILED_CREATE, "Error creating: " + refused.getMessage());
            return Optional.of(refused);
        }
    }

    /** DeletePod: deletes with the pod's own grace period and records SuccessfulDelete; a pod already gone is no error. */
    Optional<ApiException> delete(Pod pod, HasMetadata owner) {
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        try {
            context.store().shared().delete(Pod.class, namespace, name);
            events.normal(owner, SUCCESSFUL_DELETE, "Deleted pod: " + name);
            return Optional.empty();
        } catch (ApiException failed) {
            if (failed.code() == 404) {
                return Optional.empty(); // "pod %v/%v has already been deleted."
            }
            events.warning(owner, FAILED_DELETE, "Error deleting: " + failed.getMessage());
            return Optional.of(failed);
        }
    }
}
