package dev.peapod.controllers;

import dev.peapod.spi.ClusterContext;
import dev.peapod.spi.Component;
import dev.peapod.store.ApiException;
import dev.peapod.store.Copies;
import dev.peapod.store.LabelSelector;
import dev.peapod.store.ListOptions;
import dev.peapod.store.Timestamps;
import dev.peapod.store.WatchEvent;
import dev.peapod.time.WorkQueue;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPods;
import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The Job controller (pkg/controller/job/job_controller.go, v1.33): runs a Job's pods to
 * {@code completions} with at most {@code parallelism} active, NonIndexed or Indexed; tracks
 * finished pods with the {@code batch.kubernetes.io/job-tracking} finalizer through
 * {@code status.uncountedTerminatedPods}; replaces failed pods after the pod-failure back-off; ends
 * the Job with FailureTarget then Failed (BackoffLimitExceeded, DeadlineExceeded, PodFailurePolicy,
 * MaxFailedIndexesExceeded, FailedIndexes) or SuccessCriteriaMet then Complete, the terminal
 * condition waiting until no pod is terminating; suspends and resumes.
 *
 * <p>Pod events sync the Job after the one-second batch period ({@code syncJobBatchPeriod}), Job
 * spec changes at once, as upstream's enqueueSyncJobBatched / enqueueSyncJobImmediately do. The
 * controller's writes are synchronous here, so its expectations are always satisfied.
 */
@API(status = INTERNAL, since = "0.1")
public final class JobController implements Component {
    static final String TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";
    /** syncJobBatchPeriod. */
    static final Duration BATCH_PERIOD = Duration.ofSeconds(1);
    /** MaxPodCreateDeletePerSync and MaxUncountedPods. */
    static final int MAX_PER_SYNC = 500;
    static final String COMPLETE = "Complete";
    static final String FAILED = "Failed";
    static final String FAILURE_TARGET = "FailureTarget";
    static final String SUCCESS_CRITERIA_MET = "SuccessCriteriaMet";
    static final String SUSPENDED = "Suspended";

    private ClusterContext context;
    private WorkQueue<String> queue;
    private ControllerEvents events;
    private PodControl pods;
    /** podBackoffStore: per Job key, not iterated. */
    private final Map<String, JobBackoff.Record> backoffs = new HashMap<>();
    /** The informer's last copy of each Job, for updateJob's old object: generation and activeDeadlineSeconds. */
    private final Map<String, Job> seen = new HashMap<>();

    /** The cluster's shared pod informer (see {@link PodCache}): a sync reads its pods there, not from a list of the namespace. */
    private final PodCache podCache;

    /** A controller with a pod cache of its own. */
    public JobController() {
        this(new PodCache());
    }

    /** A controller reading the cluster's shared pod cache. */
    JobController(PodCache podCache) {
        this.podCache = Objects.requireNonNull(podCache, "podCache");
    }

    @Override
    public String name() {
        return "job-controller";
    }

    @Override
    public void start(ClusterContext context) {
        podCache.start(context); // before this controller's pod watch: see PodCache
        this.context = Objects.requireNonNull(context, "context");
        this.events = new ControllerEvents(context, name());
        this.pods = new PodControl(context, events);
        this.queue = new WorkQueue<>(context.loop(), name(), this::sync);
        context.store().watch(Job.class, ListOptions.all(), null, this::onJob);
        context.store().watch(Pod.class, ListOptions.all(), null, this::onPod);
    }

    // ---------------------------------------------------------------- watch callbacks: enqueue only

    private void onJob(WatchEvent<Job> event) {
        Job job = event.object();
        String key = Pods.key(job.getMetadata().getNamespace(), job.getMetadata().getName());
        switch (event.type()) {
            case ADDED -> {
                seen.put(key, job);
                queue.add(key);
            }
            case DELETED -> {
                seen.remove(key);
                queue.add(key);
                cleanupPodFinalizers(job);
            }
            case MODIFIED -> {
                Job old = seen.put(key, job);
                updateJob(key, old, job);
            }
        }
    }

    /** updateJob: a spec change syncs at once, a status change after the batch period; a new deadline re-syncs at it. */
    private void updateJob(String key, Job old, Job job) {
        if (old != null && Objects.equals(old.getMetadata().getGeneration(), job.getMetadata().getGeneration())) {
            queue.addAfter(key, BATCH_PERIOD);
        } else {
            queue.add(key);
        }
        if (isFinished(job)) {
            cleanupPodFinalizers(job); // a backup: the finalizers should be gone already
        }
        if (job.getStatus() != null && job.getStatus().getStartTime() != null && job.getSpec().getActiveDeadlineSeconds() != null) {
            Long oldDeadline = old == null ? null : old.getSpec().getActiveDeadlineSeconds();
            if (!Objects.equals(oldDeadline, job.getSpec().getActiveDeadlineSeconds())) {
                Duration passed = Duration.between(Timestamps.parse(job.getStatus().getStartTime()), context.clock().now());
                queue.addAfter(key, Duration.ofSeconds(job.getSpec().getActiveDeadlineSeconds()).minus(passed));
            }
        }
    }

    /**
     * addPod / updatePod / deletePod: a pod's Job syncs after the batch period; a deleting pod whose
     * Job is gone or finished, and an orphan, lose the tracking finalizer (enqueueOrphanPod); matching
     * Jobs may adopt an orphan.
     */
    private void onPod(WatchEvent<Pod> event) {
        Pod pod = event.object();
        boolean deleting = event.type() == WatchEvent.Type.DELETED || pod.getMetadata().getDeletionTimestamp() != null;
        Optional<OwnerReference> ref = ControllerRefs.controllerOf(pod);
        if (ref.isPresent()) {
            Job job = resolve(pod.getMetadata().getNamespace(), ref.get());
            if (deleting && (job == null || isFinished(job))) {
                if (hasFinalizer(pod) && event.type() != WatchEvent.Type.DELETED) {
                    removeOrphanFinalizer(pod); // syncJob will not remove it
                }
                return;
            }
            if (job != null) {
                queue.addAfter(Pods.key(job.getMetadata().getNamespace(), job.getMetadata().getName()), BATCH_PERIOD);
            }
            return;
        }
        if (hasFinalizer(pod) && event.type() != WatchEvent.Type.DELETED) {
            removeOrphanFinalizer(pod); // syncOrphanPod
        }
        if (deleting) {
            return; // no controller cares about orphans being deleted
        }
        for (Job job : context.store().list(Job.class, ListOptions.inNamespace(pod.getMetadata().getNamespace()))) {
            if (job.getSpec().getSelector() != null && LabelSelector.of(job.getSpec().getSelector()).matches(labels(pod))) {
                queue.addAfter(Pods.key(job.getMetadata().getNamespace(), job.getMetadata().getName()), BATCH_PERIOD);
            }
        }
    }

