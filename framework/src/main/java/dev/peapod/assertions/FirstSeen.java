package dev.peapod.assertions;

import io.fabric8.kubernetes.api.model.Pod;

import java.time.Duration;

/**
 * Who the pod was when a {@link PodAssert} first saw it: the identity {@code isStillOnTheSameNode()}
 * compares with. A node or IP the pod did not have yet is taken the first time it is seen with one,
 * as long as it is still the same pod (same uid).
 */
final class FirstSeen {
    private String uid;              // null until the pod has been seen
    private String node;
    private String podIp;
    private Duration at;             // virtual time of the first sighting
    private String resourceVersion;  // of the first sighting: unchanged means nothing happened to the pod

    void observe(Pod pod, Duration now) {
        String podUid = pod.getMetadata().getUid();
        if (uid == null) {
            uid = podUid;
            node = PodFacts.node(pod);
            podIp = PodFacts.podIp(pod);
            at = now;
            resourceVersion = pod.getMetadata().getResourceVersion();
        } else if (uid.equals(podUid)) {
            node = node != null ? node : PodFacts.node(pod);
            podIp = podIp != null ? podIp : PodFacts.podIp(pod);
        }
    }

    /** True when the pod is exactly as first seen, at the same instant: a comparison would prove nothing. */
    boolean isUnchanged(Pod pod, Duration now) {
        return now.equals(at) && resourceVersion != null && resourceVersion.equals(pod.getMetadata().getResourceVersion());
    }

    String uid() {
        return uid;
    }

    String node() {
        return node;
    }

    String podIp() {
        return podIp;
    }

    Duration at() {
        return at;
    }
}
