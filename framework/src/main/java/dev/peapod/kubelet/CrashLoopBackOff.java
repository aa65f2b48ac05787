package dev.peapod.kubelet;

import java.time.Duration;
import java.time.Instant;

/**
 * One container's restart back-off, as client-go's flowcontrol.Backoff with the kubelet's settings
 * (pkg/kubelet/kubelet.go): 10 s initial, doubling, capped at 300 s; the entry expires when the
 * exit comes more than 600 s after the last restart decision (HasExpiredFunc, errata A-6).
 */
final class CrashLoopBackOff {
    static final Duration INITIAL = Duration.ofSeconds(10);
    static final Duration MAX = Duration.ofSeconds(300);
    static final Duration EXPIRY = Duration.ofSeconds(600);

    /** The current back-off; null before the first restart decision. */
    private Duration backoff;
    /** When the back-off last changed: the kubelet clock at the last restart decision. */
    private Instant lastUpdate;

    /** True while a container that exited at {@code finishedAt} must wait (IsInBackOffSince). */
    boolean isInBackOffSince(Instant finishedAt, Instant now) {
        if (backoff == null || expired(finishedAt)) {
            return false;
        }
        return Duration.between(finishedAt, now).compareTo(backoff) < 0;
    }

    /** Records a restart decision (Backoff.Next): a fresh entry is 10 s, later ones double up to 300 s. */
    void next(Instant finishedAt, Instant now) {
        if (backoff == null || expired(finishedAt)) {
            backoff = INITIAL;
        } else {
            Duration doubled = backoff.multipliedBy(2);
            backoff = doubled.compareTo(MAX) > 0 ? MAX : doubled;
        }
        lastUpdate = now;
    }

    Duration current() {
        return backoff;
    }

    /** When a container that exited at {@code finishedAt} may start again. */
    Instant expiresAt(Instant finishedAt) {
        return finishedAt.plus(backoff);
    }

    private boolean expired(Instant finishedAt) {
        return Duration.between(lastUpdate, finishedAt).compareTo(EXPIRY) > 0;
    }
}
