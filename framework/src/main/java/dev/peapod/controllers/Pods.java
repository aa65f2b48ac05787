package dev.peapod.controllers;

import dev.peapod.store.Timestamps;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

import java.time.Instant;
import java.util.Optional;

/** Pod predicates the controllers share (pkg/api/v1/pod/util.go, pkg/controller/controller_utils.go). */
final class Pods {
    private Pods() {
    }

    /** controller.IsPodActive: not Succeeded, not Failed, and not being deleted. */
    static boolean isActive(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return !"Succeeded".equals(phase) && !"Failed".equals(phase) && pod.getMetadata().getDeletionTimestamp() == null;
    }

    static boolean isTerminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    /** podutil.IsPodReady: the Ready condition is True. */
    static boolean isReady(Pod pod) {
        return readyCondition(pod).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    static Optional<PodCondition> readyCondition(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
    }

    /**
     * podutil.IsPodAvailable: ready, and ready for at least {@code minReadySeconds} (0 needs only
     * ready), counted from the Ready condition's lastTransitionTime.
     */
    static boolean isAvailable(Pod pod, int minReadySeconds, Instant now) {
        if (!isReady(pod)) {
            return false;
        }
        if (minReadySeconds == 0) {
            return true;
        }
        PodCondition ready = readyCondition(pod).orElseThrow();
        if (ready.getLastTransitionTime() == null) {
            return false;
        }
        Instant since = Timestamps.parse(ready.getLastTransitionTime());
        return !since.plusSeconds(minReadySeconds).isAfter(now);
    }


    static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
