package dev.peapod.controllers;

import dev.peapod.spi.ClusterContext;
import dev.peapod.spi.Component;
import dev.peapod.store.Copies;
import dev.peapod.store.ListOptions;
import dev.peapod.store.WatchEvent;
import dev.peapod.time.WorkQueue;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import org.apiguardian.api.API;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * A simple bind-at-once model of dynamic provisioning: what an external provisioner and the
 * PersistentVolume controller (kubernetes: pkg/controller/volume/persistentvolume/pv_controller.go)
 * do for a claim with a storage class, at the instant the claim appears. A claim whose
 * {@code storageClassName} is set (or unset, as if the cluster had a default class, as kind's
 * {@code standard} is) gets a new PersistentVolume {@code pvc-<claim uid>} with the requested
 * capacity, the claim's access modes and volume mode, reclaim policy Delete and a claimRef to the
 * claim; the claim gets {@code spec.volumeName}, the binder's annotations and status Bound. When
 * the claim is deleted, its volume is deleted too (reclaim policy Delete).
 *
 * <p>Not simulated: StorageClass objects (their provisioner, parameters, reclaim policy,
 * volumeBindingMode WaitForFirstConsumer, allowVolumeExpansion), provisioning and binding delays,
 * binding to existing PersistentVolumes (static provisioning, {@code spec.volumeName},
 * {@code spec.selector}), {@code dataSource}, the protection finalizers, and capacity limits. A
 * claim with {@code storageClassName: ""} asks for a static volume and stays Pending.
 */
@API(status = INTERNAL, since = "0.1")
public final class VolumeBinder implements Component {
    /** pv_controller: the claim was bound by the controller, and the binding is complete. */
    static final String BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller";
    static final String BIND_COMPLETED = "pv.kubernetes.io/bind-completed";

    private ClusterContext context;
    private WorkQueue<String> queue;

    @Override
    public String name() {
        return "persistentvolume-binder-controller";
    }

    @Override
    public void start(ClusterContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.queue = new WorkQueue<>(context.loop(), name(), this::sync);
        context.store().watch(PersistentVolumeClaim.class, ListOptions.all(), null,
                (WatchEvent<PersistentVolumeClaim> e) -> queue.add(Pods.key(e.object().getMetadata().getNamespace(),
                        e.object().getMetadata().getName())));
    }

    private void sync(String key) {
        int slash = key.indexOf('/');
        String namespace = key.substring(0, slash);
        String name = key.substring(slash + 1);
        PersistentVolumeClaim claim = context.store().peek(PersistentVolumeClaim.class, namespace, name);
        if (claim == null) {
            reclaim(namespace, name, null);
            return;
        }
        reclaim(namespace, name, claim.getMetadata().getUid()); // a volume of an earlier claim of that name
        if (claim.getMetadata().getDeletionTimestamp() != null || isBound(claim) || !provisionable(claim)) {
            return;
        }
        PersistentVolume volume = context.store().create(volumeFor(claim));
        context.store().shared().editStatus(PersistentVolume.class, null, volume.getMetadata().getName(),
                pv -> pv.setStatus(new PersistentVolumeStatusBuilder().withPhase("Bound").build()));
        PersistentVolumeClaim bound = context.store().edit(PersistentVolumeClaim.class, namespace, name, c -> {
            c.getSpec().setVolumeName(volume.getMetadata().getName());
            Map<String, String> annotations = c.getMetadata().getAnnotations() == null ? new LinkedHashMap<>()
                    : new LinkedHashMap<>(c.getMetadata().getAnnotations());
            annotations.put(BIND_COMPLETED, "yes");
            annotations.put(BOUND_BY_CONTROLLER, "yes");
            c.getMetadata().setAnnotations(annotations);
        });
        PersistentVolumeClaim status = Copies.copy(bound);
        status.setStatus(new PersistentVolumeClaimStatusBuilder().withPhase("Bound")
                .withAccessModes(volume.getSpec().getAccessModes())
                .withCapacity(volume.getSpec().getCapacity()).build());
        context.store().shared().updateStatus(status);
    }

    private static boolean isBound(PersistentVolumeClaim claim) {
        return claim.getStatus() != null && "Bound".equals(claim.getStatus().getPhase());
    }

    /** Dynamic provisioning applies: a class is named or left to the default, and no volume is asked for by name. */
    static boolean provisionable(PersistentVolumeClaim claim) {
        String storageClass = claim.getSpec().getStorageClassName();
        return (storageClass == null || !storageClass.isEmpty())
                && (claim.getSpec().getVolumeName() == null || claim.getSpec().getVolumeName().isEmpty())
                && claim.getSpec().getSelector() == null;
    }

    /** The volume a provisioner makes for the claim: {@code pvc-<uid>}, the requested size, reclaim policy Delete. */
    static PersistentVolume volumeFor(PersistentVolumeClaim claim) {
        Map<String, Quantity> capacity = new LinkedHashMap<>();
        var resources = claim.getSpec().getResources();
        if (resources != null && resources.getRequests() != null && resources.getRequests().get("storage") != null) {
            capacity.put("storage", resources.getRequests().get("storage"));
        }
        return new PersistentVolumeBuilder()
                .withNewMetadata().withName("pvc-" + claim.getMetadata().getUid()).endMetadata()
                .withNewSpec()
                    .withCapacity(capacity)
                    .withAccessModes(claim.getSpec().getAccessModes())
                    .withPersistentVolumeReclaimPolicy("Delete")
                    .withStorageClassName(claim.getSpec().getStorageClassName())
                    .withVolumeMode(claim.getSpec().getVolumeMode() == null ? "Filesystem" : claim.getSpec().getVolumeMode())
                    .withClaimRef(new ObjectReferenceBuilder().withKind("PersistentVolumeClaim").withApiVersion("v1")
                            .withNamespace(claim.getMetadata().getNamespace()).withName(claim.getMetadata().getName())
                            .withUid(claim.getMetadata().getUid()).build())
                .endSpec()
                .build();
    }

    /** reclaimVolume: a volume whose claim is gone (another uid, or none) is deleted, its policy being Delete. */
    private void reclaim(String namespace, String name, String liveUid) {
        List<PersistentVolume> volumes = context.store().list(PersistentVolume.class, ListOptions.all());
        for (PersistentVolume pv : volumes) {
            var ref = pv.getSpec() == null ? null : pv.getSpec().getClaimRef();
            if (ref != null && namespace.equals(ref.getNamespace()) && name.equals(ref.getName())
                    && !Objects.equals(ref.getUid(), liveUid) && "Delete".equals(pv.getSpec().getPersistentVolumeReclaimPolicy())
                    && pv.getMetadata().getDeletionTimestamp() == null) {
                context.store().shared().delete(PersistentVolume.class, null, pv.getMetadata().getName());
            }
        }
    }
}