    /** resolveControllerRef: the Job the reference names, if it is still that Job (same uid). */
    private Job resolve(String namespace, OwnerReference ref) {
        if (!"Job".equals(ref.getKind())) {
            return null;
        }
        Job job = context.store().peek(Job.class, namespace, ref.getName());
        return job != null && Objects.equals(job.getMetadata().getUid(), ref.getUid()) ? job : null;
    }

    /** cleanupPodFinalizers: the Job's pods that still carry the tracking finalizer lose it (the orphan worker). */
    private void cleanupPodFinalizers(Job job) {
        for (Pod pod : podCache.controlledBy(job)) {
            if (hasFinalizer(pod)) {
                removeOrphanFinalizer(pod);
            }
        }
    }

    /** syncOrphanPod: the finalizer goes unless a running Job still owns the pod. */
    private void removeOrphanFinalizer(Pod pod) {
        context.loop().schedule(context.clock().now(), name(), () -> {
            Pod current = context.store().peek(Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName());
            if (current == null || !hasFinalizer(current)) {
                return;
            }
            Optional<OwnerReference> ref = ControllerRefs.controllerOf(current);
            if (ref.isPresent()) {
                if (!"Job".equals(ref.get().getKind())) {
                    return;
                }
                Job job = resolve(current.getMetadata().getNamespace(), ref.get());
                if (job != null && !isFinished(job)) {
                    return; // adopted
                }
            }
            removeFinalizer(current);
        });
    }

    // ---------------------------------------------------------------- sync

    /** One sync's view of a Job and its pods (syncJobCtx). */
    private static final class Ctx {
        Job job;
        List<Pod> pods;
        List<Pod> activePods;
        int succeeded;
        int failed;
        TreeSet<Integer> prevSucceededIndexes = new TreeSet<>();
        TreeSet<Integer> succeededIndexes = new TreeSet<>();
        TreeSet<Integer> failedIndexes;
        JobCondition finishedCondition;
        JobBackoff.Record newBackoffRecord;
        Set<String> uncountedSucceeded;
        Set<String> uncountedFailed;
        Map<Integer, Pod> podsWithDelayedDeletionPerIndex = new TreeMap<>();
        int terminating;
        int ready;
    }

    private void sync(String key) {
        int slash = key.indexOf('/');
        Job shared = context.store().peek(Job.class, key.substring(0, slash), key.substring(slash + 1));
        if (shared == null) {
            backoffs.remove(key);
            return;
        }
        if (managedByOther(shared) || isFinished(shared)) {
            backoffs.remove(key);
            return;
        }
        String mode = shared.getSpec().getCompletionMode();
        if (mode != null && !mode.equals("NonIndexed") && !mode.equals("Indexed")) {
            events.warning(shared, "UnknownCompletionMode", "Skipped Job sync because completion mode is unknown");
            return;
        }
        Job job = Copies.copy(shared);
        JobStatus oldStatus = shared.getStatus() == null ? new JobStatus() : shared.getStatus();
        if (job.getStatus() == null) {
            job.setStatus(new JobStatus());
        }
        JobStatus status = job.getStatus();
        if (status.getUncountedTerminatedPods() == null) {
            status.setUncountedTerminatedPods(new UncountedTerminatedPods());
        }
        Instant now = context.clock().now();
        Ctx ctx = new Ctx();
        ctx.job = job;
        ctx.pods = podsForJob(job);
        ctx.activePods = ctx.pods.stream().filter(Pods::isActive).toList();
        ctx.ready = (int) ctx.activePods.stream().filter(Pods::isReady).count();
        ctx.uncountedSucceeded = new LinkedHashSet<>(nullToEmpty(status.getUncountedTerminatedPods().getSucceeded()));
        ctx.uncountedFailed = new LinkedHashSet<>(nullToEmpty(status.getUncountedTerminatedPods().getFailed()));
        ctx.terminating = (int) ctx.pods.stream().filter(JobController::isTerminating).count();
        int active = ctx.activePods.size();
        List<Pod> newSucceeded = newFinished(ctx, ctx.uncountedSucceeded, p -> "Succeeded".equals(phase(p)));
        List<Pod> newFailed = newFinished(ctx, ctx.uncountedFailed, p -> isPodFailed(p, job));
        ctx.succeeded = intOf(status.getSucceeded()) + newSucceeded.size() + ctx.uncountedSucceeded.size();
        ctx.failed = intOf(status.getFailed()) + nonIgnoredFailed(job, newFailed) + ctx.uncountedFailed.size();
        if (status.getStartTime() == null && !suspended(job)) {
            status.setStartTime(Timestamps.format(now));
        }
        ctx.newBackoffRecord = JobBackoff.next(backoffs.get(key), newSucceeded, newFailed);

        boolean exceedsBackoffLimit = ctx.failed > job.getSpec().getBackoffLimit();
        ctx.finishedCondition = condition(job, SUCCESS_CRITERIA_MET).filter(c -> "True".equals(c.getStatus())).map(Copies::copy).orElse(null);
        if (ctx.finishedCondition == null) {
            Optional<JobCondition> target = condition(job, FAILURE_TARGET).filter(c -> "True".equals(c.getStatus()));
            if (target.isPresent()) {
                ctx.finishedCondition = newCondition(FAILED, target.get().getReason(), target.get().getMessage(), now);
            } else {
                String message = failJobMessage(job, ctx.pods);
                if (message != null) {
                    ctx.finishedCondition = newCondition(FAILURE_TARGET, "PodFailurePolicy", message, now);
                }
            }
        }
        if (ctx.finishedCondition == null) {
            if (exceedsBackoffLimit || pastBackoffLimitOnFailure(job, ctx.pods)) {
                ctx.finishedCondition = newCondition(FAILURE_TARGET, "BackoffLimitExceeded", "Job has reached the specified backoff limit", now);
            } else if (pastActiveDeadline(job, now)) {
                ctx.finishedCondition = newCondition(FAILURE_TARGET, "DeadlineExceeded", "Job was active longer than specified deadline", now);
            } else if (job.getSpec().getActiveDeadlineSeconds() != null && !suspended(job)) {
                Duration since = Duration.between(Timestamps.parse(status.getStartTime()), now);
                queue.addAfter(key, Duration.ofSeconds(job.getSpec().getActiveDeadlineSeconds()).minus(since));
            }
        }
        if (isIndexed(job)) {
            succeededIndexes(ctx);
            ctx.succeeded = ctx.succeededIndexes.size();
            if (hasBackoffLimitPerIndex(job)) {
                ctx.failedIndexes = failedIndexes(ctx);
                if (ctx.finishedCondition == null) {
                    Integer maxFailed = job.getSpec().getMaxFailedIndexes();
                    if (maxFailed != null && ctx.failedIndexes.size() > maxFailed) {
                        ctx.finishedCondition = newCondition(FAILURE_TARGET, "MaxFailedIndexesExceeded",
                                "Job has exceeded the specified maximal number of failed indexes", now);
                    } else if (!ctx.failedIndexes.isEmpty()
                            && ctx.failedIndexes.size() + ctx.succeededIndexes.size() >= job.getSpec().getCompletions()) {
                        ctx.finishedCondition = newCondition(FAILURE_TARGET, "FailedIndexes", "Job has failed indexes", now);
                    }
                }
                ctx.podsWithDelayedDeletionPerIndex = podsWithDelayedDeletionPerIndex(ctx);
            }
            if (ctx.finishedCondition == null) {
                String matched = JobSuccessPolicies.match(job.getSpec().getSuccessPolicy(), job.getSpec().getCompletions(), ctx.succeededIndexes);
                if (matched != null) {
                    ctx.finishedCondition = newCondition(SUCCESS_CRITERIA_MET, "SuccessPolicy", matched, now);
                }
            }
        }
        boolean suspendConditionChanged = false;
        if (ctx.finishedCondition != null) {
            int[] deleted = deleteActivePods(job, ctx.activePods);
            if (deleted[1] != active) {
                ctx.finishedCondition = null; // pods left: not finished yet
            }
            active -= deleted[1];
            ctx.terminating += deleted[1];
            ctx.ready -= deleted[0];
        } else {
            boolean manageJobCalled = false;
            if (job.getMetadata().getDeletionTimestamp() == null) {
                active = manageJob(key, job, ctx);
                manageJobCalled = true;
            }
            Integer completions = job.getSpec().getCompletions();
            boolean complete = completions == null ? ctx.succeeded > 0 && active == 0 : ctx.succeeded >= completions && active == 0;
            if (complete) {
                // newSuccessCondition: JobSuccessPolicy is GA in v1.33, so the reason and message are set
                ctx.finishedCondition = newCondition(SUCCESS_CRITERIA_MET, "CompletionsReached", "Reached expected number of succeeded pods", now);
            } else if (manageJobCalled) {
                suspendConditionChanged = suspendConditions(job, now);
            }
        }
        boolean needsStatusUpdate = suspendConditionChanged || active != intOf(oldStatus.getActive())
                || !Objects.equals(ctx.ready, oldStatus.getReady()) || !Objects.equals(ctx.terminating, oldStatus.getTerminating());
        status.setActive(active);
        status.setReady(ctx.ready);
        status.setTerminating(ctx.terminating); // JobPodReplacementPolicy is on by default in v1.33
        trackJobStatusAndRemoveFinalizers(key, ctx, needsStatusUpdate);
    }

