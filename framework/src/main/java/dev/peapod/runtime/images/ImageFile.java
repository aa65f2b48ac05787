package dev.peapod.runtime.images;

import org.apiguardian.api.API;

import java.util.Objects;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/** A file an image brings: its text and its permission bits ({@code 0644}, {@code 0755}). */
@API(status = EXPERIMENTAL, since = "0.1")
public record ImageFile(String content, int mode) {
    public ImageFile {
        Objects.requireNonNull(content, "content");
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("mode must be between 0 and 07777, got " + Integer.toOctalString(mode));
        }
    }

    /** A regular file readable by everyone, written by its owner (0644), as image layers usually have it. */
    public static ImageFile of(String content) {
        return new ImageFile(content, 0644);
    }

    /** An executable script or binary (0755). */
    public static ImageFile executable(String content) {
        return new ImageFile(content, 0755);
    }
}
