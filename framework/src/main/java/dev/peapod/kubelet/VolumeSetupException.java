package dev.peapod.kubelet;

import dev.peapod.core.PeapodException;

/**
 * A volume the kubelet could not set up, carrying upstream's error text word for word
 * (e.g. {@code configmap "app-config" not found}): the text is what the kubelet puts after
 * {@code MountVolume.SetUp failed for volume "<name>" : } in its FailedMount event
 * ({@link VolumePayloads#failedMountMessage}). The pod stays in ContainerCreating and the kubelet
 * tries again, as upstream's reconciler does; creating the missing object is what ends it.
 */
final class VolumeSetupException extends PeapodException {
    VolumeSetupException(String upstreamError) {
        super(upstreamError);
    }
}
