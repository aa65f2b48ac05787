package dev.peapod;

import dev.peapod.printers.JobPrinter;
import dev.peapod.printers.JobRow;
import dev.peapod.spi.ClusterContext;
import dev.peapod.store.ListOptions;
import dev.peapod.time.EngineLock;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.apiguardian.api.API;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * A live view of one Job, from {@link FakeCluster#job(String)}: every call reads the store.
 * <pre>{@code
 * cluster.job("pi").row().status();   // "Complete", as kubectl get jobs shows it
 * cluster.job("pi").suspend();        // spec.suspend: true; the controller deletes the active pods
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class JobView {
    private final ClusterContext context;
    private final String namespace;
    private final String name;
    private final EngineLock.Guard guard;

    JobView(ClusterContext context, String namespace, String name, EngineLock.Guard guard) {
        this.context = context;
        this.namespace = namespace;
        this.name = name;
        this.guard = guard;
    }

    /** The Job as stored now; NotFound if there is none. */
    public Job get() {
        return context.store().get(Job.class, namespace, name).orElseThrow(() -> context.store().notFound(Job.class, namespace, name));
    }

    /** Whether the Job exists now (the TTL-after-finished controller deletes finished Jobs). */
    public boolean exists() {
        return context.store().get(Job.class, namespace, name).isPresent();
    }

    /** Its line of {@code kubectl get jobs}: NAME STATUS COMPLETIONS DURATION AGE. */
    public JobRow row() {
        return JobPrinter.row(get(), context.clock().now());
    }

    /** {@code kubectl get job <name>} as text now: the header line and this Job's line. */
    public String table() {
        return JobPrinter.table(List.of(get()), context.clock().now());
    }

    /** The Job as stored now, if there is one. */
    public java.util.Optional<Job> find() {
        return context.store().get(Job.class, namespace, name);
    }

    /**
     * The events about this Job ({@code SuccessfulCreate}, {@code BackoffLimitExceeded}, {@code Completed}, ...), oldest first, as {@code kubectl events --for job/<name>}
     * lists them; those about an earlier Job of the same name too. It need not exist now.
     */
    public List<io.fabric8.kubernetes.api.model.Event> events() {
        return FakeCluster.eventsAbout(context, namespace, "Job", name);
    }

    /** The pods the Job controls, oldest first (creation time, then name), terminated and deleting ones included. */
    public List<Pod> pods() {
        Job job = get();
        return context.store().list(Pod.class, ListOptions.inNamespace(namespace)).stream()
                .filter(p -> p.getMetadata().getOwnerReferences() != null && p.getMetadata().getOwnerReferences().stream()
                        .anyMatch(r -> Boolean.TRUE.equals(r.getController()) && Objects.equals(r.getUid(), job.getMetadata().getUid())))
                .sorted(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp()).thenComparing(p -> p.getMetadata().getName()))
                .toList();
    }

    /** {@code kubectl patch job --type=merge -p '{"spec":{"suspend":true}}'}; the cluster settles after it. */
    public JobView suspend() {
        return setSuspend(true, "JobView.suspend");
    }

    /** Sets {@code spec.suspend: false}; the Job starts again with a new startTime. */
    public JobView resume() {
        return setSuspend(false, "JobView.resume");
    }

    private JobView setSuspend(boolean suspend, String verb) {
        try (EngineLock.Held held = guard.enter(verb)) {
            context.store().shared().edit(Job.class, namespace, name, job -> job.getSpec().setSuspend(suspend));
            context.loop().settle();
            return this;
        }
    }

    /** The namespace this view reads. */
    public String namespace() {
        return namespace;
    }

    /** The name this view reads. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "job " + namespace + "/" + name;
    }
}
