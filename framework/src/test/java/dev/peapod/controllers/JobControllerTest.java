package dev.peapod.controllers;

import dev.peapod.FakeCluster;
import dev.peapod.printers.JobRow;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** pkg/controller/job/job_controller.go: pods, back-off, conditions, events. */
class JobControllerTest {
    static final String FAILING = """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: pi}
            spec:
              backoffLimit: 6
              template:
                spec:
                  restartPolicy: Never
                  containers:
                  - name: pi
                    image: busybox:1.36
                    command: ["sh", "-c", "exit 1"]
            """;

    @Test
    void aJobWhoseContainerAlwaysFailsFailsAfterTheSeventhFailureAtTheBackOffInstants() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given
            cluster.applyYaml(FAILING);
            // when
            cluster.advance(Duration.ofMinutes(15));
            // then: each replacement waits 10 s * 2^(n-1) after the n-th failure (backoff_utils.go), counted
            // from the failed container's finishedAt; the 7th failure exceeds backoffLimit 6 at the next
            // sync, one batch period (1 s) after it
            List<Pod> pods = jobPods(cluster);
            assertThat(pods).extracting(p -> p.getMetadata().getCreationTimestamp()).containsExactly(
                    "2025-01-01T00:00:00Z", "2025-01-01T00:00:10Z", "2025-01-01T00:00:30Z", "2025-01-01T00:01:10Z",
                    "2025-01-01T00:02:30Z", "2025-01-01T00:05:10Z", "2025-01-01T00:10:30Z");
            assertThat(pods).allSatisfy(p -> {
                assertThat(p.getStatus().getPhase()).isEqualTo("Failed");
                assertThat(p.getMetadata().getFinalizers()).isEmpty();
            });
            Job job = job(cluster, "pi");
            assertThat(job.getStatus().getFailed()).isEqualTo(7);
            assertThat(job.getStatus().getActive()).isNull();
            assertThat(job.getStatus().getStartTime()).isEqualTo("2025-01-01T00:00:00Z");
            assertThat(job.getStatus().getConditions()).extracting(c -> c.getType() + " " + c.getStatus() + " " + c.getReason()
                    + " " + c.getMessage() + " " + c.getLastTransitionTime()).containsExactly(
                    "FailureTarget True BackoffLimitExceeded Job has reached the specified backoff limit 2025-01-01T00:10:31Z",
                    "Failed True BackoffLimitExceeded Job has reached the specified backoff limit 2025-01-01T00:10:31Z");
            assertThat(cluster.eventsFor(job)).extracting(e -> e.getType() + " " + e.getReason() + ": " + e.getMessage()).containsExactly(
                    "Normal SuccessfulCreate: Created pod: pi-6bk5n", "Normal SuccessfulCreate: Created pod: pi-s2r96",
                    "Normal SuccessfulCreate: Created pod: pi-lg4n7", "Normal SuccessfulCreate: Created pod: pi-s7dlr",
                    "Normal SuccessfulCreate: Created pod: pi-bj5fx", "Normal SuccessfulCreate: Created pod: pi-94865",
                    "Normal SuccessfulCreate: Created pod: pi-8hf5b",
                    "Warning BackoffLimitExceeded: Job has reached the specified backoff limit");
            assertThat(cluster.eventsFor(job)).allSatisfy(e -> assertThat(e.getSource().getComponent()).isEqualTo("job-controller"));
        }
    }

    static final String TWO_AT_A_TIME = """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: pi}
            spec:
              completions: 3
              parallelism: 2
              template:
                spec:
                  restartPolicy: Never
                  containers:
                  - name: pi
                    image: busybox:1.36
                    command: ["sh", "-c", "sleep 5"]
            """;

    @Test
    void runsItsCompletionsAtMostParallelismAtATimeThenMeetsItsSuccessCriteriaAndCompletes() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given
            cluster.applyYaml(TWO_AT_A_TIME);
            cluster.advance(Duration.ofSeconds(2));
            // then: running pods carry the tracking finalizer, the generated labels and the controller reference
            Pod running = jobPods(cluster).get(0);
            assertThat(running.getMetadata().getFinalizers()).containsExactly("batch.kubernetes.io/job-tracking");
            assertThat(running.getMetadata().getLabels()).containsEntry("batch.kubernetes.io/job-name", "pi")
                    .containsEntry("job-name", "pi")
                    .containsEntry("batch.kubernetes.io/controller-uid", job(cluster, "pi").getMetadata().getUid())
                    .containsEntry("controller-uid", job(cluster, "pi").getMetadata().getUid());
            assertThat(running.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
                assertThat(ref.getKind()).isEqualTo("Job");
                assertThat(ref.getController()).isTrue();
                assertThat(ref.getBlockOwnerDeletion()).isTrue();
            });
            assertThat(job(cluster, "pi").getStatus().getActive()).isEqualTo(2);
            assertThat(job(cluster, "pi").getStatus().getReady()).isEqualTo(2);
            assertThat(cluster.job("pi").row()).isEqualTo(new JobRow("pi", "Running", "0/3", "2s", "2s"));
            // when: two succeed at 5 s; the sync a batch period later creates the last one
            cluster.advance(Duration.ofSeconds(20));
            // then
            assertThat(jobPods(cluster)).extracting(p -> p.getMetadata().getCreationTimestamp()).containsExactly(
                    "2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z", "2025-01-01T00:00:06Z");
            assertThat(jobPods(cluster)).allSatisfy(p -> assertThat(p.getMetadata().getFinalizers()).isEmpty());
            Job job = job(cluster, "pi");
            assertThat(job.getStatus().getSucceeded()).isEqualTo(3);
            assertThat(job.getStatus().getCompletionTime()).isEqualTo("2025-01-01T00:00:12Z");
            assertThat(job.getStatus().getConditions()).extracting(c -> c.getType() + " " + c.getStatus() + " " + c.getReason()
                    + " " + c.getMessage() + " " + c.getLastTransitionTime()).containsExactly(
                    "SuccessCriteriaMet True CompletionsReached Reached expected number of succeeded pods 2025-01-01T00:00:12Z",
                    "Complete True CompletionsReached Reached expected number of succeeded pods 2025-01-01T00:00:12Z");
            assertThat(cluster.eventsFor(job)).extracting(e -> e.getType() + " " + e.getReason() + ": " + e.getMessage()).last()
                    .isEqualTo("Normal Completed: Job completed");
            assertThat(cluster.job("pi").row()).isEqualTo(new JobRow("pi", "Complete", "3/3", "12s", "22s"));
        }
    }

    @Test
    void anIndexedJobNamesItsPodsByIndexAndGivesThemTheIndex() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given
            cluster.applyYaml(TWO_AT_A_TIME.replace("parallelism: 2", "parallelism: 3\n  completionMode: Indexed")
                    .replace("sleep 5", "sleep 5; echo index $JOB_COMPLETION_INDEX"));
            // when
            cluster.advance(Duration.ofSeconds(10));
            // then
            List<Pod> pods = jobPods(cluster);
            assertThat(pods).extracting(p -> p.getMetadata().getName()).allMatch(n -> n.matches("pi-[0-2]-[a-z0-9]{5}"));
            assertThat(pods).extracting(p -> p.getMetadata().getGenerateName()).containsExactlyInAnyOrder("pi-0-", "pi-1-", "pi-2-");
            Pod second = pods.stream().filter(p -> p.getMetadata().getGenerateName().equals("pi-1-")).findFirst().orElseThrow();
            assertThat(second.getMetadata().getAnnotations()).containsEntry("batch.kubernetes.io/job-completion-index", "1");
            assertThat(second.getMetadata().getLabels()).containsEntry("batch.kubernetes.io/job-completion-index", "1");
            assertThat(second.getSpec().getHostname()).isEqualTo("pi-1");
            assertThat(second.getSpec().getContainers().get(0).getEnv()).singleElement().satisfies(env -> {
                assertThat(env.getName()).isEqualTo("JOB_COMPLETION_INDEX");
                assertThat(env.getValueFrom().getFieldRef().getFieldPath())
                        .isEqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']");
            });
            assertThat(cluster.inContainer(second.getMetadata().getName(), "pi").logs()).isEqualTo("index 1\n");
            Job job = job(cluster, "pi");
            assertThat(job.getStatus().getCompletedIndexes()).isEqualTo("0-2");
            assertThat(job.getStatus().getSucceeded()).isEqualTo(3);
            assertThat(job.getStatus().getFailedIndexes()).isNull();
        }
    }

    @Test
    void backoffLimitPerIndexFailsAnIndexAfterItsRetriesAndTheJobWithFailedIndexes() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given: index 0 exits 0, indexes 1 and 2 exit 1 and 2; each index may retry once
            cluster.applyYaml(TWO_AT_A_TIME.replace("parallelism: 2", "parallelism: 3\n  completionMode: Indexed\n  backoffLimitPerIndex: 1")
                    .replace("sleep 5", "sleep 5; exit $JOB_COMPLETION_INDEX"));
            // when
            cluster.advance(Duration.ofMinutes(1));
            // then: the failed pods (at 5 s) wait 10 s for their replacement, which carries the failure count;
            // the replacements fail at 20 s and fail their indexes
            List<Pod> pods = jobPods(cluster);
            assertThat(pods).extracting(p -> p.getMetadata().getGenerateName() + " " + p.getMetadata().getCreationTimestamp()
                    + " " + p.getMetadata().getAnnotations().get("batch.kubernetes.io/job-index-failure-count")).containsExactly(
                    "pi-0- 2025-01-01T00:00:00Z 0", "pi-1- 2025-01-01T00:00:00Z 0", "pi-2- 2025-01-01T00:00:00Z 0",
                    "pi-1- 2025-01-01T00:00:15Z 1", "pi-2- 2025-01-01T00:00:15Z 1");
            Job job = job(cluster, "pi");
            assertThat(job.getStatus().getCompletedIndexes()).isEqualTo("0");
            assertThat(job.getStatus().getFailedIndexes()).isEqualTo("1-2");
            assertThat(job.getStatus().getFailed()).isEqualTo(4);
            assertThat(job.getStatus().getConditions()).extracting(c -> c.getType() + " " + c.getReason() + " " + c.getMessage()
                    + " " + c.getLastTransitionTime()).containsExactly(
                    "FailureTarget FailedIndexes Job has failed indexes 2025-01-01T00:00:21Z",
                    "Failed FailedIndexes Job has failed indexes 2025-01-01T00:00:21Z");
        }
    }

    @Test
    void maxFailedIndexesFailsTheJobOnceMoreIndexesFailed() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given
            cluster.applyYaml(TWO_AT_A_TIME.replace("parallelism: 2",
                            "parallelism: 3\n  completionMode: Indexed\n  backoffLimitPerIndex: 0\n  maxFailedIndexes: 0")
                    .replace("sleep 5", "sleep 5; exit $JOB_COMPLETION_INDEX"));
            // when
            cluster.advance(Duration.ofMinutes(1));
            // then
            Job job = job(cluster, "pi");
            assertThat(job.getStatus().getFailedIndexes()).isEqualTo("1-2");
            assertThat(job.getStatus().getConditions()).extracting(c -> c.getType() + " " + c.getReason() + " " + c.getMessage()
                    + " " + c.getLastTransitionTime()).containsExactly(
                    "FailureTarget MaxFailedIndexesExceeded Job has exceeded the specified maximal number of failed indexes 2025-01-01T00:00:06Z",
                    "Failed MaxFailedIndexesExceeded Job has exceeded the specified maximal number of failed indexes 2025-01-01T00:00:06Z");
        }
    }

    @Test
    void aSuccessPolicyEndsAnIndexedJobWhenItsIndexesSucceeded() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given: index 0 succeeds at 5 s, the others run for 10 minutes
            cluster.applyYaml(TWO_AT_A_TIME.replace("parallelism: 2", "parallelism: 3\n  completionMode: Indexed\n"
                            + "  successPolicy:\n    rules:\n    - succeededIndexes: \"0\"")
                    .replace("sleep 5", "if [ $JOB_COMPLETION_INDEX = 0 ]; then sleep 5; else sleep 600; fi"));
            // when
            cluster.advance(Duration.ofMinutes(2));
            // then: SuccessCriteriaMet at the next sync; the others are deleted, and Complete follows once they are gone
            Job job = job(cluster, "pi");
            assertThat(job.getStatus().getConditions()).extracting(c -> c.getType() + " " + c.getReason() + " " + c.getMessage())
                    .containsExactly("SuccessCriteriaMet SuccessPolicy Matched rules at index 0", "Complete SuccessPolicy Matched rules at index 0");
            assertThat(job.getStatus().getCompletedIndexes()).isEqualTo("0");
            assertThat(cluster.eventsFor(job)).extracting(Event::getReason).containsExactly(
                    "SuccessfulCreate", "SuccessfulCreate", "SuccessfulCreate", "SuccessfulDelete", "SuccessfulDelete", "Completed");
        }
    }

    @Test
    void activeDeadlineSecondsDeletesThePodsAndFailsTheJobOnceTheyAreGone() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given: a shell as PID 1 ignores SIGTERM, so the pod goes at the SIGKILL 30 s after the deletion
            cluster.applyYaml(FAILING.replace("backoffLimit: 6", "activeDeadlineSeconds: 30").replace("exit 1", "sleep 600"));
            // when
            cluster.advance(Duration.ofMinutes(2));
            // then
            Job job = job(cluster, "pi");
            assertThat(job.getStatus().getConditions()).extracting(c -> c.getType() + " " + c.getReason() + " " + c.getMessage()
                    + " " + c.getLastTransitionTime()).containsExactly(
                    "FailureTarget DeadlineExceeded Job was active longer than specified deadline 2025-01-01T00:00:30Z",
                    "Failed DeadlineExceeded Job was active longer than specified deadline 2025-01-01T00:01:01Z");
            assertThat(job.getStatus().getFailed()).isEqualTo(1);
            assertThat(cluster.timeline().describe("default", "job.batch/pi")).isEqualTo("""
                      00:00:00  SuccessfulCreate: Created pod: pi-6bk5n
                      00:00:30  SuccessfulDelete: Deleted pod: pi-6bk5n
                      00:01:01  DeadlineExceeded: Job was active longer than specified deadline""".indent(2).stripTrailing());
            assertThat(cluster.pods()).isEmpty();
        }
    }

    @Test
    void aFailJobRuleFailsTheJobAtTheFirstMatchingExit() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given
            cluster.applyYaml(FAILING.replace("exit 1", "exit 42").replace("backoffLimit: 6", """
                    backoffLimit: 6
                      podFailurePolicy:
                        rules:
                        - action: FailJob
                          onExitCodes: {operator: In, values: [42]}"""));
            // when
            cluster.advance(Duration.ofMinutes(1));
            // then
            Job job = job(cluster, "pi");
            assertThat(job.getStatus().getConditions()).extracting(c -> c.getType() + " " + c.getReason() + " " + c.getMessage()
                    + " " + c.getLastTransitionTime()).containsExactly(
                    "FailureTarget PodFailurePolicy Container pi for pod default/pi-6bk5n failed with exit code 42 matching FailJob rule at index 0 2025-01-01T00:00:01Z",
                    "Failed PodFailurePolicy Container pi for pod default/pi-6bk5n failed with exit code 42 matching FailJob rule at index 0 2025-01-01T00:00:01Z");
            assertThat(cluster.eventsFor(job)).extracting(e -> e.getType() + " " + e.getReason()).last().isEqualTo("Warning PodFailurePolicy");
            assertThat(jobPods(cluster)).hasSize(1);
        }
    }

    @Test
    void anIgnoreRuleDoesNotCountTheFailureButTheBackOffStillApplies() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given: backoffLimit 0 would fail the Job at its first counted failure
            cluster.applyYaml(FAILING.replace("exit 1", "exit 3").replace("backoffLimit: 6", """
                    backoffLimit: 0
                      podFailurePolicy:
                        rules:
                        - action: Ignore
                          onExitCodes: {operator: In, values: [3]}"""));
            // when
            cluster.advance(Duration.ofSeconds(100));
            // then: newBackoffRecord counts every failed pod, ignored or not
            assertThat(jobPods(cluster)).extracting(p -> p.getMetadata().getCreationTimestamp()).containsExactly(
                    "2025-01-01T00:00:00Z", "2025-01-01T00:00:10Z", "2025-01-01T00:00:30Z", "2025-01-01T00:01:10Z");
            Job job = job(cluster, "pi");
            assertThat(job.getStatus().getFailed()).isNull();
            assertThat(job.getStatus().getConditions()).isNullOrEmpty();
        }
    }

    @Test
    void aSuspendedJobRunsNothingUntilItIsResumed() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given
            cluster.applyYaml(TWO_AT_A_TIME.replace("parallelism: 2", "parallelism: 2\n  suspend: true"));
            cluster.advance(Duration.ofSeconds(20));
            assertThat(cluster.pods()).isEmpty();
            assertThat(job(cluster, "pi").getStatus().getStartTime()).isNull();
            assertThat(cluster.job("pi").row().status()).isEqualTo("Suspended");
            // when
            cluster.job("pi").resume();
            cluster.advance(Duration.ofSeconds(2));
            // then
            Job job = job(cluster, "pi");
            assertThat(job.getStatus().getStartTime()).isEqualTo("2025-01-01T00:00:20Z");
            assertThat(job.getStatus().getConditions()).extracting(c -> c.getType() + " " + c.getStatus() + " " + c.getReason()
                    + " " + c.getMessage() + " " + c.getLastTransitionTime()).containsExactly(
                    "Suspended False JobResumed Job resumed 2025-01-01T00:00:20Z");
            assertThat(jobPods(cluster)).hasSize(2);
            // when: suspended while running, the active pods lose their finalizer and are deleted
            cluster.job("pi").suspend();
            cluster.advance(Duration.ofSeconds(40));
            // then
            assertThat(cluster.pods()).isEmpty();
            // manageJob creates before the sync writes the Resumed condition; the second Suspended event is
            // the first one again, counted twice by the event correlator
            assertThat(cluster.eventsFor(job(cluster, "pi"))).extracting(e -> e.getReason() + ": " + e.getMessage() + " x" + e.getCount())
                    .containsExactly("Suspended: Job suspended x2",
                            "SuccessfulCreate: Created pod: pi-nfr4d x1", "SuccessfulCreate: Created pod: pi-598h7 x1",
                            "Resumed: Job resumed x1",
                            "SuccessfulDelete: Deleted pod: pi-598h7 x1", "SuccessfulDelete: Deleted pod: pi-nfr4d x1");
            assertThat(job(cluster, "pi").getStatus().getConditions()).extracting(c -> c.getType() + " " + c.getStatus() + " "
                    + c.getReason() + " " + c.getLastTransitionTime()).containsExactly("Suspended True JobSuspended 2025-01-01T00:00:22Z");
            assertThat(job(cluster, "pi").getStatus().getActive()).isNull();
            assertThat(job(cluster, "pi").getStatus().getFailed()).isNull();
        }
    }

    @Test
    void theTtlAfterFinishedControllerDeletesTheJobItsTtlAfterItFinished() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given: complete at 6 s (the pod succeeds at 5 s)
            List<String> warnings = cluster.applyYaml(TWO_AT_A_TIME.replace("completions: 3", "completions: 1\n  ttlSecondsAfterFinished: 30"))
                    .get(0).warnings();
            assertThat(warnings).isEmpty();
            // when
            cluster.advance(Duration.ofSeconds(35));
            // then
            assertThat(cluster.job("pi").exists()).isTrue();
            cluster.advance(Duration.ofSeconds(1));
            // deleted with propagationPolicy Foreground: the garbage collector deletes the finished pod,
            // then lifts the Job's foregroundDeletion finalizer, all at 36 s
            assertThat(cluster.job("pi").exists()).isFalse();
            assertThat(cluster.pods()).isEmpty();
        }
    }

    @Test
    void withRestartPolicyOnFailureTheContainerRestartsCountTowardTheBackoffLimit() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given: the kubelet restarts the container at once, then after 10 s (pastBackoffLimitOnFailure)
            cluster.applyYaml(FAILING.replace("backoffLimit: 6", "backoffLimit: 2").replace("restartPolicy: Never", "restartPolicy: OnFailure"));
            // when
            cluster.advance(Duration.ofMinutes(2));
            // then: one pod; at 2 restarts the Job fails and deletes it
            Job job = job(cluster, "pi");
            assertThat(job.getStatus().getConditions()).extracting(c -> c.getType() + " " + c.getReason() + " " + c.getLastTransitionTime())
                    .containsExactly("FailureTarget BackoffLimitExceeded 2025-01-01T00:00:11Z", "Failed BackoffLimitExceeded 2025-01-01T00:00:12Z");
            assertThat(cluster.eventsFor(job)).extracting(e -> e.getReason() + ": " + e.getMessage()).containsExactly(
                    "SuccessfulCreate: Created pod: pi-6bk5n", "SuccessfulDelete: Deleted pod: pi-6bk5n",
                    "BackoffLimitExceeded: Job has reached the specified backoff limit");
        }
    }

    @Test
    void aJobIsSimulatedSoApplyingOneWarnsOfNothing() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            assertThat(cluster.applyYaml(FAILING).get(0).warnings()).isEmpty();
        }
    }

    static List<Pod> jobPods(FakeCluster cluster) {
        return cluster.context().store().list(Pod.class).stream()
                .sorted(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp()).thenComparing(p -> p.getMetadata().getName()))
                .toList();
    }

    static Job job(FakeCluster cluster, String name) {
        return cluster.context().store().require(Job.class, "default", name);
    }
}
