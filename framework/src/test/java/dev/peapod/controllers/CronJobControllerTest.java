package dev.peapod.controllers;

import dev.peapod.ClusterSpec;
import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * pkg/controller/cronjob/cronjob_controllerv2.go and utils.go (v1.33): Jobs at the schedule's times,
 * named by the scheduled minute, the concurrency policies, suspend, the starting deadline, the
 * history limits and the events' texts. The cluster starts at 2025-01-01T00:00:00Z, minute
 * 28928160 since the epoch. No Job controller runs here: the tests finish Jobs by writing their status.
 */
class CronJobControllerTest {
    static final String HELLO = """
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: hello}
            spec:
              schedule: "*/5 * * * *"
              jobTemplate:
                metadata:
                  labels: {app: hello}
                  annotations: {team: a}
                spec:
                  template:
                    spec:
                      restartPolicy: OnFailure
                      containers:
                      - name: hello
                        image: busybox:1.28
                        command: [sh, -c, date; echo Hello; sleep 86400]   # runs until the test ends it: these tests finish Jobs by writing their status
            """;

    static final String EVERY_MINUTE = HELLO.replace("*/5 * * * *", "* * * * *");

    @Test
    void createsAJobEveryFiveMinutesNamedByTheScheduledMinute() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given
            cluster.applyYaml(HELLO);
            // when
            cluster.advance(Duration.ofMinutes(16));
            // then: requeued at each schedule time plus upstream's 100 ms (nextScheduleDelta)
            assertThat(jobs(cluster)).extracting(j -> j.getMetadata().getName(), j -> j.getMetadata().getCreationTimestamp())
                    .containsExactly(tuple("hello-28928165", "2025-01-01T00:05:00Z"),
                            tuple("hello-28928170", "2025-01-01T00:10:00Z"),
                            tuple("hello-28928175", "2025-01-01T00:15:00Z"));
            assertThat(story(cluster)).isEqualTo("""
                      00:05:00.100  SuccessfulCreate: Created job hello-28928165
                      00:10:00.100  SuccessfulCreate: Created job hello-28928170
                      00:15:00.100  SuccessfulCreate: Created job hello-28928175""");
            CronJob cj = cronJob(cluster);
            assertThat(cluster.eventsFor(cj)).extracting(Event::getType, Event::getReason, Event::getMessage).containsExactly(
                    tuple("Normal", "SuccessfulCreate", "Created job hello-28928165"),
                    tuple("Normal", "SuccessfulCreate", "Created job hello-28928170"),
                    tuple("Normal", "SuccessfulCreate", "Created job hello-28928175"));
            assertThat(cluster.eventsFor(cj)).allSatisfy(e -> assertThat(e.getSource().getComponent()).isEqualTo("cronjob-controller"));
            assertThat(cj.getStatus().getLastScheduleTime()).isEqualTo("2025-01-01T00:15:00Z");
            assertThat(cj.getStatus().getLastSuccessfulTime()).isNull();
            assertThat(cj.getStatus().getActive()).extracting("apiVersion", "kind", "namespace", "name")
                    .containsExactly(tuple("batch/v1", "Job", "default", "hello-28928165"),
                            tuple("batch/v1", "Job", "default", "hello-28928170"),
                            tuple("batch/v1", "Job", "default", "hello-28928175"));
            Job first = jobs(cluster).get(0);
            assertThat(cj.getStatus().getActive().get(0).getUid()).isEqualTo(first.getMetadata().getUid());
            assertThat(first.getMetadata().getLabels()).isEqualTo(Map.of("app", "hello"));
            assertThat(first.getMetadata().getAnnotations()).isEqualTo(Map.of("team", "a",
                    "batch.kubernetes.io/cronjob-scheduled-timestamp", "2025-01-01T00:05:00Z"));
            assertThat(first.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
                assertThat(ref.getApiVersion()).isEqualTo("batch/v1");
                assertThat(ref.getKind()).isEqualTo("CronJob");
                assertThat(ref.getName()).isEqualTo("hello");
                assertThat(ref.getUid()).isEqualTo(cj.getMetadata().getUid());
                assertThat(ref.getController()).isTrue();
                assertThat(ref.getBlockOwnerDeletion()).isTrue();
            });
            assertThat(first.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("busybox:1.28");
        }
    }

    @Test
    void aTimeZoneMovesTheScheduleAndTheScheduledTimestamp() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given: 09:30 in Tokyo is 00:30 UTC
            cluster.applyYaml(HELLO.replace("schedule: \"*/5 * * * *\"", "schedule: \"30 9 * * *\"\n  timeZone: Asia/Tokyo"));
            // when
            cluster.advance(Duration.ofMinutes(31));
            // then
            assertThat(jobs(cluster)).singleElement().satisfies(job -> {
                assertThat(job.getMetadata().getName()).isEqualTo("hello-28928190");
                assertThat(job.getMetadata().getCreationTimestamp()).isEqualTo("2025-01-01T00:30:00Z");
                assertThat(job.getMetadata().getAnnotations())
                        .containsEntry("batch.kubernetes.io/cronjob-scheduled-timestamp", "2025-01-01T09:30:00+09:00");
            });
            assertThat(cronJob(cluster).getStatus().getLastScheduleTime()).isEqualTo("2025-01-01T00:30:00Z");
        }
    }

    @Test
    void withoutATimeZoneTheScheduleIsReadInTheClustersUtc() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(HELLO.replace("*/5 * * * *", "30 9 * * *"));
            cluster.advance(Duration.ofHours(9).plusMinutes(31));
            assertThat(jobs(cluster)).extracting(j -> j.getMetadata().getName()).containsExactly("hello-28928730");
            assertThat(jobs(cluster).get(0).getMetadata().getAnnotations())
                    .containsEntry("batch.kubernetes.io/cronjob-scheduled-timestamp", "2025-01-01T09:30:00Z");
        }
    }

    @Test
    void forbidSkipsAScheduleWhileAJobIsActiveAndStartsItLateWhenTheJobEnds() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given
            cluster.applyYaml(EVERY_MINUTE.replace("spec:\n  schedule", "spec:\n  concurrencyPolicy: Forbid\n  schedule"));
            cluster.advance(Duration.ofSeconds(150));
            // when: the first Job completes at 00:02:30
            finish(cluster, "hello-28928161", "Complete", "2025-01-01T00:01:00Z", "2025-01-01T00:02:30Z");
            cluster.advance(Duration.ofSeconds(40));
            // then: the skip set no lastScheduleTime, so 00:02 is still unmet when the Job's update wakes
            // the controller, and starts then; 00:03 is skipped in its turn
            assertThat(jobs(cluster)).extracting(j -> j.getMetadata().getName()).containsExactly("hello-28928161", "hello-28928162");
            assertThat(story(cluster)).isEqualTo("""
                    00:01:00.100  SuccessfulCreate: Created job hello-28928161
                    00:02:00.100  JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid
                    00:02:30  SawCompletedJob: Saw completed job: hello-28928161, condition: Complete
                    00:02:30  SuccessfulCreate: Created job hello-28928162
                    00:03:00.100  JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid""");
            CronJob cj = cronJob(cluster);
            assertThat(cj.getStatus().getLastSuccessfulTime()).isEqualTo("2025-01-01T00:02:30Z");
            assertThat(cj.getStatus().getLastScheduleTime()).isEqualTo("2025-01-01T00:02:00Z");
            assertThat(cj.getStatus().getActive()).extracting("name").containsExactly("hello-28928162");
        }
    }

    @Test
    void replaceDeletesTheActiveJobBeforeCreatingTheNext() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(EVERY_MINUTE.replace("spec:\n  schedule", "spec:\n  concurrencyPolicy: Replace\n  schedule"));
            cluster.advance(Duration.ofSeconds(150));
            assertThat(jobs(cluster)).extracting(j -> j.getMetadata().getName()).containsExactly("hello-28928162");
            assertThat(story(cluster)).isEqualTo("""
                      00:01:00.100  SuccessfulCreate: Created job hello-28928161
                      00:02:00.100  SuccessfulDelete: Deleted job hello-28928161
                      00:02:00.100  SuccessfulCreate: Created job hello-28928162""");
            assertThat(cronJob(cluster).getStatus().getActive()).extracting("name").containsExactly("hello-28928162");
        }
    }

    @Test
    void allowKeepsEveryJobActive() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(EVERY_MINUTE);
            cluster.advance(Duration.ofSeconds(150));
            assertThat(cronJob(cluster).getStatus().getActive()).extracting("name")
                    .containsExactly("hello-28928161", "hello-28928162");
        }
    }

    @Test
    void historyLimitsDeleteTheOldestFinishedJobs() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given: the defaults keep 3 successful and 1 failed Job
            cluster.applyYaml(EVERY_MINUTE);
            cluster.advance(Duration.ofSeconds(390));
            assertThat(jobs(cluster)).hasSize(6);
            // when: four complete and two fail, the last ones first
            finish(cluster, "hello-28928166", "Complete", "2025-01-01T00:06:00Z", "2025-01-01T00:06:20Z");
            finish(cluster, "hello-28928164", "Complete", "2025-01-01T00:04:00Z", "2025-01-01T00:06:21Z");
            finish(cluster, "hello-28928163", "Complete", "2025-01-01T00:03:00Z", "2025-01-01T00:06:22Z");
            finish(cluster, "hello-28928161", "Complete", "2025-01-01T00:01:00Z", "2025-01-01T00:06:23Z");
            finish(cluster, "hello-28928165", "Failed", "2025-01-01T00:05:00Z", "2025-01-01T00:06:24Z");
            finish(cluster, "hello-28928162", "Failed", "2025-01-01T00:02:00Z", "2025-01-01T00:06:25Z");
            // then: byJobStartTime, the earliest started go
            assertThat(jobs(cluster)).extracting(j -> j.getMetadata().getName())
                    .containsExactly("hello-28928163", "hello-28928164", "hello-28928165", "hello-28928166");
            CronJob cj = cronJob(cluster);
            assertThat(cluster.eventsFor(cj)).extracting(Event::getReason, Event::getMessage)
                    .contains(tuple("SawCompletedJob", "Saw completed job: hello-28928165, condition: Failed"),
                            tuple("SuccessfulDelete", "Deleted job hello-28928161"),
                            tuple("SuccessfulDelete", "Deleted job hello-28928162"));
            assertThat(cluster.eventsFor(cj)).filteredOn(e -> e.getReason().equals("SuccessfulDelete")).hasSize(2);
            assertThat(cj.getStatus().getActive()).isEmpty();
            assertThat(cj.getStatus().getLastSuccessfulTime()).isEqualTo("2025-01-01T00:06:23Z");
        }
    }

    @Test
    void aSuspendedCronJobCreatesNothingAndOnResumeStartsTheMostRecentMissedTime() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given
            cluster.applyYaml(HELLO.replace("spec:\n  schedule", "spec:\n  suspend: true\n  schedule"));
            cluster.advance(Duration.ofMinutes(12));
            assertThat(jobs(cluster)).isEmpty();
            // when
            cluster.applyYaml(HELLO.replace("spec:\n  schedule", "spec:\n  suspend: false\n  schedule"));
            cluster.advance(Duration.ofMinutes(4));
            // then: 00:05 and 00:10 were missed; the most recent starts at once, then the schedule goes on
            assertThat(story(cluster)).isEqualTo("""
                      00:12:00  SuccessfulCreate: Created job hello-28928170
                      00:15:00.100  SuccessfulCreate: Created job hello-28928175""");
        }
    }

    @Test
    void aStartingDeadlineSkipsTimesMissedLongerAgo() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            String yaml = HELLO.replace("spec:\n  schedule", "spec:\n  startingDeadlineSeconds: 60\n  suspend: true\n  schedule");
            cluster.applyYaml(yaml);
            cluster.advance(Duration.ofSeconds(11 * 60 + 30));
            cluster.applyYaml(yaml.replace("suspend: true", "suspend: false"));
            cluster.advance(Duration.ofMinutes(4));
            // 00:10 is more than 60 s before 00:11:30: not started; 00:15 is
            assertThat(story(cluster)).isEqualTo("""
                      00:15:00.100  SuccessfulCreate: Created job hello-28928175""");
        }
    }

    @Test
    void aStartingDeadlineUnderTheRequeueDelayNeverStartsAJob() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // the controller wakes 100 ms after the schedule time, already past a deadline of 0 s
            cluster.applyYaml(HELLO.replace("spec:\n  schedule", "spec:\n  startingDeadlineSeconds: 0\n  schedule"));
            cluster.advance(Duration.ofMinutes(11));
            assertThat(jobs(cluster)).isEmpty();
        }
    }

    @Test
    void moreThanAHundredMissedTimesWarnsAndStartsTheMostRecent() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(EVERY_MINUTE.replace("spec:\n  schedule", "spec:\n  suspend: true\n  schedule"));
            cluster.advance(Duration.ofMinutes(102).plusSeconds(30));
            cluster.applyYaml(EVERY_MINUTE.replace("spec:\n  schedule", "spec:\n  suspend: false\n  schedule"));
            assertThat(story(cluster)).isEqualTo("""
                      01:42:30  TooManyMissedTimes: too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew
                      01:42:30  SuccessfulCreate: Created job hello-28928262""");
        }
    }

    @Test
    void aHundredMissedTimesAreNotTooMany() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(EVERY_MINUTE.replace("spec:\n  schedule", "spec:\n  suspend: true\n  schedule"));
            cluster.advance(Duration.ofMinutes(100).plusSeconds(30));
            cluster.applyYaml(EVERY_MINUTE.replace("spec:\n  schedule", "spec:\n  suspend: false\n  schedule"));
            assertThat(story(cluster)).isEqualTo("""
                      01:40:30  SuccessfulCreate: Created job hello-28928260""");
        }
    }

    @Test
    void anActiveJobThatIsDeletedGoesMissing() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(HELLO);
            cluster.advance(Duration.ofMinutes(6));
            cluster.delete(Job.class, "hello-28928165");
            assertThat(cronJob(cluster).getStatus().getActive()).isEmpty();
            assertThat(story(cluster)).endsWith(
                    "00:06:00  MissingJob: Active job went missing: hello-28928165");
        }
    }

    @Test
    void anUnfinishedJobItDidNotCreateIsUnexpected() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(HELLO);
            cluster.settle();
            CronJob cj = cronJob(cluster);
            cluster.applyYaml("""
                    apiVersion: batch/v1
                    kind: Job
                    metadata:
                      name: stray
                      ownerReferences:
                      - {apiVersion: batch/v1, kind: CronJob, name: hello, uid: %s, controller: true}
                    spec:
                      template:
                        spec:
                          restartPolicy: Never
                          containers: [{name: app, image: busybox}]
                    """.formatted(cj.getMetadata().getUid()));
            assertThat(cluster.eventsFor(cj)).extracting(Event::getType, Event::getReason, Event::getMessage).containsExactly(
                    tuple("Warning", "UnexpectedJob", "Saw a job that the controller did not create or forgot: stray"));
            assertThat(cronJob(cluster).getStatus()).isNull(); // nothing to write
        }
    }

    @Test
    void aNewScheduleRequeuesForItsNextTime() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(HELLO);
            cluster.advance(Duration.ofSeconds(70));
            cluster.applyYaml(HELLO.replace("*/5 * * * *", "*/2 * * * *"));
            cluster.advance(Duration.ofSeconds(60));
            assertThat(story(cluster)).isEqualTo("""
                      00:02:00.100  SuccessfulCreate: Created job hello-28928162""");
        }
    }

    @Test
    void everyDurationCountsFromTheCreationTime() {
        try (FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node("worker0")
                .startingAt(java.time.Instant.parse("2025-01-01T00:00:17Z")))) {
            cluster.applyYaml(HELLO.replace("*/5 * * * *", "@every 90s"));
            cluster.advance(Duration.ofMinutes(4));
            assertThat(jobs(cluster)).extracting(j -> j.getMetadata().getName(), j -> j.getMetadata().getCreationTimestamp())
                    .containsExactly(tuple("hello-28928161", "2025-01-01T00:01:47Z"), tuple("hello-28928163", "2025-01-01T00:03:17Z"));
        }
    }

    @Test
    void aScheduleThatNeverComesIsInvalidAndNotRequeued() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // the parser takes February 31st; Next finds no such day (Go's zero time), twice
            cluster.applyYaml(HELLO.replace("*/5 * * * *", "0 0 31 2 *"));
            cluster.advance(Duration.ofDays(400));
            assertThat(story(cluster)).isEqualTo(
                    "00:00:00  InvalidSchedule: invalid schedule: 0 0 31 2 * : time difference between two schedules is less than 1 second");
            assertThat(jobs(cluster)).isEmpty();
        }
    }

    @Test
    void aJobOfTheSameNameThatItDoesNotControlStopsTheSchedule() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(HELLO);
            cluster.applyYaml(STRAY.formatted("hello-28928165", ""));
            cluster.advance(Duration.ofMinutes(11));
            // AlreadyExists for a Job someone else made: upstream returns without an error or a requeue
            assertThat(jobs(cluster)).extracting(j -> j.getMetadata().getName()).containsExactly("hello-28928165");
            assertThat(cluster.eventsFor(cronJob(cluster))).isEmpty();
        }
    }

    @Test
    void aJobOfTheSameNameThatItControlsJoinsTheActiveList() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(HELLO);
            String owner = "\n  ownerReferences:\n  - {apiVersion: batch/v1, kind: CronJob, name: hello, uid: %s, controller: true}"
                    .formatted(cronJob(cluster).getMetadata().getUid());
            cluster.applyYaml(STRAY.formatted("hello-28928165", owner));
            cluster.advance(Duration.ofMinutes(6));
            // as after a status write lost between create and update: added back without SuccessfulCreate,
            // once the sync that starts by seeing it unexpected again reaches the create; the Job
            // controller's first status write (00:00:01, its 1 s batch) wakes the CronJob once more
            assertThat(story(cluster)).isEqualTo("""
                    00:00:00  UnexpectedJob: Saw a job that the controller did not create or forgot: hello-28928165
                    00:00:01  UnexpectedJob: Saw a job that the controller did not create or forgot: hello-28928165
                    00:05:00.100  UnexpectedJob: Saw a job that the controller did not create or forgot: hello-28928165""");
            CronJob cj = cronJob(cluster);
            assertThat(cj.getStatus().getActive()).extracting("name").containsExactly("hello-28928165");
            assertThat(cj.getStatus().getLastScheduleTime()).isEqualTo("2025-01-01T00:05:00Z");
        }
    }

    static final String STRAY = """
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: %s%s
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: app, image: busybox, command: [sleep, "3600"]}]
            """;

    // ---------------------------------------------------------------- helpers

    /** The CronJob's timeline, one entry a line. */
    static String story(FakeCluster cluster) {
        return cluster.timeline().describe("default", "cronjob.batch/hello").lines().map(String::strip)
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    static List<Job> jobs(FakeCluster cluster) {
        return cluster.context().store().list(Job.class);
    }

    static CronJob cronJob(FakeCluster cluster) {
        return cluster.context().store().require(CronJob.class, "default", "hello");
    }

    /** What the Job controller would write when a Job ends: the condition, startTime and completionTime. */
    static void finish(FakeCluster cluster, String job, String condition, String startTime, String completionTime) {
        cluster.editStatus(Job.class, "default", job, j -> {
            JobStatus status = new JobStatus();
            status.setStartTime(startTime);
            status.setConditions(List.of(new JobConditionBuilder().withType(condition).withStatus("True").build()));
            if (condition.equals("Complete")) {
                status.setCompletionTime(completionTime);
            }
            j.setStatus(status);
        });
    }
}
