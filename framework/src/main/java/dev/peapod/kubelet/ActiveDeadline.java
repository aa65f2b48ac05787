package dev.peapod.kubelet;

import dev.peapod.time.Timer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;

import java.time.Duration;
import java.time.Instant;

/**
 * spec.activeDeadlineSeconds on the node: upstream's activeDeadlineHandler (pkg/kubelet/active_deadline.go,
 * v1.33), a pod sync handler that the kubelet asks at every generateAPIPodStatus whether the pod must
 * fail (ShouldEvict) and, at every tick of the sync loop, whether it must be synced (ShouldSync).
 *
 * <p>The deadline counts from the pod's {@code status.startTime} and is passed when
 * {@code now - startTime >= activeDeadlineSeconds} ({@code >=}, errata B minor items). A pod past it fails with
 * phase Failed, reason {@value #REASON} and message {@value #MESSAGE}; each ShouldEvict call that finds
 * the deadline passed records a Normal {@value #REASON} event, so one pod gets one at the SyncPod that
 * notices, one at the start of SyncTerminatingPod, one after its kill and one in SyncTerminatedPod
 * (kubelet.go, the four generateAPIPodStatus calls of a pod's end): the API aggregates them into one
 * event with count 4.
 *
 * <p>When: upstream's sync loop ticks every second (syncCh) and syncs the pods ShouldSync names, so a
 * real kubelet notices within a second after the deadline, at a phase of the tick no test can know.
 * Peapod's kubelet has no one-second tick; it reacts at the deadline itself, as it reacts at once to
 * exits and probe results (DESIGN §5 item 5): a timer on the event loop wakes the pod worker then.
 */
final class ActiveDeadline {
    /** active_deadline.go {@code reason}. */
    static final String REASON = "DeadlineExceeded";
    /** active_deadline.go {@code message}. */
    static final String MESSAGE = "Pod was active on the node longer than the specified deadline";

    private final PodWorker worker;
    /** The timer that wakes the worker at the deadline; null when none is armed. */
    private Timer timer;

    ActiveDeadline(PodWorker worker) {
        this.worker = worker;
    }

    /** The instant the pod's deadline passes; null without a deadline or a start time. */
    static Instant deadline(Pod pod, Instant startTime) {
        Long seconds = pod.getSpec() == null ? null : pod.getSpec().getActiveDeadlineSeconds();
        if (seconds == null || startTime == null) {
            return null; // no deadline, or "we have no start time so just return"
        }
        return startTime.plus(Duration.ofSeconds(seconds));
    }

    /** pastActiveDeadline: {@code clock.Since(start) >= activeDeadlineSeconds}. */
    static boolean past(Pod pod, Instant startTime, Instant now) {
        Instant deadline = deadline(pod, startTime);
        return deadline != null && !now.isBefore(deadline);
    }

    /**
     * ShouldEvict at one of upstream's generateAPIPodStatus calls: true when the pod is past its
     * deadline, after recording the Normal event that upstream records at every such call.
     */
    boolean shouldEvict(Pod pod, Instant startTime) {
        if (!past(pod, startTime, worker.context.clock().now())) {
            return false;
        }
        worker.event(null, "Normal", REASON, MESSAGE);
        return true;
    }

    /**
     * ShouldSync, as a timer: wakes the worker at the pod's deadline. Called at every sync of a running
     * pod, so a spec that adds or lowers the deadline moves the timer; a pod without one has none.
     */
    void arm(Pod pod, Instant startTime) {
        Instant at = deadline(pod, startTime);
        if (timer != null && timer.at().equals(at)) {
            return;
        }
        cancel();
        if (at != null) {
            timer = worker.context.loop().schedule(at, "active deadline " + worker.key(), worker::requestSync);
        }
    }

    /** The pod is terminating or gone: no more wake-ups. */
    void cancel() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    /**
     * The status the status manager sends while the pod may still have running containers
     * (pkg/kubelet/status/status_manager.go mergePodStatus): a transition to a terminal phase waits,
     * and the API keeps the phase, reason and message it had, until SyncTerminatingPod has stopped
     * every container.
     */
    static PodStatus delayTerminal(PodStatus generated, PodStatus published) {
        if (published == null || isTerminal(published.getPhase()) || !isTerminal(generated.getPhase())) {
            return generated;
        }
        PodStatus delayed = new io.fabric8.kubernetes.api.model.PodStatusBuilder(generated)
                .withPhase(published.getPhase())
                .withReason(published.getReason())
                .withMessage(published.getMessage())
                .build();
        return delayed;
    }

    private static boolean isTerminal(String phase) {
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }
}
