package dev.peapod.runtime;

import org.apiguardian.api.API;

import java.time.Duration;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * How an image pull ended: the image as containerd names it, the error (null: pulled), how long the
 * pull itself took (from the moment the node's serial puller started it, not counting the wait in its
 * queue: puller.go serialImagePuller measures around PullImage and GetImageSize) and the image's size
 * in bytes (0 for a failed pull).
 */
@API(status = INTERNAL, since = "0.1")
public record PullResult(String image, String error, Duration took, long sizeBytes) {
    public boolean pulled() {
        return error == null;
    }
}