    /** The Suspended condition and its events, and the new startTime on resume (syncJob, after manageJob). */
    private boolean suspendConditions(Job job, Instant now) {
        if (suspended(job)) {
            if (ensureCondition(job.getStatus(), SUSPENDED, "True", "JobSuspended", "Job suspended", now)) {
                events.normal(job, "Suspended", "Job suspended");
                return true;
            }
            return false;
        }
        if (ensureCondition(job.getStatus(), SUSPENDED, "False", "JobResumed", "Job resumed", now)) {
            events.normal(job, "Resumed", "Job resumed");
            // ActiveDeadlineSeconds counts the time the Job is continuously active
            job.getStatus().setStartTime(Timestamps.format(now));
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- pods

    /** getPodsForJob: the pods it controls, orphans that match its selector adopted with the tracking finalizer. */
    private List<Pod> podsForJob(Job job) {
        LabelSelector selector = LabelSelector.of(job.getSpec().getSelector());
        List<Pod> claimed = new ArrayList<>();
        // FilterPodsByOwner with orphans: the pods of others were skipped anyway
        for (Pod pod : podCache.controlledByOrOrphans(job)) {
            Optional<OwnerReference> ref = ControllerRefs.controllerOf(pod);
            if (ref.isPresent()) {
                if (!ControllerRefs.isControlledBy(pod, job)) {
                    continue;
                }
                if (selector.matches(labels(pod)) || job.getMetadata().getDeletionTimestamp() != null) {
                    claimed.add(pod);
                } else {
                    release(job, pod);
                }
            } else if (selector.matches(labels(pod)) && job.getMetadata().getDeletionTimestamp() == null
                    && pod.getMetadata().getDeletionTimestamp() == null) {
                claimed.add(adopt(job, pod));
            }
        }
        return claimed;
    }

    private Pod adopt(Job job, Pod pod) {
        return context.store().edit(Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), p -> {
            List<OwnerReference> refs = p.getMetadata().getOwnerReferences() == null
                    ? new ArrayList<>() : new ArrayList<>(p.getMetadata().getOwnerReferences());
            refs.add(ControllerRefs.newControllerRef(job));
            p.getMetadata().setOwnerReferences(refs);
            List<String> finalizers = p.getMetadata().getFinalizers() == null
                    ? new ArrayList<>() : new ArrayList<>(p.getMetadata().getFinalizers());
            if (!finalizers.contains(TRACKING_FINALIZER)) {
                finalizers.add(TRACKING_FINALIZER);
            }
            p.getMetadata().setFinalizers(finalizers);
        });
    }

    private void release(Job job, Pod pod) {
        context.store().shared().edit(Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), p -> {
            List<OwnerReference> refs = new ArrayList<>(p.getMetadata().getOwnerReferences());
            refs.removeIf(r -> Objects.equals(r.getUid(), job.getMetadata().getUid()));
            p.getMetadata().setOwnerReferences(refs);
        });
    }

