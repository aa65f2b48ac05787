package dev.peapod.printers;

import dev.peapod.core.PeapodException;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * {@code kubectl get jobs} as the API server's table printer computes it (kubernetes:
 * pkg/printers/internalversion/printers.go printJob, v1.33: NAME, STATUS, COMPLETIONS, DURATION, AGE).
 * Time comes in as {@code now}; nothing here reads a clock.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class JobPrinter {
    private static final List<String> HEADERS = List.of("NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE");

    private JobPrinter() {
    }

    /** Every column of one Job at {@code now}. */
    public static JobRow row(Job job, Instant now) {
        if (job == null || now == null) {
            throw new PeapodException("JobPrinter.row(job, now): " + (job == null ? "job" : "now") + " must not be null");
        }
        JobSpec spec = job.getSpec() == null ? new JobSpec() : job.getSpec();
        JobStatus status = job.getStatus() == null ? new JobStatus() : job.getStatus();
        int succeeded = status.getSucceeded() == null ? 0 : status.getSucceeded();
        String completions;
        if (spec.getCompletions() != null) {
            completions = succeeded + "/" + spec.getCompletions();
        } else {
            int parallelism = spec.getParallelism() == null ? 0 : spec.getParallelism();
            completions = parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
        }
        String duration = "";
        if (status.getStartTime() != null) {
            Instant start = ApiTime.parse("status.startTime", status.getStartTime());
            Instant end = status.getCompletionTime() == null ? now : ApiTime.parse("status.completionTime", status.getCompletionTime());
            duration = Durations.human(Duration.between(start, end));
        }
        return new JobRow(job.getMetadata().getName(), status(job, status), completions, duration,
                ApiTime.since(ApiTime.parse("metadata.creationTimestamp", job.getMetadata().getCreationTimestamp()), now));
    }

    /** The text {@code kubectl get jobs} prints for these Jobs, in list order; empty for none. */
    public static String table(List<Job> jobs, Instant now) {
        if (jobs == null || jobs.isEmpty()) {
            return "";
        }
        List<List<String>> lines = new ArrayList<>();
        lines.add(HEADERS);
        for (Job job : jobs) {
            lines.add(row(job, now).cells());
        }
        return TabWriter.align(lines);
    }

    /** printJob's STATUS: the first of these that holds; a condition counts when it is True. */
    private static String status(Job job, JobStatus status) {
        if (has(status, "Complete")) {
            return "Complete";
        } else if (has(status, "Failed")) {
            return "Failed";
        } else if (job.getMetadata().getDeletionTimestamp() != null) {
            return "Terminating";
        } else if (has(status, "Suspended")) {
            return "Suspended";
        } else if (has(status, "FailureTarget")) {
            return "FailureTarget";
        } else if (has(status, "SuccessCriteriaMet")) {
            return "SuccessCriteriaMet";
        }
        return "Running";
    }

    /** hasJobCondition: the first condition of the type decides. */
    private static boolean has(JobStatus status, String type) {
        if (status.getConditions() == null) {
            return false;
        }
        for (JobCondition c : status.getConditions()) {
            if (type.equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }
}
