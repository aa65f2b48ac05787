package dev.peapod.assertions;

import dev.peapod.FakeCluster;
import org.assertj.core.error.ErrorMessageFactory;

import java.time.Duration;
import java.util.Optional;

import static dev.peapod.assertions.ShouldBecomeWithin.shouldBecomeWithin;

/** The virtual wait behind {@link PodWait}, shared by the pod's and the container's checks. */
final class StateWait {
    private StateWait() {
    }

    /**
     * Runs the cluster until the state holds, at most {@code limit} of virtual time, stopping at the
     * first instant it holds. The pod need not exist yet when the wait starts.
     *
     * @param about what the state is about, for the message
     * @return the failure to throw when the time ran out; empty when the state came to hold
     */
    static Optional<ErrorMessageFactory> await(PodSource source, FirstSeen firstSeen, String wait, Subject about,
                                               PodState state, Duration limit) {
        FakeCluster cluster = source.requireCluster(wait + ".within(...)");
        dev.peapod.core.Checks.duration(limit, "within(limit): limit");
        boolean held = Waiting.run(cluster, c -> source.read().map(pod -> {
            firstSeen.observe(pod, source.elapsed());
            return state.holds().test(pod);
        }).orElse(false), limit);
        if (held) {
            return Optional.empty();
        }
        return Optional.of(shouldBecomeWithin(about, state.toBecome(), limit, source.time().at(cluster.now()),
                source.read().map(p -> state.actual().apply(p, source.time())).orElse("it does not exist"),
                source.evidence(about.container(), state.topic()).withoutInstant()));
    }
}