    /** getNewFinishedPods' getValidPodsWithFilter: pods with the finalizer, not yet uncounted, with a valid index. */
    private static List<Pod> newFinished(Ctx ctx, Set<String> uncounted, java.util.function.Predicate<Pod> filter) {
        List<Pod> result = new ArrayList<>();
        for (Pod pod : ctx.pods) {
            if (!hasFinalizer(pod) || uncounted.contains(pod.getMetadata().getUid())) {
                continue;
            }
            if (isIndexed(ctx.job)) {
                int index = JobIndexes.index(pod);
                if (index == JobIndexes.UNKNOWN || index >= ctx.job.getSpec().getCompletions()) {
                    continue;
                }
            }
            if (filter.test(pod)) {
                result.add(pod);
            }
        }
        return result;
    }

    private static int nonIgnoredFailed(Job job, List<Pod> failed) {
        int result = failed.size();
        if (job.getSpec().getPodFailurePolicy() != null) {
            for (Pod pod : failed) {
                if (!PodFailurePolicies.match(job.getSpec().getPodFailurePolicy(), pod).countFailed()) {
                    result--;
                }
            }
        }
        return result;
    }

    /** getFailJobMessage: the first failed pod that matches a FailJob rule. */
    private static String failJobMessage(Job job, List<Pod> pods) {
        if (job.getSpec().getPodFailurePolicy() == null) {
            return null;
        }
        for (Pod pod : pods) {
            if (isPodFailed(pod, job)) {
                String message = PodFailurePolicies.match(job.getSpec().getPodFailurePolicy(), pod).failJobMessage();
                if (message != null) {
                    return message;
                }
            }
        }
        return null;
    }

    /** pastBackoffLimitOnFailure: with restartPolicy OnFailure, the restarts of running and pending pods count. */
    private static boolean pastBackoffLimitOnFailure(Job job, List<Pod> pods) {
        if (!"OnFailure".equals(job.getSpec().getTemplate().getSpec().getRestartPolicy())) {
            return false;
        }
        int restarts = 0;
        for (Pod pod : pods) {
            String phase = phase(pod);
            if (("Running".equals(phase) || "Pending".equals(phase)) && pod.getStatus() != null) {
                for (var s : nullToEmpty(pod.getStatus().getInitContainerStatuses())) {
                    restarts += intOf(s.getRestartCount());
                }
                for (var s : nullToEmpty(pod.getStatus().getContainerStatuses())) {
                    restarts += intOf(s.getRestartCount());
                }
            }
        }
        int limit = job.getSpec().getBackoffLimit();
        return limit == 0 ? restarts > 0 : restarts >= limit;
    }

    /** pastActiveDeadline: never while suspended; inclusive at the instant. */
    private static boolean pastActiveDeadline(Job job, Instant now) {
        Long deadline = job.getSpec().getActiveDeadlineSeconds();
        if (deadline == null || job.getStatus().getStartTime() == null || suspended(job)) {
            return false;
        }
        return Duration.between(Timestamps.parse(job.getStatus().getStartTime()), now).compareTo(Duration.ofSeconds(deadline)) >= 0;
    }

    /** deleteActivePods: deletes keeping the finalizers; returns {ready deleted, deleted}. */
    private int[] deleteActivePods(Job job, List<Pod> active) {
        int deleted = active.size();
        int deletedReady = 0;
        for (Pod pod : active) {
            if (pods.delete(pod, job).isPresent()) {
                deleted--;
            }
            if (Pods.isReady(pod)) {
                deletedReady++;
            }
        }
        return new int[] {deletedReady, deleted};
    }

    /** deleteJobPods: removes the tracking finalizer, then deletes; returns {ready deleted, deleted}. */
    private int[] deleteJobPods(Job job, List<Pod> victims) {
        int deleted = victims.size();
        int deletedReady = 0;
        for (Pod pod : victims) {
            boolean failed = false;
            if (hasFinalizer(pod)) {
                try {
                    removeFinalizer(pod);
                } catch (ApiException e) {
                    failed = e.code() != 404;
                }
            }
            if (!failed && pods.delete(pod, job).isPresent()) {
                failed = true;
            }
            if (failed) {
                deleted--;
            }
            if (Pods.isReady(pod)) {
                deletedReady++;
            }
        }
        return new int[] {deletedReady, deleted};
    }

    /**
     * manageJob: deletes surplus pods, or creates missing ones once the back-off has passed (slow
     * start: batches of 1, 2, 4, ...); suspended, it deletes every active pod. Returns the active count.
     */
    private int manageJob(String key, Job job, Ctx ctx) {
        int active = ctx.activePods.size();
        int parallelism = job.getSpec().getParallelism();
        if (suspended(job)) {
            List<Pod> victims = activePodsForRemoval(job, ctx, ctx.activePods, active);
            int[] removed = deleteJobPods(job, victims);
            active -= removed[1];
            ctx.terminating += removed[1];
            ctx.ready -= removed[0];
            return active;
        }
        int wantActive;
        Integer completions = job.getSpec().getCompletions();
        if (completions == null) {
            wantActive = ctx.succeeded > 0 ? active : parallelism;
        } else {
            wantActive = Math.max(0, Math.min(completions - ctx.succeeded, parallelism));
        }
        int rmAtLeast = Math.max(0, active - wantActive);
        List<Pod> victims = activePodsForRemoval(job, ctx, ctx.activePods, rmAtLeast);
        if (victims.size() > MAX_PER_SYNC) {
            victims = victims.subList(0, MAX_PER_SYNC);
        }
        if (!victims.isEmpty()) {
            int[] removed = deleteJobPods(job, victims);
            active -= removed[1];
            ctx.terminating += removed[1];
            ctx.ready -= removed[0];
            return active; // deletion takes precedence over creation in one sync
        }
        int terminating = onlyReplaceFailedPods(job) ? ctx.terminating : 0;
        int diff = wantActive - terminating - active;
        if (diff <= 0) {
            return active;
        }
        Duration remaining = hasBackoffLimitPerIndex(job) ? Duration.ZERO : ctx.newBackoffRecord.remaining(context.clock().now());
        if ((!remaining.isZero() && !remaining.isNegative())) {
            enqueueWithDelay(key, remaining);
            return 0; // upstream returns 0 active here
        }
        diff = Math.min(diff, MAX_PER_SYNC);
        List<Integer> indexes = null;
        if (isIndexed(job)) {
            indexes = firstPendingIndexes(ctx, diff, completions);
            if (hasBackoffLimitPerIndex(job)) {
                Duration[] wait = new Duration[1];
                indexes = creatableIndexes(indexes, ctx.podsWithDelayedDeletionPerIndex, wait);
                if ((!wait[0].isZero() && !wait[0].isNegative())) {
                    enqueueWithDelay(key, wait[0]);
                    return 0;
                }
            }
            diff = indexes.size();
        }
        active += diff;
        PodTemplateSpec template = Copies.copy(job.getSpec().getTemplate());
        if (isIndexed(job)) {
            addCompletionIndexEnvVariables(template);
        }
        List<String> finalizers = template.getMetadata().getFinalizers() == null
                ? new ArrayList<>() : new ArrayList<>(template.getMetadata().getFinalizers());
        if (!finalizers.contains(TRACKING_FINALIZER)) {
            finalizers.add(TRACKING_FINALIZER);
        }
        template.getMetadata().setFinalizers(finalizers);
        List<Integer> pending = indexes == null ? null : new ArrayList<>(indexes);
        for (int batch = Math.min(diff, 1); diff > 0; batch = Math.min(2 * batch, diff)) {
            boolean failed = false;
            for (int i = 0; i < batch; i++) {
                int index = pending == null || pending.isEmpty() ? JobIndexes.UNKNOWN : pending.remove(0);
                if (create(job, ctx, template, index).isPresent()) {
                    active--;
                    failed = true;
                }
            }
            int skipped = diff - batch;
            if (failed && skipped > 0) {
                active -= skipped; // retried on a later sync
                break;
            }
            diff -= batch;
        }
        return active;
    }

