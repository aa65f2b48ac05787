package dev.peapod.controllers;

import dev.peapod.store.Timestamps;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Job controller's pod-failure back-off (pkg/controller/job/backoff_utils.go): after the n-th
 * failure since the last success a replacement waits {@code 10 s * 2^(n-1)}, at most 10 min
 * (job_controller.go DefaultJobPodFailureBackOff, MaxJobPodFailureBackOff, v1.33), counted from the
 * failed pod's finish time.
 */
final class JobBackoff {
    static final Duration DEFAULT = Duration.ofSeconds(10);
    static final Duration MAX = Duration.ofMinutes(10);

    /** backoffRecord: consecutive failures since the last success, and when the last one finished. */
    record Record(int failuresAfterLastSuccess, Instant lastFailureTime) {
        static final Record NONE = new Record(0, null);

        /** backoffRecord.getRemainingTime. */
        Duration remaining(Instant now) {
            return JobBackoff.remaining(now, failuresAfterLastSuccess, lastFailureTime);
        }
    }

    private JobBackoff() {
    }

    /** backoffStore.newBackoffRecord: the record after this sync's newly succeeded and failed pods. */
    static Record next(Record old, List<Pod> newSucceeded, List<Pod> newFailed) {
        Record backoff = old == null ? Record.NONE : old;
        List<Pod> succeeded = byFinishedTime(newSucceeded);
        List<Pod> failed = byFinishedTime(newFailed);
        if (succeeded.isEmpty()) {
            if (failed.isEmpty()) {
                return backoff;
            }
            return new Record(backoff.failuresAfterLastSuccess() + failed.size(), finishedTime(failed.get(failed.size() - 1)));
        }
        if (failed.isEmpty()) {
            return Record.NONE;
        }
        Instant lastSuccess = finishedTime(succeeded.get(succeeded.size() - 1));
        int failures = 0;
        Instant lastFailure = null;
        for (int i = failed.size() - 1; i >= 0; i--) {
            Instant at = finishedTime(failed.get(i));
            if (!at.isAfter(lastSuccess)) {
                break;
            }
            if (lastFailure == null) {
                lastFailure = at;
            }
            failures++;
        }
        return new Record(failures, lastFailure);
    }

    /** getRemainingTimeForFailuresCount: zero once the back-off has passed. */
    static Duration remaining(Instant now, int failures, Instant lastFailure) {
        if (failures == 0) {
            return Duration.ZERO;
        }
        Duration backoff = DEFAULT;
        for (int i = 1; i < failures; i++) {
            backoff = backoff.multipliedBy(2);
            if (backoff.compareTo(MAX) >= 0) {
                backoff = MAX;
                break;
            }
        }
        Duration elapsed = Duration.between(lastFailure, now);
        if (backoff.compareTo(elapsed) < 0) {
            return Duration.ZERO;
        }
        return backoff.minus(elapsed);
    }

    private static List<Pod> byFinishedTime(List<Pod> pods) {
        List<Pod> sorted = new ArrayList<>(pods);
        sorted.sort(Comparator.comparing(JobBackoff::finishedTime)); // sort.Slice; ties keep the list's order here
        return sorted;
    }

    /**
     * getFinishedTime: the latest container finishedAt if every container (and sidecar) has
     * terminated, else the Ready=False condition's transition, else deletionTimestamp minus the
     * grace period, else the creation time.
     */
    static Instant finishedTime(Pod pod) {
        Instant containers = fromContainers(pod);
        if (containers != null) {
            return containers;
        }
        var ready = Pods.readyCondition(pod);
        if (ready.isPresent() && "False".equals(ready.get().getStatus()) && ready.get().getLastTransitionTime() != null) {
            return Timestamps.parse(ready.get().getLastTransitionTime());
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            Long grace = pod.getMetadata().getDeletionGracePeriodSeconds();
            return Timestamps.parse(pod.getMetadata().getDeletionTimestamp()).minusSeconds(grace == null ? 0 : grace);
        }
        return Timestamps.parse(pod.getMetadata().getCreationTimestamp());
    }

    /** getFinishTimeFromContainers: the app containers', then the sidecars' (SidecarContainers is GA). */
    private static Instant fromContainers(Pod pod) {
        if (pod.getStatus() == null) {
            return null;
        }
        Instant finish = latest(null, pod.getStatus().getContainerStatuses());
        Set<String> sidecars = pod.getSpec() == null || pod.getSpec().getInitContainers() == null ? Set.of()
                : pod.getSpec().getInitContainers().stream().filter(c -> "Always".equals(c.getRestartPolicy()))
                        .map(Container::getName).collect(Collectors.toSet());
        List<ContainerStatus> init = pod.getStatus().getInitContainerStatuses();
        if (init == null) {
            return finish;
        }
        return latest(finish, init.stream().filter(s -> sidecars.contains(s.getName())).toList());
    }

    /** latestFinishTime: null as soon as one container has not terminated. */
    private static Instant latest(Instant previous, List<ContainerStatus> statuses) {
        Instant finish = previous;
        if (statuses == null) {
            return finish;
        }
        for (ContainerStatus status : statuses) {
            if (status.getState() == null || status.getState().getTerminated() == null
                    || status.getState().getTerminated().getFinishedAt() == null) {
                return null;
            }
            Instant at = Timestamps.parse(status.getState().getTerminated().getFinishedAt());
            if (finish == null || finish.isBefore(at)) {
                finish = at;
            }
        }
        return finish;
    }
}
