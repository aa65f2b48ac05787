package dev.peapod.assertions;

import dev.peapod.FakeCluster;
import dev.peapod.core.PeapodException;
import org.apiguardian.api.API;

import java.time.Duration;
import java.util.function.Predicate;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * A named wait on the cluster's virtual clock, read like Awaitility's but never sleeping:
 * <pre>{@code
 * cluster.await("web ready").atMost(ofMinutes(2)).until(podIsReady("web"));
 * cluster.await("one restart").untilAsserted(() -> assertThat(cluster).pod("web").hasRestarted(1));
 * }</pre>
 * The cluster runs event by event and the condition is checked once everything due at an instant
 * has run, so the clock stops at the first instant the condition holds. Immutable: each option
 * returns a new wait. Awaitility stays the tool for real time (clients on other threads).
 * A condition must only look at the cluster; moving the clock inside it is refused.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class VirtualWait {
    /** The longest single CrashLoopBackOff step (reference §3.3), so any one restart fits in a default wait. */
    public static final Duration DEFAULT_LIMIT = Duration.ofMinutes(5);

    private final FakeCluster cluster;
    private final WaitSettings settings;

    private VirtualWait(FakeCluster cluster, WaitSettings settings) {
        this.cluster = cluster;
        this.settings = settings;
    }

    /** What {@code cluster.await(alias)} returns: a wait of at most {@link #DEFAULT_LIMIT}. */
    public static VirtualWait on(FakeCluster cluster, String alias) {
        if (cluster == null) {
            throw new PeapodException("cluster must not be null");
        }
        if (alias == null || alias.isBlank()) {
            throw new PeapodException("alias must name the wait, e.g. cluster.await(\"web ready\"), but was "
                    + (alias == null ? "null" : "blank"));
        }
        return new VirtualWait(cluster, new WaitSettings(alias, DEFAULT_LIMIT));
    }

    /** A wait that lets at most this much virtual time pass. */
    public VirtualWait atMost(Duration limit) {
        dev.peapod.core.Checks.duration(limit, "atMost(limit): limit");
        return new VirtualWait(cluster, settings.withAtMost(limit));
    }

    /** Does nothing: reads well, as in {@code await("x").with().atMost(...)}. */
    public VirtualWait with() {
        return this;
    }

    /** Does nothing: reads well, as in {@code await("x").atMost(...).and().until(...)}. */
    public VirtualWait and() {
        return this;
    }

    public String alias() {
        return settings.alias();
    }

    public Duration limit() {
        return settings.atMost();
    }

    /**
     * Runs the cluster until the condition holds, at once if it already does; returns the virtual time
     * that passed. Throws {@link WaitTimeoutError} when the limit passes first (the clock then stands at
     * the limit).
     */
    public Duration until(Predicate<FakeCluster> condition) {
        if (condition == null) {
            throw new PeapodException("until(condition): condition must not be null");
        }
        Duration start = cluster.elapsed();
        if (!Waiting.run(cluster, condition, settings.atMost())) {
            throw timedOut(condition, start);
        }
        return cluster.elapsed().minus(start);
    }

    /**
     * Runs the cluster until the assertion passes, checking it after every instant; returns the
     * virtual time that passed. Only {@link AssertionError}s mean "not yet"; other exceptions end the
     * wait at once. On timeout the last failure is the cause and its message is quoted.
     */
    public Duration untilAsserted(Runnable assertion) {
        if (assertion == null) {
            throw new PeapodException("untilAsserted(assertion): assertion must not be null");
        }
        Duration start = cluster.elapsed();
        AssertionError[] last = new AssertionError[1];
        boolean passed = Waiting.run(cluster, c -> {
            try {
                assertion.run();
                return true;
            } catch (AssertionError failure) {
                last[0] = failure;
                return false;
            }
        }, settings.atMost());
        if (!passed) {
            String message = WaitTimedOut.waitTimedOut(settings, at(start), at(cluster.elapsed()), last[0]).create();
            throw new WaitTimeoutError(message, settings.alias(), settings.atMost(), last[0]);
        }
        return cluster.elapsed().minus(start);
    }

    private WaitTimeoutError timedOut(Predicate<FakeCluster> condition, Duration start) {
        String from = at(start);
        String to = at(cluster.elapsed());
        WaitTimedOut factory;
        if (condition instanceof PodPredicate about) {
            Subject subject = about.subjectOn(cluster);
            PodSource pod = PodSource.live(cluster, subject.namespace(), subject.pod());
            String actual = pod.read().map(p -> about.state().actual().apply(p, pod.time())).orElse("the pod does not exist");
            java.util.List<String> causes = pod.evidence(subject.container(), about.state().topic()).causes();
            actual += causes.isEmpty() ? "" : "; " + String.join("; ", causes);
            factory = WaitTimedOut.waitTimedOut(settings, from, to, subject, about.state().toBe(), actual, pod.timeline());
        } else {
            factory = WaitTimedOut.waitTimedOut(settings, from, to);
        }
        return new WaitTimeoutError(factory.create(), settings.alias(), settings.atMost(), null);
    }

    private String at(Duration sinceStart) {
        return new VirtualTime(cluster.context().clock().start()).sinceStart(sinceStart);
    }

    @Override
    public String toString() {
        return "await(\"" + settings.alias() + "\").atMost(" + VirtualTime.length(settings.atMost()) + ")";
    }
}
