package dev.peapod.runtime;

import dev.peapod.core.BoundedMemo;

import org.apiguardian.api.API;

import static org.apiguardian.api.API.Status.INTERNAL;

/** Image references as containerd reports them. */
@API(status = INTERNAL, since = "0.1")
public final class Images {
    private Images() {
    }

    /** Fully qualified: {@code nginx} is {@code docker.io/library/nginx:latest}, {@code me/app:1} is {@code docker.io/me/app:1}. */
    public static String normalized(String image) {
        String name = image;
        int slash = name.indexOf('/');
        String first = slash < 0 ? "" : name.substring(0, slash);
        boolean hasDomain = slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"));
        if (!hasDomain) {
            name = (slash < 0 ? "docker.io/library/" : "docker.io/") + name;
        }
        String last = name.substring(name.lastIndexOf('/') + 1);
        if (!last.contains(":") && !name.contains("@")) {
            name = name + ":latest";
        }
        return name;
    }

    /**
     * The groups {@code /etc/group} of an image lists root in, which containerd adds to a process running
     * as root (oci.WithAdditionalGIDs; "we only want supplemental groups": a group named as the user is
     * left out). Simulated processes run as root. busybox lists root in {@code wheel}; Alpine 3.21 (and
     * agnhost, built on it) in bin, daemon, sys, adm, disk, wheel, floppy, dialout, tape and video, as
     * {@code id} there says; Debian and Ubuntu images (nginx, httpd) in none. An image Peapod has no
     * profile for is taken as Debian's.
     */
    public static java.util.List<Long> rootGroups(String image) {
        String ref = normalized(image);
        String repository = ref.substring(ref.lastIndexOf('/') + 1).split("[:@]")[0];
        return switch (repository) {
            case "busybox" -> java.util.List.of(10L);
            case "alpine", "agnhost" -> java.util.List.of(1L, 2L, 3L, 4L, 6L, 10L, 11L, 20L, 26L, 27L);
            default -> java.util.List.of();
        };
    }

    /** containerd's answer for a reference the registry does not know (a typo, a missing tag). */
    static String notFound(String image) {
        String ref = normalized(image);
        return "rpc error: code = NotFound desc = failed to pull and unpack image \"" + ref + "\": failed to resolve reference \""
                + ref + "\": " + ref + ": not found";
    }

    /**
     * The image's digest reference, {@code docker.io/library/nginx@sha256:<64 hex>}: a digest derived
     * from the normalized reference, so that one image always has one id (the kubelet's imageID of a
     * container uses the same derivation). A reference with a digest is its own.
     */
    public static String digestReference(String image) {
        return DIGESTS.get(image); // every generated container status asks: a SHA-256 each time otherwise
    }

    /** {@link #digestReference} by image string: a pure function of it. Bounded, for a JVM that sees ever new names. */
    private static final BoundedMemo<String, String> DIGESTS = new BoundedMemo<>(4096, Images::computeDigestReference);

    private static String computeDigestReference(String image) {
        String normalized = normalized(image);
        int at = normalized.indexOf('@');
        if (at >= 0) {
            return normalized;
        }
        String repository = normalized.substring(0, normalized.lastIndexOf(':'));
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(normalized.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return repository + "@sha256:" + java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
