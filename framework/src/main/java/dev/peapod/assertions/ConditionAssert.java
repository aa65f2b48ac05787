package dev.peapod.assertions;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.WritableAssertionInfo;
import org.assertj.core.error.ErrorMessageFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

import static dev.peapod.assertions.ShouldExist.shouldExist;
import static dev.peapod.assertions.ShouldHaveCondition.shouldHaveCondition;
import static dev.peapod.assertions.ShouldHaveCondition.shouldHaveConditionReason;
import static dev.peapod.assertions.ShouldHaveConditionMessage.shouldHaveConditionMessage;
import static dev.peapod.assertions.ShouldHaveTransitionedAt.shouldHaveTransitionedAt;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Checks on one condition of a pod, field by field:
 * <pre>{@code
 * assertThat(cluster).pod("web").condition("Ready")
 *         .hasStatus("False").hasReason("ContainersNotReady")
 *         .hasMessage("containers with unready status: [app]")
 *         .transitionedAt(Duration.ofSeconds(50));
 * }</pre>
 * It reads the pod again at every check, and {@link #pod()} goes back to the pod's checks. Each
 * check fails when the pod has no condition of this type, listing the ones it has.
 *
 * <p>AssertJ's own methods see {@code actual}: the condition as it was when this object was created
 * (null if the pod had none of this type).
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ConditionAssert extends AbstractAssert<ConditionAssert, PodCondition> {
    private final PodAssert pod;        // the way back
    private final PodSource source;
    private final FirstSeen firstSeen;  // the pod's, shared with its PodAssert
    private final String type;

    ConditionAssert(PodAssert pod, PodSource source, FirstSeen firstSeen, String type) {
        super(source.read().flatMap(p -> PodFacts.condition(p, type)).orElse(null), ConditionAssert.class);
        this.pod = pod;
        this.source = source;
        this.firstSeen = firstSeen;
        this.type = type;
    }

    /**
     * Takes on the pod's description, failure message and representation, so a check made through
     * the pod ({@code as("after the rollout")}, {@code withFailMessage(..)}) fails as the pod's own would.
     */
    ConditionAssert inheriting(WritableAssertionInfo pod) {
        if (pod.hasDescription()) as(pod.description());
        if (pod.overridingErrorMessage() != null) overridingErrorMessage(pod::overridingErrorMessage);
        return withRepresentation(pod.representation());
    }

    /** The checks of the pod: {@code condition("Ready").hasStatus("True").pod().isRunning()}. */
    public PodAssert pod() {
        return pod;
    }

    /** The condition's status is True, False or Unknown, as given. */
    public ConditionAssert hasStatus(String status) {
        Arguments.requireConditionStatus(status);
        return check(c -> status.equals(c.getStatus()), actual -> shouldHaveCondition(subject(), type, status, null, actual, evidence()));
    }

    /** The condition's reason, e.g. ContainersNotReady, PodCompleted, Unschedulable. */
    public ConditionAssert hasReason(String reason) {
        Arguments.requireText(reason, "reason");
        return check(c -> reason.equals(c.getReason()), actual -> shouldHaveConditionReason(subject(), type, reason, actual, evidence()));
    }

    /** The condition's message is exactly this, e.g. {@code containers with unready status: [app]}. */
    public ConditionAssert hasMessage(String message) {
        Arguments.requireText(message, "message");
        return check(c -> message.equals(c.getMessage()),
                actual -> shouldHaveConditionMessage(subject(), type, message, false, actual, timeline()));
    }

    /** The condition's message contains this text. */
    public ConditionAssert hasMessageContaining(String text) {
        Arguments.requireText(text, "text");
        return check(c -> c.getMessage() != null && c.getMessage().contains(text),
                actual -> shouldHaveConditionMessage(subject(), type, text, true, actual, timeline()));
    }

    /**
     * The condition's {@code lastTransitionTime} is this instant of virtual time since the cluster
     * started, to the second (the API's timestamps have no fraction): when its status last changed.
     */
    public ConditionAssert transitionedAt(Duration sinceStart) {
        String check = "transitionedAt(" + VirtualTime.argument(sinceStart) + ")";
        source.requireInstant(sinceStart, check);
        return check(c -> source.isAt(c.getLastTransitionTime(), sinceStart, check),
                actual -> shouldHaveTransitionedAt(subject(), type, source.time().sinceStart(sinceStart), actual, timeline()));
    }

    // ---------------------------------------------------------------- the parts of a check

    @FunctionalInterface
    private interface Failure {
        ErrorMessageFactory create(String actual);
    }

    private ConditionAssert check(Predicate<PodCondition> holds, Failure failure) {
        Pod pod = current();
        Optional<PodCondition> condition = PodFacts.condition(pod, type);
        if (condition.isEmpty() || !holds.test(condition.get()))
            throw source.failed(subject(), assertionError(failure.create(PodFacts.describeCondition(pod, type, condition, source.time()))));
        source.passed(subject(), "to pass a check of its condition " + type);
        return myself;
    }

    /** The instant, the causes the timeline gives for this condition's type, and the timeline. */
    private Evidence evidence() {
        return source.evidence(null, Causes.forCondition(type));
    }

    /** The pod as it is now; fails if it does not exist. */
    private Pod current() {
        if (!source.isLive() && source.read().isEmpty()) isNotNull(); // a null Pod object: AssertJ says so
        Optional<Pod> pod = source.read();
        if (pod.isEmpty()) throw source.failed(subject(), assertionError(shouldExist(source.subject(), source.podNames(), timeline())));
        firstSeen.observe(pod.get(), source.elapsed());
        return pod.get();
    }

    private Subject subject() {
        return source.subject();
    }

    private String timeline() {
        return source.timeline();
    }
}
