package dev.peapod.runtime;

import java.util.Map;

/**
 * The sizes Peapod gives the images of its built-in profiles when a test declares none. The kubelet's
 * {@code Pulled} event and the node's {@code status.images} print what the runtime's ImageStatus
 * reports; containerd reports the image's compressed resource size for the node's platform (the
 * manifest, the config and the compressed layers: containerd internal/cri/store/image/image.go
 * getImage, "get image compressed resource size"; the kubelet reads it with GetImageSize in
 * pkg/kubelet/images/puller.go). Each figure below is one containerd node's {@code Pulled} event
 * for linux/amd64, for the tag the profile models; every tag of the repository gets it.
 * An image Peapod knows nothing of is 0 bytes: Peapod does not invent a size.
 */
final class ImageSizes {
    /** By repository as containerd names it (no tag, no digest). */
    private static final Map<String, Long> BUILT_IN = Map.of(
            "registry.k8s.io/pause", 320_368L,                  // pause:3.10
            "docker.io/library/busybox", 2_217_006L,            // busybox:1.36
            "docker.io/library/alpine", 3_813_273L,             // alpine:latest (3.21)
            "docker.io/library/ubuntu", 29_710_357L,            // ubuntu:latest (24.04)
            "docker.io/library/nginx", 68_857_691L);            // nginx:1.27

    private ImageSizes() {
    }

    /** The built-in size of an image in any form ({@code busybox}, {@code docker.io/library/busybox:1.36}); 0 when Peapod has none. */
    static long builtIn(String image) {
        return BUILT_IN.getOrDefault(repository(Images.normalized(image)), 0L);
    }

    /** A normalized reference without its tag or digest. */
    static String repository(String normalized) {
        int at = normalized.indexOf('@');
        if (at >= 0) {
            return normalized.substring(0, at);
        }
        int colon = normalized.lastIndexOf(':');
        return colon > normalized.lastIndexOf('/') ? normalized.substring(0, colon) : normalized;
    }
}