    private Optional<ApiException> create(Job job, Ctx ctx, PodTemplateSpec podTemplate, int index) {
        PodTemplateSpec template = podTemplate;
        if (index != JobIndexes.UNKNOWN) {
            template = Copies.copy(podTemplate);
            Map<String, String> annotations = template.getMetadata().getAnnotations() == null
                    ? new java.util.LinkedHashMap<>() : new java.util.LinkedHashMap<>(template.getMetadata().getAnnotations());
            annotations.put(JobIndexes.COMPLETION_INDEX, String.valueOf(index));
            template.getMetadata().setAnnotations(annotations);
            Map<String, String> labels = template.getMetadata().getLabels() == null
                    ? new java.util.LinkedHashMap<>() : new java.util.LinkedHashMap<>(template.getMetadata().getLabels());
            labels.put(JobIndexes.COMPLETION_INDEX, String.valueOf(index)); // PodIndexLabel, GA in v1.32
            template.getMetadata().setLabels(labels);
            template.getSpec().setHostname(job.getMetadata().getName() + "-" + index);
            if (hasBackoffLimitPerIndex(job)) {
                addIndexFailureCountAnnotation(template, job, ctx.podsWithDelayedDeletionPerIndex.get(index));
            }
        }
        Pod pod = PodControl.podFromTemplate(template, job, ControllerRefs.newControllerRef(job));
        if (index != JobIndexes.UNKNOWN) {
            pod.getMetadata().setGenerateName(JobIndexes.generateName(job.getMetadata().getName(), index));
        }
        return pods.create(pod, job);
    }

    /** addCompletionIndexEnvVariables: JOB_COMPLETION_INDEX from the annotation, unless a container sets it. */
    private static void addCompletionIndexEnvVariables(PodTemplateSpec template) {
        List<Container> all = new ArrayList<>(nullToEmpty(template.getSpec().getInitContainers()));
        all.addAll(nullToEmpty(template.getSpec().getContainers()));
        for (Container container : all) {
            List<EnvVar> env = container.getEnv() == null ? new ArrayList<>() : new ArrayList<>(container.getEnv());
            if (env.stream().anyMatch(v -> JobIndexes.ENV_NAME.equals(v.getName()))) {
                continue;
            }
            env.add(new EnvVarBuilder().withName(JobIndexes.ENV_NAME).withNewValueFrom().withNewFieldRef()
                    .withFieldPath("metadata.annotations['" + JobIndexes.COMPLETION_INDEX + "']").endFieldRef().endValueFrom().build());
            container.setEnv(env);
        }
    }

    /**
     * addIndexFailureCountAnnotation: the replacement carries the index's failures so far, the last
     * failed pod's count plus one when its failure counted (else in the ignored count).
     */
    private static void addIndexFailureCountAnnotation(PodTemplateSpec template, Job job, Pod lastFailed) {
        Map<String, String> annotations = template.getMetadata().getAnnotations();
        if (lastFailed == null) {
            annotations.put(JobIndexes.FAILURE_COUNT, "0");
            return;
        }
        int failures = JobIndexes.failureCount(lastFailed);
        int ignored = JobIndexes.absoluteFailureCount(lastFailed) - failures;
        if (PodFailurePolicies.match(job.getSpec().getPodFailurePolicy(), lastFailed).countFailed()) {
            failures++;
        } else {
            ignored++;
        }
        annotations.put(JobIndexes.FAILURE_COUNT, String.valueOf(failures));
        if (ignored > 0) {
            annotations.put(JobIndexes.IGNORED_FAILURE_COUNT, String.valueOf(ignored));
        }
    }

    /** getPodCreationInfoForIndependentIndexes: the indexes whose back-off has passed, else the shortest wait. */
    private List<Integer> creatableIndexes(List<Integer> indexes, Map<Integer, Pod> lastFailed, Duration[] wait) {
        List<Integer> now = new ArrayList<>();
        Duration min = null;
        for (int index : indexes) {
            Pod failed = lastFailed.get(index);
            Duration remaining = failed == null ? Duration.ZERO
                    : JobBackoff.remaining(context.clock().now(), JobIndexes.absoluteFailureCount(failed) + 1, JobBackoff.finishedTime(failed));
            if (remaining.isZero()) {
                now.add(index);
            } else if (min == null || remaining.compareTo(min) < 0) {
                min = remaining;
            }
        }
        wait[0] = now.isEmpty() && min != null ? min : Duration.ZERO;
        return now;
    }

    /** firstPendingIndexes: the lowest indexes neither succeeded, active, failed nor (policy Failed) terminating. */
    private static List<Integer> firstPendingIndexes(Ctx ctx, int count, int completions) {
        TreeSet<Integer> nonPending = new TreeSet<>(ctx.succeededIndexes);
        nonPending.addAll(JobIndexes.of(ctx.activePods));
        if (onlyReplaceFailedPods(ctx.job)) {
            nonPending.addAll(JobIndexes.of(ctx.pods.stream().filter(JobController::isTerminating).toList()));
        }
        if (ctx.failedIndexes != null) {
            nonPending.addAll(ctx.failedIndexes);
        }
        List<Integer> result = new ArrayList<>();
        for (int candidate = 0; candidate < completions && result.size() < count; candidate++) {
            if (!nonPending.contains(candidate)) {
                result.add(candidate);
            }
        }
        return result;
    }

