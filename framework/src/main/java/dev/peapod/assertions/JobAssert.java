package dev.peapod.assertions;

import dev.peapod.FakeCluster;
import dev.peapod.printers.JobPrinter;
import dev.peapod.printers.JobRow;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static dev.peapod.assertions.ShouldHaveJobState.shouldHaveJobState;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Checks on one Job, read from the cluster at every check, as {@code kubectl get jobs} and
 * {@code kubectl describe job} show it:
 * <pre>{@code
 * assertThat(cluster).job("pi").completes().within(ofMinutes(2));
 * assertThat(cluster).job("pi").failsWithReason("BackoffLimitExceeded").within(ofMinutes(15));
 * assertThat(cluster).job("pi").hasStatus("Complete").hasCompletions("1/1");
 * }</pre>
 * Every failure ends with the Job's timeline in virtual time.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class JobAssert extends AbstractAssert<JobAssert, FakeCluster> {
    private final String namespace;
    private final String name;

    JobAssert(FakeCluster cluster, String namespace, String name) {
        super(cluster, JobAssert.class);
        this.namespace = namespace;
        this.name = name;
    }

    /** Waits until the Job has the Complete condition (upstream sets it after SuccessCriteriaMet). */
    public PodWait<JobAssert> completes() {
        return await("to complete", job -> hasTrue(job, "Complete"));
    }

    /** Waits until the Job has the Failed condition with this reason, e.g. {@code BackoffLimitExceeded}. */
    public PodWait<JobAssert> failsWithReason(String reason) {
        Arguments.requireText(reason, "reason");
        return await("to fail with reason " + reason, job -> condition(job, "Failed")
                .filter(c -> "True".equals(c.getStatus()) && reason.equals(c.getReason())).isPresent());
    }

    /** The Job is Complete now. */
    public JobAssert isComplete() {
        return check("to be complete", job -> hasTrue(job, "Complete"));
    }

    /** The Job has failed now with this reason. */
    public JobAssert hasFailedWithReason(String reason) {
        Arguments.requireText(reason, "reason");
        return check("to have failed with reason " + reason, job -> condition(job, "Failed")
                .filter(c -> "True".equals(c.getStatus()) && reason.equals(c.getReason())).isPresent());
    }

    /** kubectl's STATUS column: Running, Complete, Failed, Suspended, FailureTarget, SuccessCriteriaMet or Terminating. */
    public JobAssert hasStatus(String status) {
        Arguments.requireText(status, "status");
        return check("to show STATUS " + status, job -> status.equals(row(job).status()));
    }

    /** kubectl's COMPLETIONS column, e.g. {@code 3/5}. */
    public JobAssert hasCompletions(String completions) {
        Arguments.requireText(completions, "completions");
        return check("to show COMPLETIONS " + completions, job -> completions.equals(row(job).completions()));
    }

    /** {@code status.succeeded}. */
    public JobAssert hasSucceeded(int pods) {
        return check("to have " + pods + " succeeded pod(s)", job -> count(job.getStatus().getSucceeded()) == pods);
    }

    /** {@code status.failed}. */
    public JobAssert hasFailed(int pods) {
        return check("to have " + pods + " failed pod(s)", job -> count(job.getStatus().getFailed()) == pods);
    }

    /** {@code status.active}. */
    public JobAssert hasActive(int pods) {
        return check("to have " + pods + " active pod(s)", job -> count(job.getStatus().getActive()) == pods);
    }

    /** A condition of this type with this status and reason, e.g. {@code ("FailureTarget", "True", "DeadlineExceeded")}. */
    public JobAssert hasCondition(String type, String status, String reason) {
        Arguments.requireText(type, "type");
        return check("to have condition " + type + "=" + status + " (" + reason + ")", job -> condition(job, type)
                .filter(c -> Objects.equals(status, c.getStatus()) && Objects.equals(reason, c.getReason())).isPresent());
    }

    /**
     * The Job's pods were created at these instants since the cluster started, oldest first: the
     * back-off between failures made visible ({@code 0, 10, 30, 70} seconds for the first four).
     */
    public JobAssert createdPodsAt(Duration... sinceStart) {
        isNotNull();
        java.time.Instant start = actual.context().clock().start();
        VirtualTime time = new VirtualTime(start);
        List<String> expected = java.util.Arrays.stream(sinceStart).map(d -> time.at(start.plus(d))).toList();
        Optional<Job> job = read();
        List<String> created = job.isEmpty() ? List.of() : actual.job(namespace, name).pods().stream()
                .map(p -> time.at(p.getMetadata().getCreationTimestamp())).toList();
        if (job.isEmpty() || !created.equals(expected)) {
            throw assertionError(shouldHaveJobState(subject(), "to have created its pods at " + String.join(", ", expected),
                    job.isEmpty() ? notFound() : "they were created at " + (created.isEmpty() ? "no time" : String.join(", ", created)),
                    timeline()));
        }
        return myself;
    }

    // ---------------------------------------------------------------- the machinery

    private JobAssert check(String expected, Predicate<Job> holds) {
        isNotNull();
        Optional<Job> job = read();
        if (job.isEmpty() || !holds.test(withStatus(job.get()))) {
            throw assertionError(shouldHaveJobState(subject(), expected, describe(job), timeline()));
        }
        return myself;
    }

    private PodWait<JobAssert> await(String expected, Predicate<Job> holds) {
        return new PodWait<>(limit -> {
            dev.peapod.core.Checks.duration(limit, "within(limit): limit");
            boolean held = Waiting.run(actual, c -> read().map(job -> holds.test(withStatus(job))).orElse(false), limit);
            if (!held) {
                throw assertionError(shouldHaveJobState(subject(), expected + " within " + VirtualTime.length(limit),
                        describe(read()), timeline()));
            }
        }, this);
    }

    private Optional<Job> read() {
        return actual.context().store().get(Job.class, namespace, name);
    }

    /** The store's NotFound: the API server's words, the namespace, the Jobs there. */
    private String notFound() {
        return actual.context().store().notFound(Job.class, namespace, name).getMessage();
    }

    private String subject() {
        return "job " + namespace + "/" + name;
    }

    private String describe(Optional<Job> job) {
        if (job.isEmpty()) {
            return notFound();
        }
        Job j = withStatus(job.get());
        JobRow row = row(j);
        List<JobCondition> conditions = j.getStatus().getConditions() == null ? List.of() : j.getStatus().getConditions();
        String described = conditions.stream().map(c -> c.getType() + "=" + c.getStatus()
                + (c.getReason() == null ? "" : " " + c.getReason())
                + (c.getMessage() == null ? "" : " \"" + c.getMessage() + "\""))
                .collect(Collectors.joining(", "));
        return "it shows STATUS " + row.status() + ", COMPLETIONS " + row.completions() + " (active "
                + count(j.getStatus().getActive()) + ", succeeded " + count(j.getStatus().getSucceeded()) + ", failed "
                + count(j.getStatus().getFailed()) + ")" + (described.isEmpty() ? ", no conditions" : ", conditions: " + described);
    }

    /**
     * The Job's own timeline, then what happened to each of its pods that explains it: their containers' exits with
     * code and reason, hooks and scheduling ({@link Causes}), so a Job that did not complete or fail says why.
     */
    private String timeline() {
        VirtualTime time = new VirtualTime(actual.context().clock().start());
        String own = actual.timeline().describe(namespace, "job.batch/" + name) + "\n  " + time.at(actual.now()) + "  (now)";
        if (read().isEmpty()) {
            return own;
        }
        StringBuilder pods = new StringBuilder();
        for (io.fabric8.kubernetes.api.model.Pod pod : actual.job(namespace, name).pods()) {
            String podName = pod.getMetadata().getName();
            List<String> causes = Causes.of(actual.timeline().forPod(namespace, podName), Optional.of(pod), null, Causes.Topic.PHASE);
            pods.append("\n  ").append(podName).append("  ").append(causes.isEmpty() ? PodFacts.describePhase(pod) : String.join("; ", causes));
        }
        return pods.isEmpty() ? own : own + "\nIts pods:" + pods;
    }

    private JobRow row(Job job) {
        return JobPrinter.row(job, actual.now());
    }

    private static Job withStatus(Job job) {
        if (job.getStatus() == null) {
            job.setStatus(new JobStatus());
        }
        return job;
    }

    private static Optional<JobCondition> condition(Job job, String type) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static boolean hasTrue(Job job, String type) {
        return condition(job, type).filter(c -> "True".equals(c.getStatus())).isPresent();
    }

    private static int count(Integer value) {
        return value == null ? 0 : value;
    }

}
