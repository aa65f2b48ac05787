package dev.peapod.assertions;

import dev.peapod.FakeCluster;
import dev.peapod.core.PeapodException;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * Every virtual wait runs through here. A wait started inside another wait's condition would move
 * the clock under the outer wait's feet, so that is refused with an explanation.
 */
final class Waiting {
    /** Per thread: one cluster runs on one thread (DESIGN §2); parallel tests each have their own. */
    private static final ThreadLocal<Boolean> WAITING = ThreadLocal.withInitial(() -> false);

    private Waiting() {
    }

    /** Whether a wait runs on this thread: its condition's checks are tries, not the test's checks. */
    static boolean active() {
        return WAITING.get();
    }

    static boolean run(FakeCluster cluster, Predicate<FakeCluster> condition, Duration limit) {
        if (WAITING.get()) {
            throw new PeapodException("a virtual wait cannot start inside the condition of another wait: a condition"
                    + " only looks at the cluster, and the outer wait moves the clock");
        }
        WAITING.set(true);
        try {
            return cluster.runUntil(condition, limit);
        } finally {
            WAITING.set(false);
        }
    }
}
