package dev.peapod.scheduler;

import io.fabric8.kubernetes.api.model.Pod;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A pod with what the scheduler computes from it once: its priority, requests (exact and with the
 * scoring defaults) and host ports (kubernetes: pkg/scheduler/framework/types.go, PodInfo and
 * NodeInfo.update / calculateResource).
 */
record PodInfo(Pod pod, String key, int priority, Resource requests, long nonZeroMilliCpu, long nonZeroMemory,
               List<HostPorts.HostPort> ports) {

    static PodInfo of(Pod pod) {
        Map<String, BigDecimal> nonZero = PodResources.requests(pod, true);
        return new PodInfo(pod, key(pod), priority(pod), PodResources.toResource(PodResources.requests(pod, false)),
                PodResources.milli(nonZero.getOrDefault("cpu", BigDecimal.ZERO)),
                PodResources.whole(nonZero.getOrDefault("memory", BigDecimal.ZERO)),
                List.copyOf(HostPorts.of(pod)));
    }

    /**
     * As {@link #of(Pod)}, reusing what {@code previous} (the pod's last PodInfo, or null) computed
     * when the pod has the same spec object: a status write shares the stored spec, which is never
     * modified, and everything computed here but the key (the same pod's) comes from the spec. A
     * bound pod's status is written several times as it starts (issue #13).
     */
    static PodInfo of(Pod pod, PodInfo previous) {
        if (previous == null || previous.pod().getSpec() != pod.getSpec()) {
            return of(pod);
        }
        return new PodInfo(pod, previous.key(), previous.priority(), previous.requests(), previous.nonZeroMilliCpu(),
                previous.nonZeroMemory(), previous.ports());
    }

    static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    /** corev1helpers.PodPriority: spec.priority, or 0 when admission did not set it. */
    static int priority(Pod pod) {
        Integer priority = pod.getSpec().getPriority();
        return priority == null ? 0 : priority;
    }
}
