package dev.peapod.behaviour;

import dev.peapod.core.Checks;
import dev.peapod.core.PeapodException;
import dev.peapod.runtime.Endpoint;
import dev.peapod.runtime.Requester;
import dev.peapod.runtime.Response;
import dev.peapod.time.EngineLock;
import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * One scripted answer of a container, and when it applies. A rule applies always until narrowed:
 * by time since the container (re)started ({@link #fromStart}, {@link #untilStart}), by cluster time
 * ({@link #from}, {@link #until}), by count ({@link #nextTimes}), by start number
 * ({@link #onStarts}) or by who asks ({@link #forRequester}). Later rules win over earlier ones.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Rule {
    final Endpoint endpoint;
    final Response answer;
    private Duration fromStart;
    private Duration untilStart;
    private Duration from;
    private Duration until;
    private Integer remaining;
    private Set<Integer> starts;
    private Requester requester = Requester.ANYONE;
    /** The cluster's check that it is open and on its thread, before each change. */
    EngineLock.Guard guard = EngineLock.Guard.none();

    Rule(Endpoint endpoint, Response answer) {
        this.endpoint = endpoint;
        this.answer = answer;
    }

    /** Applies once the container has run this long (each restart starts the count again). */
    public Rule fromStart(Duration sinceStart) {
        try (EngineLock.Held held = guard.enter("Rule.fromStart")) {
            this.fromStart = Checks.duration(sinceStart, "fromStart(sinceStart): sinceStart");
            return this;
        }
    }

    /** Applies only while the container has run less than this long. */
    public Rule untilStart(Duration sinceStart) {
        try (EngineLock.Held held = guard.enter("Rule.untilStart")) {
            this.untilStart = Checks.duration(sinceStart, "untilStart(sinceStart): sinceStart");
            return this;
        }
    }

    /** Applies from this much cluster time on, whatever the container's restarts. */
    public Rule from(Duration clusterTime) {
        try (EngineLock.Held held = guard.enter("Rule.from")) {
            this.from = Checks.duration(clusterTime, "from(clusterTime): clusterTime");
            return this;
        }
    }

    /** Applies only before this much cluster time. */
    public Rule until(Duration clusterTime) {
        try (EngineLock.Held held = guard.enter("Rule.until")) {
            this.until = Checks.duration(clusterTime, "until(clusterTime): clusterTime");
            return this;
        }
    }

    /** Applies to the next {@code count} matching requests only. */
    public Rule nextTimes(int count) {
        try (EngineLock.Held held = guard.enter("Rule.nextTimes")) {
            if (count < 1) {
                throw new PeapodException("count must be at least 1, but was " + count);
            }
            this.remaining = count;
            return this;
        }
    }

    /** Applies only to these starts of the container: 1 is the first run, 2 the first restart. */
    public Rule onStarts(Integer... startNumbers) {
        try (EngineLock.Held held = guard.enter("Rule.onStarts")) {
            this.starts = StartNumbers.of(startNumbers);
            return this;
        }
    }

    /** Applies only to requests from this requester (e.g. only the liveness prober). */
    public Rule forRequester(Requester who) {
        try (EngineLock.Held held = guard.enter("Rule.forRequester")) {
            this.requester = Checks.notNull(who, "who");
            return this;
        }
    }

    /** How many requests this rule will still answer, if counted. */
    public Integer remaining() {
        return remaining;
    }

    boolean applies(Endpoint request, Requester who, Instant startedAt, int startNumber, Instant clusterStart, Instant now) {
        if (!endpoint.covers(request) || (remaining != null && remaining <= 0)) {
            return false;
        }
        if (requester != Requester.ANYONE && requester != who) {
            return false;
        }
        if (starts != null && !starts.contains(startNumber)) {
            return false;
        }
        Duration running = Duration.between(startedAt, now);
        Duration cluster = Duration.between(clusterStart, now);
        return (fromStart == null || running.compareTo(fromStart) >= 0)
                && (untilStart == null || running.compareTo(untilStart) < 0)
                && (from == null || cluster.compareTo(from) >= 0)
                && (until == null || cluster.compareTo(until) < 0);
    }

    void consume() {
        if (remaining != null) {
            remaining--;
        }
    }
}
