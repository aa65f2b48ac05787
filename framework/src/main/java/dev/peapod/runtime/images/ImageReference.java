package dev.peapod.runtime.images;

import dev.peapod.runtime.Images;

/**
 * An image reference split as containerd resolves it: the fully qualified repository
 * ({@code docker.io/library/nginx}), the tag ({@code 1.27}, {@code latest} when none is given and
 * there is no digest) and the digest ({@code sha256:...}), each empty when absent.
 */
record ImageReference(String repository, String tag, String digest) {
    static ImageReference parse(String image) {
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException("an image reference must not be empty");
        }
        String name = Images.normalized(image.strip());
        String digest = "";
        int at = name.indexOf('@');
        if (at >= 0) {
            digest = name.substring(at + 1);
            name = name.substring(0, at);
        }
        String tag = "";
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            tag = name.substring(colon + 1);
            name = name.substring(0, colon);
        }
        if (name.startsWith("docker.io/") && name.indexOf('/', "docker.io/".length()) < 0) {
            name = "docker.io/library/" + name.substring("docker.io/".length()); // distribution/reference: official images
        }
        return new ImageReference(name, tag, digest);
    }

    /**
     * How a profile's name matches an image: 2 for the same repository and tag, 1 for the same
     * repository when the profile names no tag (it then stands for every tag and digest), 0 for no match.
     */
    static int match(String profileName, String image) {
        ImageReference wanted = parse(profileName);
        ImageReference actual = parse(image);
        if (!wanted.repository.equals(actual.repository)) {
            return 0;
        }
        if (!explicitTag(profileName)) {
            return 1;
        }
        return wanted.tag.equals(actual.tag) ? 2 : 0;
    }

    /** Whether a name carries its own tag ({@code nginx:1.27}); {@code nginx} stands for every tag. */
    private static boolean explicitTag(String name) {
        String last = name.substring(name.lastIndexOf('/') + 1);
        return last.contains(":") && !name.contains("@");
    }
}
