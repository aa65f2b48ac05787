package dev.peapod.assertions;

import dev.peapod.CronJobView;
import dev.peapod.FakeCluster;
import dev.peapod.store.Timestamps;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Checks on a CronJob, read from the cluster at every check:
 * {@code assertThat(cluster).cronJob("hello").createsJob("hello-28928165").within(ofMinutes(6)).hasActiveJobs(1)}.
 * A failing check prints the CronJob as {@code kubectl get cronjob} shows it, its Jobs, and its timeline.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class CronJobAssert extends AbstractAssert<CronJobAssert, CronJobView> {
    private final FakeCluster cluster;
    private final String namespace;
    private final String name;

    CronJobAssert(FakeCluster cluster, String namespace, String name) {
        super(cluster.cronJob(namespace, name), CronJobAssert.class);
        this.cluster = cluster;
        this.namespace = namespace;
        this.name = name;
    }

    /** The CronJob exists. */
    public CronJobAssert exists() {
        current();
        return myself;
    }

    /** {@code status.active} lists exactly this many Jobs (kubectl's ACTIVE column). */
    public CronJobAssert hasActiveJobs(int count) {
        int active = activeNames(current()).size();
        if (active != count) fail("to have " + count + " active job" + plural(count) + ", but it has " + active);
        return myself;
    }

    /** The Jobs it controls are exactly these, in name order (the order of their scheduled times). */
    public CronJobAssert hasJobs(String... names) {
        List<String> expected = List.of(Objects.requireNonNull(names, "names"));
        List<String> jobs = jobNames();
        if (!jobs.equals(expected)) fail("to have the jobs " + expected + ", but it has " + jobs);
        return myself;
    }

    /** {@code status.lastScheduleTime} is this instant. */
    public CronJobAssert hasLastScheduleTime(Instant at) {
        return hasTime("lastScheduleTime", at, s -> s.getLastScheduleTime());
    }

    /** {@code status.lastSuccessfulTime} is this instant. */
    public CronJobAssert hasLastSuccessfulTime(Instant at) {
        return hasTime("lastSuccessfulTime", at, s -> s.getLastSuccessfulTime());
    }

    /** {@code spec.suspend} is true. */
    public CronJobAssert isSuspended() {
        if (!Boolean.TRUE.equals(current().getSpec().getSuspend())) fail("to be suspended, but it is not");
        return myself;
    }

    /** {@code spec.suspend} is not true. */
    public CronJobAssert isNotSuspended() {
        if (Boolean.TRUE.equals(current().getSpec().getSuspend())) fail("not to be suspended, but it is");
        return myself;
    }

    /** The cronjob-controller recorded an event with this reason about it. */
    public CronJobAssert hasEvent(String reason) {
        Arguments.requireText(reason, "reason");
        if (events().stream().noneMatch(e -> reason.equals(e.getReason()))) fail("to have an event " + reason + ", but it has none");
        return myself;
    }

    /** An event with this reason and exactly this message, e.g. {@code "SuccessfulCreate", "Created job hello-28928165"}. */
    public CronJobAssert hasEvent(String reason, String message) {
        Arguments.requireText(reason, "reason");
        Objects.requireNonNull(message, "message");
        if (events().stream().noneMatch(e -> reason.equals(e.getReason()) && message.equals(e.getMessage()))) {
            fail("to have an event " + reason + " \"" + message + "\", but it has none");
        }
        return myself;
    }

    /** No event with this reason about it. */
    public CronJobAssert hasNoEvent(String reason) {
        Arguments.requireText(reason, "reason");
        Optional<Event> found = events().stream().filter(e -> reason.equals(e.getReason())).findFirst();
        if (found.isPresent()) fail("to have no event " + reason + ", but it has \"" + found.get().getMessage() + "\"");
        return myself;
    }

    /** Waits for a Job of this name, controlled by the CronJob, to exist: {@code createsJob("hello-28928165").within(ofMinutes(6))}. */
    public PodWait<CronJobAssert> createsJob(String job) {
        Arguments.requireText(job, "job");
        return new PodWait<>(limit -> {
            if (!cluster.runUntil(c -> jobNames().contains(job), limit)) {
                fail("to create the job " + job + " within " + VirtualTime.length(limit) + ", but it did not");
            }
        }, this);
    }

    // ---------------------------------------------------------------- the parts of a check

    private CronJob current() {
        isNotNull();
        Optional<CronJob> found = cluster.context().store().get(CronJob.class, namespace, name);
        if (found.isEmpty()) throwAssertionError(CronJobFailure.shouldExist(namespace + "/" + name,
                cluster.context().store().notFound(CronJob.class, namespace, name).getMessage()));
        return found.get();
    }

    private List<String> jobNames() {
        current();
        return actual.jobs().stream().map(Job::getMetadata).map(m -> m.getName()).toList();
    }

    private List<Event> events() {
        return cluster.eventsFor(current());
    }

    private static List<String> activeNames(CronJob cronJob) {
        return cronJob.getStatus() == null || cronJob.getStatus().getActive() == null ? List.of()
                : cronJob.getStatus().getActive().stream().map(r -> r.getName()).toList();
    }

    private CronJobAssert hasTime(String field, Instant at, Function<io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus, String> read) {
        Objects.requireNonNull(at, "at");
        CronJob cronJob = current();
        Instant actualTime = cronJob.getStatus() == null ? null : Timestamps.parse(read.apply(cronJob.getStatus()));
        if (!at.equals(actualTime)) fail("to have status." + field + " " + at + ", but it is " + (actualTime == null ? "unset" : actualTime));
        return myself;
    }

    /** Throws with the CronJob's kubectl line, its Jobs and its timeline. */
    private void fail(String expectation) {
        CronJob cronJob = current();
        List<String> jobs = jobNames();
        List<String> active = activeNames(cronJob);
        throwAssertionError(CronJobFailure.shouldHave(namespace + "/" + name, expectation, actual.table(),
                jobs.isEmpty() ? "none" : String.join(", ", jobs), active.isEmpty() ? "none" : String.join(", ", active),
                timeline()));
    }

    /** The CronJob's entries on the timeline; the timeline's own empty text speaks of pods. */
    private String timeline() {
        String timeline = cluster.timeline().describe(namespace, "cronjob.batch/" + name);
        return timeline.strip().startsWith("(nothing happened") ? "  (nothing happened to this cronjob yet)" : timeline;
    }

    private static String plural(int count) {
        return count == 1 ? "" : "s";
    }
}