    /**
     * activePodsForRemoval: for an Indexed Job first the pods with a bad or repeated index, then the
     * others in controller.ActivePods order (not ready before ready, unscheduled before scheduled, ...).
     */
    private List<Pod> activePodsForRemoval(Job job, Ctx ctx, List<Pod> active, int rmAtLeast) {
        List<Pod> rm = new ArrayList<>();
        List<Pod> left = new ArrayList<>();
        if (isIndexed(job)) {
            Map<Integer, List<Pod>> byIndex = new TreeMap<>();
            for (Pod pod : active) {
                int index = JobIndexes.index(pod);
                if (index == JobIndexes.UNKNOWN || index >= job.getSpec().getCompletions()) {
                    rm.add(pod);
                } else {
                    byIndex.computeIfAbsent(index, i -> new ArrayList<>()).add(pod);
                }
            }
            Comparator<Pod> order = DeletionOrder.comparator(List.of(), context.clock().now());
            for (List<Pod> same : byIndex.values()) {
                same.sort(order);
                rm.addAll(same.subList(0, same.size() - 1)); // the most advanced pod of an index stays
                left.add(same.get(same.size() - 1));
            }
        } else {
            left.addAll(active);
        }
        if (rm.size() < rmAtLeast) {
            left.sort(DeletionOrder.comparator(List.of(), context.clock().now()));
            rm.addAll(left.subList(0, rmAtLeast - rm.size()));
        }
        return rm;
    }

    private void enqueueWithDelay(String key, Duration delay) {
        queue.addAfter(key, delay.compareTo(BATCH_PERIOD) < 0 ? BATCH_PERIOD : delay);
    }

    // ---------------------------------------------------------------- indexes

    /** calculateSucceededIndexes: completedIndexes plus the succeeded pods still carrying the finalizer. */
    private static void succeededIndexes(Ctx ctx) {
        int completions = ctx.job.getSpec().getCompletions();
        ctx.prevSucceededIndexes = JobIndexes.parse(ctx.job.getStatus().getCompletedIndexes(), completions);
        ctx.succeededIndexes = new TreeSet<>(ctx.prevSucceededIndexes);
        for (Pod pod : ctx.pods) {
            int index = JobIndexes.index(pod);
            if ("Succeeded".equals(phase(pod)) && index != JobIndexes.UNKNOWN && index < completions && hasFinalizer(pod)) {
                ctx.succeededIndexes.add(index);
            }
        }
    }

    /** calculateFailedIndexes: failedIndexes plus the indexes of newly failed pods that fail their index. */
    private static TreeSet<Integer> failedIndexes(Ctx ctx) {
        int completions = ctx.job.getSpec().getCompletions();
        TreeSet<Integer> failed = JobIndexes.parse(ctx.job.getStatus().getFailedIndexes(), completions);
        for (Pod pod : ctx.pods) {
            int index = JobIndexes.index(pod);
            if (hasFinalizer(pod) && index != JobIndexes.UNKNOWN && index < completions && isIndexFailed(ctx.job, pod)) {
                failed.add(index);
            }
        }
        return failed;
    }

    /** isIndexFailed: a FailIndex rule matched, or the counted failures reached backoffLimitPerIndex. */
    private static boolean isIndexFailed(Job job, Pod pod) {
        boolean counted = false;
        if (isPodFailed(pod, job)) {
            if (job.getSpec().getPodFailurePolicy() != null) {
                PodFailurePolicies.Match match = PodFailurePolicies.match(job.getSpec().getPodFailurePolicy(), pod);
                if ("FailIndex".equals(match.action())) {
                    return true;
                }
                counted = match.countFailed();
            } else {
                counted = true;
            }
        }
        return counted && JobIndexes.failureCount(pod) >= job.getSpec().getBackoffLimitPerIndex();
    }

    /**
     * getPodsWithDelayedDeletionPerIndex: per index neither failed nor succeeded, the last failed pod
     * that still carries the finalizer; it keeps it until its replacement exists, which reads its
     * failure count.
     */
    private static Map<Integer, Pod> podsWithDelayedDeletionPerIndex(Ctx ctx) {
        Map<Integer, Pod> result = new TreeMap<>();
        int completions = ctx.job.getSpec().getCompletions();
        for (Pod pod : ctx.pods) {
            int index = JobIndexes.index(pod);
            if (!hasFinalizer(pod) || index == JobIndexes.UNKNOWN || index >= completions
                    || ctx.failedIndexes.contains(index) || ctx.succeededIndexes.contains(index) || !isPodFailed(pod, ctx.job)) {
                continue;
            }
            Pod last = result.get(index);
            if (last == null || JobBackoff.finishedTime(last).isBefore(JobBackoff.finishedTime(pod))) {
                result.put(index, pod);
            }
        }
        return result;
    }

    // ---------------------------------------------------------------- status

