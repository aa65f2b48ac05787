package dev.peapod.runtime;

import org.apiguardian.api.API;

import java.time.Duration;

import static org.apiguardian.api.API.Status.INTERNAL;

/** How an image pull ended: the image as containerd names it, the error (null: pulled) and how long it took. */
@API(status = INTERNAL, since = "0.1")
public record PullResult(String image, String error, Duration took) {
    public boolean pulled() {
        return error == null;
    }
}
