package dev.peapod.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a pod spec that kube-scheduler v1.33 acts on and Peapod's scheduler does not yet:
 * the volume plugins. A pod using them is scheduled as if they were absent, so the scheduler says so
 * on the pod's timeline instead of staying silent.
 */
final class Unsupported {
    private Unsupported() {
    }

    /** What of the pod's spec the scheduler ignores, in spec order; empty if nothing. */
    static List<String> ignoredBy(Pod pod) {
        List<String> ignored = new ArrayList<>();
        List<Volume> volumes = pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
        if (volumes.stream().anyMatch(v -> v.getPersistentVolumeClaim() != null || v.getEphemeral() != null)) {
            ignored.add("persistent volume claims (VolumeBinding, VolumeZone, NodeVolumeLimits, VolumeRestrictions)");
        }
        return ignored;
    }
}