    /**
     * trackJobStatusAndRemoveFinalizers: finished pods enter status.uncountedTerminatedPods (with the
     * interim FailureTarget or SuccessCriteriaMet condition) in one write, lose their finalizer, then
     * move to the counters; the terminal condition follows once nothing is uncounted or terminating.
     */
    private void trackJobStatusAndRemoveFinalizers(String key, Ctx ctx, boolean needsFlush) {
        Job job = ctx.job;
        boolean indexed = isIndexed(job);
        List<Pod> podList = new ArrayList<>(ctx.pods);
        if (indexed) {
            podList.sort(Comparator.comparingInt(JobIndexes::index)); // byCompletionIndex
        }
        Set<String> withFinalizer = new LinkedHashSet<>();
        for (Pod pod : podList) {
            if (hasFinalizer(pod)) {
                withFinalizer.add(pod.getMetadata().getUid());
            }
        }
        if (cleanUncounted(job.getStatus(), withFinalizer)) {
            needsFlush = true;
        }
        UncountedTerminatedPods uncounted = job.getStatus().getUncountedTerminatedPods();
        List<Pod> toRemove = new ArrayList<>();
        List<Integer> newSucceededIndexes = new ArrayList<>();
        boolean reachedMax = false;
        for (Pod pod : podList) {
            if (!hasFinalizer(pod)) {
                continue;
            }
            String uid = pod.getMetadata().getUid();
            boolean considerFailed = isPodFailed(pod, job);
            if (!canRemoveFinalizer(ctx, pod, considerFailed)) {
                continue;
            }
            toRemove.add(pod);
            if ("Succeeded".equals(phase(pod)) && !ctx.uncountedFailed.contains(uid)) {
                if (indexed) {
                    int index = JobIndexes.index(pod);
                    if (index != JobIndexes.UNKNOWN && index < job.getSpec().getCompletions() && !ctx.prevSucceededIndexes.contains(index)) {
                        newSucceededIndexes.add(index);
                        needsFlush = true;
                    }
                } else if (!ctx.uncountedSucceeded.contains(uid)) {
                    needsFlush = true;
                    uncounted.setSucceeded(append(uncounted.getSucceeded(), uid));
                }
            } else if (considerFailed || ctx.finishedCondition != null && !SUCCESS_CRITERIA_MET.equals(ctx.finishedCondition.getType())) {
                int index = JobIndexes.index(pod);
                if (!ctx.uncountedFailed.contains(uid) && (!indexed || index != JobIndexes.UNKNOWN && index < job.getSpec().getCompletions())) {
                    if (job.getSpec().getPodFailurePolicy() == null
                            || PodFailurePolicies.match(job.getSpec().getPodFailurePolicy(), pod).countFailed()) {
                        needsFlush = true;
                        uncounted.setFailed(append(uncounted.getFailed(), uid));
                    }
                }
            }
            if (newSucceededIndexes.size() + nullToEmpty(uncounted.getSucceeded()).size() + nullToEmpty(uncounted.getFailed()).size() >= MAX_PER_SYNC) {
                reachedMax = true;
                break;
            }
        }
        Instant now = context.clock().now();
        if (indexed) {
            ctx.succeededIndexes.addAll(newSucceededIndexes);
            String succeeded = JobIndexes.format(ctx.succeededIndexes);
            if (!succeeded.equals(nullToEmpty(job.getStatus().getCompletedIndexes()))) {
                needsFlush = true;
            }
            job.getStatus().setSucceeded(ctx.succeededIndexes.size());
            job.getStatus().setCompletedIndexes(succeeded);
            String failed = ctx.failedIndexes == null ? null : JobIndexes.format(ctx.failedIndexes);
            if (!Objects.equals(job.getStatus().getFailedIndexes(), failed)) {
                job.getStatus().setFailedIndexes(failed);
                needsFlush = true;
            }
        }
        if (ctx.finishedCondition != null && FAILURE_TARGET.equals(ctx.finishedCondition.getType())) {
            job.getStatus().setConditions(append(job.getStatus().getConditions(), ctx.finishedCondition));
            needsFlush = true;
            ctx.finishedCondition = newCondition(FAILED, ctx.finishedCondition.getReason(), ctx.finishedCondition.getMessage(), now);
        }
        if (ctx.finishedCondition != null && SUCCESS_CRITERIA_MET.equals(ctx.finishedCondition.getType())) {
            if (condition(job, SUCCESS_CRITERIA_MET).filter(c -> "True".equals(c.getStatus())).isEmpty()) {
                job.getStatus().setConditions(append(job.getStatus().getConditions(), ctx.finishedCondition));
                needsFlush = true;
            }
            ctx.finishedCondition = newCondition(COMPLETE, ctx.finishedCondition.getReason(), ctx.finishedCondition.getMessage(), now);
        }
        // flushUncountedAndRemoveFinalizers
        if (needsFlush) {
            job = writeStatus(job);
            backoffs.put(key, ctx.newBackoffRecord);
            needsFlush = false;
        }
        for (Pod pod : toRemove) {
            try {
                removeFinalizer(pod);
                withFinalizer.remove(pod.getMetadata().getUid());
            } catch (ApiException e) {
                if (e.code() == 404) {
                    withFinalizer.remove(pod.getMetadata().getUid());
                }
            }
        }
        if (cleanUncounted(job.getStatus(), withFinalizer)) {
            needsFlush = true;
        }
        ctx.job = job;
        boolean finished = !reachedMax && enactJobFinished(ctx, now);
        if (finished) {
            needsFlush = true;
        }
        if (needsFlush) {
            job = writeStatus(ctx.job);
            if (finished) {
                recordJobFinished(job, ctx.finishedCondition);
            }
        }
    }

    /** updateJobStatus; active, succeeded and failed are {@code omitempty} int32s, so a 0 is not written. */
    private Job writeStatus(Job job) {
        JobStatus status = job.getStatus();
        status.setActive(zeroToNull(status.getActive()));
        status.setSucceeded(zeroToNull(status.getSucceeded()));
        status.setFailed(zeroToNull(status.getFailed()));
        return context.store().updateStatus(job);
    }

    private static Integer zeroToNull(Integer value) {
        return value == null || value == 0 ? null : value;
    }

    /**
     * canRemoveFinalizer: when the Job is deleting or finishing, the pod succeeded, or it failed and
     * is not kept for its index's replacement.
     */
    private static boolean canRemoveFinalizer(Ctx ctx, Pod pod, boolean considerFailed) {
        if (ctx.job.getMetadata().getDeletionTimestamp() != null || ctx.finishedCondition != null || "Succeeded".equals(phase(pod))) {
            return true;
        }
        if (!considerFailed) {
            return false;
        }
        if (hasBackoffLimitPerIndex(ctx.job)) {
            int index = JobIndexes.index(pod);
            Pod delayed = ctx.podsWithDelayedDeletionPerIndex.get(index);
            if (index != JobIndexes.UNKNOWN && delayed != null && Objects.equals(delayed.getMetadata().getUid(), pod.getMetadata().getUid())) {
                return false;
            }
        }
        return true;
    }

    /** cleanUncountedPodsWithoutFinalizers: uncounted pods whose finalizer is gone move to the counters. */
    private static boolean cleanUncounted(JobStatus status, Set<String> withFinalizer) {
        boolean updated = false;
        UncountedTerminatedPods uncounted = status.getUncountedTerminatedPods();
        List<String> succeeded = nullToEmpty(uncounted.getSucceeded()).stream().filter(withFinalizer::contains).toList();
        if (succeeded.size() != nullToEmpty(uncounted.getSucceeded()).size()) {
            updated = true;
            status.setSucceeded(intOf(status.getSucceeded()) + nullToEmpty(uncounted.getSucceeded()).size() - succeeded.size());
            uncounted.setSucceeded(new ArrayList<>(succeeded));
        }
        List<String> failed = nullToEmpty(uncounted.getFailed()).stream().filter(withFinalizer::contains).toList();
        if (failed.size() != nullToEmpty(uncounted.getFailed()).size()) {
            updated = true;
            status.setFailed(intOf(status.getFailed()) + nullToEmpty(uncounted.getFailed()).size() - failed.size());
            uncounted.setFailed(new ArrayList<>(failed));
        }
        return updated;
    }

