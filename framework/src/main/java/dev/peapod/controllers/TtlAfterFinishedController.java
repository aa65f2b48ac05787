package dev.peapod.controllers;

import dev.peapod.spi.ClusterContext;
import dev.peapod.spi.Component;
import dev.peapod.store.ApiException;
import dev.peapod.store.ListOptions;
import dev.peapod.store.Timestamps;
import dev.peapod.store.WatchEvent;
import dev.peapod.time.WorkQueue;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The TTL-after-finished controller (pkg/controller/ttlafterfinished/ttlafterfinished_controller.go):
 * deletes a finished Job {@code ttlSecondsAfterFinished} after its Complete or Failed condition's
 * lastTransitionTime. Upstream deletes with {@code propagationPolicy: Foreground} and a uid
 * precondition, leaving the pods to the garbage collector; Peapod's store has no propagation policy
 * yet, so the Job goes at once and, until a garbage collector runs, its pods stay.
 */
@API(status = INTERNAL, since = "0.1")
public final class TtlAfterFinishedController implements Component {
    private ClusterContext context;
    private WorkQueue<String> queue;

    @Override
    public String name() {
        return "ttl-after-finished-controller";
    }

    @Override
    public void start(ClusterContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.queue = new WorkQueue<>(context.loop(), name(), this::processJob);
        context.store().watch(Job.class, ListOptions.all(), null, this::onJob);
    }

    /** addJob / updateJob: only Jobs that are not being deleted and need a clean-up. */
    private void onJob(WatchEvent<Job> event) {
        Job job = event.object();
        if (event.type() != WatchEvent.Type.DELETED && job.getMetadata().getDeletionTimestamp() == null && needsCleanup(job)) {
            queue.add(Pods.key(job.getMetadata().getNamespace(), job.getMetadata().getName()));
        }
    }

    /** processJob: checks the TTL on the cached Job, then again on a fresh read, then deletes. */
    private void processJob(String key) {
        int slash = key.indexOf('/');
        Job job = context.store().peek(Job.class, key.substring(0, slash), key.substring(slash + 1));
        if (job == null || !expired(key, job)) {
            return;
        }
        try {
            // ttlafterfinished_controller.go processJob: propagationPolicy Foreground, so the Job stays
            // with the foregroundDeletion finalizer until the garbage collector has deleted its pods
            context.store().shared().delete(Job.class, job.getMetadata().getNamespace(), job.getMetadata().getName(), null,
                    dev.peapod.store.Propagation.FOREGROUND);
        } catch (ApiException e) {
            if (e.code() != 404) {
                queue.addRateLimited(key);
                return;
            }
        }
        queue.forget(key);
    }

    /** processTTL: true once the TTL has run out (at the instant itself); else the key waits for it. */
    private boolean expired(String key, Job job) {
        if (job.getMetadata().getDeletionTimestamp() != null || !needsCleanup(job)) {
            return false;
        }
        Instant expireAt = finishTime(job).plusSeconds(job.getSpec().getTtlSecondsAfterFinished());
        Duration left = Duration.between(context.clock().now(), expireAt);
        if (left.isZero() || left.isNegative()) {
            return true;
        }
        queue.addAfter(key, left);
        return false;
    }

    /** needsCleanup: a TTL is set and the Job is finished. */
    static boolean needsCleanup(Job job) {
        return job.getSpec() != null && job.getSpec().getTtlSecondsAfterFinished() != null && JobController.isFinished(job);
    }

    /** jobFinishTime: the lastTransitionTime of the True Complete or Failed condition. */
    private static Instant finishTime(Job job) {
        for (JobCondition c : job.getStatus().getConditions()) {
            if ((JobController.COMPLETE.equals(c.getType()) || JobController.FAILED.equals(c.getType())) && "True".equals(c.getStatus())) {
                return Timestamps.parse(c.getLastTransitionTime());
            }
        }
        throw new dev.peapod.core.PeapodException("unable to find the time when the Job " + job.getMetadata().getName() + " finished");
    }
}
