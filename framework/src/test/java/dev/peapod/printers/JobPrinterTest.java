package dev.peapod.printers;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** pkg/printers/internalversion/printers.go printJob, v1.33. */
class JobPrinterTest {
    private static final Instant NOW = Instant.parse("2025-01-01T00:10:00Z");

    private static Job job(Integer completions, Integer parallelism, Integer succeeded, String start, String end, JobCondition... conditions) {
        return new JobBuilder().withNewMetadata().withName("pi").withCreationTimestamp("2025-01-01T00:00:00Z").endMetadata()
                .withNewSpec().withCompletions(completions).withParallelism(parallelism).endSpec()
                .withNewStatus().withSucceeded(succeeded).withStartTime(start).withCompletionTime(end)
                .withConditions(List.of(conditions)).endStatus().build();
    }

    private static JobCondition condition(String type, String status) {
        return new JobCondition(null, null, null, null, status, type);
    }

    @Test
    void aRunningJobShowsItsDurationSoFar() {
        assertThat(JobPrinter.row(job(3, 2, 1, "2025-01-01T00:00:05Z", null), NOW))
                .isEqualTo(new JobRow("pi", "Running", "1/3", "9m55s", "10m"));
    }

    @Test
    void aCompleteJobShowsStartToCompletion() {
        assertThat(JobPrinter.row(job(1, 1, 1, "2025-01-01T00:00:00Z", "2025-01-01T00:00:12Z",
                condition("SuccessCriteriaMet", "True"), condition("Complete", "True")), NOW))
                .isEqualTo(new JobRow("pi", "Complete", "1/1", "12s", "10m"));
    }

    @Test
    void withoutCompletionsItCountsOneOfParallelism() {
        assertThat(JobPrinter.row(job(null, 3, null, null, null), NOW).completions()).isEqualTo("0/1 of 3");
        assertThat(JobPrinter.row(job(null, 1, 2, null, null), NOW).completions()).isEqualTo("2/1");
        assertThat(JobPrinter.row(job(null, 1, null, null, null), NOW).duration()).isEmpty();
    }

    @Test
    void theStatusIsTheFirstTrueConditionInPrintJobsOrder() {
        assertThat(JobPrinter.row(job(1, 1, 0, null, null, condition("FailureTarget", "True"), condition("Failed", "True")), NOW).status())
                .isEqualTo("Failed");
        assertThat(JobPrinter.row(job(1, 1, 0, null, null, condition("FailureTarget", "True")), NOW).status()).isEqualTo("FailureTarget");
        assertThat(JobPrinter.row(job(1, 1, 0, null, null, condition("Suspended", "True")), NOW).status()).isEqualTo("Suspended");
        assertThat(JobPrinter.row(job(1, 1, 0, null, null, condition("Suspended", "False")), NOW).status()).isEqualTo("Running");
        assertThat(JobPrinter.row(job(1, 1, 0, null, null, condition("SuccessCriteriaMet", "True")), NOW).status())
                .isEqualTo("SuccessCriteriaMet");
    }

    @Test
    void theTableAlignsTheColumns() {
        assertThat(JobPrinter.table(List.of(job(3, 2, 1, "2025-01-01T00:00:05Z", null)), NOW)).isEqualTo("""
                NAME   STATUS    COMPLETIONS   DURATION   AGE
                pi     Running   1/3           9m55s      10m
                """);
    }
}