    /** enactJobFinished: the terminal condition once nothing is uncounted and no pod is terminating. */
    private static boolean enactJobFinished(Ctx ctx, Instant now) {
        if (ctx.finishedCondition == null) {
            return false;
        }
        UncountedTerminatedPods uncounted = ctx.job.getStatus().getUncountedTerminatedPods();
        if (uncounted != null && nullToEmpty(uncounted.getSucceeded()).size() + nullToEmpty(uncounted.getFailed()).size() > 0) {
            return false;
        }
        if (ctx.terminating > 0) {
            return false; // delayTerminalCondition: JobManagedBy and JobPodReplacementPolicy are on in v1.33
        }
        JobCondition finished = ctx.finishedCondition;
        ensureCondition(ctx.job.getStatus(), finished.getType(), finished.getStatus(), finished.getReason(), finished.getMessage(), now);
        if (COMPLETE.equals(finished.getType())) {
            ctx.job.getStatus().setCompletionTime(finished.getLastTransitionTime());
        }
        return true;
    }

    /** recordJobFinished: Completed "Job completed", or a warning with the failure's reason and message. */
    private void recordJobFinished(Job job, JobCondition finished) {
        if (COMPLETE.equals(finished.getType())) {
            Integer completions = job.getSpec().getCompletions();
            if (completions != null && intOf(job.getStatus().getSucceeded()) > completions) {
                events.warning(job, "TooManySucceededPods", "Too many succeeded pods running after completion count reached");
            }
            events.normal(job, "Completed", "Job completed");
        } else {
            events.warning(job, finished.getReason(), finished.getMessage());
        }
    }

    /** ensureJobConditionStatus: updates the condition of that type if it differs, or appends it unless False. */
    private static boolean ensureCondition(JobStatus status, String type, String value, String reason, String message, Instant now) {
        List<JobCondition> conditions = status.getConditions() == null ? new ArrayList<>() : new ArrayList<>(status.getConditions());
        for (int i = 0; i < conditions.size(); i++) {
            JobCondition c = conditions.get(i);
            if (type.equals(c.getType())) {
                if (!Objects.equals(c.getStatus(), value) || !Objects.equals(nullToEmpty(c.getReason()), nullToEmpty(reason))
                        || !Objects.equals(nullToEmpty(c.getMessage()), nullToEmpty(message))) {
                    JobCondition replaced = newCondition(type, reason, message, now);
                    replaced.setStatus(value);
                    conditions.set(i, replaced);
                    status.setConditions(conditions);
                    return true;
                }
                return false;
            }
        }
        if (!"False".equals(value)) {
            JobCondition added = newCondition(type, reason, message, now);
            added.setStatus(value);
            conditions.add(added);
            status.setConditions(conditions);
            return true;
        }
        return false;
    }

    static JobCondition newCondition(String type, String reason, String message, Instant now) {
        String at = Timestamps.format(now);
        return new JobCondition(at, at, emptyToNull(message), emptyToNull(reason), "True", type);
    }

    // ---------------------------------------------------------------- predicates

    static boolean isFinished(Job job) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return false;
        }
        return job.getStatus().getConditions().stream()
                .anyMatch(c -> (COMPLETE.equals(c.getType()) || FAILED.equals(c.getType())) && "True".equals(c.getStatus()));
    }

    static Optional<JobCondition> condition(Job job, String type) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** managedByExternalController: a managedBy other than kubernetes.io/job-controller. */
    private static boolean managedByOther(Job job) {
        String managedBy = job.getSpec().getManagedBy();
        return managedBy != null && !managedBy.equals("kubernetes.io/job-controller");
    }

    private static boolean suspended(Job job) {
        return Boolean.TRUE.equals(job.getSpec().getSuspend());
    }

    static boolean isIndexed(Job job) {
        return "Indexed".equals(job.getSpec().getCompletionMode());
    }

    private static boolean hasBackoffLimitPerIndex(Job job) {
        return isIndexed(job) && job.getSpec().getBackoffLimitPerIndex() != null;
    }

    /** onlyReplaceFailedPods: podReplacementPolicy Failed (the default with a podFailurePolicy). */
    private static boolean onlyReplaceFailedPods(Job job) {
        return "Failed".equals(job.getSpec().getPodReplacementPolicy()) || job.getSpec().getPodFailurePolicy() != null;
    }

    /** isPodFailed: Failed, or (unless only failed pods are replaced) being deleted before it succeeded. */
    private static boolean isPodFailed(Pod pod, Job job) {
        if ("Failed".equals(phase(pod))) {
            return true;
        }
        if (onlyReplaceFailedPods(job)) {
            return false;
        }
        return pod.getMetadata().getDeletionTimestamp() != null && !"Succeeded".equals(phase(pod));
    }

    /** controller.CountTerminatingPods: being deleted and not yet terminal. */
    private static boolean isTerminating(Pod pod) {
        String phase = phase(pod);
        return pod.getMetadata().getDeletionTimestamp() != null && !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    static boolean hasFinalizer(Pod pod) {
        return pod.getMetadata().getFinalizers() != null && pod.getMetadata().getFinalizers().contains(TRACKING_FINALIZER);
    }

    /** removeTrackingFinalizerPatch: the pod without the tracking finalizer; the last one gone, a deleting pod goes. */
    private void removeFinalizer(Pod pod) {
        context.store().shared().edit(Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), p -> {
            List<String> finalizers = new ArrayList<>(nullToEmpty(p.getMetadata().getFinalizers()));
            finalizers.removeIf(TRACKING_FINALIZER::equals);
            p.getMetadata().setFinalizers(finalizers);
        });
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }

    private static Map<String, String> labels(Pod pod) {
        return pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    }

    private static int intOf(Integer value) {
        return value == null ? 0 : value;
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> result = list == null ? new ArrayList<>() : new ArrayList<>(list);
        result.add(item);
        return result;
    }
}
