package dev.peapod.cucumber;

import dev.peapod.timeline.Fact;
import dev.peapod.timeline.TimelineEntry;
import io.cucumber.java.en.Then;
import org.apiguardian.api.API;

import java.time.Duration;
import java.util.List;

/**
 * How a pod failed without a container failing it: the kubelet's activeDeadlineSeconds
 * ({@code DeadlineExceeded}) and its admission ({@code OutOfcpu}, {@code NodeAffinity}, ...). Each
 * delegates to {@code PodAssert.hasFailed().hasReason(..)} and the pod's timeline.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class DeadlineSteps {
    private final PeapodWorld world;

    public DeadlineSteps(PeapodWorld world) {
        this.world = world;
    }

    /**
     * The pod's phase is Failed with this {@code status.reason}: {@code "DeadlineExceeded"}. Example: {@code Then pod
     * "batch" failed with reason "DeadlineExceeded"}.
     */
    @Then("pod {pod} failed with reason {string}")
    public void failedWithReason(PodName pod, String reason) {
        world.pod(pod).hasFailed().hasReason(reason);
    }

    /** The same, and {@code status.message} exactly. */
    @Then("pod {pod} failed with reason {string} and message {string}")
    public void failedWithReasonAndMessage(PodName pod, String reason, String message) {
        world.pod(pod).hasFailed().hasReason(reason).hasStatusMessage(message);
    }

    /**
     * The kubelet's admission refused the pod: phase Failed, reason {@code "OutOfcpu"}, and the message without its
     * {@code Pod was rejected: } prefix.
     */
    @Then("pod {pod} was rejected by the kubelet with reason {string} and message {string}")
    public void rejected(PodName pod, String reason, String message) {
        world.pod(pod).hasFailed().hasReason(reason).hasStatusMessage("Pod was rejected: " + message);
    }

    /**
     * The instant, since the cluster started, at which the pod's phase became Failed (the timeline's "pod phase
     * Failed").
     */
    @Then("pod {pod} failed with reason {string} at {duration}")
    public void failedWithReasonAt(PodName pod, String reason, Duration at) {
        world.pod(pod).hasFailed().hasReason(reason);
        List<TimelineEntry> failed = world.cluster().timeline()
                .forPod(world.namespaceOf(pod), pod.name(), Fact.PhaseChanged.class).stream()
                .filter(e -> e.fact() instanceof Fact.PhaseChanged changed && "Failed".equals(changed.phase()))
                .toList();
        Duration actual = failed.isEmpty() ? null : failed.get(0).sinceStart();
        if (!at.equals(actual)) {
            throw new AssertionError("Expecting pod " + pod + " to have failed at " + seconds(at) + ", but it failed at "
                    + seconds(actual) + ".\nTimeline (virtual time):\n"
                    + world.cluster().timeline().describe(world.namespaceOf(pod), pod.name()));
        }
    }

    private static String seconds(Duration d) {
        return d == null ? "no instant (no phase change to Failed on its timeline)" : d.getSeconds() + " s";
    }
}
