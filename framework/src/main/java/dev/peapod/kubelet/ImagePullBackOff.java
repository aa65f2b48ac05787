package dev.peapod.kubelet;

import java.time.Duration;
import java.time.Instant;

/**
 * The back-off of one image for one pod (pkg/kubelet/images/image_manager.go, key podUID_image): 10 s
 * after a failed pull, doubling to 300 s, measured from the last failed pull (IsInBackOffSinceUpdate);
 * an entry untouched for twice the cap starts again (client-go's default expiry).
 */
final class ImagePullBackOff {
    private Duration backoff;
    private Instant lastUpdate;
    private String lastError;          // "<reason>: <message>" of the last failed pull

    boolean isInBackOff(Instant now) {
        if (backoff == null || Duration.between(lastUpdate, now).compareTo(CrashLoopBackOff.MAX.multipliedBy(2)) > 0) {
            return false;
        }
        return Duration.between(lastUpdate, now).compareTo(backoff) < 0;
    }

    String lastError() {
        return lastError;
    }

    /** A pull failed now, with this error. */
    void failed(Instant now, String error) {
        lastError = error;
        if (backoff == null || Duration.between(lastUpdate, now).compareTo(CrashLoopBackOff.MAX.multipliedBy(2)) > 0) {
            backoff = CrashLoopBackOff.INITIAL;
        } else {
            Duration doubled = backoff.multipliedBy(2);
            backoff = doubled.compareTo(CrashLoopBackOff.MAX) > 0 ? CrashLoopBackOff.MAX : doubled;
        }
        lastUpdate = now;
    }
}
