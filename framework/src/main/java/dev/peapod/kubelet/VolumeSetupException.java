package dev.peapod.kubelet;

import dev.peapod.core.PeapodException;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * A volume the kubelet could not set up, carrying upstream's error text word for word
 * (e.g. {@code configmap "app-config" not found}): the text is what the kubelet puts after
 * {@code MountVolume.SetUp failed for volume "<name>" : } in its FailedMount event
 * ({@link VolumePayloads#failedMountMessage}). The pod stays in ContainerCreating and the kubelet
 * tries again, as upstream's reconciler does; creating the missing object is what ends it.
 */
final class VolumeSetupException extends PeapodException {
    private final List<String> errors;

    VolumeSetupException(String upstreamError) {
        this(List.of(upstreamError));
    }

    /**
     * Several errors as utilerrors.NewAggregate reports them (k8s.io/apimachinery/pkg/util/errors):
     * one alone as itself, several deduplicated, comma-separated, in brackets.
     */
    VolumeSetupException(List<String> upstreamErrors) {
        super(aggregate(upstreamErrors));
        this.errors = List.copyOf(new LinkedHashSet<>(upstreamErrors));
    }

    /** The single errors, flattened as the aggregate's visit does. */
    List<String> errors() {
        return errors;
    }

    private static String aggregate(List<String> errors) {
        List<String> unique = List.copyOf(new LinkedHashSet<>(errors));
        return unique.size() == 1 ? unique.get(0) : "[" + String.join(", ", unique) + "]";
    }
}
