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

    boolean isInBackOff(Instant now) {
        if (backoff == null || Duration.between(lastUpdate, now).compareTo(CrashLoopBackOff.MAX.multipliedBy(2)) > 0) {
            return false;
        }
        return Duration.between(lastUpdate, now).compareTo(backoff) < 0;
    }

    /** A pull failed now. */
    void failed(Instant now) {
        if (backoff == null || Duration.between(lastUpdate, now).compareTo(CrashLoopBackOff.MAX.multipliedBy(2)) > 0) {
            backoff = CrashLoopBackOff.INITIAL;
        } else {
            Duration doubled = backoff.multipliedBy(2);
            backoff = doubled.compareTo(CrashLoopBackOff.MAX) > 0 ? CrashLoopBackOff.MAX : doubled;
        }
        lastUpdate = now;
    }
}
