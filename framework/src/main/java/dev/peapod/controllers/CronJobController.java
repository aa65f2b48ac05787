package dev.peapod.controllers;

import dev.peapod.spi.ClusterContext;
import dev.peapod.spi.Component;
import dev.peapod.store.ApiException;
import dev.peapod.store.Copies;
import dev.peapod.store.ListOptions;
import dev.peapod.store.Timestamps;
import dev.peapod.store.WatchEvent;
import dev.peapod.time.WorkQueue;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go and utils.go, v1.33): at
 * each time the schedule names (in {@code spec.timeZone}, else the cluster clock's UTC) it creates a
 * Job named {@code <cronjob>-<minutes since the epoch>} from the job template, honouring
 * {@code suspend}, {@code startingDeadlineSeconds} and {@code concurrencyPolicy}; it keeps
 * {@code status.active}, {@code lastScheduleTime} and {@code lastSuccessfulTime}, and deletes the
 * oldest finished Jobs beyond the history limits. It requeues each CronJob for its next schedule
 * time plus upstream's 100 ms ({@link #NEXT_SCHEDULE_DELTA}).
 */
@API(status = INTERNAL, since = "0.1")
public final class CronJobController implements Component {
    /**
     * cronjob_controllerv2.go nextScheduleDelta: the requeue comes this long after the schedule time,
     * "to account for Network Time Protocol (NTP) time skews", so a job scheduled for 00:05:00 is
     * created at 00:05:00.100 (its creationTimestamp, in whole seconds, reads 00:05:00).
     */
    static final Duration NEXT_SCHEDULE_DELTA = Duration.ofMillis(100);
    /** batchv1.CronJobScheduledTimestampAnnotation (the CronJobsScheduledAnnotation gate is GA and on in v1.33). */
    static final String SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp";
    /** utils.go mostRecentScheduleTime: more missed schedules than this records TooManyMissedTimes. */
    static final int MANY_MISSED = 100;
    /** time.RFC1123Z, as MissSchedule prints the scheduled time. */
    static final DateTimeFormatter RFC1123Z = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private ClusterContext context;
    private WorkQueue<String> queue;
    private ControllerEvents events;
    /** Each CronJob's last seen schedule and time zone, so an update can tell a schedule change (updateCronJob). */
    private final Map<String, String> schedules = new LinkedHashMap<>();

    @Override
    public String name() {
        return "cronjob-controller";
    }

    @Override
    public void start(ClusterContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.events = new ControllerEvents(context, name());
        this.queue = new WorkQueue<>(context.loop(), name(), this::sync);
        context.store().watch(CronJob.class, ListOptions.all(), null, this::onCronJob);
        context.store().watch(Job.class, ListOptions.all(), null, this::onJob);
    }

    // ---------------------------------------------------------------- watch callbacks: enqueue only

    private void onCronJob(WatchEvent<CronJob> event) {
        CronJob cj = event.object();
        String key = Pods.key(cj.getMetadata().getNamespace(), cj.getMetadata().getName());
        String schedule = cj.getSpec().getSchedule() + "\n" + cj.getSpec().getTimeZone();
        String before = event.type() == WatchEvent.Type.DELETED ? schedules.remove(key) : schedules.put(key, schedule);
        if (event.type() != WatchEvent.Type.MODIFIED || before == null || before.equals(schedule)) {
            queue.add(key);
            return;
        }
        // updateCronJob: a new schedule or time zone requeues for its next time, which may be sooner
        CronTab tab;
        try {
            tab = CronTab.parse(formatSchedule(cj, false), ZoneOffset.UTC);
        } catch (IllegalArgumentException unparseable) {
            events.warning(cj, "UnParseableCronJobSchedule", "unparseable schedule for cronjob: " + cj.getSpec().getSchedule());
            return;
        }
        Duration after = nextScheduleTimeDuration(cj, context.clock().now(), tab);
        if (after != null) {
            queue.addAfter(key, after);
        }
    }

    /** addJob, updateJob, deleteJob: a Job controlled by a CronJob of that name and uid wakes it. */
    private void onJob(WatchEvent<Job> event) {
        Job job = event.object();
        Optional<OwnerReference> ref = ControllerRefs.controllerOf(job);
        if (ref.isEmpty() || !"CronJob".equals(ref.get().getKind())) {
            return;
        }
        CronJob cj = context.store().peek(CronJob.class, job.getMetadata().getNamespace(), ref.get().getName());
        if (cj != null && Objects.equals(cj.getMetadata().getUid(), ref.get().getUid())) {
            queue.add(Pods.key(cj.getMetadata().getNamespace(), cj.getMetadata().getName()));
        }
    }

    // ---------------------------------------------------------------- sync

    private void sync(String key) {
        int slash = key.indexOf('/');
        CronJob stored = context.store().peek(CronJob.class, key.substring(0, slash), key.substring(slash + 1));
        if (stored == null) {
            return;
        }
        List<Job> jobs = jobsToBeReconciled(stored);
        CronJob cj = Copies.copy(stored);
        if (cj.getStatus() == null) {
            cj.setStatus(new CronJobStatus());
        }
        if (cj.getStatus().getActive() == null) {
            cj.getStatus().setActive(new ArrayList<>());
        }
        cleanupFinishedJobs(cj, jobs);
        Outcome outcome = syncCronJob(cj, jobs);
        if (!sameStatus(stored.getStatus(), cj.getStatus())) {
            try {
                cj.getMetadata().setResourceVersion(null);
                context.store().shared().updateStatus(cj);
            } catch (ApiException failed) {
                queue.addRateLimited(key);
                return;
            }
        }
        if (outcome.requeueAfter() != null) {
            queue.forget(key);
            queue.addAfter(key, outcome.requeueAfter());
        } else if (outcome.failed()) {
            queue.addRateLimited(key);
        }
    }

    /** What syncCronJob tells processNextWorkItem: requeue after a delay, or with back-off after an error. */
    private record Outcome(Duration requeueAfter, boolean failed) {
        static final Outcome DONE = new Outcome(null, false);
        static final Outcome ERROR = new Outcome(null, true);

        static Outcome after(Duration delay) {
            return new Outcome(delay, false);
        }
    }

    /**
     * getJobsToBeReconciled: every Job of the namespace whose controller reference names this CronJob
     * (upstream compares the name only), in name order.
     */
    private List<Job> jobsToBeReconciled(CronJob cj) {
        List<Job> jobs = new ArrayList<>();
        for (Job job : context.store().list(Job.class, ListOptions.inNamespace(cj.getMetadata().getNamespace()))) {
            Optional<OwnerReference> ref = ControllerRefs.controllerOf(job);
            if (ref.isPresent() && cj.getMetadata().getName().equals(ref.get().getName())) {
                jobs.add(job);
            }
        }
        return jobs;
    }

    /** syncCronJob: reconcile the active list with the Jobs, then start the Job due now, if any. */
    private Outcome syncCronJob(CronJob cj, List<Job> jobs) {
        Instant now = context.clock().now();
        List<String> children = new ArrayList<>();
        for (Job job : jobs) {
            children.add(job.getMetadata().getUid());
            boolean found = inActiveList(cj, job.getMetadata().getUid());
            if (!found && !isFinished(job)) {
                // upstream re-reads the CronJob from the API first; Peapod's store is that API, already read
                events.warning(cj, "UnexpectedJob", "Saw a job that the controller did not create or forgot: "
                        + job.getMetadata().getName());
            } else if (isFinished(job)) {
                if (found) {
                    deleteFromActiveList(cj, job.getMetadata().getUid());
                    events.normal(cj, "SawCompletedJob", "Saw completed job: " + job.getMetadata().getName()
                            + ", condition: " + finishedCondition(job).orElse(""));
                }
                if (isSucceeded(job)) {
                    lastSuccessful(cj, job);
                }
            }
        }
        // an active Job that no longer exists leaves the list, or the CronJob would stay active forever
        for (ObjectReference ref : List.copyOf(cj.getStatus().getActive())) {
            if (!children.contains(ref.getUid()) && context.store().peek(Job.class, ref.getNamespace(), ref.getName()) == null) {
                events.normal(cj, "MissingJob", "Active job went missing: " + ref.getName());
                deleteFromActiveList(cj, ref.getUid());
            }
        }
        if (cj.getMetadata().getDeletionTimestamp() != null) {
            return Outcome.DONE; // being deleted: only the status is kept up to date
        }
        if (cj.getSpec().getTimeZone() != null) {
            try {
                CronTab.zone(cj.getSpec().getTimeZone());
            } catch (IllegalArgumentException unknown) {
                events.warning(cj, "UnknownTimeZone", "invalid timeZone: \"" + cj.getSpec().getTimeZone() + "\": "
                        + unknown.getMessage());
                return Outcome.DONE;
            }
        }
        if (Boolean.TRUE.equals(cj.getSpec().getSuspend())) {
            return Outcome.DONE;
        }
        CronTab tab;
        try {
            tab = CronTab.parse(formatSchedule(cj, true), ZoneOffset.UTC);
        } catch (IllegalArgumentException unparseable) {
            events.warning(cj, "UnparseableSchedule", "unparseable schedule: \"" + cj.getSpec().getSchedule() + "\" : "
                    + unparseable.getMessage());
            return Outcome.DONE;
        }
        Recent recent = mostRecentScheduleTime(cj, now, tab, true);
        if (recent.error() != null) {
            events.warning(cj, "InvalidSchedule", "invalid schedule: " + cj.getSpec().getSchedule() + " : " + recent.error());
            return Outcome.DONE;
        }
        if (recent.mostRecent() == null || recent.mostRecent().isAfter(now)) {
            return requeue(cj, now, tab); // no unmet start time
        }
        Instant scheduledTime = recent.mostRecent();
        if (recent.missed() == Missed.MANY) {
            events.warning(cj, "TooManyMissedTimes",
                    "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew");
        }
        Long deadline = cj.getSpec().getStartingDeadlineSeconds();
        if (deadline != null && scheduledTime.plusSeconds(deadline).isBefore(now)) {
            events.warning(cj, "MissSchedule", "Missed scheduled time to start a job: " + RFC1123Z.format(scheduledTime));
            return requeue(cj, now, tab);
        }
        String jobName = jobName(cj, scheduledTime);
        if (cj.getStatus().getActive().stream().anyMatch(r -> jobName.equals(r.getName())
                && Objects.equals(cj.getMetadata().getNamespace(), r.getNamespace()))
                || scheduledTime.equals(Timestamps.parse(cj.getStatus().getLastScheduleTime()))) {
            return requeue(cj, now, tab); // this scheduled time is already processed
        }
        String policy = cj.getSpec().getConcurrencyPolicy();
        if ("Forbid".equals(policy) && !cj.getStatus().getActive().isEmpty()) {
            events.normal(cj, "JobAlreadyActive",
                    "Not starting job because prior execution is running and concurrency policy is Forbid");
            return requeue(cj, now, tab);
        }
        if ("Replace".equals(policy)) {
            for (ObjectReference ref : List.copyOf(cj.getStatus().getActive())) {
                Job job = context.store().peek(Job.class, ref.getNamespace(), ref.getName());
                if (job == null) {
                    events.warning(cj, "FailedGet", "Get job: " + ApiException.notFound("jobs.batch", ref.getName()).getMessage());
                    return Outcome.ERROR;
                }
                if (!deleteJob(cj, job)) {
                    return Outcome.ERROR;
                }
            }
        }
        return createJob(cj, scheduledTime, now, tab);
    }

    /** Creates the Job for {@code scheduledTime} and adds it to the active list, as syncCronJob's tail does. */
    private Outcome createJob(CronJob cj, Instant scheduledTime, Instant now, CronTab tab) {
        Job request = jobFromTemplate(cj, scheduledTime);
        Job created;
        try {
            created = context.store().create(request);
            events.normal(cj, "SuccessfulCreate", "Created job " + created.getMetadata().getName());
        } catch (ApiException failed) {
            if (failed.code() != 409 || !"AlreadyExists".equals(failed.reason())) {
                events.warning(cj, "FailedCreate", "Error creating job: " + failed.getMessage());
                return Outcome.ERROR;
            }
            // made by someone else: theirs to account for; made by us before a lost status write: add it back
            created = context.store().peek(Job.class, cj.getMetadata().getNamespace(), request.getMetadata().getName());
            if (created == null || !ControllerRefs.isControlledBy(created, cj)
                    || inActiveList(cj, created.getMetadata().getUid())) {
                return Outcome.DONE;
            }
        }
        List<ObjectReference> active = new ArrayList<>(cj.getStatus().getActive());
        active.add(reference(created));
        cj.getStatus().setActive(active);
        cj.getStatus().setLastScheduleTime(Timestamps.format(scheduledTime));
        return requeue(cj, now, tab);
    }

    private Outcome requeue(CronJob cj, Instant now, CronTab tab) {
        Duration after = nextScheduleTimeDuration(cj, now, tab);
        return after == null ? Outcome.DONE : Outcome.after(after);
    }

    // ---------------------------------------------------------------- history

    /** cleanupFinishedJobs: beyond each history limit, the finished Jobs that started first go. */
    private void cleanupFinishedJobs(CronJob cj, List<Job> jobs) {
        Integer successfulLimit = cj.getSpec().getSuccessfulJobsHistoryLimit();
        Integer failedLimit = cj.getSpec().getFailedJobsHistoryLimit();
        if (successfulLimit == null && failedLimit == null) {
            return;
        }
        List<Job> successful = new ArrayList<>();
        List<Job> failed = new ArrayList<>();
        for (Job job : jobs) {
            Optional<String> condition = finishedCondition(job);
            if (condition.isPresent() && condition.get().equals("Complete")) {
                successful.add(job);
            } else if (condition.isPresent() && condition.get().equals("Failed")) {
                failed.add(job);
            }
        }
        if (successfulLimit != null) {
            removeOldestJobs(cj, successful, successfulLimit);
        }
        if (failedLimit != null) {
            removeOldestJobs(cj, failed, failedLimit);
        }
    }

    /** removeOldestJobs, sorted as byJobStartTime: by status.startTime (unset last), then name. */
    private void removeOldestJobs(CronJob cj, List<Job> jobs, int max) {
        int toDelete = jobs.size() - max;
        if (toDelete <= 0) {
            return;
        }
        List<Job> sorted = new ArrayList<>(jobs);
        sorted.sort(Comparator.comparing((Job j) -> Timestamps.parse(j.getStatus() == null ? null : j.getStatus().getStartTime()),
                Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(j -> j.getMetadata().getName()));
        for (int i = 0; i < toDelete; i++) {
            deleteJob(cj, sorted.get(i));
        }
    }

    /**
     * deleteJob: deletes the Job (upstream asks for background propagation, so its pods go after it
     * through the garbage collector) and its entry in the active list.
     */
    private boolean deleteJob(CronJob cj, Job job) {
        try {
            context.store().shared().delete(Job.class, job.getMetadata().getNamespace(), job.getMetadata().getName(), null,
                    dev.peapod.store.Propagation.BACKGROUND);
        } catch (ApiException failed) {
            events.warning(cj, "FailedDelete", "Deleted job: " + failed.getMessage());
            return false;
        }
        deleteFromActiveList(cj, job.getMetadata().getUid());
        events.normal(cj, "SuccessfulDelete", "Deleted job " + job.getMetadata().getName());
        return true;
    }

    // ---------------------------------------------------------------- utils.go

    enum Missed { NONE, FEW, MANY }

    /** mostRecentScheduleTime's answers; {@code mostRecent} null when no schedule time has come. */
    record Recent(Instant earliest, Instant mostRecent, Missed missed, String error) {
    }

    /**
     * mostRecentScheduleTime: from the last schedule time (else the creation time), or the starting
     * deadline when that is later, the most recent schedule time not after {@code now}, and whether
     * none, a few or many (more than 100) were missed, counted as upstream approximates them.
     */
    static Recent mostRecentScheduleTime(CronJob cj, Instant now, CronTab schedule, boolean includeStartingDeadline) {
        Instant earliest = Timestamps.parse(cj.getMetadata().getCreationTimestamp());
        String last = cj.getStatus() == null ? null : cj.getStatus().getLastScheduleTime();
        if (last != null) {
            earliest = Timestamps.parse(last);
        }
        Long deadline = cj.getSpec().getStartingDeadlineSeconds();
        if (includeStartingDeadline && deadline != null) {
            Instant schedulingDeadline = now.minusSeconds(deadline);
            if (schedulingDeadline.isAfter(earliest)) {
                earliest = schedulingDeadline;
            }
        }
        Instant t1 = schedule.next(earliest);
        Instant t2 = t1 == null ? null : schedule.next(t1);
        if (t1 != null && now.isBefore(t1)) {
            return new Recent(earliest, null, Missed.NONE, null);
        }
        if (t2 != null && now.isBefore(t2)) {
            return new Recent(earliest, t1, Missed.NONE, null);
        }
        // Go's zero time from Next gives a difference below a second: "59 23 31 2 *" never comes
        long between = t1 == null || t2 == null ? 0 : roundToSeconds(Duration.between(t1, t2));
        if (between < 1) {
            return new Recent(earliest, null, Missed.NONE, "time difference between two schedules is less than 1 second");
        }
        long elapsed = Duration.between(t1, now).getSeconds();
        long missedCount = elapsed / between + 1;
        Instant potentialEarliest = t1.plusSeconds((missedCount - 1 - 1) * between);
        Instant mostRecent = null;
        for (Instant t = schedule.next(potentialEarliest); t != null && !t.isAfter(now); t = schedule.next(t)) {
            mostRecent = t;
        }
        Missed missed = missedCount > MANY_MISSED ? Missed.MANY : missedCount > 0 ? Missed.FEW : Missed.NONE;
        return new Recent(earliest, mostRecent, missed, null);
    }

    /** time.Duration.Round(time.Second), half away from zero, in seconds. */
    private static long roundToSeconds(Duration d) {
        long seconds = d.getSeconds();
        return d.getNano() >= 500_000_000 ? seconds + 1 : seconds;
    }

    /**
     * nextScheduleTimeDuration: how long until the schedule time after the most recent one (or after
     * now, when schedules were missed), plus {@link #NEXT_SCHEDULE_DELTA}; null when the schedule
     * has no next time.
     */
    static Duration nextScheduleTimeDuration(CronJob cj, Instant now, CronTab schedule) {
        Recent recent = mostRecentScheduleTime(cj, now, schedule, false);
        Instant mostRecent = recent.mostRecent();
        if (recent.error() != null) {
            mostRecent = now;
        } else if (mostRecent == null) {
            mostRecent = recent.missed() == Missed.NONE ? recent.earliest() : now;
        }
        Instant next = schedule.next(mostRecent);
        return next == null ? null : Duration.between(now, next.plus(NEXT_SCHEDULE_DELTA));
    }

    /**
     * formatSchedule: the schedule with a {@code TZ=} prefix for {@code spec.timeZone}; a schedule
     * that names TZ itself is taken as it is, with an UnsupportedSchedule warning.
     */
    private String formatSchedule(CronJob cj, boolean warn) {
        String schedule = cj.getSpec().getSchedule();
        if (schedule.contains("TZ")) {
            if (warn) {
                events.warning(cj, "UnsupportedSchedule", "CRON_TZ or TZ used in schedule \"" + schedule
                        + "\" is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/"
                        + "cron-jobs/ for more details");
            }
            return schedule;
        }
        String zone = cj.getSpec().getTimeZone();
        if (zone != null) {
            try {
                CronTab.zone(zone);
            } catch (IllegalArgumentException unknown) {
                return schedule;
            }
            return "TZ=" + zone + " " + schedule;
        }
        return schedule;
    }

    /** getJobName: the CronJob's name and the scheduled time in minutes since the epoch. */
    static String jobName(CronJob cj, Instant scheduledTime) {
        return cj.getMetadata().getName() + "-" + Math.floorDiv(scheduledTime.getEpochSecond(), 60);
    }

    /**
     * getJobFromTemplate2: the template's labels, annotations and spec, the scheduled time as an
     * RFC 3339 annotation in the CronJob's time zone, and the CronJob as controller.
     */
    static Job jobFromTemplate(CronJob cj, Instant scheduledTime) {
        ObjectMeta template = cj.getSpec().getJobTemplate().getMetadata();
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> annotations = new LinkedHashMap<>();
        if (template != null && template.getLabels() != null) {
            labels.putAll(template.getLabels());
        }
        if (template != null && template.getAnnotations() != null) {
            annotations.putAll(template.getAnnotations());
        }
        ZoneId zone = CronTab.zone(cj.getSpec().getTimeZone() == null ? "" : cj.getSpec().getTimeZone());
        annotations.put(SCHEDULED_TIMESTAMP, DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(scheduledTime.atZone(zone)
                .toOffsetDateTime()).replace("+00:00", "Z"));
        Job job = new Job();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(jobName(cj, scheduledTime));
        meta.setNamespace(cj.getMetadata().getNamespace());
        meta.setLabels(labels);
        meta.setAnnotations(annotations);
        meta.setOwnerReferences(new ArrayList<>(List.of(ControllerRefs.newControllerRef(cj))));
        job.setMetadata(meta);
        job.setSpec(Copies.copy(cj.getSpec().getJobTemplate().getSpec()));
        return job;
    }

    /** ref.GetReference: the Job's apiVersion, kind, namespace, name, uid and resourceVersion. */
    private static ObjectReference reference(Job job) {
        return new ObjectReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                .withNamespace(job.getMetadata().getNamespace()).withName(job.getMetadata().getName())
                .withUid(job.getMetadata().getUid()).withResourceVersion(job.getMetadata().getResourceVersion()).build();
    }

    private static boolean inActiveList(CronJob cj, String uid) {
        return cj.getStatus().getActive().stream().anyMatch(r -> Objects.equals(r.getUid(), uid));
    }

    private static void deleteFromActiveList(CronJob cj, String uid) {
        cj.getStatus().setActive(new ArrayList<>(cj.getStatus().getActive().stream()
                .filter(r -> !Objects.equals(r.getUid(), uid)).toList()));
    }

    /** A successful Job's completionTime becomes lastSuccessfulTime when there was none or it is later. */
    private static void lastSuccessful(CronJob cj, Job job) {
        String completion = job.getStatus() == null ? null : job.getStatus().getCompletionTime();
        String current = cj.getStatus().getLastSuccessfulTime();
        if (current == null || (completion != null && Timestamps.parse(completion).isAfter(Timestamps.parse(current)))) {
            cj.getStatus().setLastSuccessfulTime(completion);
        }
    }

    // ---------------------------------------------------------------- pkg/controller/job/util/utils.go

    /** FinishedCondition: the type of the first Complete or Failed condition that is True. */
    static Optional<String> finishedCondition(Job job) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus()))
                .map(c -> c.getType()).findFirst();
    }

    static boolean isFinished(Job job) {
        return finishedCondition(job).isPresent();
    }

    /** IsJobSucceeded: a Complete condition that is True. */
    static boolean isSucceeded(Job job) {
        return job.getStatus() != null && job.getStatus().getConditions() != null && job.getStatus().getConditions()
                .stream().anyMatch(c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean sameStatus(CronJobStatus a, CronJobStatus b) {
        CronJobStatus x = a == null ? new CronJobStatus() : a;
        return Objects.equals(emptyToNull(x.getActive()), emptyToNull(b.getActive()))
                && Objects.equals(x.getLastScheduleTime(), b.getLastScheduleTime())
                && Objects.equals(x.getLastSuccessfulTime(), b.getLastSuccessfulTime());
    }

    private static <T> List<T> emptyToNull(List<T> list) {
        return list == null || list.isEmpty() ? null : list;
    }
}
