package dev.peapod;

import dev.peapod.controllers.ControllerRefs;
import dev.peapod.printers.CronJobPrinter;
import dev.peapod.printers.CronJobRow;
import dev.peapod.spi.ClusterContext;
import dev.peapod.store.ListOptions;
import dev.peapod.time.EngineLock;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.apiguardian.api.API;

import java.util.List;
import java.util.function.Consumer;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * One CronJob of the cluster, read from the store at every call, from {@link FakeCluster#cronJob(String)}:
 * <pre>{@code
 * cluster.cronJob("hello").suspend();                 // kubectl patch cronjob hello -p '{"spec":{"suspend":true}}'
 * cluster.cronJob("hello").jobs();                    // the Jobs it controls, oldest schedule first
 * cluster.cronJob("hello").row().lastSchedule();      // kubectl get cronjob hello: LAST SCHEDULE
 * }</pre>
 * Each verb writes through the API store and the cluster settles after it.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class CronJobView {
    private final ClusterContext context;
    private final String namespace;
    private final String name;
    /** The cluster's check that it is open and on its thread, run before every verb with the verb's name. */
    private final EngineLock.Guard open;
    /** The cluster's check that it is open, run before every read. */
    private final Consumer<String> readable;

    CronJobView(ClusterContext context, String namespace, String name, EngineLock.Guard open, Consumer<String> readable) {
        this.context = context;
        this.namespace = namespace;
        this.name = name;
        this.open = open;
        this.readable = readable;
    }

    /** The CronJob as stored now; NotFound if there is none. */
    public CronJob get() {
        readable.accept("CronJobView.get");
        return context.store().get(CronJob.class, namespace, name).orElseThrow(() -> context.store().notFound(CronJob.class, namespace, name));
    }

    /**
     * The Jobs this CronJob controls (its uid in their controller reference), in name order, which for
     * its scheduled Jobs is the order of their scheduled times.
     */
    public List<Job> jobs() {
        CronJob cronJob = get();
        return context.store().list(Job.class, ListOptions.inNamespace(namespace)).stream()
                .filter(job -> ControllerRefs.isControlledBy(job, cronJob)).toList();
    }

    /** Sets {@code spec.suspend: true}: no Job starts until {@link #resume()}; running ones go on. */
    public CronJobView suspend() {
        return setSuspend("CronJobView.suspend", true);
    }

    /**
     * Sets {@code spec.suspend: false}: the controller looks at once, and starts the most recent
     * schedule time it missed while suspended (unless {@code startingDeadlineSeconds} has passed for it).
     */
    public CronJobView resume() {
        return setSuspend("CronJobView.resume", false);
    }

    /** {@code kubectl get cronjob <name> -o wide}'s columns now. */
    public CronJobRow row() {
        return CronJobPrinter.row(get(), context.clock().now());
    }

    /** {@code kubectl get cronjob <name>} as text: the header line and this CronJob's line. */
    public String table() {
        return CronJobPrinter.table(List.of(get()), context.clock().now(), false);
    }

    /** The CronJob as stored now, if there is one. */
    public java.util.Optional<CronJob> find() {
        readable.accept("CronJobView.find");
        return context.store().get(CronJob.class, namespace, name);
    }

    /**
     * The events about this CronJob ({@code SuccessfulCreate}, {@code SawCompletedJob}, {@code JobAlreadyActive}, ...), oldest first, as {@code kubectl events --for cronjob/<name>}
     * lists them; those about an earlier CronJob of the same name too. It need not exist now.
     */
    public List<io.fabric8.kubernetes.api.model.Event> events() {
        readable.accept("CronJobView.events");
        return FakeCluster.eventsAbout(context, namespace, "CronJob", name);
    }

    private CronJobView setSuspend(String verb, boolean suspend) {
        try (EngineLock.Held held = open.enter(verb)) {
            context.store().shared().edit(CronJob.class, namespace, name, cronJob -> cronJob.getSpec().setSuspend(suspend));
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
        return "cronjob " + namespace + "/" + name;
    }
}
